//! Properties of cleaning (DESIGN.md section 4): whatever the text, cleaning
//! it twice is cleaning it once; cleaned text holds no control (but newline)
//! and no bidi character; its measured width is the columns ratatui draws;
//! and exports of briefings built from any text hold no control character
//! but newline.

use std::path::PathBuf;

use debrief::briefing::{
    Actor, Anchor, Briefing, Caveat, Claim, Expert, Located, Paragraph, Pos, Source,
};
use debrief::export::{self, Scope};
use debrief::marks::{Kind, Marks, Target};
use debrief::query::{ActorNames, Filter};
use debrief::text;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// Characters an attacker reaches for, and characters that are hard to
/// measure, mixed into ordinary text.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        // C0, DEL, C1.
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
        // Bidi overrides, embeddings, isolates, marks.
        prop::sample::select(vec![
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ]),
        // Zero-width, combining and joining characters, variation selectors.
        prop::sample::select(vec![
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{301}',
            '\u{308}',
            '\u{fe0f}',
            '\u{fe0e}',
            '\u{3099}',
            '\u{ff9e}',
            '\u{ff9f}',
            '\u{1f3fd}',
        ]),
        // Wide, emoji, right-to-left and other scripts.
        prop::sample::select(vec![
            '中', '文', 'あ', 'ｱ', '한', '👍', '🇨', '🇿', 'ل', 'ا', 'ש', 'ก', 'ำ', 'ė', 'Č',
        ]),
        // White space past ASCII, which `text::flow` collapses too.
        prop::sample::select(vec![
            '\u{85}', '\u{a0}', '\u{1680}', '\u{2003}', '\u{2028}', '\u{202f}', '\u{3000}',
            '\u{b}', '\u{c}', '\r',
        ]),
        Just('\t'),
        Just('\n'),
        Just(' '),
    ]
}

/// Text with hostile and hard characters among ordinary ones.
fn nasty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![3 => any::<char>(), 3 => nasty_char(), 4 => prop::char::range('a', 'z')],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// A terminal escape sequence, 7-bit or 8-bit, with text around it.
fn escape_sequence() -> impl Strategy<Value = String> {
    (
        "[a-z ]{0,8}",
        prop::sample::select(vec![
            "\u{1b}[31m",
            "\u{1b}[2J",
            "\u{1b}]0;owned\u{7}",
            "\u{1b}]8;;https://evil.example/\u{1b}\\",
            "\u{9b}2J",
            "\u{9d}0;owned\u{9c}",
            "\u{1b}[?1049h",
            "\u{1b}P+q\u{1b}\\",
        ]),
        "[a-z ]{0,8}",
    )
        .prop_map(|(a, e, b)| format!("{a}{e}{b}"))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), nasty(), escape_sequence()]
}

/// Any control character but newline, or a bidi control.
fn hostile_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| text::is_hostile(c) || (c.is_control() && c != '\n'))
}

