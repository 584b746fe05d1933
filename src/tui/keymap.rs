//! The one key map: which key does what, where, and what help says about it.
//! Behaviour ([`action_for`]) and help ([`help_sections`], [`hints`]) both
//! read [`BINDINGS`], so they cannot disagree.

use super::action::Action;

/// A key as the reader sees it, independent of any terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Alt(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Alt(c) => format!("Alt-{c}"),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Delete => "Del".into(),
        }
    }
}

impl Key {
    /// The key as the config file writes it: the label, with words for
    /// the arrows (`Up`), so every name is plain ASCII to type.
    pub fn name(self) -> String {
        match self {
            Key::Up => "Up".into(),
            Key::Down => "Down".into(),
            Key::Left => "Left".into(),
            Key::Right => "Right".into(),
            k => k.label(),
        }
    }

    /// A key from its name in the config file: one character (`j`, `G`,
    /// `?`), `space`, a named key (`Enter`, `Esc`, `PgDn`...), or `Ctrl-`
    /// or `Alt-` and a character. Named keys ignore case; characters do not.
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut chars = name.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // Help's labels for the arrows, which are not typed characters.
            return Ok(match c {
                '↑' => Key::Up,
                '↓' => Key::Down,
                '←' => Key::Left,
                '→' => Key::Right,
                c => Key::Char(c),
            });
        }
        let lower = name.to_ascii_lowercase();
        for (prefix, ctrl) in [
            ("ctrl-", true),
            ("c-", true),
            ("alt-", false),
            ("m-", false),
        ] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                // The character as written (Alt-J is not Alt-j), except that
                // terminals send Ctrl with a letter the same in either case.
                let rest = if ctrl { rest } else { &name[prefix.len()..] };
                let mut cs = rest.chars();
                return match (cs.next(), cs.next()) {
                    (Some(c), None) if ctrl => Ok(Key::Ctrl(c)),
                    (Some(c), None) => Ok(Key::Alt(c)),
                    _ => Err(format!("`{prefix}` takes one character, as in `{prefix}d`")),
                };
            }
        }
        Ok(match lower.as_str() {
            "space" => Key::Char(' '),
            "enter" | "return" => Key::Enter,
            "esc" | "escape" => Key::Esc,
            "tab" => Key::Tab,
            "shift-tab" | "backtab" => Key::BackTab,
            "backspace" => Key::Backspace,
            "up" => Key::Up,
            "down" => Key::Down,
            "left" => Key::Left,
            "right" => Key::Right,
            "pgup" | "pageup" => Key::PageUp,
            "pgdn" | "pagedown" => Key::PageDown,
            "home" => Key::Home,
            "end" => Key::End,
            "del" | "delete" => Key::Delete,
            _ => {
                return Err(
                    "a key is one character, `space`, Enter, Esc, Tab, Shift-Tab, Backspace, \
                     Up, Down, Left, Right, PgUp, PgDn, Home, End, Del, or Ctrl- or Alt- and a character"
                        .into(),
                );
            }
        })
    }
}

/// Where a binding applies. `Everywhere` bindings apply on every screen
/// unless a more specific binding for the same key comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Library,
    Briefing,
    Overview,
    /// A popup (help or an item's detail) is open.
    Popup,
    /// The filter picker is open: printable keys type into it.
    Picker,
    /// The note editor is open: printable keys type into it.
    Editor,
    /// The export question is asked.
    Prompt,
    /// The search line is open: printable keys type into it.
    Search,
    /// Any text field (search line, picker, note editor): editing keys.
    Field,
    /// Quitting while some marks are unsaved: what to do with them.
    Unsaved,
    /// Typing the folder to save unsaved marks in.
    UnsavedPath,
    /// The marked view (M): key judgements in order.
    Judgements,
    /// The dossier of an actor or a country: a timeline of claims.
    Dossier,
    /// The hits of a search across the library.
    Results,
}

impl Context {
    /// Layers that take every key: only their own bindings (and quitting) apply.
    pub fn is_modal(self) -> bool {
        matches!(
            self,
            Popup | Picker | Editor | Prompt | Search | Unsaved | UnsavedPath | Judgements
        )
    }

    /// Layers with a text field: printable keys type, and the field's keys apply.
    pub fn has_field(self) -> bool {
        matches!(self, Picker | Editor | Search | UnsavedPath)
    }
}

