//! Marks and notes through the reader's state: made with keys, saved by the
//! same effects the event loop performs, found again after a restart; old
//! notes survive a cancelled edit; marks on vanished items are kept and said.

use std::collections::HashMap;
use std::path::Path;

use debrief::briefing::{Library, Limits};
use debrief::marks::{Kind, Marks, Store, Target};
use debrief::tui::app::Row;
use debrief::tui::effects;
use debrief::tui::screens::Screen;
use debrief::tui::theme::Theme;
use debrief::tui::{Action, App, update};
use time::macros::date;

const FLAGSHIP: &str = "cz-mfa-apt31-article";

fn reader(store: &Store) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let library = Library::load(&[root], &Limits::default());
    let mut marks = HashMap::new();
    for b in &library.briefings {
        let m = store.load(&b.id).expect("readable marks");
        if !m.is_empty() {
            marks.insert(b.id.to_string(), m);
        }
    }
    let mut app =
        App::new(library, Theme::new(false), 120, 40).with_marks(Some(store.clone()), marks);
    for _ in 0..app.shelf().rows.len() {
        if let Some(Row::Briefing(i)) = app.shelf().rows.get(app.shelf().selected)
            && app.shared.library.briefings[*i].id == FLAGSHIP
        {
            break;
        }
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Open);
    assert_eq!(app.screen(), Screen::Briefing);
    app
}

/// What the event loop does after each batch of keys.
fn run_effects(app: &mut App, dir: &Path) {
    while !app.shared.effects.is_empty() {
        let effect = app.shared.effects.remove(0);
        if let Some(action) = effects::perform(app, &effect, dir, date!(2025 - 06 - 01)) {
            update(app, action);
        }
    }
}

fn keys(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        update(app, a);
    }
}

fn typed(s: &str) -> Vec<Action> {
    s.chars()
        .map(|c| {
            if c == '\n' {
                Action::NewLine
            } else {
                Action::Type(c)
            }
        })
        .collect()
}

#[test]
fn marks_and_notes_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(&dir.path().join("marks"));
    let mut app = reader(&store);
    keys(
        &mut app,
        [
            Action::FocusClaims,
            Action::Mark,
            Action::Down,
            Action::Mark,
        ],
    );
    keys(
        &mut app,
        [Action::FocusCaveats, Action::Mark, Action::Annotate],
    );
    keys(
        &mut app,
        typed("Weak: no named source.\nAsk for the report."),
    );
    update(&mut app, Action::SaveNote);
    run_effects(&mut app, dir.path());
    assert!(
        app.shared
            .message
            .as_deref()
            .unwrap_or("")
            .contains("note saved"),
        "{:?}",
        app.shared.message
    );
    drop(app);

    let saved = store.load(FLAGSHIP).expect("a marks file");
    let marked: Vec<String> = saved.marked().map(|t| t.to_string()).collect();
    assert_eq!(marked.len(), 3, "{marked:?}");
    assert!(marked.contains(&"claim c1".to_string()) && marked.contains(&"claim c2".to_string()));

    let app = reader(&store);
    let b = app.briefing().expect("open");
    let caveat = Target::new(Kind::Caveat, &b.caveats[0].id);
    assert!(app.is_marked(&Target::new(Kind::Claim, "c1")));
    assert!(app.is_marked(&caveat));
    assert_eq!(
        app.briefing_marks().and_then(|m| m.note(&caveat)),
        Some("Weak: no named source.\nAsk for the report.")
    );
}

#[test]
fn escape_in_the_editor_keeps_the_old_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut app = reader(&store);
    keys(&mut app, [Action::Annotate]);
    keys(&mut app, typed("first"));
    update(&mut app, Action::SaveNote);
    keys(&mut app, [Action::Annotate, Action::Erase, Action::Erase]);
    keys(&mut app, typed("XX"));
    update(&mut app, Action::Back);
    assert!(app.note().is_none(), "the editor is closed");
    let claim = Target::new(Kind::Claim, "c1");
    assert_eq!(
        app.briefing_marks().and_then(|m| m.note(&claim)),
        Some("first")
    );
}

