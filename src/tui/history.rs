//! Where the reader has been, for `Ctrl-o` (back) and its forward key, as
//! vim's jump list: every move to another screen, briefing or item (an
//! `Outcome::Go` other than Back) records the
//! place it left; going back records the place it leaves as the way forward.
//!
//! A place names the open briefing and item by id, not by index, so it still
//! leads somewhere after the library reloads and renumbers its briefings.
//! Pure: the app moves it, and rebuilds the screens a place describes.

use crate::marks::Target;

/// Where the reader was. `N` is the app's move between screens
/// (`outcome::Nav`), kept abstract here so history depends on nothing of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<N> {
    /// The screens over the library, as the moves that built them.
    pub route: Vec<N>,
    /// The briefing open then, by id.
    pub briefing: Option<String>,
    /// The item selected in it, by id.
    pub item: Option<Target>,
}

impl<N> Place<N> {
    /// The library with nothing over it.
    pub fn library() -> Place<N> {
        Place {
            route: Vec::new(),
            briefing: None,
            item: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<N> {
    back: Vec<Place<N>>,
    forward: Vec<Place<N>>,
}

impl<N> Default for History<N> {
    fn default() -> Self {
        History {
            back: Vec::new(),
            forward: Vec::new(),
        }
    }
}

/// How many places are kept each way; the oldest go first.
pub const LIMIT: usize = 100;

impl<N: PartialEq> History<N> {
    /// Before a move: `here` is where back leads, and the way forward is gone,
    /// as in a browser. Moving in place (the same place twice) is not recorded.
    pub fn visit(&mut self, here: Place<N>) {
        self.forward.clear();
        push(&mut self.back, here);
    }

    /// `Ctrl-o`: the place to go back to, with `here` kept as the way forward.
    pub fn back(&mut self, here: Place<N>) -> Option<Place<N>> {
        step(&mut self.back, &mut self.forward, here)
    }

    /// The forward key: undoes a `back`.
    pub fn forward(&mut self, here: Place<N>) -> Option<Place<N>> {
        step(&mut self.forward, &mut self.back, here)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }
}

fn push<N: PartialEq>(list: &mut Vec<Place<N>>, place: Place<N>) {
    if list.last() == Some(&place) {
        return;
    }
    list.push(place);
    if list.len() > LIMIT {
        list.remove(0);
    }
}

/// Takes a place from `from`, skipping any equal to `here` (going back to
/// where one is would look like a key that does nothing), and leaves
/// `here` on `to`.
fn step<N: PartialEq>(
    from: &mut Vec<Place<N>>,
    to: &mut Vec<Place<N>>,
    here: Place<N>,
) -> Option<Place<N>> {
    while let Some(place) = from.pop() {
        if place != here {
            push(to, here);
            return Some(place);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Kind;

    fn at(briefing: &str, claim: &str) -> Place<u8> {
        Place {
            route: vec![1],
            briefing: Some(briefing.into()),
            item: Some(Target::new(Kind::Claim, claim)),
        }
    }

    #[test]
    fn back_returns_the_places_left_in_reverse_and_forward_retraces_them() {
        let mut h = History::<u8>::default();
        h.visit(Place::library());
        h.visit(at("a", "c1"));
        let here = at("b", "c2");
        assert_eq!(h.back(here.clone()), Some(at("a", "c1")));
        assert_eq!(h.back(at("a", "c1")), Some(Place::library()));
        assert_eq!(h.back(Place::library()), None, "nothing before the start");
        assert_eq!(h.forward(Place::library()), Some(at("a", "c1")));
        assert_eq!(h.forward(at("a", "c1")), Some(here));
        assert_eq!(h.forward(at("b", "c2")), None);
    }

    #[test]
    fn a_new_move_after_going_back_drops_the_way_forward() {
        let mut h = History::<u8>::default();
        h.visit(at("a", "c1"));
        assert!(h.back(at("b", "c1")).is_some());
        assert!(h.can_go_forward());
        h.visit(at("a", "c1"));
        assert!(!h.can_go_forward());
        assert_eq!(h.forward(at("c", "c1")), None);
    }

    #[test]
    fn the_same_place_twice_is_one_step_and_the_place_one_is_at_is_skipped() {
        let mut h = History::<u8>::default();
        h.visit(at("a", "c1"));
        h.visit(at("a", "c1"));
        h.visit(at("a", "c2"));
        assert_eq!(
            h.back(at("a", "c2")),
            Some(at("a", "c1")),
            "c2 is here: skipped"
        );
        assert_eq!(h.back(at("a", "c1")), None);
    }

    #[test]
    fn history_keeps_the_latest_places_up_to_its_limit() {
        let mut h = History::<u8>::default();
        for i in 0..LIMIT + 10 {
            h.visit(at("a", &format!("c{i}")));
        }
        let mut n = 0;
        let mut here = at("z", "z");
        while let Some(p) = h.back(here.clone()) {
            here = p;
            n += 1;
        }
        assert_eq!(n, LIMIT);
        assert_eq!(here, at("a", "c10"), "the oldest ten went");
    }
}