impl Context {
    fn title(self) -> &'static str {
        match self {
            Context::Everywhere => "Everywhere",
            Context::Library => "Library",
            Context::Briefing => "Briefing",
            Context::Overview => "Overview",
            Context::Popup => "Popups",
            Context::Picker => "Filter picker",
            Context::Editor => "Note editor",
            Context::Prompt => "Export",
            Context::Search => "Search line",
            Context::Field => "Editing text (search line, picker, note)",
            Context::Unsaved => "Quitting with unsaved marks",
            Context::UnsavedPath => "Saving unsaved marks elsewhere",
            Context::Judgements => "Key judgements, the marked view",
            Context::Dossier => "Dossier of an actor or a country",
            Context::Results => "Library search results",
        }
    }

    /// The binding that opens this layer, so its title in help can name
    /// the key in force: "Filter picker (f)".
    fn opened_by(self) -> Option<(Context, Action)> {
        Some(match self {
            Context::Picker => (Briefing, Action::OpenPicker),
            Context::Editor => (Briefing, Action::Annotate),
            Context::Prompt => (Briefing, Action::Export),
            Context::Search => (Everywhere, Action::StartSearch),
            Context::Judgements => (Briefing, Action::Judgements),
            Context::Dossier => (Library, Action::Dossier),
            Context::Results => (Everywhere, Action::StartSearch),
            _ => return None,
        })
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status line when true.
    pub hint: bool,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

use Context::*;
use Key::*;

/// Every binding, most specific context first within each key.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // Popups take keys before the screen under them.
    bind(Popup, &[Esc, Char('q'), Char('?')], Action::Back, "close", true),
    bind(Popup, &[Enter], Action::Open, "follow the link (in help: close)", true),
    bind(Popup, &[Char('O')], Action::OpenLink, "open the selected link in the browser", false),
    bind(Popup, &[Char('y')], Action::CopyText, "copy the item as text (yu: its link)", false),
    bind(Popup, &[Char('Y')], Action::CopyReference, "copy its reference (briefing-id#c3)", false),
    bind(Popup, &[Down, Char('j')], Action::Down, "next link (or scroll down)", true),
    bind(Popup, &[Up, Char('k')], Action::Up, "previous link (or scroll up)", true),
    bind(Popup, &[PageDown, Char(' ')], Action::PageDown, "page down", false),
    bind(Popup, &[PageUp], Action::PageUp, "page up", false),
    bind(Popup, &[Char('g'), Home], Action::Top, "top", false),
    bind(Popup, &[Char('G'), End], Action::Bottom, "bottom", false),
    // The picker types every printable key, so only these are bound there.
    bind(Picker, &[Enter], Action::Open, "add or remove the highlighted one", true),
    bind(Picker, &[Esc], Action::Back, "close", true),
    bind(Picker, &[Down], Action::Down, "move down", true),
    bind(Picker, &[Up], Action::Up, "move up", false),
    bind(Picker, &[PageDown], Action::PageDown, "page down", false),
    bind(Picker, &[PageUp], Action::PageUp, "page up", false),
    // The note editor types every printable key.
    bind(Editor, &[Ctrl('s')], Action::SaveNote, "save the note", true),
    bind(Editor, &[Esc], Action::Back, "cancel, keeping the old note", true),
    bind(Editor, &[Enter], Action::NewLine, "new line", true),
    bind(Editor, &[Up], Action::Up, "line up", false),
    bind(Editor, &[Down], Action::Down, "line down", false),
    bind(Search, &[Enter], Action::ConfirmSearch, "search and jump to the first match", true),
    bind(Search, &[Esc], Action::Back, "cancel", true),
    // Every text field: what readline users expect. Printable keys type themselves.
    bind(Field, &[Left], Action::CursorLeft, "cursor left", false),
    bind(Field, &[Right], Action::CursorRight, "cursor right", false),
    bind(Field, &[Home, Ctrl('a')], Action::LineStart, "start of line", false),
    bind(Field, &[End, Ctrl('e')], Action::LineEnd, "end of line", false),
    bind(Field, &[Alt('b')], Action::WordBack, "word back", false),
    bind(Field, &[Alt('f')], Action::WordForward, "word forward", false),
    bind(Field, &[Backspace], Action::Erase, "delete back", false),
    bind(Field, &[Delete], Action::Delete, "delete forward", false),
    bind(Field, &[Ctrl('u')], Action::KillToStart, "delete to the start of the line", false),
    bind(Field, &[Ctrl('k')], Action::KillToEnd, "delete to the end of the line", false),
    bind(Field, &[Ctrl('w')], Action::KillWordBack, "delete the word before", false),
    bind(Prompt, &[Enter], Action::ExportDefault, "the default format (export.format in the config)", true),
    bind(Prompt, &[Char('m')], Action::ExportMarkdown, "Markdown", true),
    bind(Prompt, &[Char('j')], Action::ExportJson, "JSON", true),
    bind(Prompt, &[Char('h')], Action::ExportHtml, "HTML", true),
    bind(Prompt, &[Char('t')], Action::ExportText, "plain text", true),
    bind(Prompt, &[Esc, Char('q')], Action::Back, "cancel", true),
    bind(Unsaved, &[Char('s')], Action::SaveUnsavedTo, "save them to a folder", true),
    bind(Unsaved, &[Char('x')], Action::ExportUnsaved, "export them (Markdown)", true),
    bind(Unsaved, &[Char('L')], Action::QuitLosing, "quit and lose them", true),
    bind(Unsaved, &[Esc], Action::Back, "stay", true),
    bind(UnsavedPath, &[Enter], Action::Submit, "save there and quit", true),
    bind(UnsavedPath, &[Esc], Action::Back, "back", true),
    bind(Judgements, &[Down, Char('j')], Action::Down, "next", true),
    bind(Judgements, &[Up, Char('k')], Action::Up, "previous", false),
    bind(Judgements, &[Char('J')], Action::MoveLater, "move it later", true),
    bind(Judgements, &[Char('K')], Action::MoveEarlier, "move it earlier", true),
    bind(Judgements, &[Esc, Char('q'), Char('M')], Action::Back, "close", true),
    // Library
    bind(Library, &[Enter, Char('l'), Right], Action::Open, "open the briefing (or toggle the facet)", true),
    bind(Library, &[Tab, BackTab], Action::NextPane, "switch between the table and the facets", false),
    bind(Library, &[Char(' ')], Action::Toggle, "add or remove the facet", false),
    bind(Library, &[Char('f')], Action::OpenPicker, "filter by actor or country", true),
    bind(Library, &[Char('F')], Action::ClearFilter, "clear the filter", false),
    bind(Library, &[Char('s')], Action::CycleSort, "sort by date / title", true),
    bind(Library, &[Char('r')], Action::ReverseSort, "reverse the order", false),
    bind(Library, &[Esc], Action::Back, "clear the search", false),
    bind(Library, &[Char('O')], Action::OpenLink, "open the briefing's link in the browser", false),
    bind(Library, &[Char('y')], Action::CopyText, "copy the briefing as text (yu: its link)", false),
    bind(Library, &[Char('Y')], Action::CopyReference, "copy its id", false),
    bind(Library, &[Char('e')], Action::EditFile, "edit its file in $VISUAL or $EDITOR (a file that failed: at the error)", false),
    bind(Library, &[Char('q')], Action::Leave, "quit", true),
    bind(Library, &[Char('d')], Action::Dossier, "dossier of the facet or the filter", true),
    // Dossier and search results
    bind(Dossier, &[Enter], Action::Open, "open the briefing at the claim", true),
    bind(Dossier, &[Esc, Char('q')], Action::Back, "back", true),
    bind(Results, &[Enter], Action::Open, "open the briefing at the hit (n/N there: the next hits)", true),
    bind(Results, &[Esc, Char('q')], Action::Back, "back", true),
    // Briefing
    bind(Briefing, &[Tab, Char('l'), Right], Action::NextPane, "next pane", true),
    bind(Briefing, &[BackTab, Char('h'), Left], Action::PrevPane, "previous pane", false),
    bind(Briefing, &[Char('1')], Action::FocusClaims, "claims", false),
    bind(Briefing, &[Char('2')], Action::FocusSources, "sources", false),
    bind(Briefing, &[Char('3')], Action::FocusExperts, "experts", false),
    bind(Briefing, &[Char('4')], Action::FocusCaveats, "caveats", false),
    bind(Briefing, &[Char('0')], Action::FocusArticle, "article", false),
    bind(Briefing, &[Char('}')], Action::NextParagraph, "next paragraph (the article's current one)", false),
    bind(Briefing, &[Char('{')], Action::PrevParagraph, "previous paragraph", false),
    bind(Briefing, &[Enter], Action::Open, "details of the item", true),
    bind(Briefing, &[Char(' ')], Action::Mark, "mark or unmark the item (or paragraph)", true),
    bind(Briefing, &[Char('a')], Action::Annotate, "write a note on it", true),
    bind(Briefing, &[Char('x')], Action::Export, "export the brief", true),
    bind(Briefing, &[Char('M')], Action::Judgements, "marked claims in the brief's order (reorder with J/K)", true),
    bind(Briefing, &[Char('f')], Action::OpenPicker, "filter by actor or country", true),
    bind(Briefing, &[Char('F')], Action::ClearFilter, "clear the filter", false),
    bind(Briefing, &[Char('O')], Action::OpenLink, "open the item's link (a source's, else the briefing's)", false),
    bind(Briefing, &[Char('y')], Action::CopyText, "copy the item as text (yu: its link)", false),
    bind(Briefing, &[Char('Y')], Action::CopyReference, "copy its reference (briefing-id#c3)", false),
    bind(Briefing, &[Char('e')], Action::EditFile, "edit the file at the item in $VISUAL or $EDITOR", true),
    bind(Briefing, &[Esc], Action::Back, "back to the library", true),
    bind(Briefing, &[Char('q')], Action::Leave, "back to the library", false),
    // Overview
    bind(Overview, &[Esc, Char('o'), Char('q')], Action::Back, "back", true),
    // Everywhere
    bind(Everywhere, &[Down, Char('j')], Action::Down, "move down", false),
    bind(Everywhere, &[Up, Char('k')], Action::Up, "move up", false),
    bind(Everywhere, &[PageDown, Ctrl('d')], Action::PageDown, "page down", false),
    bind(Everywhere, &[PageUp, Ctrl('u')], Action::PageUp, "page up", false),
    bind(Everywhere, &[Char('g'), Home], Action::Top, "first", false),
    bind(Everywhere, &[Char('G'), End], Action::Bottom, "last", false),
    bind(Everywhere, &[Char('/')], Action::StartSearch, "search", true),
    bind(Everywhere, &[Char('n')], Action::NextMatch, "next match", false),
    bind(Everywhere, &[Char('N')], Action::PrevMatch, "previous match", false),
    bind(Everywhere, &[Char('o')], Action::Overview, "overview charts", true),
    bind(Everywhere, &[Char('?')], Action::Help, "help", true),
    // Vim's jump list is Ctrl-o and Ctrl-i, but terminals send Ctrl-i as Tab,
    // which moves between panes here: forward is Alt-i (the same letter) or Ctrl-n.
    bind(Everywhere, &[Ctrl('o')], Action::HistoryBack, "back to where the last link or move came from", false),
    bind(Everywhere, &[Alt('i'), Ctrl('n')], Action::HistoryForward, "forward again", false),
    bind(Everywhere, &[Char('R')], Action::Reload, "reload the library from disk", false),
    bind(Everywhere, &[Char('Q'), Ctrl('c')], Action::Quit, "quit from anywhere", false),
];

