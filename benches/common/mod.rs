//! What more than one bench needs, included with `#[path]`.

use std::collections::{HashMap, HashSet};

use debrief::briefing::Briefing;
use debrief::text;

/// The word (of five letters or more) whose share of the paragraphs of
/// `briefings` is nearest 1%: the word, how many paragraphs hold it, and
/// how many there are.
pub fn word_in_one_percent<'a>(
    briefings: impl IntoIterator<Item = &'a Briefing>,
) -> (String, usize, usize) {
    let mut df: HashMap<String, usize> = HashMap::new();
    let mut paragraphs = 0;
    for b in briefings {
        for p in &b.article {
            paragraphs += 1;
            let words: HashSet<String> = text::fold(&p.text)
                .split(' ')
                .filter(|w| w.len() >= 5 && w.chars().all(char::is_alphabetic))
                .map(str::to_owned)
                .collect();
            for w in words {
                *df.entry(w).or_default() += 1;
            }
        }
    }
    let target = paragraphs / 100;
    let (word, n) = df
        .into_iter()
        .min_by_key(|(w, n)| (n.abs_diff(target), w.clone()))
        .expect("words");
    (word, n, paragraphs)
}