/// The columns ratatui fills drawing `s` as a line: the buffer starts full
/// of a character `s` does not hold, and the drawn extent ends after the
/// last cell that no longer holds it.
fn drawn_columns(s: &str) -> usize {
    const UNTOUCHED: &str = "\u{e000}";
    let width = u16::try_from(text::width(s) * 2 + 8).unwrap_or(u16::MAX);
    let area = Rect::new(0, 0, width, 1);
    let mut buffer = Buffer::filled(area, ratatui::buffer::Cell::new(UNTOUCHED));
    Line::raw(s).render(area, &mut buffer);
    (0..width)
        .rev()
        .find(|&x| buffer[(x, 0)].symbol() != UNTOUCHED)
        .map_or(0, |x| usize::from(x) + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn cleaning_is_idempotent(s in any_text()) {
        let once = text::clean(&s);
        prop_assert_eq!(text::clean(&once), once);
    }

    /// `clean` skips clean text by its bytes; it must agree with the rule
    /// read character by character.
    #[test]
    fn cleaning_follows_its_rule_character_by_character(s in any_text()) {
        let mut expected = String::new();
        let mut column = 0;
        for c in s.chars() {
            match c {
                '\t' => {
                    let pad = 4 - column % 4;
                    expected.extend(std::iter::repeat_n(' ', pad));
                    column += pad;
                }
                '\n' => {
                    expected.push('\n');
                    column = 0;
                }
                c if text::is_hostile(c) => {}
                c => {
                    expected.push(c);
                    column += 1;
                }
            }
        }
        prop_assert_eq!(text::clean(&s), expected);
    }

    /// `flow` returns flowing text as it is, found by its bytes; it must
    /// agree with its rule: the words, one space between.
    #[test]
    fn flowing_is_the_words_with_one_space_between(s in any_text()) {
        let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(text::flow(&s), expected);
    }

    /// The loader refuses a file by `first_control`, which reads bytes.
    #[test]
    fn the_first_control_is_found_as_characters_would_find_it(s in any_text()) {
        let expected = s
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'));
        prop_assert_eq!(text::first_control(&s), expected);
    }

    #[test]
    fn cleaned_text_holds_no_control_but_newline_and_no_bidi(s in any_text()) {
        let cleaned = text::clean(&s);
        prop_assert_eq!(hostile_char(&cleaned), None, "{:?} -> {:?}", s, cleaned);
    }

    /// On one line, as the reader draws titles, names and table cells.
    #[test]
    fn the_width_of_cleaned_text_is_the_columns_ratatui_draws(s in any_text()) {
        let line = text::clean(&s).replace('\n', " ");
        prop_assume!(!line.contains('\u{e000}'));
        prop_assert_eq!(text::width(&line), drawn_columns(&line), "{:?}", line);
    }
}

#[test]
fn the_width_check_sees_wide_and_zero_width_characters() {
    assert_eq!(drawn_columns("abc"), 3);
    assert_eq!(drawn_columns("中文"), 4);
    assert_eq!(drawn_columns("e\u{301}"), 1);
    assert_eq!(drawn_columns("a b "), 4, "trailing spaces are drawn");
    assert_eq!(drawn_columns(""), 0);
    // unicode-width reads lam-alef as a one-column ligature; ratatui draws
    // the two letters in two cells, and so text::width counts them.
    assert_eq!(UnicodeWidthStr::width("\u{644}\u{627}"), 1);
    assert_eq!(drawn_columns("\u{644}\u{627}"), 2);
    assert_eq!(text::width("\u{644}\u{627}"), 2);
}

/// A reference to the first (the only) item of its kind, as validation
/// leaves it.
fn first() -> debrief::briefing::Refs {
    [0].into_iter().collect()
}

fn at<T>(value: T) -> Located<T> {
    Located {
        value,
        pos: Pos::default(),
    }
}

/// A briefing whose every string is `t[i]` for some i, uncleaned: as if built
/// by hand rather than loaded.
fn briefing(t: &[String]) -> Briefing {
    let s = |i: usize| t[i % t.len()].clone();
    let anchor = |i: usize| {
        Some(Anchor::new(
            at(s(i)),
            Some(s(i + 1)),
            Some(s(i + 2)),
            Some(at(s(i + 3).into())),
        ))
    };
    Briefing {
        path: PathBuf::from("built.yaml"),
        format: Default::default(),
        id: s(0).into(),
        title: s(1),
        outlet: Some(s(2)),
        published: None,
        undated: false,
        retrieved: None,
        tlp: None,
        retold: false,
        url: Some(format!("https://example.org/{}", s(3))),
        summary: Some(s(4)),
        tags: vec![s(5)],
        actors: vec![Actor {
            id: s(6).into(),
            name: s(7).into(),
            kind: None,
            country: Some(at(s(8).into())),
            aliases: vec![s(9).into()],
            refs: vec![s(10)],
            registry: None,
            pos: Pos::default(),
        }],
        article: vec![Paragraph {
            id: s(11).into(),
            text: s(12).into(),
            pos: Pos::default(),
        }],
        sources: vec![Source {
            id: s(13).into(),
            name: s(14),
            kind: None,
            reliability: None,
            url: Some(s(15)),
            actor: Some(at(s(6).into())),
            published: None,
            derived_from: first(),
            derived_from_at: None,
            pos: Pos::default(),
        }],
        claims: vec![Claim {
            id: s(16).into(),
            text: s(17).into(),
            anchor: anchor(18),
            by: first(),
            actors: first(),
            // Checked codes are two capitals: nothing hostile gets in.
            countries: ["CZ"].into_iter().collect(),
            kind: Default::default(),
            likelihood: None,
            confidence: None,
            more: debrief::briefing::ClaimMore {
                stated: Some(s(29)),
                when: None,
                techniques: vec![at(s(30).into())],
                same_as: vec![at(debrief::briefing::ClaimRef {
                    briefing: s(31).into(),
                    claim: s(0).into(),
                })],
            }
            .boxed(),
            sources: first(),
            caveats: first(),
            pos: Pos::default(),
        }],
        experts: vec![Expert {
            id: s(22).into(),
            name: s(23).into(),
            affiliation: Some(s(24)),
            says: Some(s(25).into()),
            anchor: anchor(26),
            stance: None,
            on: first(),
            pos: Pos::default(),
        }],
        caveats: vec![Caveat {
            id: s(21).into(),
            text: s(27).into(),
            anchor: anchor(28),
            applies_to: first(),
            raised_by: Some(at(s(22).into())),
            pos: Pos::default(),
        }],
        id_pos: Pos::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every item marked and noted, then exported under no filter and under
    /// one naming the briefing's own actor and country.
    #[test]
    fn exports_of_any_text_hold_no_control_but_newline(
        texts in prop::collection::vec(any_text(), 1..32),
        note in any_text(),
    ) {
        let b = briefing(&texts);
        let mut marks = Marks::default();
        for (kind, id) in [
            (Kind::Claim, &b.claims[0].id),
            (Kind::Source, &b.sources[0].id),
            (Kind::Expert, &b.experts[0].id),
            (Kind::Caveat, &b.caveats[0].id),
            (Kind::Paragraph, &b.article[0].id),
        ] {
            let target = Target::new(kind, id.as_str());
            marks.toggle(&target);
            marks.set_note(&target, &note);
        }
        // A mark on something the briefing does not have is reported by id.
        marks.toggle(&Target::new(Kind::Claim, format!("gone{}", texts[0])));
        let names = ActorNames::new([&b]);
        let mut filtered = Filter::default();
        filtered.toggle_actor(&b.actors[0].id);
        let today = time::macros::date!(2025 - 06 - 01);
        for filter in [Filter::default(), filtered] {
            for scope in [Scope::Marked, Scope::All] {
                let brief = export::brief(&[(&b, &marks)], &filter, &names, scope, today);
                for format in export::Format::ALL {
                    let out = export::render(&brief, format).expect("renders");
                    prop_assert_eq!(hostile_char(&out), None, "{}: {:?}", format.word(), out);
                }
                let json = export::json(&brief);
                prop_assert_eq!(hostile_char(&json), None, "JSON: {:?}", json);
                // serde_json writes controls as `\u001b`; the strings must hold none either.
                let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
                let mut stack = vec![&value];
                while let Some(v) = stack.pop() {
                    match v {
                        serde_json::Value::String(s) => {
                            prop_assert_eq!(hostile_char(s), None, "in JSON: {:?}", s)
                        }
                        serde_json::Value::Array(items) => stack.extend(items),
                        serde_json::Value::Object(map) => stack.extend(map.values()),
                        _ => {}
                    }
                }
            }
        }
    }
}
