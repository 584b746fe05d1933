//! The library's words, for searching it without reading all of its text.
//!
//! Every place's text is folded as the matcher folds it
//! ([`text::fold_for_match`]: case, accents, white space), and cut at its
//! spaces into words. The index keeps each distinct word once, and for each
//! word the places whose text holds it (a sorted list of place numbers,
//! stored as varint gaps: a byte or two a place).
//!
//! A search folds its phrase the same way and cuts it into words too. A
//! place can only hold the phrase if it holds, for any one word of the
//! phrase, a word of the text that word can stand in: the first word of the
//! phrase may end a word of the text, the last may start one, the ones
//! between must be whole words, and a phrase of one word may stand anywhere
//! in one. The index takes the phrase word whose places are fewest, and the
//! matcher itself then runs on just those places' text. So a search reads
//! the list of words (kilobytes) and the text of the places that may hold
//! the phrase, not the library's text, and finds what [`super::scan`] finds,
//! in the same order.

use memchr::memmem;
use rayon::prelude::*;

use super::{Hit, Place};
use crate::briefing::Briefing;
use crate::text;

/// The words of a library and where they occur. Built all at once
/// ([`Index::new`]) or as briefings arrive ([`Index::join`] of the
/// [`Words`] of each batch, found on the thread that loaded it).
#[derive(Debug, Default)]
pub struct Index {
    /// How many briefings are in: the first that many of the library.
    briefings: usize,
    /// Every spot with text: its briefing and the spot, a briefing's short
    /// fields first, then its places in the order [`super::scan`] visits
    /// them. A spot's number is its position here.
    places: Vec<(u32, Packed)>,
    /// The distinct words, each between line breaks (`\nword\n...`), which
    /// folded text never holds, so a search can ask for a whole word, its
    /// start or its end.
    words: String,
    /// Where each word starts in `words` (after its line break), ascending.
    starts: Vec<u32>,
    /// Per word: the places holding it.
    lists: Vec<Postings>,
    /// Each word's number, to join more briefings.
    ids: foldhash::HashMap<Box<str>, u32>,
}

/// The places holding one word: how many, the last, and all of them as
/// varint gaps (the first is the number itself).
#[derive(Debug, Default)]
struct Postings {
    count: u32,
    last: u32,
    gaps: Vec<u8>,
}

/// Where the index found text: a place a search lands on, or one of the
/// short fields of a briefing (title, summary, outlet, a tag), which a
/// search never lists but which decide, with the article and the claims,
/// whether the briefing holds a phrase ([`Index::briefings_holding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    Place(Place),
    Title,
    Summary,
    Outlet,
    Tag(u32),
}

impl Spot {
    /// A briefing's short fields, then its places.
    fn all(b: &Briefing) -> impl Iterator<Item = Spot> + '_ {
        [Spot::Title, Spot::Summary, Spot::Outlet]
            .into_iter()
            .chain((0..b.tags.len() as u32).map(Spot::Tag))
            .chain(Place::all(b).map(Spot::Place))
    }

    /// Its text, read into `buf` if it is stowed (see [`Place::text_into`]).
    fn text_into<'a>(self, b: &'a Briefing, buf: &'a mut Vec<u8>) -> &'a str {
        match self {
            Spot::Place(place) => place.text_into(b, buf),
            _ => self.text(b),
        }
    }

    fn text(self, b: &Briefing) -> &str {
        match self {
            Spot::Place(place) => place.text(b),
            Spot::Title => &b.title,
            Spot::Summary => b.summary.as_deref().unwrap_or(""),
            Spot::Outlet => b.outlet.as_deref().unwrap_or(""),
            Spot::Tag(i) => b.tags.get(i as usize).map_or("", |t| t.as_str()),
        }
    }

    /// Whether [`crate::query::text_matches`] looks here.
    fn decides_match(self) -> bool {
        !matches!(
            self,
            Spot::Place(Place::Source(_) | Place::Expert(_) | Place::Caveat(_))
        )
    }
}

