//! The question quitting asks while some marks could not be saved: save
//! them to a folder the user types, export them, or quit and lose them,
//! which has to be chosen in so many words. Nothing is dropped by a key
//! pressed in passing.

use std::any::Any;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::text;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::layout;
use crate::tui::outcome::{Outcome, Overlay, Step};
use crate::tui::shared::Shared;
use crate::tui::widgets::text_field::TextField;

#[derive(Debug, Clone, Default)]
pub struct UnsavedPrompt {
    /// The folder being typed, once `s` was pressed.
    pub path: Option<TextField>,
}

impl Overlay for UnsavedPrompt {
    fn update(&mut self, shared: &mut Shared, action: &Action) -> Step {
        if let Some(field) = self.path.as_mut() {
            return match action {
                Action::Submit => {
                    let typed = field.text().trim().to_owned();
                    if typed.is_empty() {
                        shared.message = Some("type a folder to save the marks in".into());
                    } else {
                        shared
                            .effects
                            .push(Effect::SaveUnsavedTo(expand_home(&typed)));
                    }
                    Step::consumed()
                }
                Action::Back => {
                    self.path = None;
                    Step::consumed()
                }
                other => {
                    field.apply(other);
                    Step::consumed()
                }
            };
        }
        match action {
            Action::SaveUnsavedTo => {
                self.path = Some(TextField::line());
                Step::consumed()
            }
            Action::ExportUnsaved => {
                shared.effects.push(Effect::ExportUnsaved);
                Step::consumed()
            }
            // Chosen in so many words: they are no longer kept for saving.
            Action::QuitLosing => {
                shared.unsaved.clear();
                Step::close().then(Outcome::Quit)
            }
            Action::Back => Step::close(),
            _ => Step::consumed(),
        }
    }

    fn view(&self, shared: &Shared, frame: &mut Frame) {
        let theme = shared.theme;
        let area = layout::prompt(shared.size);
        let inner = area.inner(Margin::new(2, 1));
        frame.render_widget(Clear, area);
        frame.render_widget(
            Block::bordered()
                .title(" Unsaved marks ")
                .border_style(theme.focused()),
            area,
        );
        let n = shared.unsaved.len();
        let why = shared.unsaved.values().next().cloned().unwrap_or_default();
        let mut lines = vec![
            Line::raw(text::clean(&format!(
                "The marks of {} could not be saved ({why}).",
                if n == 1 {
                    "1 briefing".to_owned()
                } else {
                    format!("{n} briefings")
                }
            ))),
            Line::default(),
        ];
        match &self.path {
            Some(field) => {
                let room = usize::from(inner.width).saturating_sub(10);
                let (shown, _) = field.visible(room);
                lines.push(Line::from(vec![
                    Span::raw("Save to: "),
                    Span::raw(shown),
                    Span::styled("▏", theme.key()),
                ]));
                lines.push(Line::styled(
                    "A state folder: start debrief with --state-dir and that folder to use them.",
                    theme.muted(),
                ));
                lines.push(hints(shared, Context::UnsavedPath));
            }
            None => lines.push(hints(shared, Context::Unsaved)),
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }

    fn context(&self) -> Context {
        if self.path.is_some() {
            Context::UnsavedPath
        } else {
            Context::Unsaved
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn hints(shared: &Shared, context: Context) -> Line<'static> {
    let mut keys = Vec::new();
    for (key, help) in shared.keys.hints(context) {
        keys.push(Span::styled(key, shared.theme.key()));
        keys.push(Span::raw(format!(" {help}   ")));
    }
    Line::from(keys)
}

/// `~/x` as the shell would read it, since people type it so.
fn expand_home(typed: &str) -> PathBuf {
    match typed.strip_prefix("~/") {
        Some(rest) => dirs::home_dir().map_or_else(|| PathBuf::from(typed), |h| h.join(rest)),
        None => PathBuf::from(typed),
    }
}
