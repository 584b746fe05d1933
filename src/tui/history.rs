//! Where the reader has been, for `Ctrl-o` (back) and its forward key, as
//! vim's jump list: every move to another screen, briefing or item (an
//! `Outcome::Go` other than Back) records the
//! place it left; going back records the place it leaves as the way forward.
//!
//! A place names the open briefing and item by id, not by index, so it still
//! leads somewhere after the library reloads and renumbers its briefings.
//! Pure: the app moves it, and rebuilds the screens a place describes.

use crate::marks::Target;

/// Where to go: moving between screens is a value, so history can keep a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// Open the briefing at this index of the library.
    Briefing(usize),
    /// The overview of what is under it: the open briefing, or the library.
    Overview,
    /// One screen back (the library stays).
    Back,
    /// Follow a link: this item of the briefing at this index, opening the
    /// briefing in place of the one shown when it is another.
    Item {
        briefing: usize,
        item: crate::briefing::links::Item,
    },
}

/// Where the reader was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The screens over the library, as the moves that built them.
    pub route: Vec<Nav>,
    /// The briefing open then, by id.
    pub briefing: Option<String>,
    /// The item selected in it, by id.
    pub item: Option<Target>,
}

impl Place {
    /// The library with nothing over it.
    pub fn library() -> Place {
        Place {
            route: Vec::new(),
            briefing: None,
            item: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    back: Vec<Place>,
    forward: Vec<Place>,
}

impl History {
    /// Places kept each way; the oldest go first.
    pub const LIMIT: usize = 100;

    /// Before a move: `here` is where back leads, and the way forward is gone,
    /// as in a browser. Moving in place (the same place twice) is not recorded.
    pub fn visit(&mut self, here: Place) {
        self.forward.clear();
        push(&mut self.back, here);
    }

    /// `Ctrl-o`: the place to go back to, with `here` kept as the way forward.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        step(&mut self.back, &mut self.forward, here)
    }

    /// The forward key: undoes a `back`.
    pub fn forward(&mut self, here: Place) -> Option<Place> {
        step(&mut self.forward, &mut self.back, here)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }
}

fn push(list: &mut Vec<Place>, place: Place) {
    if list.last() == Some(&place) {
        return;
    }
    list.push(place);
    if list.len() > History::LIMIT {
        list.remove(0);
    }
}

/// Takes a place from `from`, skipping any equal to `here` (going back to
/// where one is would look like a key that does nothing), and leaves
/// `here` on `to`.
fn step(from: &mut Vec<Place>, to: &mut Vec<Place>, here: Place) -> Option<Place> {
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

    fn at(briefing: &str, claim: &str) -> Place {
        Place {
            route: vec![Nav::Briefing(0)],
            briefing: Some(briefing.into()),
            item: Some(Target::new(Kind::Claim, claim)),
        }
    }

    #[test]
    fn back_returns_the_places_left_in_reverse_and_forward_retraces_them() {
        let mut h = History::default();
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
        let mut h = History::default();
        h.visit(at("a", "c1"));
        assert!(h.back(at("b", "c1")).is_some());
        assert!(h.can_go_forward());
        h.visit(at("a", "c1"));
        assert!(!h.can_go_forward());
        assert_eq!(h.forward(at("c", "c1")), None);
    }

    #[test]
    fn the_same_place_twice_is_one_step_and_the_place_one_is_at_is_skipped() {
        let mut h = History::default();
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
        let mut h = History::default();
        for i in 0..History::LIMIT + 10 {
            h.visit(at("a", &format!("c{i}")));
        }
        let mut n = 0;
        let mut here = at("z", "z");
        while let Some(p) = h.back(here.clone()) {
            here = p;
            n += 1;
        }
        assert_eq!(n, History::LIMIT);
        assert_eq!(here, at("a", "c10"), "the oldest ten went");
    }
}