/// A [`Spot`] in four bytes, as the index keeps it (the enum takes
/// sixteen): a library of 10,000 briefings has 800,000 spots, 100,000 ten
/// times that. Its kind in the top four bits, its number below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed(u32);

const KIND_SHIFT: u32 = 28;
const NUMBER: u32 = (1 << KIND_SHIFT) - 1;

impl Packed {
    fn new(spot: Spot) -> Packed {
        let (kind, n) = match spot {
            Spot::Title => (0, 0),
            Spot::Summary => (1, 0),
            Spot::Outlet => (2, 0),
            Spot::Tag(i) => (3, i as usize),
            Spot::Place(Place::Paragraph(i)) => (4, i),
            Spot::Place(Place::Claim(i)) => (5, i),
            Spot::Place(Place::Source(i)) => (6, i),
            Spot::Place(Place::Expert(i)) => (7, i),
            Spot::Place(Place::Caveat(i)) => (8, i),
        };
        // No briefing within any sane size limit has 2^28 places of a kind;
        // past that they would all name one that does not exist, so their
        // words would find nothing rather than the wrong place.
        let n = u32::try_from(n).unwrap_or(NUMBER).min(NUMBER);
        Packed(kind << KIND_SHIFT | n)
    }

    fn spot(self) -> Spot {
        let n = self.0 & NUMBER;
        let i = n as usize;
        match self.0 >> KIND_SHIFT {
            0 => Spot::Title,
            1 => Spot::Summary,
            2 => Spot::Outlet,
            3 => Spot::Tag(n),
            4 => Spot::Place(Place::Paragraph(i)),
            5 => Spot::Place(Place::Claim(i)),
            6 => Spot::Place(Place::Source(i)),
            7 => Spot::Place(Place::Expert(i)),
            _ => Spot::Place(Place::Caveat(i)),
        }
    }
}

/// How a phrase word must stand in a word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Anywhere,
    Ending,
    Starting,
    Whole,
}

/// Briefings per piece when the index is built on every core.
const CHUNK: usize = 256;

/// Candidate places per piece of a search, on every core.
const CANDIDATES: usize = 512;

impl Index {
    /// Folds and indexes every place of `briefings`, in pieces on every core.
    pub fn new(briefings: &[Briefing]) -> Index {
        let mut index = Index::default();
        index.catch_up(briefings);
        index.shrink();
        index
    }

    /// How many of the library's briefings are in.
    pub fn briefings(&self) -> usize {
        self.briefings
    }

    /// Takes in the briefings of `all` not yet in, in pieces on every core.
    pub fn catch_up(&mut self, all: &[Briefing]) {
        let rest = all.get(self.briefings..).unwrap_or(&[]);
        let pieces: Vec<Words> = rest.par_chunks(CHUNK).map(Words::of).collect();
        for piece in pieces {
            self.join(piece);
        }
    }

    /// Takes in the words of the briefings that follow those already in.
    pub fn join(&mut self, piece: Words) {
        let base = self.places.len() as u32;
        let first = self.briefings as u32;
        self.briefings += piece.briefings;
        self.places.extend(
            piece
                .places
                .into_iter()
                .map(|(b, place)| (first + b, place)),
        );
        if self.words.is_empty() {
            self.words.push('\n');
        }
        for (word, list) in piece.words.into_iter().zip(piece.lists) {
            let w = match self.ids.get(word.as_ref()) {
                Some(&w) => w as usize,
                None => {
                    self.starts.push(self.words.len() as u32);
                    self.words.push_str(&word);
                    self.words.push('\n');
                    self.ids.insert(word, self.lists.len() as u32);
                    self.lists.push(Postings::default());
                    self.lists.len() - 1
                }
            };
            let postings = &mut self.lists[w];
            for place in list {
                let place = base + place;
                let gap = if postings.count == 0 {
                    place
                } else {
                    place - postings.last
                };
                push_varint(&mut postings.gaps, gap);
                postings.last = place;
                postings.count += 1;
            }
        }
    }

