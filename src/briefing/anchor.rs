//! Resolves a text-quote selector (quote, optional prefix, suffix and
//! paragraph) to the one span of the article it names.

use super::model::{Paragraph, Span};
use crate::text;

/// Occurrences of a quote, in the text it is searched in, past which the
/// quote is refused as too common rather than examined one by one: so one
/// search costs at most a pass over the article, whatever the file holds.
/// An honest quote occurs once, or a few times with `prefix`/`suffix`.
pub const MAX_OCCURRENCES: usize = 1_000;

/// Why a quote names no single span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorProblem {
    /// The quote is nowhere in the searched text.
    NotFound {
        /// Where it would have been found if it were allowed to: another
        /// paragraph than `para`, or only with different letter case.
        hint: Option<String>,
        /// The article's words the quote most likely meant, as a fix.
        closest: Option<Closest>,
    },
    /// The quote occurs in several places (paragraph ids, one per occurrence).
    Ambiguous { places: Vec<String> },
    /// The quote occurs more than [`MAX_OCCURRENCES`] times in the searched text.
    TooCommon,
}

/// The span of the article a quote that is not found most likely meant:
/// the same words but for quotation marks, dashes, case or spacing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// The article's text of the span, to write as the quote.
    pub quote: String,
    /// Why it may not be the one meant (it is not the only such span, or
    /// `para` names another paragraph); `None` when it is certain.
    pub doubt: Option<String>,
}

/// What selects the span. Every string is flowing text (see [`text::flow`]).
#[derive(Debug, Clone, Copy)]
pub struct Selector<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    /// Index of the paragraph to search in; all of them when `None`.
    pub para: Option<usize>,
}

/// Finds the single span that `selector` names.
pub fn resolve(article: &[Paragraph], selector: Selector) -> Result<Span, AnchorProblem> {
    let quote = text::flow(selector.quote);
    let prefix = selector.prefix.map(text::flow);
    let suffix = selector.suffix.map(text::flow);
    let in_scope = |i: usize| selector.para.is_none_or(|p| p == i);
    let mut in_para = 0usize;
    let mut matching: Vec<Span> = Vec::new();
    let finder = memchr::memmem::Finder::new(quote.as_bytes());
    for (i, p) in article.iter().enumerate().filter(|(i, _)| in_scope(*i)) {
        for (start, end) in occurrences(&p.text, &finder) {
            in_para += 1;
            if in_para > MAX_OCCURRENCES {
                return Err(AnchorProblem::TooCommon);
            }
            // Past u32 only beyond the loader's limits: not a place to select.
            let Some(span) = Span::new(i, start, end) else {
                continue;
            };
            if fits_context(&p.text, span, prefix.as_deref(), suffix.as_deref()) {
                matching.push(span);
            }
        }
    }

    match matching.as_slice() {
        [one] => Ok(*one),
        [] => {
            let (hint, closest) = not_found_hint(article, &quote, in_para, selector);
            Err(AnchorProblem::NotFound { hint, closest })
        }
        many => Err(AnchorProblem::Ambiguous {
            places: many
                .iter()
                .map(|s| article[s.para()].id.to_string())
                .collect(),
        }),
    }
}

/// Every place the finder's needle occurs in `hay`, overlapping ones
/// included, as byte ranges. One finder serves every paragraph: the
/// standard library's `find` set up a substring searcher for each, which
/// was most of the time of finding quotes. A match of the needle, valid
/// UTF-8 like `hay`, starts and ends on character boundaries.
fn occurrences<'a>(
    hay: &'a str,
    finder: &'a memchr::memmem::Finder<'a>,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let needle = finder.needle().len();
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle == 0 || from > hay.len() {
            return None;
        }
        let at = from + finder.find(&hay.as_bytes()[from..])?;
        // Step one character on, so overlapping occurrences are counted too.
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        Some((at, at + needle))
    })
}

/// Whether the text just before and after the span agrees with the selector's
/// prefix and suffix (already flowed). White space at the joins is not significant.
fn fits_context(text: &str, span: Span, prefix: Option<&str>, suffix: Option<&str>) -> bool {
    let before = text[..span.start()].trim_end();
    let after = text[span.end()..].trim_start();
    prefix.is_none_or(|p| before.ends_with(p)) && suffix.is_none_or(|s| after.starts_with(s))
}

