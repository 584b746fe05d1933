//! How an item of a briefing reads in a line: its essentials, its id and its
//! text, the same in the lists and in the detail popup.

use crate::briefing::Briefing;
use crate::briefing::links::Item;
use crate::text;

/// `2 sources`, or `4 sources · 1 origin` where some relay others.
fn basis(b: &Briefing, c: &crate::briefing::Claim) -> String {
    let sources = c.sources.len();
    let origins = crate::briefing::origins::Origins::new(b)
        .of_claim(b, c)
        .len();
    if origins < sources {
        format!(
            "{} · {}",
            text::count(sources, "source", "sources"),
            text::count(origins, "origin", "origins")
        )
    } else {
        text::count(sources, "source", "sources")
    }
}

/// An item's essentials at a glance, its id, and its text.
pub fn describe(b: &Briefing, item: Item) -> (String, String, String) {
    match item {
        Item::Claim(i) => {
            let Some(c) = b.claims.get(i) else {
                return Default::default();
            };
            let mut words: Vec<String> = Vec::new();
            if c.kind == crate::briefing::model::ClaimKind::Assessment {
                words.push("◆ assessment".into());
            }
            words.push(c.likelihood.map_or("no likelihood", |l| l.word()).into());
            if let Some(k) = c.confidence {
                words.push(k.word().into());
            }
            words.push(basis(b, c));
            (words.join(" · "), c.id.to_string(), c.text.to_string())
        }
        Item::Source(i) => {
            let Some(s) = b.sources.get(i) else {
                return Default::default();
            };
            let kind = s.kind.map_or("source", |k| k.word());
            let grade = s.reliability.map_or("ungraded", |r| r.word());
            // Where a source got its information: `via Reuters`.
            let via = s
                .derived_from
                .of(&b.sources)
                .next()
                .map_or(String::new(), |x| format!(" · via {}", x.name));
            (
                format!("{grade} · {kind}{via}"),
                s.id.to_string(),
                s.name.clone(),
            )
        }
        Item::Expert(i) => {
            let Some(e) = b.experts.get(i) else {
                return Default::default();
            };
            let stance = e.stance.map_or("no stance", |s| s.word());
            let who = match &e.affiliation {
                Some(a) => format!("{}, {a}", e.name),
                None => e.name.to_string(),
            };
            (
                format!("{stance} · {who}"),
                e.id.to_string(),
                e.says.as_deref().unwrap_or_default().to_string(),
            )
        }
        Item::Caveat(i) => {
            let Some(k) = b.caveats.get(i) else {
                return Default::default();
            };
            let applies: Vec<&str> = k.applies_to.ids(&b.claims).collect();
            let to = if applies.is_empty() {
                "general".to_string()
            } else {
                format!("on {}", applies.join(", "))
            };
            (to, k.id.to_string(), k.text.to_string())
        }
    }
}

/// "CZ Czechia": the code and the country's name, when the code is known.
pub fn country_name(code: &str) -> String {
    match celes::Country::from_alpha2(code) {
        Ok(c) => format!("{code} {}", c.long_name),
        Err(_) => code.to_owned(),
    }
}

/// What a mark or note on an item is filed under.
pub fn target_of(b: &Briefing, item: Item) -> Option<crate::marks::Target> {
    use crate::marks::{Kind, Target};
    Some(match item {
        Item::Claim(i) => Target::new(Kind::Claim, &b.claims.get(i)?.id),
        Item::Source(i) => Target::new(Kind::Source, &b.sources.get(i)?.id),
        Item::Expert(i) => Target::new(Kind::Expert, &b.experts.get(i)?.id),
        Item::Caveat(i) => Target::new(Kind::Caveat, &b.caveats.get(i)?.id),
    })
}
