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
            Context::Picker => "Filter picker (f)",
            Context::Editor => "Note editor (a)",
            Context::Prompt => "Export (x)",
            Context::Search => "Search line (/)",
            Context::Field => "Editing text (search line, picker, note)",
            Context::Unsaved => "Quitting with unsaved marks",
            Context::UnsavedPath => "Saving unsaved marks elsewhere",
            Context::Judgements => "Marked view (M): key judgements",
        }
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
    bind(Prompt, &[Char('m'), Enter], Action::ExportMarkdown, "Markdown", true),
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

/// The action for `key` in `context`, or `None` when the key does nothing there.
/// On a modal layer only its bindings apply (a text field's too), and quitting.
pub fn action_for(context: Context, key: Key) -> Option<Action> {
    if context.has_field()
        && let Char(c) = key
    {
        return Some(Action::Type(c));
    }
    let applies = |b: &&Binding| {
        if context.is_modal() {
            b.context == context
                || (context.has_field() && b.context == Field)
                || (b.context == Everywhere && b.action == Action::Quit)
        } else {
            b.context == context || (b.context == Everywhere && !unused(context, &b.action))
        }
    };
    BINDINGS
        .iter()
        .filter(applies)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action.clone())
}

/// Help, section by section: (section title, [(keys, what they do)]).
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
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
    ]
    .into_iter()
    .map(|context| {
        let rows = BINDINGS
            .iter()
            .filter(|b| b.context == context)
            .map(|b| (keys_label(b.keys), b.help))
            .collect();
        (context.title(), rows)
    })
    .collect()
}

/// The status line's hints for `context`: its own bindings, then the global
/// ones. Help is not among them: the status line always shows it, at the right.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let own = BINDINGS.iter().filter(|b| b.hint && b.context == context);
    let global = BINDINGS
        .iter()
        .filter(|b| {
            b.hint && b.context == Everywhere && !context.is_modal() && !unused(context, &b.action)
        })
        .filter(|b| b.action != Action::Help);
    own.chain(global)
        .map(|b| (b.keys[0].label(), b.help))
        .collect()
}

/// Global actions a screen has no use for, so they are neither done nor
/// offered there: the overview's charts have no text to search, and it is
/// the overview already (its `o` goes back).
fn unused(context: Context, action: &Action) -> bool {
    context == Overview
        && matches!(
            action,
            Action::StartSearch | Action::NextMatch | Action::PrevMatch | Action::Overview
        )
}

/// The README's table of keys, made from the same rows as help, so the
/// documentation cannot drift from what the keys do.
pub fn markdown_table() -> String {
    let mut out = String::from("| where | keys | does |\n| --- | --- | --- |\n");
    for (section, rows) in help_sections() {
        for (i, (keys, what)) in rows.iter().enumerate() {
            let keys: Vec<String> = keys
                .split(' ')
                .filter(|k| !k.is_empty())
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            let place = if i == 0 { section } else { "" };
            out.push_str(&format!("| {place} | {} | {what} |\n", keys.join(" ")));
        }
    }
    out
}

fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let table = markdown_table();
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
        let rows: usize = help_sections().iter().map(|(_, r)| r.len()).sum();
        assert_eq!(rows, BINDINGS.len());
    }
}