/// `in_para`: how often the quote occurs where it was searched. The hint,
/// and the closest span as a fix when there is one.
fn not_found_hint(
    article: &[Paragraph],
    quote: &str,
    in_para: usize,
    selector: Selector,
) -> (Option<String>, Option<Closest>) {
    if in_para > 0 {
        return (
            Some(format!(
                "the quote occurs {in_para} time(s), but never with the given prefix/suffix; check them against the text"
            )),
            None,
        );
    }
    if let Some(p) = article
        .iter()
        .enumerate()
        .find(|(i, p)| selector.para.is_some_and(|want| want != *i) && p.text.contains(quote))
        .map(|(_, p)| p)
    {
        return (
            Some(format!(
                "it occurs in paragraph `{}`, not in the paragraph named by `para`",
                p.id
            )),
            None,
        );
    }
    let in_scope = |i: usize| selector.para.is_none_or(|p| p == i);
    // Up to two loose matches where the quote is searched, else anywhere.
    let two_loose = |scope: &dyn Fn(usize) -> bool| {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (i, p) in article.iter().enumerate().filter(|(i, _)| scope(*i)) {
            found.extend(
                loose_spans(&p.text, quote, 2 - found.len())
                    .into_iter()
                    .map(|(s, e)| (i, s, e)),
            );
            if found.len() >= 2 {
                break;
            }
        }
        found
    };
    let mut found = two_loose(&in_scope);
    let scoped = !found.is_empty();
    if !scoped {
        found = two_loose(&|_| true);
    }
    let Some(&(i, start, end)) = found.first() else {
        return (None, None);
    };
    let p = &article[i];
    let text = &p.text[start..end];
    let differs: Vec<&str> = Loose::ALL
        .iter()
        .filter(|kind| loose_except(text, **kind) != loose_except(quote, **kind))
        .map(|kind| kind.words())
        .collect();
    let character = p.text[..start].chars().count() + 1;
    let hint = format!(
        "did you mean `{text}`, in paragraph `{}` at character {character}? It differs in {}; quotes match exactly",
        p.id,
        differs.join(", ")
    );
    let doubt = if found.len() > 1 {
        Some("more than one span of the article reads like the quote: pick one by hand".to_string())
    } else if !scoped {
        Some(format!(
            "the closest span is in paragraph `{}`, not in the paragraph `para` names: correct `para` and the quote by hand",
            p.id
        ))
    } else if resolve(
        article,
        Selector {
            quote: text,
            ..selector
        },
    )
    .is_err()
    {
        Some(
            "the article's words do not fit the quote's `prefix`/`suffix`: correct them by hand"
                .to_string(),
        )
    } else {
        None
    };
    let closest = Closest {
        quote: text.to_owned(),
        doubt,
    };
    (Some(hint), Some(closest))
}

/// What "did you mean" forgives in a quote: the differences a writer makes
/// copying text by hand or from another rendering of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loose {
    Quotes,
    Dashes,
    Case,
    Spacing,
}

impl Loose {
    const ALL: [Loose; 4] = [Loose::Quotes, Loose::Dashes, Loose::Case, Loose::Spacing];

    fn words(self) -> &'static str {
        match self {
            Loose::Quotes => "quotation marks (straight against curly)",
            Loose::Dashes => "dashes or hyphens",
            Loose::Case => "capital letters",
            Loose::Spacing => "spacing",
        }
    }
}

/// `c` as the loose comparison sees it, pushed onto `out`, forgiving every
/// kind of difference but `keep`. White space is dropped unless kept.
fn push_loose(out: &mut String, c: char, keep: Option<Loose>) {
    let forgive = |k| keep != Some(k);
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}'
            if forgive(Loose::Quotes) =>
        {
            out.push('\'')
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}'
            if forgive(Loose::Quotes) =>
        {
            out.push('"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' if forgive(Loose::Dashes) => out.push('-'),
        c if c.is_whitespace() => {
            if !forgive(Loose::Spacing) {
                out.push(' ');
            }
        }
        c if forgive(Loose::Case) => out.extend(c.to_lowercase()),
        c => out.push(c),
    }
}

