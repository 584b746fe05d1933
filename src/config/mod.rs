//! The user's config file, `$XDG_CONFIG_HOME/debrief/config.toml`: key
//! bindings by action name, a theme, default library paths and export
//! settings. Terminal-free: it reads text into a [`Config`] and says what was
//! wrong, file, line and column, as `debrief check` does for briefings.
//! Whatever is wrong falls back to its default; the rest still applies.

mod file;

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::briefing::{Diagnostic, Severity};
use crate::export::Format;
use crate::tui::keymap::{Key, KeyMap, Rebind, context_name};
use crate::tui::theme::Palette;

pub use file::default_file;

/// Config files larger than this are refused: a config is a page or two.
pub const MAX_BYTES: u64 = 1 << 20;

/// Everything the config file sets, defaults where it sets nothing (or
/// something wrong).
#[derive(Debug, Clone)]
pub struct Config {
    pub keys: KeyMap,
    pub palette: Palette,
    /// Briefing files or folders the reader and commands open when given none.
    pub library: Vec<PathBuf>,
    /// Where the reader writes exports; `None`: the current folder.
    pub export_folder: Option<PathBuf>,
    pub export_format: Format,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keys: KeyMap::default(),
            palette: Palette::dark(),
            library: Vec::new(),
            export_folder: None,
            export_format: Format::Markdown,
        }
    }
}

/// Where the config file is looked for: `$XDG_CONFIG_HOME/debrief/config.toml`,
/// else `~/.config/debrief/config.toml`, on macOS too (where the platform's
/// own folder is `~/Library/Application Support`, which users of terminal
/// tools do not look in); on Windows the platform's config folder.
pub fn default_path() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = if cfg!(windows) {
        xdg.or_else(dirs::config_dir)
    } else {
        xdg.or_else(|| dirs::home_dir().map(|h| h.join(".config")))
    };
    base.map(|b| b.join("debrief").join("config.toml"))
}

/// Reads the config at `path`. A file that is not there is no problem when
/// it was only looked for (`required` false): the defaults apply.
pub fn load(path: &Path, required: bool) -> (Config, Vec<Diagnostic>) {
    let problem = |message: String, help: &str| {
        let d = whole_file(path, message, help);
        (Config::default(), vec![d])
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return (Config::default(), Vec::new());
        }
        Err(e) => {
            return problem(
                format!("cannot read the config file: {e}"),
                "check the path",
            );
        }
        Ok(m) if m.len() > MAX_BYTES => {
            return problem(
                format!("the config file is larger than {MAX_BYTES} bytes"),
                "a config file is a page or two; is this the right file?",
            );
        }
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, path),
            Err(_) => problem(
                "the config file is not UTF-8 text".into(),
                "save it as UTF-8",
            ),
        },
        Err(e) => problem(
            format!("cannot read the config file: {e}"),
            "check its permissions",
        ),
    }
}

/// The config written in `text` (read from `file`, for the diagnostics).
pub fn parse(text: &str, file: &Path) -> (Config, Vec<Diagnostic>) {
    let mut reader = Reader {
        text,
        file,
        found: Vec::new(),
    };
    let mut config = Config::default();
    match DeTable::parse(text) {
        Ok(root) => reader.root(root.get_ref(), &mut config),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            reader.error(
                span,
                format!("not valid TOML: {}", e.message().trim()),
                "see https://toml.io; the file is read as TOML",
            );
        }
    }
    let mut found = reader.found;
    found.sort_by_key(|d| (d.line, d.column));
    (config, found)
}