#[test]
fn a_paragraph_is_marked_when_the_article_has_the_focus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut app = reader(&store);
    keys(&mut app, [Action::FocusArticle, Action::PageDown]);
    let para = app.cursor_paragraph().expect("a paragraph at the top");
    let id = app.briefing().expect("open").article[para].id.clone();
    update(&mut app, Action::Mark);
    assert!(app.is_marked(&Target::new(Kind::Paragraph, &id)));
    run_effects(&mut app, dir.path());
    assert!(
        store
            .load(FLAGSHIP)
            .expect("saved")
            .is_marked(&Target::new(Kind::Paragraph, &id))
    );
}

#[test]
fn marks_on_items_that_are_gone_are_kept_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut old = Marks::default();
    old.toggle(&Target::new(Kind::Claim, "c-removed"));
    old.toggle(&Target::new(Kind::Claim, "c1"));
    store.save(FLAGSHIP, &old).expect("saved");

    let mut app = reader(&store);
    let message = app.shared.message.clone().unwrap_or_default();
    assert!(
        message.contains("claim c-removed") && message.contains("kept"),
        "{message}"
    );
    // A new mark rewrites the file; the orphan is still in it.
    keys(&mut app, [Action::Down, Action::Mark]);
    run_effects(&mut app, dir.path());
    let saved = store.load(FLAGSHIP).expect("saved");
    assert!(saved.is_marked(&Target::new(Kind::Claim, "c-removed")));
    assert!(saved.is_marked(&Target::new(Kind::Claim, "c2")));
}

#[test]
fn export_writes_a_new_file_each_time_and_says_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(&dir.path().join("marks"));
    let mut app = reader(&store);
    update(&mut app, Action::Export);
    let prompt = app.export_prompt().expect("asks first");
    assert_eq!(
        prompt.scope,
        debrief::export::Scope::All,
        "nothing is marked yet"
    );
    update(&mut app, Action::Back);
    keys(&mut app, [Action::Mark, Action::Export]);
    assert_eq!(
        app.export_prompt().expect("asks").scope,
        debrief::export::Scope::Marked
    );
    update(&mut app, Action::ExportMarkdown);
    run_effects(&mut app, dir.path());
    let message = app.shared.message.clone().unwrap_or_default();
    let path = dir.path().join(format!("{FLAGSHIP}-brief.md"));
    assert!(message.contains(&path.display().to_string()), "{message}");
    let md = std::fs::read_to_string(&path).expect("written");
    assert!(md.contains("## Key judgements"), "{md}");
    assert!(md.contains("★ (c1)"), "{md}");
    assert!(
        md.contains("Almost certain"),
        "c1 is almost-certain now: {md}"
    );

    keys(&mut app, [Action::Export, Action::ExportJson]);
    run_effects(&mut app, dir.path());
    let json =
        std::fs::read_to_string(dir.path().join(format!("{FLAGSHIP}-brief.json"))).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["briefings"][0]["judgements"][0]["id"], "c1");
    keys(&mut app, [Action::Export, Action::ExportHtml]);
    keys(&mut app, [Action::Export, Action::ExportText]);
    run_effects(&mut app, dir.path());
    for ext in ["html", "txt"] {
        assert!(
            dir.path().join(format!("{FLAGSHIP}-brief.{ext}")).exists(),
            "{ext}"
        );
    }
    keys(&mut app, [Action::Export, Action::ExportMarkdown]);
    run_effects(&mut app, dir.path());
    assert!(
        dir.path().join(format!("{FLAGSHIP}-brief-2.md")).exists(),
        "never overwrites"
    );
}

