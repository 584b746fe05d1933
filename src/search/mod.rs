//! Full-text search across the library: every place a phrase occurs in the
//! articles and the items (claims, sources, experts, caveats), by the one
//! matcher of the program ([`text::find_ignore_case`]: case, accents and
//! line breaks folded). Shared by `debrief search` and the reader's search
//! results screen.
//!
//! Two ways to the same hits: [`scan`] folds every text at each search;
//! [`Index`] knows which places hold which words, so a search folds only
//! the text of the places that may hold the phrase. benches/evidence.rs
//! measures the two against each other.

mod index;

pub use index::{Index, Words};

use crate::briefing::links::Item;
use crate::briefing::{Briefing, Pos, Prose};
use crate::text;

/// Where in a briefing a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Paragraph(usize),
    Claim(usize),
    Source(usize),
    Expert(usize),
    Caveat(usize),
}

impl Place {
    /// Every searchable place of a briefing, in reading order.
    pub fn all(b: &Briefing) -> impl Iterator<Item = Place> + '_ {
        (0..b.article.len())
            .map(Place::Paragraph)
            .chain((0..b.claims.len()).map(Place::Claim))
            .chain((0..b.sources.len()).map(Place::Source))
            .chain((0..b.experts.len()).map(Place::Expert))
            .chain((0..b.caveats.len()).map(Place::Caveat))
    }

    /// The text searched there.
    pub fn text(self, b: &Briefing) -> &str {
        match self {
            Place::Source(i) => b.sources.get(i).map_or("", |s| s.name.as_str()),
            _ => self.prose(b).map_or("", Prose::as_str),
        }
    }

    /// The text searched there, as [`Place::text`], but read from its file
    /// into `buf` when it is stowed on disk (see `briefing::stow::Prose::read_into`):
    /// for passes over scattered places, such as checking a search's
    /// candidates.
    pub fn text_into<'a>(self, b: &'a Briefing, buf: &'a mut Vec<u8>) -> &'a str {
        match self {
            Place::Source(_) => self.text(b),
            _ => self.prose(b).map_or("", |p| p.read_into(buf)),
        }
    }

    /// The prose searched there: every place's text but a source's name.
    fn prose(self, b: &Briefing) -> Option<&Prose> {
        match self {
            Place::Paragraph(i) => b.article.get(i).map(|p| &p.text),
            Place::Claim(i) => b.claims.get(i).map(|c| &c.text),
            Place::Expert(i) => b.experts.get(i).and_then(|e| e.says.as_ref()),
            Place::Caveat(i) => b.caveats.get(i).map(|k| &k.text),
            Place::Source(_) => None,
        }
    }

    /// The item of the briefing that holds the text; `None` for a paragraph.
    pub fn item(self) -> Option<Item> {
        Some(match self {
            Place::Paragraph(_) => return None,
            Place::Claim(i) => Item::Claim(i),
            Place::Source(i) => Item::Source(i),
            Place::Expert(i) => Item::Expert(i),
            Place::Caveat(i) => Item::Caveat(i),
        })
    }

    /// The key that holds the text in the file.
    fn key(self) -> &'static str {
        match self {
            Place::Source(_) => "name",
            Place::Expert(_) => "says",
            _ => "text",
        }
    }

    /// Where the item starts in the file.
    fn pos(self, b: &Briefing) -> Pos {
        let p = match self {
            Place::Paragraph(i) => b.article.get(i).map(|p| p.pos),
            Place::Claim(i) => b.claims.get(i).map(|c| c.pos),
            Place::Source(i) => b.sources.get(i).map(|s| s.pos),
            Place::Expert(i) => b.experts.get(i).map(|e| e.pos),
            Place::Caveat(i) => b.caveats.get(i).map(|k| k.pos),
        };
        p.unwrap_or_default()
    }

    /// Its id: `p3`, `c1`.
    pub fn id(self, b: &Briefing) -> &str {
        let id = match self {
            Place::Paragraph(i) => b.article.get(i).map(|p| p.id.as_str()),
            Place::Claim(i) => b.claims.get(i).map(|c| c.id.as_str()),
            Place::Source(i) => b.sources.get(i).map(|s| s.id.as_str()),
            Place::Expert(i) => b.experts.get(i).map(|e| e.id.as_str()),
            Place::Caveat(i) => b.caveats.get(i).map(|k| k.id.as_str()),
        };
        id.unwrap_or("")
    }

    /// For people: `p3`, `claim c1`, `source s-gov`.
    pub fn label(self, b: &Briefing) -> String {
        let kind = match self {
            Place::Paragraph(_) => return self.id(b).to_string(),
            Place::Claim(_) => "claim",
            Place::Source(_) => "source",
            Place::Expert(_) => "expert",
            Place::Caveat(_) => "caveat",
        };
        format!("{kind} {}", self.id(b))
    }
}