/// The key map in force: [`BINDINGS`] with the user's rebindings
/// ([`KeyMap::rebind`]). Behaviour, help, hints and the README all read it.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Bound>,
}

/// A binding of the map in force: a row of [`BINDINGS`] with its keys as
/// the user set them.
#[derive(Debug, Clone)]
struct Bound {
    context: Context,
    keys: Vec<Key>,
    action: Action,
    help: &'static str,
    hint: bool,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        let bindings = BINDINGS
            .iter()
            .map(|b| Bound {
                context: b.context,
                keys: b.keys.to_vec(),
                action: b.action.clone(),
                help: b.help,
                hint: b.hint,
            })
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The action for `key` in `context`, or `None` when the key does nothing there.
    /// On a modal layer only its bindings apply (a text field's too), and quitting.
    pub fn action_for(&self, context: Context, key: Key) -> Option<Action> {
        if context.has_field()
            && let Char(c) = key
        {
            return Some(Action::Type(c));
        }
        let applies = |b: &&Bound| {
            if context.is_modal() {
                b.context == context
                    || (context.has_field() && b.context == Field)
                    || (b.context == Everywhere && b.action == Action::Quit)
            } else {
                b.context == context || (b.context == Everywhere && !unused(context, &b.action))
            }
        };
        self.bindings
            .iter()
            .filter(applies)
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }

    /// Help, section by section: (section title, [(keys, what they do)]).
    /// A binding the user left without keys is not listed.
    pub fn help_sections(&self) -> Vec<(String, Vec<(String, &'static str)>)> {
        [
            Library,
            Briefing,
            Overview,
            Everywhere,
            Popup,
            Search,
            Picker,
            Editor,
            Field,
            Prompt,
            Unsaved,
            UnsavedPath,
            Judgements,
            Dossier,
            Results,
        ]
        .into_iter()
        .map(|context| {
            let rows = self
                .bindings
                .iter()
                .filter(|b| b.context == context && !b.keys.is_empty())
                .map(|b| (keys_label(&b.keys), b.help))
                .collect();
            let title = match context.opened_by() {
                Some((c, a)) => match self.keys_of(c, &a).first() {
                    Some(k) => format!("{} ({})", context.title(), k.label()),
                    None => context.title().to_string(),
                },
                None => context.title().to_string(),
            };
            (title, rows)
        })
        .collect()
    }

    /// The status line's hints for `context`: its own bindings, then the global
    /// ones. Help is not among them: the status line always shows it, at the right.
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        let own = self
            .bindings
            .iter()
            .filter(|b| b.hint && b.context == context);
        let global = self
            .bindings
            .iter()
            .filter(|b| {
                b.hint
                    && b.context == Everywhere
                    && !context.is_modal()
                    && !unused(context, &b.action)
            })
            .filter(|b| b.action != Action::Help);
        own.chain(global)
            .filter_map(|b| Some((b.keys.first()?.label(), b.help)))
            .collect()
    }

