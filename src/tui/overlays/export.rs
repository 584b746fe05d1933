//! The question `x` asks before exporting: the marked items, or everything
//! under the filter when nothing is marked; Markdown, JSON, HTML or plain text.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::export::Scope;
use crate::text;
use crate::tui::action::{Action, Effect, ExportFormat};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Overlay, Step};
use crate::tui::shared::Shared;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportPrompt {
    /// Index of the briefing in the library.
    pub briefing: usize,
    pub scope: Scope,
    /// How many items that would export.
    pub count: usize,
}

impl Overlay for ExportPrompt {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        let format = match action {
            Action::ExportDefault => shared.export_format,
            Action::ExportMarkdown => ExportFormat::Markdown,
            Action::ExportJson => ExportFormat::Json,
            Action::ExportHtml => ExportFormat::Html,
            Action::ExportText => ExportFormat::Text,
            Action::Back => return Step::close(),
            _ => return Step::consumed(),
        };
        shared.effects.push(Effect::Export {
            briefing: self.briefing,
            scope: self.scope,
            format,
        });
        Step::close()
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        draw(self, shared, frame);
    }

    fn context(&self) -> Context {
        Context::Prompt
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn draw(prompt: &ExportPrompt, shared: &Shared, frame: &mut Frame) {
    let theme = shared.theme;
    let question = match prompt.scope {
        Scope::Marked => format!(
            "Export the {} of this briefing.",
            text::count(prompt.count, "marked item", "marked items")
        ),
        Scope::All => format!(
            "Nothing is marked. Export {}{}?",
            match prompt.count {
                1 => "the 1 item".to_string(),
                n => format!("all {n} items"),
            },
            if shared.filter.is_empty() {
                String::new()
            } else {
                " under the filter".into()
            }
        ),
    };
    let area = layout::prompt(shared.size);
    let inner = area.inner(Margin::new(2, 1));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Block::bordered()
            .title(" Export summary ")
            .border_style(theme.focused()),
        area,
    );
    let mut lines = vec![Line::raw(question), Line::default()];
    let mut keys = Vec::new();
    for (key, help) in shared.keys.hints(Context::Prompt) {
        keys.push(Span::styled(key, theme.key()));
        keys.push(Span::raw(format!(" {help}   ")));
    }
    lines.push(Line::from(keys));
    let whither = match &shared.export_dir {
        Some(dir) => format!("to {}", text::clean(&dir.display().to_string())),
        None => "to the current folder".to_string(),
    };
    lines.push(Line::styled(
        format!(
            "The file is written {whither}; the default format is {}.",
            shared.export_format.word()
        ),
        theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
}