    /// Gives back what growing left over, once the library is loaded.
    pub fn shrink(&mut self) {
        self.places.shrink_to_fit();
        self.words.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.lists.shrink_to_fit();
        for list in &mut self.lists {
            list.gaps.shrink_to_fit();
        }
    }

    /// The same hits as [`super::scan`], in the same order.
    pub fn search(&self, briefings: &[Briefing], query: &str) -> Vec<Hit> {
        let Some(needle) = text::folded_needle(query) else {
            return Vec::new();
        };
        let needle = needle.as_str();
        let places = self.candidates(needle);
        let hits: Vec<Vec<Hit>> = places
            .par_chunks(CANDIDATES)
            .map(|chunk| {
                let (mut hits, mut buf) = (Vec::new(), Vec::new());
                for &p in chunk {
                    let Some(&(b, spot)) = self.places.get(p as usize) else {
                        continue;
                    };
                    let Spot::Place(place) = spot.spot() else {
                        continue;
                    };
                    let Some(briefing) = briefings.get(b as usize) else {
                        continue;
                    };
                    // Candidates mostly hold it: fold once, with the map back.
                    let text = place.text_into(briefing, &mut buf);
                    for (start, end) in text::locate_folded(text, needle) {
                        hits.push(Hit {
                            briefing: b as usize,
                            place,
                            start,
                            end,
                        });
                    }
                }
                hits
            })
            .collect();
        hits.concat()
    }

    /// Which of `briefings` hold `query` as [`crate::query::text_matches`]
    /// decides (title, summary, outlet, tags, article, claims), by position:
    /// the same answer, reading only the text of the spots that may hold it.
    /// Briefings the index does not have yet are asked directly. The
    /// library's `/` lights and counts its rows by this.
    pub fn briefings_holding(&self, briefings: &[Briefing], query: &str) -> Vec<bool> {
        if query.trim().is_empty() {
            return vec![true; briefings.len()];
        }
        let mut holding = vec![false; briefings.len()];
        let Some(needle) = text::folded_needle(query) else {
            return holding;
        };
        let needle = needle.as_str();
        // A phrase of one word is in every one of its candidates, which are
        // the places holding a word it stands in: no text need be read.
        let sure = !needle.contains(' ');
        // The candidates on every core, each piece skipping the spots of a
        // briefing it has found holding the phrase already.
        let found: Vec<Vec<u32>> = self
            .candidates(needle)
            .par_chunks(CANDIDATES)
            .map(|chunk| {
                let (mut found, mut buf): (Vec<u32>, Vec<u8>) = (Vec::new(), Vec::new());
                for &p in chunk {
                    let Some(&(b, spot)) = self.places.get(p as usize) else {
                        continue;
                    };
                    let spot = spot.spot();
                    if found.last() == Some(&b) || !spot.decides_match() {
                        continue;
                    }
                    if let Some(briefing) = briefings.get(b as usize)
                        && (sure || text::holds_folded(spot.text_into(briefing, &mut buf), needle))
                    {
                        found.push(b);
                    }
                }
                found
            })
            .collect();
        for b in found.into_iter().flatten() {
            holding[b as usize] = true;
        }
        // Briefings the index does not have yet are asked whole, through the
        // store's map: only then are there pages to let go.
        if briefings.len() > self.briefings {
            for (b, slot) in briefings.iter().zip(&mut holding).skip(self.briefings) {
                *slot = crate::query::text_matches(b, query);
            }
            crate::briefing::stow::release();
        }
        holding
    }

