//! The commented default config file, `debrief config --print-default`:
//! every setting there is, at its default, commented out, so a user
//! uncomments what they change and the rest follows future defaults.
//! Made from the key map and the palette, so it lists what they hold.

use crate::tui::keymap::{Key, KeyMap};
use crate::tui::theme::Palette;

pub fn default_file() -> String {
    let mut out = String::from(
        "# debrief's config file: $XDG_CONFIG_HOME/debrief/config.toml (else ~/.config/debrief/config.toml).
# Every setting is shown at its default, commented out: remove the `# ` before
# one to change it. `debrief config check` says what is wrong, line and column;
# the reader starts anyway, on the defaults for what was wrong.

[library]
# Briefing files or folders to open when none are given (default: ./briefings).
# paths = [\"~/briefings\", \"/shared/team-briefings\"]

[export]
# Where the reader writes exports (default: the folder it was started in).
# folder = \"~/briefs\"
# The format Enter exports in, in the reader, and `debrief export` writes when
# given no --format: md, json, html or txt.
# format = \"md\"

[theme]
# \"dark\" (the default) or \"light\", for light terminals. Colours below change the
# base's. NO_COLOR set in the environment turns all colour off, whatever this says.
# base = \"dark\"

[theme.colors]
# A colour is a name (red, light-green, dark-gray...), \"#rrggbb\", a number
# 0-255 (the terminal's palette), or reset (the terminal's own). Dark base:
",
    );
    let dark = Palette::dark();
    for (role, what) in Palette::ROLES {
        let colour = dark.role(role).map(|c| c.to_string()).unwrap_or_default();
        out.push_str(&format!("# {role} = \"{colour}\"  # {what}\n"));
    }
    out.push_str(
        "
# Key bindings, by where they apply and what they do: action = [\"key\", ...].
# A key is one character (j, G, ?), space, Enter, Esc, Tab, Shift-Tab, Backspace,
# Up, Down, Left, Right, PgUp, PgDn, Home, End, Del, or Ctrl- or Alt- and a
# character. An empty list unbinds. A key may be bound once in each section;
# [keys.everywhere] applies on every screen unless the screen's own binds the key.
",
    );
    // By section, whatever the order of the map's rows: TOML takes a table once.
    let map = KeyMap::default();
    let named = map.named();
    for context in map.context_names() {
        out.push_str(&format!("\n[keys.{context}]\n"));
        for (_, action, keys, help) in named.iter().filter(|n| n.0 == context) {
            let keys: Vec<String> = keys.iter().map(|k| quoted(*k)).collect();
            out.push_str(&format!("# {action} = [{}]  # {help}\n", keys.join(", ")));
        }
    }
    out
}

/// A key's name as a TOML string.
fn quoted(key: Key) -> String {
    let name = key.name();
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}