#[test]
fn two_readers_on_one_state_folder_keep_each_others_marks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut a = reader(&store);
    let mut b = reader(&store);
    keys(&mut a, [Action::FocusClaims, Action::Mark]);
    run_effects(&mut a, dir.path());
    keys(&mut b, [Action::FocusClaims]);
    keys(&mut b, std::iter::repeat_n(Action::Down, 4));
    keys(&mut b, [Action::Mark, Action::Annotate]);
    keys(&mut b, typed("B read this"));
    update(&mut b, Action::SaveNote);
    run_effects(&mut b, dir.path());
    keys(&mut a, [Action::Down, Action::Mark]);
    run_effects(&mut a, dir.path());

    let c = |id: &str| Target::new(Kind::Claim, id);
    let on_disk = store.load(FLAGSHIP).expect("saved");
    for id in ["c1", "c2", "c5"] {
        assert!(on_disk.is_marked(&c(id)), "{id} lost: {on_disk:?}");
    }
    assert_eq!(on_disk.note(&c("c5")), Some("B read this"));
    assert!(a.is_marked(&c("c5")), "A shows what B marked");
    let said = a.shared.message.clone().unwrap_or_default();
    assert!(said.contains("another debrief"), "{said}");
}

#[test]
fn a_draft_kept_by_a_signal_is_where_the_next_edit_starts_and_saving_ends_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut app = reader(&store);
    keys(&mut app, [Action::FocusClaims, Action::Annotate]);
    keys(&mut app, typed("half a"));
    app.keep_draft();
    run_effects(&mut app, dir.path());
    assert!(app.note().is_none());
    let claim = Target::new(Kind::Claim, "c1");
    assert_eq!(
        store.load(FLAGSHIP).expect("saved").draft(&claim),
        Some("half a")
    );

    let mut app = reader(&store);
    keys(&mut app, [Action::FocusClaims, Action::Annotate]);
    let said = app.shared.message.clone().unwrap_or_default();
    assert!(said.contains("draft"), "{said}");
    keys(&mut app, typed(" thought"));
    update(&mut app, Action::SaveNote);
    run_effects(&mut app, dir.path());
    let saved = store.load(FLAGSHIP).expect("saved");
    assert_eq!(saved.note(&claim), Some("half a thought"));
    assert_eq!(saved.draft(&claim), None);
}

#[test]
fn the_marked_view_reorders_key_judgements_and_the_order_is_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let mut app = reader(&store);
    keys(
        &mut app,
        [
            Action::FocusClaims,
            Action::Mark,
            Action::Down,
            Action::Mark,
            Action::Down,
            Action::Mark,
            Action::Judgements,
            Action::Down,
            Action::Down,
            Action::MoveEarlier,
            Action::MoveEarlier,
        ],
    );
    let said = app.shared.message.clone().unwrap_or_default();
    assert!(said.contains("key judgement 1 of 3"), "{said}");
    run_effects(&mut app, dir.path());
    let b = app.briefing().expect("open").clone();
    let saved = store.load(FLAGSHIP).expect("saved");
    let order: Vec<String> = saved
        .judgements(&b)
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(order, ["c3", "c1", "c2"]);
    // The brief follows it.
    update(&mut app, Action::Back);
    keys(&mut app, [Action::Export, Action::ExportMarkdown]);
    run_effects(&mut app, dir.path());
    let md =
        std::fs::read_to_string(dir.path().join(format!("{FLAGSHIP}-brief.md"))).expect("written");
    let at = |id: &str| md.find(&format!("({id})")).expect(id);
    assert!(at("c3") < at("c1") && at("c1") < at("c2"), "{md}");
}

/// Enter in the export question writes the config's default format.
#[test]
fn enter_exports_in_the_default_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(&dir.path().join("marks"));
    let mut app = reader(&store);
    app.shared.export_format = debrief::export::Format::Html;
    update(&mut app, Action::Export);
    let enter = app
        .action_for(debrief::tui::keymap::Key::Enter)
        .expect("Enter is bound in the export question");
    update(&mut app, enter);
    run_effects(&mut app, dir.path());
    let path = dir.path().join(format!("{FLAGSHIP}-brief.html"));
    assert!(path.exists(), "{:?}", app.shared.message);
}