    /// The places that may hold the folded phrase `needle`, ascending: those
    /// of its word with the fewest.
    fn candidates(&self, needle: &str) -> Vec<u32> {
        let parts: Vec<&str> = needle.split(' ').collect();
        let last = parts.len() - 1;
        let best = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let fit = match (i == 0, i == last) {
                    (true, true) => Fit::Anywhere,
                    (true, false) => Fit::Ending,
                    (false, true) => Fit::Starting,
                    (false, false) => Fit::Whole,
                };
                let words = self.words_fitting(part, fit);
                let count: u64 = words.iter().map(|&w| u64::from(self.lists[w].count)).sum();
                (count, words)
            })
            .min_by_key(|(count, _)| *count);
        let Some((count, words)) = best else {
            return Vec::new();
        };
        let mut places = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        for &w in &words {
            self.places_of(w, &mut places);
        }
        if words.len() > 1 {
            places.sort_unstable();
            places.dedup();
        }
        places
    }

    /// The words `part` can stand in, as `fit` says.
    fn words_fitting(&self, part: &str, fit: Fit) -> Vec<usize> {
        let pattern = match fit {
            Fit::Anywhere => part.to_owned(),
            Fit::Ending => format!("{part}\n"),
            Fit::Starting => format!("\n{part}"),
            Fit::Whole => format!("\n{part}\n"),
        };
        let lead = usize::from(matches!(fit, Fit::Starting | Fit::Whole));
        let mut found: Vec<usize> = Vec::new();
        for at in memmem::find_iter(self.words.as_bytes(), pattern.as_bytes()) {
            // The word the match starts in: the last that starts at or before it.
            let at = (at + lead) as u32;
            let w = self.starts.partition_point(|&s| s <= at);
            if let Some(w) = w.checked_sub(1)
                && found.last() != Some(&w)
            {
                found.push(w);
            }
        }
        found
    }

    /// Appends the places of word `w`.
    fn places_of(&self, w: usize, out: &mut Vec<u32>) {
        let Some(list) = self.lists.get(w) else {
            return;
        };
        let mut bytes = list.gaps.iter();
        let mut place = 0u32;
        for k in 0..list.count {
            let gap = read_varint(&mut bytes);
            place = if k == 0 { gap } else { place + gap };
            out.push(place);
        }
    }

    /// Bytes held, for the performance notes.
    pub fn heap_bytes(&self) -> usize {
        let word_table =
            self.ids.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1) + self.words.len();
        self.places.capacity() * std::mem::size_of::<(u32, Packed)>()
            + self.words.capacity()
            + self.starts.capacity() * 4
            + self.lists.capacity() * std::mem::size_of::<Postings>()
            + self.lists.iter().map(|l| l.gaps.capacity()).sum::<usize>()
            + word_table
    }
}

/// The words of a run of briefings, found apart from the index (on the
/// thread that loaded them) and joined to it in order. Briefings and places
/// are numbered from the run's first.
#[derive(Debug, Clone, Default)]
pub struct Words {
    briefings: usize,
    places: Vec<(u32, Packed)>,
    words: Vec<Box<str>>,
    /// Per word: the places holding it, ascending, each once.
    lists: Vec<Vec<u32>>,
}

