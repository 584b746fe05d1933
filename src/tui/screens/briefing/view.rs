//! Drawing the briefing screen: the title row, the article, the lists, the status row.

use ratatui::Frame;

use super::State;
use crate::tui::keymap::Context;
use crate::tui::shared::Shared;
use crate::tui::widgets::chrome::{header_with_badge, status};

pub fn view(r: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let Some(b) = r.briefing(shared) else {
        return;
    };
    let layout = r.layout(shared);
    let date = b.date_words().unwrap_or_default();
    let tlp = b.tlp.map(|t| {
        (
            format!("TLP:{}", t.word().to_uppercase()),
            shared.theme.tlp(t),
        )
    });
    let outlet = b.outlet.as_deref().unwrap_or("");
    // Under a filter the header says what is filtered instead of where from.
    let right = r.filter_summary(shared).unwrap_or_else(|| {
        [outlet, date.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    });
    // The link, where it fits after the rest; a file that fails since it
    // changed says so instead, as the last good version is what shows.
    let right = match (shared.stale.get(&b.path), b.url.as_deref()) {
        (Some(first), _) => format!("⚠ last good version · {first}"),
        (None, Some(url)) if right.is_empty() => url.to_owned(),
        (None, Some(url)) => format!("{right} · {url}"),
        (None, None) => right,
    };
    let badge = tlp.as_ref().map(|(words, style)| (words.as_str(), *style));
    header_with_badge(shared, frame, layout.header, &b.title, badge, &right);
    super::article::draw(r, shared, frame, layout.article);
    super::lists::draw(r, shared, frame, &layout);
    let position = match r.marks_of(shared).map(|m| m.tally(b)) {
        Some(t) if t.marked + t.orphaned > 0 => format!("★ {t} "),
        _ => String::new(),
    };
    status(
        shared,
        frame,
        layout.status,
        hints,
        Some(&r.search.query),
        &position,
    );
}
