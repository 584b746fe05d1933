//! The article pane: the wrapped text with anchored spans marked by kind,
//! the current item's anchor reversed, linked anchors bold, search matches lit.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::{ArticleLine, State};
use crate::marks::{Kind, Target};
use crate::text;
use crate::tui::layout::{self, Pane};
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;

pub fn draw(r: &State, shared: &Shared, frame: &mut Frame, area: Rect) {
    let Some(b) = r.briefing(shared) else {
        return;
    };
    let theme = shared.theme;
    let focused = r.focus == Pane::Article;
    let rows = layout::inner(area).height as usize;
    let block = Block::bordered()
        .title(format!(
            " Article · {} ",
            text::count(b.article.len(), "paragraph", "paragraphs")
        ))
        .border_style(if focused {
            theme.focused()
        } else {
            theme.unfocused()
        });
    let current = r.current_item();
    let lines: Vec<Line> = r
        .lines
        .iter()
        .skip(r.scroll)
        .take(rows)
        .map(|line| styled_line(r, shared, line, current))
        .collect();
    let text_area = layout::inner(area).inner(Margin::new(1, 0));
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), text_area);

    // The left margin: ★ beside marked paragraphs and marked items' quotes,
    // a bar beside the paragraph under the cursor while the article has focus.
    let cursor_para = if focused { r.cursor_paragraph() } else { None };
    let gutter: Vec<Line> =
        r.lines
            .iter()
            .skip(r.scroll)
            .take(rows)
            .map(|line| {
                let Some(p) = line.para else {
                    return Line::default();
                };
                let para_marked = b.article.get(p).is_some_and(|para| {
                    r.is_marked(shared, &Target::new(Kind::Paragraph, &para.id))
                });
                let anchor_marked = r.marks.get(p).is_some_and(|marks| {
                    marks.iter().any(|m| {
                        (line.start..line.end.max(line.start + 1)).contains(&m.start)
                            && r.visible.contains(m.item)
                            && r.target_of(shared, m.item)
                                .is_some_and(|t| r.is_marked(shared, &t))
                    })
                });
                if para_marked || anchor_marked {
                    Line::styled(Theme::MARK, theme.marked())
                } else if cursor_para == Some(p) {
                    Line::styled("▎", theme.focused())
                } else {
                    Line::default()
                }
            })
            .collect();
    let inner = layout::inner(area);
    frame.render_widget(
        Paragraph::new(gutter),
        Rect {
            width: inner.width.min(1),
            ..inner
        },
    );

    if r.lines.len() > rows {
        let mut state = ScrollbarState::new(r.lines.len().saturating_sub(rows)).position(r.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

/// One wrapped line cut into spans wherever a mark or a match begins or ends.
fn styled_line(
    r: &State,
    shared: &Shared,
    line: &ArticleLine,
    current: Option<crate::briefing::links::Item>,
) -> Line<'static> {
    let Some(b) = r.briefing(shared) else {
        return Line::default();
    };
    let Some(para) = line.para else {
        return Line::default();
    };
    let Some(text) = b.article.get(para).map(|p| p.text.as_str()) else {
        return Line::default();
    };
    let theme = shared.theme;
    let marks = r.marks.get(para).map(Vec::as_slice).unwrap_or(&[]);
    let matches: Vec<(usize, usize)> = r
        .search
        .article
        .iter()
        .filter(|(p, _, _)| *p == para)
        .map(|&(_, s, e)| (s, e))
        .collect();

    let mut cuts = vec![line.start, line.end];
    for m in marks {
        cuts.extend([m.start, m.end]);
    }
    for (s, e) in &matches {
        cuts.extend([*s, *e]);
    }
    cuts.retain(|c| (line.start..=line.end).contains(c) && text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();

    let spans = cuts
        .windows(2)
        .map(|w| {
            let (a, z) = (w[0], w[1]);
            let mut style = Style::new();
            // Under a filter only the related items' anchors are marked.
            let shown = marks
                .iter()
                .filter(|m| m.start < z && m.end > a && r.visible.contains(m.item));
            for m in shown {
                style = style.patch(theme.anchor(m.item));
                if r.linked.contains(m.item) {
                    style = style.patch(theme.linked());
                }
                if r.target_of(shared, m.item)
                    .is_some_and(|t| r.is_marked(shared, &t))
                {
                    style = style.patch(theme.marked());
                }
                if Some(m.item) == current {
                    style = style.patch(theme.current_anchor());
                }
            }
            if matches.iter().any(|(s, e)| *s < z && *e > a) {
                style = style.patch(theme.search_match());
                // The match jumped to stands out from the rest.
                if r.search
                    .current
                    .is_some_and(|(p, s, e)| p == para && s < z && e > a)
                {
                    style = style.patch(theme.current_anchor().add_modifier(Modifier::ITALIC));
                }
            }
            Span::styled(text[a..z].to_owned(), style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}
