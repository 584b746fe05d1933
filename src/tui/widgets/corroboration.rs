//! The corroboration section of a claim's detail: the same proposition in
//! other briefings, each with its sources, and the independent origins
//! counted across all of them ([`crate::briefing::corroboration`]).

use ratatui::style::Style;
use ratatui::text::Line;

use crate::text;
use crate::tui::shared::Shared;

/// The lines for claim `claim` of briefing `briefing`, wrapped to `width`.
pub fn lines(shared: &Shared, briefing: usize, claim: usize, width: usize) -> Vec<Line<'static>> {
    let theme = shared.theme;
    let briefings = &shared.library.briefings;
    let k = &shared.library.corroboration;
    let found = k.of_claim(briefings, (briefing, claim));
    let mut out = vec![Line::default()];
    let in_briefings = {
        let mut b: Vec<usize> = found.claims.iter().map(|c| c.0).collect();
        b.dedup();
        b.len()
    };
    out.push(Line::styled(
        format!(
            "Corroboration: {} in {} · {} · {}",
            text::count(found.claims.len(), "claim", "claims"),
            text::count(in_briefings, "briefing", "briefings"),
            text::count(found.sources.len(), "source", "sources"),
            text::count(
                found.origins.len(),
                "independent origin",
                "independent origins"
            ),
        ),
        theme.title(),
    ));
    for &(b, c) in &found.claims {
        let (Some(bf), Some(cl)) = (
            briefings.get(b),
            briefings.get(b).and_then(|x| x.claims.get(c)),
        ) else {
            continue;
        };
        let here = if (b, c) == (briefing, claim) {
            " (this one)"
        } else {
            ""
        };
        let grade = cl.likelihood.map_or("not graded", |l| l.word());
        let date = cl
            .when()
            .map(|w| w.value.to_string())
            .or_else(|| bf.date_words())
            .unwrap_or_default();
        out.extend(wrap(
            &format!("{}#{}{here} · {date} · {grade}", bf.id, cl.id),
            width,
            "  ",
            theme.linked(),
        ));
        let sources: Vec<&str> = cl
            .sources
            .of(&bf.sources)
            .map(|s| s.name.as_str())
            .collect();
        if !sources.is_empty() {
            out.extend(wrap(
                &format!("sources: {}", sources.join("; ")),
                width,
                "    ",
                Style::new(),
            ));
        }
    }
    let origins: Vec<String> = found
        .origins
        .iter()
        .filter_map(|&o| k.appearances(o).first())
        .filter_map(|&(b, s)| briefings.get(b).and_then(|x| x.sources.get(s)))
        .map(|s| s.name.clone())
        .collect();
    if !origins.is_empty() {
        out.extend(wrap(
            &format!("origins: {}", origins.join("; ")),
            width,
            "  ",
            theme.muted(),
        ));
    }
    out
}

fn wrap(s: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let flowing = text::flow(s);
    let room = width.saturating_sub(text::width(indent)).max(1);
    text::wrap(&flowing, room)
        .into_iter()
        .map(|l| Line::styled(format!("{indent}{}", &flowing[l.start..l.end]), style))
        .collect()
}
