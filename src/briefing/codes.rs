//! The country codes a claim names (`countries: [CZ, CN]`).
//!
//! The file writes them with their positions, for [`super::validate`] to
//! report a wrong one where it is; a briefing with a wrong code is refused,
//! so once validated each is two capital letters and only those are kept:
//! up to seven in place, in 16 bytes where a `Vec` took 24 and each code was
//! a heap entry of 32 bytes (docs/PERFORMANCE.md, "Peak memory"). Seven is
//! what fits; a claim seldom names more than three.

use serde::{Deserialize, Serialize};

use super::model::{CountryCode, Located};

/// How many codes are kept in place before the list goes to the heap.
const IN_PLACE: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countries(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Repr {
    /// As decoded, for validation to check. Boxed twice, as `Many` is, so
    /// that the list is 16 bytes, not 24.
    Written(Box<Box<[Located<CountryCode>]>>),
    /// Checked, up to [`IN_PLACE`]: how many, and the codes.
    Few(u8, [[u8; 2]; IN_PLACE]),
    /// Checked, more than [`IN_PLACE`].
    Many(Box<Box<[[u8; 2]]>>),
}

impl Default for Countries {
    fn default() -> Self {
        Countries(Repr::Few(0, [[0; 2]; IN_PLACE]))
    }
}

impl Countries {
    /// The codes as the file writes them, before validation.
    pub fn written(codes: Vec<Located<CountryCode>>) -> Countries {
        if codes.is_empty() {
            Countries::default()
        } else {
            Countries(Repr::Written(Box::new(codes.into_boxed_slice())))
        }
    }

    /// The codes as written, while not yet checked; none after.
    pub fn as_written(&self) -> &[Located<CountryCode>] {
        match &self.0 {
            Repr::Written(codes) => codes,
            Repr::Few(..) | Repr::Many(_) => &[],
        }
    }

    /// Keeps the codes alone, once checked. A code that is not two capital
    /// letters (an error, reported by validation) is left out.
    pub fn settle(&mut self) {
        if let Repr::Written(codes) = &self.0 {
            *self = codes.iter().map(|c| c.value.as_str()).collect();
        }
    }

    fn codes(&self) -> &[[u8; 2]] {
        match &self.0 {
            Repr::Few(n, codes) => &codes[..usize::from(*n).min(IN_PLACE)],
            Repr::Many(codes) => codes,
            Repr::Written(_) => &[],
        }
    }

    /// The codes, in the order written; none before validation.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.codes()
            .iter()
            .filter_map(|c| std::str::from_utf8(c).ok())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.iter().any(|c| c == code)
    }

    /// How many, written or checked.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Written(codes) => codes.len(),
            Repr::Few(..) | Repr::Many(_) => self.codes().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a> FromIterator<&'a str> for Countries {
    /// Checked codes; anything but two capital letters is left out.
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let all: Vec<[u8; 2]> = iter
            .into_iter()
            .filter_map(|c| match c.as_bytes() {
                &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some([a, b]),
                _ => None,
            })
            .collect();
        if all.len() <= IN_PLACE {
            let mut codes = [[0; 2]; IN_PLACE];
            codes[..all.len()].copy_from_slice(&all);
            // At most IN_PLACE, which fits a u8.
            Countries(Repr::Few(all.len() as u8, codes))
        } else {
            Countries(Repr::Many(Box::new(all.into_boxed_slice())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::model::Pos;

    #[test]
    fn settled_codes_keep_their_order_and_drop_what_is_not_a_code() {
        let written = |codes: &[&str]| {
            Countries::written(
                codes
                    .iter()
                    .map(|c| Located {
                        value: (*c).into(),
                        pos: Pos::default(),
                    })
                    .collect(),
            )
        };
        let mut c = written(&["CZ", "cn", "Czechia", "GB"]);
        assert_eq!(c.len(), 4);
        assert_eq!(c.iter().count(), 0, "nothing read before validation");
        c.settle();
        assert_eq!(c.iter().collect::<Vec<_>>(), ["CZ", "GB"]);
        assert!(c.as_written().is_empty() && c.contains("GB") && !c.contains("CN"));
        let many: Vec<String> = (b'A'..=b'L').map(|x| format!("C{}", x as char)).collect();
        let mut c = written(&many.iter().map(String::as_str).collect::<Vec<_>>());
        c.settle();
        assert!(matches!(c.0, Repr::Many(_)));
        assert_eq!(c.iter().collect::<Vec<_>>(), many);
    }

    #[test]
    fn a_claims_codes_take_two_thirds_of_a_vec() {
        assert_eq!(std::mem::size_of::<Countries>(), 16);
    }
}