/// Walks the parsed file, collecting what is wrong.
struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    found: Vec<Diagnostic>,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn root(&mut self, root: &Table<'_>, config: &mut Config) {
        for (key, value) in root.iter() {
            match key.get_ref().as_ref() {
                "keys" => self.keys(value, &mut config.keys),
                "theme" => self.theme(value, &mut config.palette),
                "library" => self.library(value, config),
                "export" => self.export(value, config),
                other => self.unknown(
                    key,
                    other,
                    &["keys", "theme", "library", "export"],
                    "section",
                ),
            }
        }
    }

    fn keys(&mut self, value: &Value<'_>, keys: &mut KeyMap) {
        let Some(contexts) = self.table(value, "[keys]") else {
            return;
        };
        let mut rebound: Vec<(String, String, std::ops::Range<usize>)> = Vec::new();
        for (context, actions) in contexts.iter() {
            let Some(actions) = self.table(actions, "[keys.CONTEXT]") else {
                continue;
            };
            for (action, bound) in actions.iter() {
                let Some(new) = self.key_list(bound) else {
                    continue;
                };
                let (c, a) = (context.get_ref().as_ref(), action.get_ref().as_ref());
                match keys.rebind(c, a, new) {
                    Ok(()) => rebound.push((c.to_string(), a.to_string(), bound.span())),
                    Err(Rebind::UnknownContext(names)) => {
                        self.unknown(context, c, &names, "context for key bindings");
                    }
                    Err(Rebind::UnknownAction(names)) => {
                        self.unknown(action, a, &names, &format!("action in [keys.{c}]"));
                    }
                    Err(Rebind::Types(k)) => self.error(
                        bound.span(),
                        format!(
                            "`{}` would type itself in {c}: it cannot be bound there",
                            k.name()
                        ),
                        "bind a Ctrl-, Alt- or named key (Enter, Esc, Up...)",
                    ),
                    Err(Rebind::NoQuit) => self.error(
                        bound.span(),
                        "quitting from anywhere needs a key",
                        "give it one, as quit = [\"Q\", \"Ctrl-c\"]",
                    ),
                }
            }
        }
        self.clashes(keys, &rebound);
    }

    /// Keys bound twice in one context: each rebinding that takes part in a
    /// clash is reported and undone, until none is left. The default map has
    /// none, so undoing every rebinding always ends it.
    fn clashes(&mut self, keys: &mut KeyMap, rebound: &[(String, String, std::ops::Range<usize>)]) {
        let defaults = KeyMap::default();
        let mut reported: Vec<usize> = Vec::new();
        loop {
            let clash = keys.clashes().into_iter().find_map(|(context, key, a, b)| {
                let c = context_name(context);
                let culprit = rebound.iter().enumerate().find(|(i, (rc, ra, _))| {
                    !reported.contains(i) && *rc == c && (*ra == a || *ra == b)
                })?;
                Some((culprit, c, key, a, b))
            });
            let Some(((i, (c, action, span)), context, key, a, b)) = clash else {
                break;
            };
            reported.push(i);
            let other = if *action == a { &b } else { &a };
            self.error(
                span.clone(),
                format!(
                    "`{}` is bound twice in {context}: to {a} and to {b}",
                    key.name()
                ),
                &format!(
                    "give {action} or {other} another key; {action} keeps its default for now"
                ),
            );
            let default: Vec<Key> = defaults
                .named()
                .into_iter()
                .find(|(dc, da, _, _)| dc == c && da == action)
                .map(|(_, _, k, _)| k.to_vec())
                .unwrap_or_default();
            let _ = keys.rebind(c, action, default);
        }
    }

    /// A key or a list of keys, as `"j"` or `["j", "Down"]`.
    fn key_list(&mut self, value: &Value<'_>) -> Option<Vec<Key>> {
        let one = |this: &mut Self, v: &Value<'_>| -> Option<Key> {
            let DeValue::String(name) = v.get_ref() else {
                this.error(
                    v.span(),
                    "a key name must be a string",
                    "write it in quotes, as \"j\"",
                );
                return None;
            };
            match Key::parse(name) {
                Ok(k) => Some(k),
                Err(why) => {
                    this.error(v.span(), format!("unknown key name “{name}”"), &why);
                    None
                }
            }
        };
        match value.get_ref() {
            DeValue::Array(list) => {
                let keys: Vec<Option<Key>> = list.iter().map(|v| one(self, v)).collect();
                keys.into_iter().collect()
            }
            _ => one(self, value).map(|k| vec![k]),
        }
    }

    fn theme(&mut self, value: &Value<'_>, palette: &mut Palette) {
        let Some(theme) = self.table(value, "[theme]") else {
            return;
        };
        // The base first, so colours given beside it change it whatever the order.
        if let Some((_, base)) = theme.iter().find(|(k, _)| k.get_ref() == "base") {
            match self.string(base) {
                Some("dark") => *palette = Palette::dark(),
                Some("light") => *palette = Palette::light(),
                Some(other) => self.error(
                    base.span(),
                    format!("unknown base theme “{other}”"),
                    "use \"dark\" or \"light\"",
                ),
                None => {}
            }
        }
        for (key, v) in theme.iter() {
            match key.get_ref().as_ref() {
                "base" => {}
                "colors" | "colours" => self.colours(v, palette),
                other => self.unknown(key, other, &["base", "colors"], "key in [theme]"),
            }
        }
    }

    fn colours(&mut self, value: &Value<'_>, palette: &mut Palette) {
        let Some(colours) = self.table(value, "[theme.colors]") else {
            return;
        };
        let roles: Vec<String> = Palette::ROLES.iter().map(|(r, _)| r.to_string()).collect();
        for (role, v) in colours.iter() {
            let name = role.get_ref().as_ref();
            if palette.role(name).is_none() {
                self.unknown(role, name, &roles, "colour role");
                continue;
            }
            let Some(text) = self.string(v) else {
                continue;
            };
            match text.parse::<ratatui::style::Color>() {
                Ok(c) => {
                    if let Some(slot) = palette.role_mut(name) {
                        *slot = c;
                    }
                }
                Err(_) => self.error(
                    v.span(),
                    format!("“{text}” is not a colour"),
                    "write a name (red, light-green, dark-gray...), \"#rrggbb\", a number 0-255, or reset",
                ),
            }
        }
    }

    fn library(&mut self, value: &Value<'_>, config: &mut Config) {
        let Some(table) = self.table(value, "[library]") else {
            return;
        };
        for (key, v) in table.iter() {
            match key.get_ref().as_ref() {
                "paths" => {
                    let DeValue::Array(list) = v.get_ref() else {
                        self.error(
                            v.span(),
                            "paths must be a list",
                            "write paths = [\"~/briefings\"]",
                        );
                        continue;
                    };
                    // A folder that is not there is dropped, so the rest still open.
                    let mut paths = Vec::new();
                    for p in list.iter() {
                        let Some(path) = self.string(p).map(expand_home) else {
                            continue;
                        };
                        if path.exists() {
                            paths.push(path);
                        } else {
                            self.error(
                                p.span(),
                                format!("{}: no such file or folder", path.display()),
                                "give a briefing file or a folder of them; the others still open",
                            );
                        }
                    }
                    config.library = paths;
                }
                other => self.unknown(key, other, &["paths"], "key in [library]"),
            }
        }
    }

    fn export(&mut self, value: &Value<'_>, config: &mut Config) {
        let Some(table) = self.table(value, "[export]") else {
            return;
        };
        for (key, v) in table.iter() {
            match key.get_ref().as_ref() {
                "folder" => {
                    if let Some(s) = self.string(v) {
                        config.export_folder = Some(expand_home(s));
                    }
                }
                "format" => match self.string(v).map(|s| (s, Format::parse(s))) {
                    Some((_, Some(f))) if Format::ALL.contains(&f) => config.export_format = f,
                    Some((s, _)) => self.error(
                        v.span(),
                        format!("“{s}” is not an export format"),
                        "use md, json, html or txt",
                    ),
                    None => {}
                },
                other => self.unknown(key, other, &["folder", "format"], "key in [export]"),
            }
        }
    }

    fn table<'t, 'i>(&mut self, value: &'t Value<'i>, what: &str) -> Option<&'t Table<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    value.span(),
                    format!("expected a table {what}, found {}", other.type_str()),
                    &format!("write it as a section, {what}"),
                );
                None
            }
        }
    }

    fn string<'t>(&mut self, value: &'t Value<'_>) -> Option<&'t str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.error(
                    value.span(),
                    format!("expected a string, found {}", other.type_str()),
                    "write it in quotes",
                );
                None
            }
        }
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        name: &str,
        known: &[impl AsRef<str>],
        what: &str,
    ) {
        let near = known
            .iter()
            .map(|k| k.as_ref())
            .filter(|k| strsim::jaro_winkler(k, name) > 0.8)
            .max_by(|a, b| strsim::jaro_winkler(a, name).total_cmp(&strsim::jaro_winkler(b, name)));
        let list: Vec<&str> = known.iter().map(|k| k.as_ref()).collect();
        let help = match near {
            Some(n) => format!("did you mean `{n}`? known: {}", list.join(", ")),
            None => format!("known: {}", list.join(", ")),
        };
        self.error(key.span(), format!("unknown {what} `{name}`"), &help);
    }

    fn error(&mut self, span: std::ops::Range<usize>, message: impl AsRef<str>, help: &str) {
        let (line, column, length) = position(self.text, span);
        self.found.push(Diagnostic {
            severity: Severity::Error,
            file: self.file.to_owned(),
            line,
            column,
            length,
            message: crate::text::clean(message.as_ref()),
            help: Some(crate::text::clean(help)),
            fix: None,
        });
    }
}

