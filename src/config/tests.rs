use std::path::Path;

use ratatui::style::Color;

use super::*;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key};

fn parsed(text: &str) -> (Config, Vec<Diagnostic>) {
    parse(text, Path::new("config.toml"))
}

/// The one diagnostic of `text`: (line, column, message).
fn problem(text: &str) -> (u32, u32, String) {
    let (_, found) = parsed(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.file, Path::new("config.toml"));
    (d.line, d.column, d.message.clone())
}

fn same_keys(a: &KeyMap, b: &KeyMap) -> bool {
    a.named() == b.named()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (config, found) = parsed("");
    assert!(found.is_empty());
    assert!(same_keys(&config.keys, &KeyMap::default()));
    assert_eq!(config.palette, Palette::dark());
    assert_eq!(config.export_format, Format::Markdown);
}

#[test]
fn the_printed_default_file_parses_to_the_defaults_commented_or_not() {
    let text = default_file();
    let (config, found) = parsed(&text);
    assert!(found.is_empty(), "{found:#?}");
    assert!(same_keys(&config.keys, &KeyMap::default()));
    // Every setting uncommented, but the examples of paths and folders,
    // which are not defaults: still the defaults, with no problem.
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.split_once(" = ").is_some_and(|(k, _)| {
                    k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                }) && !rest.starts_with("paths")
                    && !rest.starts_with("folder") =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        uncommented.contains("\nmark = [\"space\"]"),
        "{uncommented}"
    );
    let (config, found) = parsed(&uncommented);
    assert!(found.is_empty(), "{found:#?}");
    assert!(same_keys(&config.keys, &KeyMap::default()));
    assert_eq!(config.palette, Palette::dark());
    assert_eq!(config.export_format, Format::Markdown);
}

#[test]
fn a_rebound_key_changes_what_it_does_and_what_help_says() {
    let (config, found) = parsed("[keys.briefing]\nmark = \"m\"\n");
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(
        config.keys.action_for(Context::Briefing, Key::Char('m')),
        Some(Action::Mark)
    );
    assert_eq!(
        config.keys.action_for(Context::Briefing, Key::Char(' ')),
        None
    );
    let help = config.keys.help_sections();
    let (_, rows) = help
        .iter()
        .find(|(t, _)| *t == "Briefing")
        .expect("a section");
    assert!(
        rows.iter().any(|(k, h)| k == "m" && h.starts_with("mark")),
        "{rows:?}"
    );
}

#[test]
fn two_actions_can_swap_keys() {
    let (config, found) = parsed("[keys.briefing]\nmark = \"a\"\nannotate = \"space\"\n");
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(
        config.keys.action_for(Context::Briefing, Key::Char('a')),
        Some(Action::Mark)
    );
    assert_eq!(
        config.keys.action_for(Context::Briefing, Key::Char(' ')),
        Some(Action::Annotate)
    );
}