impl Words {
    pub fn of<'a>(briefings: impl IntoIterator<Item = &'a Briefing>) -> Words {
        let mut places = Vec::new();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        let mut ids: foldhash::HashMap<Box<str>, usize> = foldhash::HashMap::default();
        let mut folded = String::new();
        let mut count = 0;
        for (i, b) in briefings.into_iter().enumerate() {
            count = i + 1;
            for spot in Spot::all(b) {
                let t = spot.text(b);
                if t.is_empty() {
                    continue;
                }
                let number = places.len() as u32;
                places.push((i as u32, Packed::new(spot)));
                folded.clear();
                text::fold_for_match_into(t, &mut folded);
                for word in folded.split(' ').filter(|w| !w.is_empty()) {
                    let w = match ids.get(word) {
                        Some(&w) => w,
                        None => {
                            ids.insert(word.into(), lists.len());
                            lists.push(Vec::new());
                            lists.len() - 1
                        }
                    };
                    if lists[w].last() != Some(&number) {
                        lists[w].push(number);
                    }
                }
            }
        }
        // The prose was read through the store's map: let its pages go.
        crate::briefing::stow::release();
        let mut words: Vec<(Box<str>, usize)> = ids.into_iter().collect();
        words.sort_unstable_by_key(|&(_, w)| w);
        Words {
            briefings: count,
            places,
            words: words.into_iter().map(|(word, _)| word).collect(),
            lists,
        }
    }

    /// How many briefings these are the words of.
    pub fn briefings(&self) -> usize {
        self.briefings
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut std::slice::Iter<'_, u8>) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    for &b in bytes {
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_spot_is_the_spot() {
        let mut spots = vec![Spot::Title, Spot::Summary, Spot::Outlet];
        for n in [0usize, 1, 37, NUMBER as usize] {
            spots.extend([
                Spot::Tag(n as u32),
                Spot::Place(Place::Paragraph(n)),
                Spot::Place(Place::Claim(n)),
                Spot::Place(Place::Source(n)),
                Spot::Place(Place::Expert(n)),
                Spot::Place(Place::Caveat(n)),
            ]);
        }
        for spot in spots {
            assert_eq!(Packed::new(spot).spot(), spot);
        }
        assert_eq!(std::mem::size_of::<(u32, Packed)>(), 8);
    }

    use crate::briefing::{Library, Limits};

    #[test]
    fn an_index_joined_batch_by_batch_is_the_index_built_at_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = Library::load(&[root], &Limits::default());
        let all = &library.briefings;
        let whole = Index::new(all);
        let mut joined = Index::default();
        for batch in all.chunks(3) {
            joined.join(Words::of(batch));
        }
        let mut caught_up = Index::default();
        caught_up.catch_up(&all[..all.len() / 2]);
        caught_up.catch_up(all);
        assert_eq!(joined.briefings(), all.len());
        assert_eq!(caught_up.briefings(), all.len());
        for q in [
            "apt31",
            "the",
            "home routers",
            "ministry of",
            "e",
            "nowhere at all",
        ] {
            let want = super::super::scan(all, q);
            assert_eq!(whole.search(all, q), want, "{q}");
            assert_eq!(joined.search(all, q), want, "{q}");
            assert_eq!(caught_up.search(all, q), want, "{q}");
        }
        assert_eq!(
            joined.words, whole.words,
            "the same words, in the order met"
        );
    }

    /// A title word, a tag, an article phrase, a source's name (which `/`
    /// does not look in), nothing: the briefings holding each are those
    /// `text_matches` names, also for an index of half the library.
    #[test]
    fn briefings_holding_a_phrase_are_those_text_matches_names() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
        let library = Library::load(&[root], &Limits::default());
        let all = &library.briefings;
        let whole = Index::new(all);
        let half = Index::new(&all[..all.len() / 2]);
        let title_word = all[0]
            .title
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_owned();
        let tag = all
            .iter()
            .flat_map(|b| &b.tags)
            .next()
            .cloned()
            .unwrap_or_default();
        let source = all
            .iter()
            .flat_map(|b| &b.sources)
            .next()
            .map(|s| s.name.clone());
        let mut queries = vec![
            title_word,
            tag,
            "home routers".into(),
            "nowhere at all".into(),
            " ".into(),
        ];
        queries.extend(source);
        let mut some = 0;
        for q in &queries {
            let want: Vec<bool> = all
                .iter()
                .map(|b| crate::query::text_matches(b, q))
                .collect();
            some += want.iter().filter(|w| **w).count();
            assert_eq!(whole.briefings_holding(all, q), want, "{q}");
            assert_eq!(half.briefings_holding(all, q), want, "{q}, half indexed");
        }
        assert!(some > all.len(), "the queries are found somewhere");
    }

    #[test]
    fn varints_read_back_what_was_written() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        let mut bytes = Vec::new();
        for n in numbers {
            push_varint(&mut bytes, n);
        }
        let mut it = bytes.iter();
        let back: Vec<u32> = numbers.iter().map(|_| read_varint(&mut it)).collect();
        assert_eq!(back, numbers);
        assert!(it.next().is_none());
    }
}
