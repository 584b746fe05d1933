//! Countries: ISO 3166-1 alpha-2 codes from the celes tables, the names
//! people actually type ("UK", "Britain", "Czech Republic"), and the short
//! names shown on screen.

use crate::text;

/// Names people use that the ISO tables do not list, folded, with their code.
const COMMON_NAMES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("u k", "GB"),
    ("britain", "GB"),
    ("great britain", "GB"),
    ("united kingdom", "GB"),
    ("us", "US"),
    ("u s", "US"),
    ("u s a", "US"),
    ("czech republic", "CZ"),
    ("prc", "CN"),
    ("peoples republic of china", "CN"),
    ("mainland china", "CN"),
    ("turkey", "TR"),
    ("turkiye", "TR"),
];

/// Short names for countries whose ISO name is long or formal.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("RU", "Russia"),
    ("KR", "South Korea"),
    ("KP", "North Korea"),
    ("IR", "Iran"),
    ("TW", "Taiwan"),
    ("VN", "Vietnam"),
    ("SY", "Syria"),
    ("VE", "Venezuela"),
    ("BO", "Bolivia"),
    ("TZ", "Tanzania"),
    ("MD", "Moldova"),
    ("LA", "Laos"),
    ("NL", "Netherlands"),
    ("PH", "Philippines"),
    ("AE", "United Arab Emirates"),
];

/// Is `code` an assigned ISO 3166-1 alpha-2 code, in capitals?
pub fn is_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && celes::Country::from_alpha2(code).is_ok()
}

/// The alpha-2 code a person means by `query`: a code in any case, an
/// alpha-3 code, the ISO name, or a common name; diacritics, case and
/// punctuation do not matter.
pub fn resolve(query: &str) -> Option<&'static str> {
    let folded = text::fold(query);
    if let Some((_, code)) = COMMON_NAMES.iter().find(|(name, _)| *name == folded) {
        return Some(code);
    }
    let squeezed = folded.replace(' ', "");
    let country = match squeezed.len() {
        2 => celes::Country::from_alpha2(&squeezed),
        3 => celes::Country::from_alpha3(&squeezed),
        _ => squeezed.parse::<celes::Country>(),
    };
    country.ok().map(|c| c.alpha2)
}

/// The name to show for a code: short and familiar ("United Kingdom").
pub fn name(code: &str) -> String {
    if let Some((_, short)) = SHORT_NAMES.iter().find(|(c, _)| *c == code) {
        return (*short).to_owned();
    }
    match celes::Country::from_alpha2(code) {
        Ok(c) => c
            .long_name
            .strip_prefix("The ")
            .unwrap_or(c.long_name)
            .to_owned(),
        Err(_) => code.to_owned(),
    }
}

/// Every code with its short name, for "did you mean" suggestions.
pub fn all() -> impl Iterator<Item = (&'static str, String)> {
    celes::Country::get_countries()
        .into_iter()
        .map(|c| (c.alpha2, name(c.alpha2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_names_and_common_names() {
        for (query, code) in [
            ("CZ", "CZ"),
            ("cz", "CZ"),
            ("CZE", "CZ"),
            ("Czechia", "CZ"),
            ("Czech Republic", "CZ"),
            ("czech-republic", "CZ"),
            ("UK", "GB"),
            ("Britain", "GB"),
            ("Great Britain", "GB"),
            ("United Kingdom", "GB"),
            ("GB", "GB"),
            ("United States", "US"),
            ("USA", "US"),
            ("Russia", "RU"),
            ("Norway", "NO"),
            ("no", "NO"),
            ("Türkiye", "TR"),
        ] {
            assert_eq!(resolve(query), Some(code), "{query}");
        }
        assert_eq!(resolve("Atlantis"), None);
        assert_eq!(resolve("EU"), None, "the EU is not a country");
    }

    #[test]
    fn names_are_short_and_familiar() {
        assert_eq!(name("GB"), "United Kingdom");
        assert_eq!(name("CZ"), "Czechia");
        assert_eq!(name("CN"), "China");
        assert_eq!(name("XX"), "XX");
    }

    #[test]
    fn only_assigned_upper_case_codes_are_codes() {
        assert!(is_code("CZ"));
        assert!(!is_code("cz"));
        assert!(!is_code("UK"));
        assert!(!is_code("CZE"));
    }
}