#[test]
fn an_unknown_action_is_an_error_at_its_name() {
    let (line, column, message) = problem("[keys.briefing]\n\nmrak = \"m\"\n");
    assert_eq!((line, column), (3, 1));
    assert!(
        message.contains("unknown action in [keys.briefing] `mrak`"),
        "{message}"
    );
    let (_, found) = parsed("[keys.briefing]\nmrak = \"m\"\n");
    assert!(
        found[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `mark`?"))
    );
}

#[test]
fn an_unknown_context_is_an_error() {
    let (line, column, message) = problem("[keys.libary]\nopen = \"o\"\n");
    assert_eq!((line, column), (1, 7));
    assert!(message.contains("unknown context"), "{message}");
}

#[test]
fn an_unknown_key_name_is_an_error_at_the_key() {
    let (line, column, message) = problem("[keys.library]\nopen = [\"Enter\", \"Hyper-x\"]\n");
    assert_eq!((line, column), (2, 18));
    assert!(message.contains("unknown key name “Hyper-x”"), "{message}");
}

#[test]
fn a_key_bound_twice_in_one_context_is_an_error_and_keeps_the_default() {
    let (config, found) = parsed("[keys.briefing]\nmark = \"a\"\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (2, 8));
    assert!(
        found[0].message.contains("`a` is bound twice in briefing"),
        "{}",
        found[0].message
    );
    assert!(same_keys(&config.keys, &KeyMap::default()));
}

#[test]
fn a_printable_key_in_a_typing_layer_is_an_error() {
    let (line, column, message) = problem("[keys.search]\nback = \"x\"\n");
    assert_eq!((line, column), (2, 8));
    assert!(message.contains("would type itself"), "{message}");
}

#[test]
fn a_bad_colour_is_an_error_at_the_colour_and_the_rest_applies() {
    let text =
        "[theme]\nbase = \"light\"\n[theme.colors]\nclaim = \"blurple\"\nexpert = \"#102030\"\n";
    let (config, found) = parsed(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (4, 9));
    assert!(found[0].message.contains("“blurple” is not a colour"));
    assert_eq!(config.palette.claim, Palette::light().claim);
    assert_eq!(config.palette.expert, Color::Rgb(0x10, 0x20, 0x30));
    assert_eq!(config.palette.linked, Palette::light().linked);
}

#[test]
fn an_unknown_role_is_an_error() {
    let (line, column, message) = problem("[theme.colors]\nclaims = \"red\"\n");
    assert_eq!((line, column), (2, 1));
    assert!(
        message.contains("unknown colour role `claims`"),
        "{message}"
    );
}

#[test]
fn broken_toml_is_an_error_with_a_place() {
    let (line, column, message) = problem("[keys.briefing]\nmark = \n");
    assert_eq!(line, 2);
    assert!(column >= 7, "{column}");
    assert!(message.starts_with("not valid TOML"), "{message}");
}

#[test]
fn library_and_export_settings_are_read() {
    let here = env!("CARGO_MANIFEST_DIR");
    let text = format!(
        "[library]\npaths = [\"{here}/briefings\", \"{here}/nonesuch\"]\n[export]\nfolder = \"out\"\nformat = \"html\"\n"
    );
    let (config, found) = parsed(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let column = "paths = [\"".len() + here.chars().count() + "/briefings\", ".len() + 1;
    assert_eq!((found[0].line, found[0].column as usize), (2, column));
    assert!(
        found[0]
            .message
            .ends_with("nonesuch: no such file or folder"),
        "{}",
        found[0].message
    );
    assert_eq!(
        config.library,
        vec![PathBuf::from(format!("{here}/briefings"))]
    );
    assert_eq!(config.export_folder, Some(PathBuf::from("out")));
    assert_eq!(config.export_format, Format::Html);
    let (_, _, message) = problem("[export]\nformat = \"stix\"\n");
    assert!(message.contains("not an export format"), "{message}");
}

#[test]
fn a_missing_file_is_only_a_problem_when_asked_for() {
    let nowhere = Path::new("/nonexistent/debrief/config.toml");
    assert!(load(nowhere, false).1.is_empty());
    assert_eq!(load(nowhere, true).1.len(), 1);
}

#[test]
fn the_status_line_names_the_first_problem() {
    let (_, found) = parsed("[keys.briefing]\nmrak = \"m\"\n[theme]\nbase = \"sepia\"\n");
    let words = status_words(&found).expect("words");
    assert!(
        words.starts_with("config config.toml:2:1: unknown action"),
        "{words}"
    );
    assert!(words.contains("(and 1 more)"), "{words}");
}

/// The README's example is a config that checks clean, and does what it says.
#[test]
fn the_readme_example_checks_clean() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Config file").expect("the section")..];
    let start = section.find("```toml\n").expect("an example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").expect("its end")];
    let (config, found) = parsed(example);
    // Its library folders are examples, not folders of this machine.
    let real: Vec<_> = found
        .iter()
        .filter(|d| !d.message.ends_with("no such file or folder"))
        .collect();
    assert!(real.is_empty(), "{real:#?}");
    assert_eq!(
        config.keys.action_for(Context::Briefing, Key::Char('m')),
        Some(Action::Mark)
    );
    assert_eq!(config.palette.linked, Palette::light().linked);
    assert_eq!(config.palette.claim, Color::Rgb(0xa0, 0, 0));
}