/// A problem with the file as a whole (line 0).
fn whole_file(path: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: path.to_owned(),
        line: 0,
        column: 0,
        length: 1,
        message,
        help: Some(help.to_string()),
        fix: None,
    }
}

/// Line and column (1-based, in characters) of a byte span, and how many
/// characters it covers on its first line.
fn position(text: &str, span: std::ops::Range<usize>) -> (u32, u32, u32) {
    let start = span.start.min(text.len());
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    let end = span.end.clamp(start, text.len());
    let end = (start..=end)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(start);
    let length = text[start..end]
        .lines()
        .next()
        .map_or(0, |l| l.chars().count())
        .max(1);
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    (n(line), n(column), n(length))
}

/// `~/x` is `x` in the home folder, as shells read it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// The config's problems as one line for the reader's status line: the
/// first, where it is (the file's name: the status line is short), and
/// how many more; `debrief config check` shows them all.
pub fn status_words(found: &[Diagnostic]) -> Option<String> {
    let first = found.first()?;
    let name = first
        .file
        .file_name()
        .map_or_else(|| first.file.to_string_lossy(), |n| n.to_string_lossy());
    let place = match first.line {
        0 => name.into_owned(),
        line => format!("{name}:{line}:{}", first.column),
    };
    let more = match found.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(crate::text::one_line(&format!(
        "config {place}: {}{more}; defaults used for it (debrief config check)",
        first.message
    )))
}

#[cfg(test)]
mod tests;