/// One occurrence: a byte range of the place's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub briefing: usize,
    pub place: Place,
    pub start: usize,
    pub end: usize,
}

/// Every hit of `query`, folding each text as it goes, a briefing at a
/// time on every core.
pub fn scan(briefings: &[Briefing], query: &str) -> Vec<Hit> {
    use rayon::prelude::*;
    let Some(needle) = text::folded_needle(query) else {
        return Vec::new();
    };
    let needle = needle.as_str();
    // In pieces, letting each piece's articles go from memory once read
    // (see `briefing::stow`): a scan reads every one.
    const PIECE: usize = 256;
    let per_piece: Vec<Vec<Hit>> = briefings
        .par_chunks(PIECE)
        .enumerate()
        .map(|(k, piece)| {
            let mut hits = Vec::new();
            for (i, b) in piece.iter().enumerate() {
                for place in Place::all(b) {
                    for (start, end) in text::find_folded(place.text(b), needle) {
                        hits.push(Hit {
                            briefing: k * PIECE + i,
                            place,
                            start,
                            end,
                        });
                    }
                }
            }
            crate::briefing::stow::release();
            hits
        })
        .collect();
    per_piece.concat()
}

/// How many briefings the hits are in.
pub fn briefings_hit(hits: &[Hit]) -> usize {
    let mut n = 0;
    let mut last = None;
    for h in hits {
        if last != Some(h.briefing) {
            n += 1;
            last = Some(h.briefing);
        }
    }
    n
}

/// One line of about `columns` columns around a match of `text`, and the
/// byte range of the match within it. Cut text is marked with `…`.
pub fn snippet(text: &str, start: usize, end: usize, columns: usize) -> (String, (usize, usize)) {
    let flat = |s: &str| text::one_line(s);
    let (before, matched, after) = (
        text.get(..start).unwrap_or(""),
        text.get(start..end).unwrap_or(""),
        text.get(end..).unwrap_or(""),
    );
    let room = columns.saturating_sub(text::width(matched));
    // A third of the room before the match, the rest after it.
    let mut lead = String::new();
    let mut used = 0;
    let want = room / 3;
    let mut cut_before = false;
    for c in before.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > want {
            cut_before = true;
            break;
        }
        used += w;
        lead.insert(0, c);
    }
    let mut out = String::new();
    if cut_before {
        out.push('…');
        used += 1;
    }
    out.push_str(&flat(&lead));
    let m_start = out.len();
    out.push_str(&flat(matched));
    let m_end = out.len();
    let rest = room.saturating_sub(used);
    let tail = text::truncate(&flat(after), rest);
    out.push_str(&tail);
    (out, (m_start, m_end))
}

/// The line and column in the file `source` (the briefing's file as read)
/// where byte `offset` of a place's text stands. The text is found after
/// the place's key (`text:`) and followed character by character, any run of
/// white space in the file (a wrapped line, its indentation) standing for one
/// space of the flowing text. Where the file writes the text otherwise (an
/// escape in a quoted string) the place of the text's start is given.
pub fn locate(source: &str, b: &Briefing, place: Place, offset: usize) -> Pos {
    let item = place.pos(b);
    let Some(from) = byte_at(source, item) else {
        return item;
    };
    let key = format!("{}:", place.key());
    let Some(k) = source[from..].find(&key).map(|k| from + k + key.len()) else {
        return item;
    };
    let t = place.text(b);
    let Some(first) = t.chars().next() else {
        return pos_of(source, k);
    };
    let Some(start) = source[k..].find(first).map(|s| k + s) else {
        return pos_of(source, k);
    };
    let mut raw = source[start..].char_indices().peekable();
    let mut at = start;
    for (i, c) in t.char_indices() {
        if i >= offset {
            break;
        }
        if c.is_whitespace() {
            // One space of the text: every white space of the file here.
            let mut any = false;
            while let Some(&(_, r)) = raw.peek() {
                if !r.is_whitespace() {
                    break;
                }
                raw.next();
                any = true;
            }
            if !any {
                return pos_of(source, start);
            }
            continue;
        }
        match raw.next() {
            Some((_, r)) if r == c => {}
            _ => return pos_of(source, start),
        }
    }
    if let Some(&(j, _)) = raw.peek() {
        at = start + j;
    }
    pos_of(source, at)
}

