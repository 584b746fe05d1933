//! What the reader hands to other programs: a link to open, text to copy,
//! the briefing file to edit. Pure: these decide what to hand over and ask
//! for it as an [`Effect`]; the event loop (`tui::terminal`, `tui::effects`)
//! does the spawning and the writing to the terminal.
//!
//! URLs come from files someone else wrote, so only `http` and `https` are
//! opened: a `file:` or `javascript:` link, or a scheme a desktop maps to a
//! program, is refused with a message.

use super::action::Effect;
use super::shared::Shared;
use crate::briefing::Briefing;
use crate::briefing::links::Item;
use crate::text;
use crate::tui::widgets::items::describe;

/// Whether a URL may be opened: `http://` or `https://` with something after.
pub fn check_url(url: &str) -> Result<&str, String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.chars().any(char::is_control) => Ok(url),
        _ => Err(text::clean(&format!(
            "not opened: only http and https links are opened, and this is {}",
            text::one_line(url)
        ))),
    }
}

/// Asks to open `url`, or says why not.
pub fn open_url(shared: &mut Shared, url: Option<&str>) {
    let Some(url) = url else {
        shared.message = Some("no link to open here".into());
        return;
    };
    match check_url(url) {
        Ok(url) => {
            shared.message = Some(text::clean(&format!("opening {url}")));
            shared.effects.push(Effect::OpenUrl(url.to_owned()));
        }
        Err(why) => shared.message = Some(why),
    }
}

/// The link of an item: a source's own; for anything else, the briefing's.
pub fn url_of(b: &Briefing, item: Option<Item>) -> Option<&str> {
    if let Some(Item::Source(i)) = item
        && let Some(u) = b.sources.get(i).and_then(|s| s.url.as_deref())
    {
        return Some(u);
    }
    b.url.as_deref()
}

/// What `same_as` takes: `briefing-id#c3`, or the briefing's id alone.
pub fn reference(b: &Briefing, item: Option<Item>) -> String {
    let id = item.and_then(|item| {
        Some(match item {
            Item::Claim(i) => b.claims.get(i)?.id.to_string(),
            Item::Source(i) => b.sources.get(i)?.id.to_string(),
            Item::Expert(i) => b.experts.get(i)?.id.to_string(),
            Item::Caveat(i) => b.caveats.get(i)?.id.to_string(),
        })
    });
    match id {
        Some(id) => format!("{}#{id}", b.id),
        None => b.id.to_string(),
    }
}

/// The item as text to paste into a report: a claim with its quote,
/// likelihood and sources; the briefing's title, outlet, date and summary
/// when no item is given.
pub fn as_text(b: &Briefing, item: Option<Item>) -> String {
    let Some(item) = item else {
        let mut out = b.title.clone();
        let from: Vec<String> = [b.outlet.clone(), b.date_words()]
            .into_iter()
            .flatten()
            .collect();
        if !from.is_empty() {
            out += &format!(" ({})", from.join(", "));
        }
        if let Some(u) = &b.url {
            out += &format!("\n{u}");
        }
        if let Some(s) = &b.summary {
            out += &format!("\n\n{}", text::flow(s));
        }
        return out;
    };
    let (essentials, id, body) = describe(b, item);
    let mut out = format!("{} ({id}, {}): {essentials}", text::flow(&body), b.id);
    if let Item::Claim(i) = item
        && let Some(c) = b.claims.get(i)
    {
        if let Some(a) = &c.anchor {
            out += &format!("\nQuote: “{}”", text::flow(&a.quote.value));
        }
        let sources: Vec<String> = c
            .sources
            .of(&b.sources)
            .map(|s| {
                let grade = s.reliability.map_or("ungraded", |r| r.word());
                match &s.url {
                    Some(u) => format!("{} ({grade}) {u}", s.name),
                    None => format!("{} ({grade})", s.name),
                }
            })
            .collect();
        if !sources.is_empty() {
            out += &format!("\nSources: {}", sources.join("; "));
        }
    }
    if let Item::Source(i) = item
        && let Some(u) = b.sources.get(i).and_then(|s| s.url.as_deref())
    {
        out += &format!("\n{u}");
    }
    out
}

/// Asks the terminal to copy `content`; the status line says what.
pub fn copy(shared: &mut Shared, content: String, what: String) {
    shared.message = Some(text::clean(&format!("copied {what}")));
    shared.effects.push(Effect::Copy(content));
}

/// `y`: the item (or the briefing) as text.
pub fn copy_text(shared: &mut Shared, briefing: usize, item: Option<Item>) {
    let Some(b) = shared.library.briefings.get(briefing) else {
        return;
    };
    let content = as_text(b, item);
    let what = format!("{} as text · yu copies its link", reference(b, item));
    copy(shared, content, what);
    shared.yank_pending = true;
}