    /// The keys of `action` in `context`, for help text that names them.
    pub fn keys_of(&self, context: Context, action: &Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == *action)
            .map_or(&[], |b| &b.keys)
    }

    /// The keys that go to the next and previous search match, as `n/N`.
    pub fn match_keys(&self) -> String {
        let first = |a: Action| {
            self.keys_of(Everywhere, &a)
                .first()
                .map_or_else(|| "-".to_string(), |k| k.label())
        };
        format!("{}/{}", first(Action::NextMatch), first(Action::PrevMatch))
    }

    /// Every binding by name: (context, action, keys), in the map's order,
    /// for the default config file.
    pub fn named(&self) -> Vec<(String, String, &[Key], &'static str)> {
        self.bindings
            .iter()
            .map(|b| {
                (
                    context_name(b.context),
                    action_name(&b.action),
                    b.keys.as_slice(),
                    b.help,
                )
            })
            .collect()
    }

    /// Gives the binding of `action` (by name) in `context` (by name) these
    /// keys instead of its own; no keys leaves the action unbound there.
    /// Names are those of [`context_name`] and [`action_name`], so whatever
    /// actions [`BINDINGS`] holds can be rebound without a table to keep.
    pub fn rebind(&mut self, context: &str, action: &str, keys: Vec<Key>) -> Result<(), Rebind> {
        let in_context: Vec<usize> = (0..self.bindings.len())
            .filter(|&i| context_name(self.bindings[i].context) == context)
            .collect();
        let Some(&first) = in_context.first() else {
            return Err(Rebind::UnknownContext(self.context_names()));
        };
        let Some(i) = in_context
            .iter()
            .copied()
            .find(|&i| action_name(&self.bindings[i].action) == action)
        else {
            let known = in_context
                .iter()
                .map(|&i| action_name(&self.bindings[i].action))
                .collect();
            return Err(Rebind::UnknownAction(known));
        };
        let bound = &self.bindings[first].context;
        if (bound.has_field() || *bound == Field)
            && let Some(k) = keys.iter().find(|k| matches!(k, Char(_)))
        {
            return Err(Rebind::Types(*k));
        }
        if self.bindings[i].action == Action::Quit && keys.is_empty() {
            return Err(Rebind::NoQuit);
        }
        self.bindings[i].keys = keys;
        Ok(())
    }

    /// Keys bound to two actions in one context: (context, key, the two
    /// actions' names), each pair once.
    pub fn clashes(&self) -> Vec<(Context, Key, String, String)> {
        let mut out = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.context != b.context {
                    continue;
                }
                for k in a.keys.iter().filter(|k| b.keys.contains(k)) {
                    out.push((
                        a.context,
                        *k,
                        action_name(&a.action),
                        action_name(&b.action),
                    ));
                }
            }
        }
        out
    }

    /// The names of the contexts bindings can be given in.
    pub fn context_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for b in &self.bindings {
            let name = context_name(b.context);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The README's table of keys, made from the same rows as help, so the
    /// documentation cannot drift from what the keys do.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| where | keys | does |\n| --- | --- | --- |\n");
        for (section, rows) in self.help_sections() {
            for (i, (keys, what)) in rows.iter().enumerate() {
                let keys: Vec<String> = keys
                    .split(' ')
                    .filter(|k| !k.is_empty())
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect();
                let place = if i == 0 { section.as_str() } else { "" };
                out.push_str(&format!("| {place} | {} | {what} |\n", keys.join(" ")));
            }
        }
        out
    }
}

