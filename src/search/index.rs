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

/// The words of a library and where they occur.
#[derive(Debug, Default)]
pub struct Index {
    /// Every place with text, in the order [`super::scan`] visits them: its
    /// briefing and the place. A place's number is its position here.
    places: Vec<(u32, Place)>,
    /// The distinct words, each between line breaks (`\nword\n...`), which
    /// folded text never holds, so a search can ask for a whole word, its
    /// start or its end.
    words: String,
    /// Where each word starts in `words` (after its line break), ascending.
    starts: Vec<u32>,
    /// Per word: the number of places holding it, and where its gaps start in `gaps`.
    lists: Vec<(u32, u32)>,
    /// Every word's places as varint gaps, one word after another.
    gaps: Vec<u8>,
}

/// How a phrase word must stand in a word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Anywhere,
    Ending,
    Starting,
    Whole,
}

impl Index {
    /// Folds and indexes every place of `briefings`, in pieces on every core.
    pub fn new(briefings: &[Briefing]) -> Index {
        // Each piece numbers its places from its first; pieces are joined in order.
        let pieces: Vec<Piece> = briefings
            .par_chunks(256)
            .enumerate()
            .map(|(k, chunk)| Piece::new(chunk, k * 256))
            .collect();
        let mut index = Index::default();
        let mut words: foldhash::HashMap<Box<str>, usize> = foldhash::HashMap::default();
        // Per word while joining: its places' count, last place and gaps.
        let mut joined: Vec<(u32, u32, Vec<u8>)> = Vec::new();
        for piece in pieces {
            let base = index.places.len() as u32;
            index.places.extend(piece.places);
            for (word, list) in piece.words.into_iter().zip(piece.lists) {
                let w = match words.get(word.as_ref()) {
                    Some(&w) => w,
                    None => {
                        words.insert(word, joined.len());
                        joined.push((0, 0, Vec::new()));
                        joined.len() - 1
                    }
                };
                let (count, last, gaps) = &mut joined[w];
                for place in list.places() {
                    let place = base + place;
                    // Gaps from the word's previous place: the first is the number itself.
                    push_varint(gaps, if *count == 0 { place } else { place - *last });
                    *last = place;
                    *count += 1;
                }
            }
        }
        // One string of words and one array of gaps, in the order words were met.
        let mut by_id: Vec<(&str, usize)> = words.iter().map(|(k, &v)| (k.as_ref(), v)).collect();
        by_id.sort_unstable_by_key(|&(_, w)| w);
        index.words.push('\n');
        for (word, w) in by_id {
            index.starts.push(index.words.len() as u32);
            index.words.push_str(word);
            index.words.push('\n');
            let (count, _, gaps) = &joined[w];
            index.lists.push((*count, index.gaps.len() as u32));
            index.gaps.extend_from_slice(gaps);
        }
        index.places.shrink_to_fit();
        index.words.shrink_to_fit();
        index.gaps.shrink_to_fit();
        index
    }

    /// The same hits as [`super::scan`], in the same order.
    pub fn search(&self, briefings: &[Briefing], query: &str) -> Vec<Hit> {
        let needle = text::fold_for_match(query);
        let needle = needle.trim();
        if needle.is_empty() {
            return Vec::new();
        }
        let places = self.candidates(needle);
        let hits: Vec<Vec<Hit>> = places
            .par_chunks(512)
            .map(|chunk| {
                let mut hits = Vec::new();
                for &p in chunk {
                    let Some(&(b, place)) = self.places.get(p as usize) else {
                        continue;
                    };
                    let Some(briefing) = briefings.get(b as usize) else {
                        continue;
                    };
                    for (start, end) in text::find_folded(place.text(briefing), needle) {
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
                let count: u64 = words.iter().map(|&w| u64::from(self.lists[w].0)).sum();
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
        let (count, from) = self.lists[w];
        let mut bytes = self.gaps.get(from as usize..).unwrap_or(&[]).iter();
        let mut place = 0u32;
        for k in 0..count {
            let gap = read_varint(&mut bytes);
            place = if k == 0 { gap } else { place + gap };
            out.push(place);
        }
    }

    /// Bytes held, for the performance notes.
    pub fn heap_bytes(&self) -> usize {
        self.places.capacity() * std::mem::size_of::<(u32, Place)>()
            + self.words.capacity()
            + self.starts.capacity() * 4
            + self.lists.capacity() * 8
            + self.gaps.capacity()
    }
}

/// The words of a run of briefings, their places numbered from the run's first.
struct Piece {
    places: Vec<(u32, Place)>,
    words: Vec<Box<str>>,
    lists: Vec<PlaceList>,
}

/// A word's places in a piece: ascending, each once.
#[derive(Default)]
struct PlaceList(Vec<u32>);

impl PlaceList {
    fn add(&mut self, place: u32) {
        if self.0.last() != Some(&place) {
            self.0.push(place);
        }
    }

    fn places(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().copied()
    }
}

impl Piece {
    fn new(briefings: &[Briefing], first: usize) -> Piece {
        let mut places = Vec::new();
        let mut lists: Vec<PlaceList> = Vec::new();
        let mut ids: foldhash::HashMap<Box<str>, usize> = foldhash::HashMap::default();
        let mut folded = String::new();
        for (i, b) in briefings.iter().enumerate() {
            for place in Place::all(b) {
                let t = place.text(b);
                if t.is_empty() {
                    continue;
                }
                let number = places.len() as u32;
                places.push(((first + i) as u32, place));
                folded.clear();
                text::fold_for_match_into(t, &mut folded);
                for word in folded.split(' ').filter(|w| !w.is_empty()) {
                    let w = match ids.get(word) {
                        Some(&w) => w,
                        None => {
                            ids.insert(word.into(), lists.len());
                            lists.push(PlaceList::default());
                            lists.len() - 1
                        }
                    };
                    lists[w].add(number);
                }
            }
        }
        let mut words: Vec<(Box<str>, usize)> = ids.into_iter().collect();
        words.sort_unstable_by_key(|&(_, w)| w);
        Piece {
            places,
            words: words.into_iter().map(|(word, _)| word).collect(),
            lists,
        }
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