/// `Y`: the reference.
pub fn copy_reference(shared: &mut Shared, briefing: usize, item: Option<Item>) {
    let Some(b) = shared.library.briefings.get(briefing) else {
        return;
    };
    let r = reference(b, item);
    copy(shared, r.clone(), r);
}

/// `yu`: the link.
pub fn copy_url(shared: &mut Shared, briefing: usize, item: Option<Item>) {
    let Some(b) = shared.library.briefings.get(briefing) else {
        return;
    };
    match url_of(b, item).map(str::to_owned) {
        Some(u) => copy(shared, u.clone(), u),
        None => shared.message = Some("no link to copy here".into()),
    }
}

/// `O`: the item's link (a source's), else the briefing's.
pub fn open(shared: &mut Shared, briefing: usize, item: Option<Item>) {
    let url = shared
        .library
        .briefings
        .get(briefing)
        .and_then(|b| url_of(b, item))
        .map(str::to_owned);
    open_url(shared, url.as_deref());
}

/// The line of the file where an item is written (1 for the briefing itself).
pub fn line_of_item(b: &Briefing, item: Option<Item>) -> usize {
    let pos = item.and_then(|item| match item {
        Item::Claim(i) => b.claims.get(i).map(|c| c.pos),
        Item::Source(i) => b.sources.get(i).map(|s| s.pos),
        Item::Expert(i) => b.experts.get(i).map(|e| e.pos),
        Item::Caveat(i) => b.caveats.get(i).map(|k| k.pos),
    });
    pos.map_or(1, |p| usize::try_from(p.line).unwrap_or(1).max(1))
}

/// `e`: the briefing file in the user's editor, at the item's line.
pub fn edit(shared: &mut Shared, briefing: usize, item: Option<Item>) {
    let Some(b) = shared.library.briefings.get(briefing) else {
        return;
    };
    let effect = Effect::Edit {
        path: b.path.clone(),
        line: line_of_item(b, item),
    };
    shared.effects.push(effect);
}

/// `e` on a file that did not load: the file at its first error, to fix it.
pub fn edit_failure(shared: &mut Shared, failure: usize) {
    let Some(f) = shared.library.failures.get(failure) else {
        return;
    };
    let line = f
        .first_error()
        .map_or(1, |d| usize::try_from(d.line).unwrap_or(1).max(1));
    let effect = Effect::Edit {
        path: f.path.clone(),
        line,
    };
    shared.effects.push(effect);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load::load_bytes;
    use std::path::Path;

    fn briefing() -> Briefing {
        let src = "format: debrief/1\nid: b1\ntitle: T\npublished: 2025-01-02\nurl: https://example.org/story\narticle:\n  - text: The ministry traced it back to APT31.\nsources:\n  - id: s1\n    name: Wire\n    reliability: B\n    url: file:///etc/passwd\nclaims:\n  - id: c1\n    text: It was APT31.\n    quote: traced it back\n    confidence: likely\n    sources: [s1]\n";
        let loaded = load_bytes(Path::new("b1.yaml"), src.as_bytes());
        loaded.briefing.expect("loads")
    }

    #[test]
    fn only_http_and_https_links_are_opened() {
        assert!(check_url("https://example.org/x").is_ok());
        assert!(check_url("HTTP://example.org").is_ok());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "ftp://x",
            "ssh://h",
            "",
        ] {
            let why = check_url(bad).expect_err(bad);
            assert!(why.contains("only http and https"), "{why}");
        }
    }

    #[test]
    fn references_text_and_links_of_items() {
        let b = briefing();
        assert_eq!(reference(&b, Some(Item::Claim(0))), "b1#c1");
        assert_eq!(reference(&b, None), "b1");
        let t = as_text(&b, Some(Item::Claim(0)));
        assert!(t.starts_with("It was APT31. (c1, b1): likely"), "{t}");
        assert!(t.contains("Quote: “traced it back”"), "{t}");
        assert!(t.contains("Sources: Wire (B) file:///etc/passwd"), "{t}");
        assert_eq!(
            url_of(&b, Some(Item::Source(0))),
            Some("file:///etc/passwd")
        );
        assert_eq!(
            url_of(&b, Some(Item::Claim(0))),
            Some("https://example.org/story")
        );
        assert_eq!(
            line_of_item(&b, Some(Item::Claim(0))),
            14,
            "the line of `- id: c1`"
        );
        assert_eq!(line_of_item(&b, None), 1);
    }
}
