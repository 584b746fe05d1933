//! Drawing the briefing screen: the title row, the article, the lists, the status row.

use ratatui::Frame;

use super::State;
use crate::tui::keymap::Context;
use crate::tui::shared::Shared;
use crate::tui::widgets::chrome::{header_with_tlp, status};

pub fn view(r: &State, shared: &Shared, frame: &mut Frame, hints: Context) {
    let Some(b) = r.briefing(shared) else {
        return;
    };
    let layout = r.layout(shared);
    let date = b.date_words().unwrap_or_default();
    let outlet = b.outlet.as_deref().unwrap_or("");
    // Under a filter the header says what is filtered instead of where from.
    let filtered = r.filter_summary(shared);
    let tlp = b.tlp.filter(|_| filtered.is_none());
    let right = filtered.unwrap_or_else(|| {
        [outlet, date.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    });
    header_with_tlp(shared, frame, layout.header, &b.title, tlp, &right);
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