/// The byte of `source` at a line and column (in characters), if it has one.
fn byte_at(source: &str, pos: Pos) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..pos.line {
        line_start += source[line_start..].find('\n')? + 1;
    }
    let col = pos.column.saturating_sub(1) as usize;
    let line = &source[line_start..];
    Some(line_start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i))
}

fn pos_of(source: &str, byte: usize) -> Pos {
    let before = &source[..byte.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: line as u32,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    const FILE: &str = "format: debrief/2\ntitle: T\narticle:\n  - id: p1\n    text: |\n      The ministry named\n        Lipavský as its\n      source.\n  - text: \"Second Lipavsky\"\nclaims:\n  - id: c1\n    quote: ministry\n    text: Lipavský spoke.\n";

    fn briefing() -> Briefing {
        load_bytes(Path::new("t.yaml"), FILE.as_bytes())
            .briefing
            .expect("loads")
    }

    #[test]
    fn hits_fold_accents_and_line_breaks_and_name_their_place() {
        let b = briefing();
        let bs = [b];
        let hits = scan(&bs, "lipavsky AS");
        assert_eq!(hits.len(), 1);
        let h = hits[0];
        assert_eq!(h.place, Place::Paragraph(0));
        assert_eq!(&bs[0].article[0].text[h.start..h.end], "Lipavský as");
        let all = scan(&bs, "LIPAVSKY");
        let places: Vec<Place> = all.iter().map(|h| h.place).collect();
        assert_eq!(
            places,
            [Place::Paragraph(0), Place::Paragraph(1), Place::Claim(0)]
        );
        assert_eq!(briefings_hit(&all), 1);
    }

    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let bs = [briefing(), briefing()];
        for q in [
            "lipavsky",
            "named lipavský",
            "e",
            "source.",
            "nothing here",
            " ",
            "spoke",
        ] {
            assert_eq!(Index::new(&bs).search(&bs, q), scan(&bs, q), "{q:?}");
        }
    }

    #[test]
    fn a_hit_is_located_at_its_line_and_column_in_the_file() {
        let b = briefing();
        let at = |place, q: &str| {
            let h = scan(std::slice::from_ref(&b), q)
                .into_iter()
                .find(|h| h.place == place)
                .expect("a hit");
            let p = locate(FILE, &b, place, h.start);
            (p.line, p.column)
        };
        assert_eq!(at(Place::Paragraph(0), "the ministry"), (6, 7));
        assert_eq!(
            at(Place::Paragraph(0), "lipavsky as"),
            (7, 9),
            "after a line break and indentation"
        );
        assert_eq!(at(Place::Paragraph(0), "source"), (8, 7));
        assert_eq!(at(Place::Paragraph(1), "lipavsky"), (9, 19));
        assert_eq!(
            at(Place::Claim(0), "spoke"),
            (13, 20),
            "after `text:`, not the quote"
        );
    }

    #[test]
    fn a_snippet_keeps_the_match_and_marks_the_cuts() {
        let t = "one two three four five six seven eight nine ten eleven twelve";
        let s = t.find("seven").unwrap();
        let (line, (a, b)) = snippet(t, s, s + 5, 24);
        assert_eq!(&line[a..b], "seven");
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert!(text::width(&line) <= 24, "{line}");
        let (whole, _) = snippet("short", 0, 5, 40);
        assert_eq!(whole, "short");
    }
}