fn loose_except(s: &str, keep: Loose) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_loose(&mut out, c, Some(keep));
    }
    out
}

/// The first `max` spans of `hay` that equal `quote` when quotes, dashes,
/// case and spacing are forgiven, as byte ranges of `hay` on character
/// boundaries, each from its first to its last character that is not a space.
fn loose_spans(hay: &str, quote: &str, max: usize) -> Vec<(usize, usize)> {
    let mut needle = String::new();
    for c in quote.chars() {
        push_loose(&mut needle, c, None);
    }
    if needle.is_empty() || max == 0 {
        return Vec::new();
    }
    // For each character of the loose text: where it starts there, and
    // where the character of `hay` it came from starts and ends.
    let mut folded = String::with_capacity(hay.len());
    let mut origin: Vec<(usize, usize, usize)> = Vec::new();
    for (at, c) in hay.char_indices() {
        let before = folded.len();
        push_loose(&mut folded, c, None);
        let mut k = before;
        while k < folded.len() {
            origin.push((k, at, at + c.len_utf8()));
            k += folded[k..].chars().next().map_or(1, char::len_utf8);
        }
    }
    let last_len = needle.chars().next_back().map_or(1, char::len_utf8);
    let mut spans = Vec::new();
    for (found, _) in folded.match_indices(needle.as_str()).take(max) {
        let first = origin.binary_search_by_key(&found, |o| o.0);
        let last = origin.binary_search_by_key(&(found + needle.len() - last_len), |o| o.0);
        if let (Ok(first), Ok(last)) = (first, last) {
            spans.push((origin[first].1, origin[last].2));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::model::Pos;

    fn article(paragraphs: &[&str]) -> Vec<Paragraph> {
        paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                id: format!("p{}", i + 1).into(),
                text: text::flow(t).into(),
                pos: Pos::default(),
            })
            .collect()
    }

    fn quote(q: &str) -> Selector<'_> {
        Selector {
            quote: q,
            prefix: None,
            suffix: None,
            para: None,
        }
    }

    #[test]
    fn a_unique_quote_resolves_to_its_paragraph_and_byte_range() {
        let a = article(&["One two three.", "Four five six."]);
        let span = resolve(&a, quote("five")).unwrap();
        assert_eq!(span, Span::new(1, 5, 9).unwrap());
        assert_eq!(&a[1].text[span.range()], "five");
    }

    #[test]
    fn an_absent_quote_is_not_found() {
        let a = article(&["One two three."]);
        assert_eq!(
            resolve(&a, quote("seven")),
            Err(AnchorProblem::NotFound {
                hint: None,
                closest: None
            })
        );
    }

    #[test]
    fn a_quote_in_two_paragraphs_is_ambiguous_and_names_both() {
        let a = article(&["the group acted", "then the group left"]);
        assert_eq!(
            resolve(&a, quote("the group")),
            Err(AnchorProblem::Ambiguous {
                places: vec!["p1".into(), "p2".into()]
            })
        );
    }

    #[test]
    fn para_disambiguates() {
        let a = article(&["the group acted", "then the group left"]);
        let span = resolve(
            &a,
            Selector {
                para: Some(1),
                ..quote("the group")
            },
        )
        .unwrap();
        assert_eq!(span, Span::new(1, 5, 14).unwrap());
    }

    #[test]
    fn prefix_and_suffix_disambiguate_within_a_paragraph() {
        let a = article(&["a cat sat; the cat ran; my cat slept"]);
        let by_prefix = resolve(
            &a,
            Selector {
                prefix: Some("the"),
                ..quote("cat")
            },
        )
        .unwrap();
        assert_eq!(by_prefix.start(), 15);
        let by_suffix = resolve(
            &a,
            Selector {
                suffix: Some("slept"),
                ..quote("cat")
            },
        )
        .unwrap();
        assert_eq!(by_suffix.start(), 27);
    }

    #[test]
    fn overlapping_occurrences_count_as_two() {
        let a = article(&["aaa"]);
        assert!(matches!(
            resolve(&a, quote("aa")),
            Err(AnchorProblem::Ambiguous { places }) if places.len() == 2
        ));
    }

    #[test]
    fn line_breaks_in_quote_and_text_read_as_spaces() {
        let a = article(&["the attack was\n   traced back to APT31"]);
        let span = resolve(&a, quote("was traced\nback")).unwrap();
        assert_eq!(&a[0].text[span.range()], "was traced back");
    }

    #[test]
    fn non_ascii_text_gives_byte_ranges_on_character_boundaries() {
        let a = article(&["Ministr Lipavský předvolal velvyslance 中国大使 🇨🇿 dnes."]);
        let span = resolve(&a, quote("předvolal")).unwrap();
        assert_eq!(&a[0].text[span.range()], "předvolal");
        let span = resolve(&a, quote("中国大使 🇨🇿")).unwrap();
        assert_eq!(&a[0].text[span.range()], "中国大使 🇨🇿");
        assert!(resolve(&a, quote("ý")).is_ok_and(|s| s.para() == 0));
    }

    #[test]
    fn a_quote_that_occurs_too_often_is_refused_without_counting_on() {
        let text = "a ".repeat(MAX_OCCURRENCES + 1);
        let a = article(&[&text]);
        assert_eq!(resolve(&a, quote("a")), Err(AnchorProblem::TooCommon));
        let text = "a ".repeat(MAX_OCCURRENCES);
        let a = article(&[&text, &text]);
        let in_one = Selector {
            para: Some(1),
            ..quote("a")
        };
        assert!(
            matches!(resolve(&a, in_one), Err(AnchorProblem::Ambiguous { places }) if places.len() == MAX_OCCURRENCES),
            "only the paragraph searched counts"
        );
    }

    #[test]
    fn not_found_says_where_it_would_have_matched() {
        let a = article(&["alpha beta", "gamma delta"]);
        let Err(AnchorProblem::NotFound {
            hint: Some(hint), ..
        }) = resolve(
            &a,
            Selector {
                para: Some(0),
                ..quote("delta")
            },
        )
        else {
            panic!("expected a hint");
        };
        assert!(hint.contains("`p2`"), "{hint}");
        let Err(AnchorProblem::NotFound {
            hint: Some(hint), ..
        }) = resolve(&a, quote("Gamma"))
        else {
            panic!("expected a hint");
        };
        assert!(hint.contains("capital"), "{hint}");
    }

    #[test]
    fn not_found_offers_the_closest_span_and_what_differs() {
        let a = article(&[
            "Intro.",
            "Officials said it \u{201c}was the work of APT31\u{201d} \u{2014} a state-backed group.",
        ]);
        let hint = |q: &str| match resolve(&a, quote(q)) {
            Err(AnchorProblem::NotFound { hint: Some(h), .. }) => h,
            other => panic!("{q}: expected a hint, got {other:?}"),
        };
        let h = hint("\"was the work of APT 31\"");
        assert!(
            h.starts_with(
                "did you mean `\u{201c}was the work of APT31\u{201d}`, in paragraph `p2` at character 19?"
            ),
            "{h}"
        );
        assert!(
            h.contains("quotation marks") && h.contains("spacing"),
            "{h}"
        );
        assert!(!h.contains("capital") && !h.contains("dashes"), "{h}");
        let h = hint("APT31\u{201d} - A State-backed");
        assert!(h.contains("dashes") && h.contains("capital"), "{h}");
        assert!(!h.contains("spacing") && !h.contains("quotation"), "{h}");
        // Found in another paragraph than `para` when not in it.
        let Err(AnchorProblem::NotFound { hint: Some(h), .. }) = resolve(
            &a,
            Selector {
                para: Some(0),
                ..quote("WORK of apt31")
            },
        ) else {
            panic!("expected a hint");
        };
        assert!(
            h.contains("`work of APT31`, in paragraph `p2` at character 28"),
            "{h}"
        );
        // Nothing close: no guess.
        assert_eq!(
            resolve(&a, quote("traced back")),
            Err(AnchorProblem::NotFound {
                hint: None,
                closest: None
            })
        );
    }
}
