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
    },
    /// The quote occurs in several places (paragraph ids, one per occurrence).
    Ambiguous { places: Vec<String> },
    /// The quote occurs more than [`MAX_OCCURRENCES`] times in the searched text.
    TooCommon,
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
    for (i, p) in article.iter().enumerate().filter(|(i, _)| in_scope(*i)) {
        for (start, end) in occurrences(&p.text, &quote) {
            in_para += 1;
            if in_para > MAX_OCCURRENCES {
                return Err(AnchorProblem::TooCommon);
            }
            let span = Span {
                para: i,
                start,
                end,
            };
            if fits_context(&p.text, span, prefix.as_deref(), suffix.as_deref()) {
                matching.push(span);
            }
        }
    }

    match matching.as_slice() {
        [one] => Ok(*one),
        [] => Err(AnchorProblem::NotFound {
            hint: not_found_hint(article, &quote, in_para, selector),
        }),
        many => Err(AnchorProblem::Ambiguous {
            places: many
                .iter()
                .map(|s| article[s.para].id.to_string())
                .collect(),
        }),
    }
}

/// Every place `needle` occurs in `hay`, overlapping ones included, as byte ranges.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    // Most paragraphs do not hold a given quote: skip them without a search.
    let mut from = if may_contain(hay, needle) {
        0
    } else {
        hay.len() + 1
    };
    std::iter::from_fn(move || {
        if needle.is_empty() || from > hay.len() {
            return None;
        }
        let at = from + hay[from..].find(needle)?;
        // Step one character on, so overlapping occurrences are counted too.
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        Some((at, at + needle.len()))
    })
}

/// A quick test that `needle` may occur in `hay`: whether its first 32
/// bytes (fewer, to end on a character boundary) do. The standard library
/// looks for a needle that short with SIMD instructions, where a longer
/// one costs a full substring searcher set up for every paragraph.
fn may_contain(hay: &str, needle: &str) -> bool {
    let mut end = needle.len().min(32);
    while !needle.is_char_boundary(end) {
        end -= 1;
    }
    hay.contains(&needle[..end])
}

/// Whether the text just before and after the span agrees with the selector's
/// prefix and suffix (already flowed). White space at the joins is not significant.
fn fits_context(text: &str, span: Span, prefix: Option<&str>, suffix: Option<&str>) -> bool {
    let before = text[..span.start].trim_end();
    let after = text[span.end..].trim_start();
    prefix.is_none_or(|p| before.ends_with(p)) && suffix.is_none_or(|s| after.starts_with(s))
}

/// `in_para`: how often the quote occurs where it was searched.
fn not_found_hint(
    article: &[Paragraph],
    quote: &str,
    in_para: usize,
    selector: Selector,
) -> Option<String> {
    if in_para > 0 {
        return Some(format!(
            "the quote occurs {in_para} time(s), but never with the given prefix/suffix; check them against the text"
        ));
    }
    if let Some(p) = article
        .iter()
        .enumerate()
        .find(|(i, p)| selector.para.is_some_and(|want| want != *i) && p.text.contains(quote))
        .map(|(_, p)| p)
    {
        return Some(format!(
            "it occurs in paragraph `{}`, not in the paragraph named by `para`",
            p.id
        ));
    }
    let lower = quote.to_lowercase();
    let found_in = article
        .iter()
        .enumerate()
        .filter(|(i, _)| selector.para.is_none_or(|p| p == *i))
        .find(|(_, p)| p.text.to_lowercase().contains(&lower));
    if let Some((_, p)) = found_in {
        return Some(format!(
            "it occurs in paragraph `{}` with different capital letters; quotes match exactly",
            p.id
        ));
    }
    None
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
                text: text::flow(t),
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
        assert_eq!(
            span,
            Span {
                para: 1,
                start: 5,
                end: 9
            }
        );
        assert_eq!(&a[1].text[span.start..span.end], "five");
    }

    #[test]
    fn an_absent_quote_is_not_found() {
        let a = article(&["One two three."]);
        assert_eq!(
            resolve(&a, quote("seven")),
            Err(AnchorProblem::NotFound { hint: None })
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
        assert_eq!(
            span,
            Span {
                para: 1,
                start: 5,
                end: 14
            }
        );
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
        assert_eq!(by_prefix.start, 15);
        let by_suffix = resolve(
            &a,
            Selector {
                suffix: Some("slept"),
                ..quote("cat")
            },
        )
        .unwrap();
        assert_eq!(by_suffix.start, 27);
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
        assert_eq!(&a[0].text[span.start..span.end], "was traced back");
    }

    #[test]
    fn non_ascii_text_gives_byte_ranges_on_character_boundaries() {
        let a = article(&["Ministr Lipavský předvolal velvyslance 中国大使 🇨🇿 dnes."]);
        let span = resolve(&a, quote("předvolal")).unwrap();
        assert_eq!(&a[0].text[span.start..span.end], "předvolal");
        let span = resolve(&a, quote("中国大使 🇨🇿")).unwrap();
        assert_eq!(&a[0].text[span.start..span.end], "中国大使 🇨🇿");
        assert!(matches!(resolve(&a, quote("ý")), Ok(Span { para: 0, .. })));
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
        let Err(AnchorProblem::NotFound { hint: Some(hint) }) = resolve(
            &a,
            Selector {
                para: Some(0),
                ..quote("delta")
            },
        ) else {
            panic!("expected a hint");
        };
        assert!(hint.contains("`p2`"), "{hint}");
        let Err(AnchorProblem::NotFound { hint: Some(hint) }) = resolve(&a, quote("Gamma")) else {
            panic!("expected a hint");
        };
        assert!(hint.contains("capital"), "{hint}");
    }
}