/// Why a rebinding was refused, with what would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebind {
    UnknownContext(Vec<String>),
    /// The actions that context has.
    UnknownAction(Vec<String>),
    /// A printable key in a layer that types printable keys: it would never act.
    Types(Key),
    /// Quitting from anywhere must keep a key, or the reader could not be left.
    NoQuit,
}

/// An action's name in the config file: its variant, in kebab case
/// (`NextPane` is `next-pane`), so an action added to the map is named
/// without anyone writing its name down.
pub fn action_name(action: &Action) -> String {
    kebab(&format!("{action:?}"))
}

/// A context's name in the config file, as [`action_name`]: `unsaved-path`.
pub fn context_name(context: Context) -> String {
    kebab(&format!("{context:?}"))
}

fn kebab(debug: &str) -> String {
    let mut out = String::new();
    for c in debug.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Global actions a screen has no use for, so they are neither done nor
/// offered there: the overview's charts have no text to search, and it is
/// the overview already (its `o` goes back); the dossier and the search
/// results are lists of what the library holds, searched from the library.
fn unused(context: Context, action: &Action) -> bool {
    matches!(context, Overview | Dossier | Results)
        && matches!(
            action,
            Action::StartSearch | Action::NextMatch | Action::PrevMatch | Action::Overview
        )
}

fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action_for(context: Context, key: Key) -> Option<Action> {
        KeyMap::default().action_for(context, key)
    }

    fn hints(context: Context) -> Vec<(String, &'static str)> {
        KeyMap::default().hints(context)
    }

    #[test]
    fn the_overview_neither_offers_nor_takes_search() {
        assert_eq!(action_for(Overview, Char('/')), None);
        assert_eq!(action_for(Overview, Char('n')), None);
        assert!(hints(Overview).iter().all(|(_, help)| *help != "search"));
        assert!(
            hints(Overview)
                .iter()
                .all(|(_, help)| *help != "overview charts")
        );
        assert_eq!(action_for(Overview, Char('o')), Some(Action::Back));
        assert_eq!(action_for(Library, Char('/')), Some(Action::StartSearch));
        assert!(hints(Library).iter().any(|(_, help)| *help == "search"));
    }

    #[test]
    fn a_screen_binding_wins_over_a_global_one() {
        assert_eq!(action_for(Library, Enter), Some(Action::Open));
        assert_eq!(action_for(Overview, Char('o')), Some(Action::Back));
        assert_eq!(action_for(Library, Char('o')), Some(Action::Overview));
    }

    #[test]
    fn popups_swallow_screen_keys_but_not_quit() {
        assert_eq!(action_for(Popup, Tab), None);
        assert_eq!(action_for(Popup, Ctrl('c')), Some(Action::Quit));
        assert_eq!(action_for(Popup, Char('q')), Some(Action::Back));
        assert_eq!(action_for(Picker, Ctrl('c')), Some(Action::Quit));
        assert_eq!(action_for(Picker, Tab), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                }
            }
        }
    }

    /// The README's key table is the key map's; `DEBRIEF_WRITE_README=1`
    /// rewrites it after a change of bindings.
    #[test]
    fn the_readme_lists_the_keys_of_the_key_map() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let (begin, end) = ("<!-- keys:begin -->\n", "<!-- keys:end -->");
        let start = readme.find(begin).expect("a keys:begin marker") + begin.len();
        let stop = readme.find(end).expect("a keys:end marker");
        let table = KeyMap::default().markdown_table();
        if std::env::var_os("DEBRIEF_WRITE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..start], &readme[stop..]);
            std::fs::write(path, updated).expect("README.md written");
            return;
        }
        assert_eq!(
            readme[start..stop],
            table,
            "run with DEBRIEF_WRITE_README=1"
        );
    }

    #[test]
    fn help_lists_every_binding_once() {
        let rows: usize = KeyMap::default()
            .help_sections()
            .iter()
            .map(|(_, r)| r.len())
            .sum();
        assert_eq!(rows, BINDINGS.len());
    }

    /// The config file names bindings by context and action, so each
    /// action is bound once per context (two rows would be one name).
    #[test]
    fn each_action_is_bound_once_per_context() {
        let map = KeyMap::default();
        let named = map.named();
        for (i, a) in named.iter().enumerate() {
            for b in &named[i + 1..] {
                assert!(a.0 != b.0 || a.1 != b.1, "{} twice in {}", a.1, a.0);
            }
        }
    }

    #[test]
    fn names_are_kebab_case_variants() {
        assert_eq!(action_name(&Action::NextPane), "next-pane");
        assert_eq!(action_name(&Action::Type('x')), "type-x");
        assert_eq!(context_name(UnsavedPath), "unsaved-path");
    }

    #[test]
    fn every_key_parses_back_from_its_name_and_its_label() {
        for b in BINDINGS {
            for k in b.keys {
                assert_eq!(Key::parse(&k.name()), Ok(*k), "{k:?}");
                assert_eq!(Key::parse(&k.label()), Ok(*k), "{k:?}");
            }
        }
        assert_eq!(Key::parse("ctrl-D"), Ok(Ctrl('d')));
        assert_eq!(Key::parse("Alt-J"), Ok(Alt('J')));
        assert_eq!(Key::parse("PageDown"), Ok(PageDown));
        assert!(Key::parse("Hyper-x").is_err());
        assert!(Key::parse("Ctrl-").is_err());
    }

    #[test]
    fn a_rebound_key_acts_and_shows_in_help_and_hints() {
        let mut map = KeyMap::default();
        map.rebind("briefing", "mark", vec![Char('m')])
            .expect("rebinds");
        assert_eq!(map.action_for(Briefing, Char('m')), Some(Action::Mark));
        assert_eq!(map.action_for(Briefing, Char(' ')), None);
        let briefing = &map.help_sections()[1];
        assert_eq!(briefing.0, "Briefing");
        assert!(
            briefing
                .1
                .iter()
                .any(|(k, h)| k == "m" && h.starts_with("mark"))
        );
        assert!(
            map.hints(Briefing)
                .iter()
                .any(|(k, h)| k == "m" && h.starts_with("mark"))
        );
        assert!(map.clashes().is_empty());
    }

    #[test]
    fn an_unbound_action_leaves_help() {
        let mut map = KeyMap::default();
        map.rebind("everywhere", "overview", vec![])
            .expect("unbinds");
        assert_eq!(map.action_for(Library, Char('o')), None);
        assert!(
            map.help_sections()
                .iter()
                .all(|(_, rows)| rows.iter().all(|(_, h)| *h != "overview charts"))
        );
    }

    #[test]
    fn rebinding_refuses_what_could_not_work() {
        let mut map = KeyMap::default();
        assert!(matches!(
            map.rebind("nowhere", "mark", vec![]),
            Err(Rebind::UnknownContext(_))
        ));
        assert!(matches!(
            map.rebind("briefing", "fly", vec![]),
            Err(Rebind::UnknownAction(names)) if names.contains(&"mark".to_string())
        ));
        assert_eq!(
            map.rebind("search", "back", vec![Char('x')]),
            Err(Rebind::Types(Char('x')))
        );
        assert_eq!(
            map.rebind("everywhere", "quit", vec![]),
            Err(Rebind::NoQuit)
        );
        map.rebind("briefing", "mark", vec![Char('a')])
            .expect("rebinds");
        assert_eq!(
            map.clashes(),
            vec![(Briefing, Char('a'), "mark".into(), "annotate".into())]
        );
    }

    #[test]
    fn help_titles_and_search_hints_name_the_keys_in_force() {
        let mut map = KeyMap::default();
        assert!(
            map.help_sections()
                .iter()
                .any(|(t, _)| t == "Filter picker (f)")
        );
        map.rebind("briefing", "open-picker", vec![Ctrl('f')])
            .expect("rebinds");
        map.rebind("everywhere", "next-match", vec![Char('.')])
            .expect("rebinds");
        assert!(
            map.help_sections()
                .iter()
                .any(|(t, _)| t == "Filter picker (Ctrl-f)")
        );
        assert_eq!(map.match_keys(), "./N");
    }
}
