//! Templates: the built-in export formats and the user's own, rendered by
//! one engine (minijinja) over one context, the JSON export's shape.
//!
//! Templates are data, not code. The engine is given no loader, so a
//! template cannot include or read a file; nothing in it reaches the network;
//! its work is bounded by fuel and its output by [`MAX_OUTPUT`]; a value it
//! names that the context does not have is an error that names it, not an
//! empty string. Templates whose name ends in `.html` escape every value for
//! HTML; the others get filters for their own escaping (see the formats).

use std::io::{self, Write};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::escape;

/// The most a template may write: far more than any brief, far less than
/// would hurt.
pub const MAX_OUTPUT: usize = 16 * 1024 * 1024;

/// Instructions a template may run: a brief of a thousand-claim library takes
/// a few million.
const FUEL: u64 = 50_000_000;

/// A template that could not be read or rendered, with where in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}:{line}:{column}: {message}")]
pub struct TemplateError {
    pub name: String,
    /// 1-based; 0 when the engine could not say.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Renders `source` (called `name` in errors) over `context`. Every
/// template has the filters of [`super::escape`]: `md`, `md_cell`,
/// `md_quote`, and `wrap(width=72, indent="")`.
pub fn render(name: &str, source: &str, context: &impl Serialize) -> Result<String, TemplateError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(64);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    // A line that is only a block tag leaves no line behind; indentation
    // before a tag is kept, since plain-text formats indent with it.
    syntax.trim_blocks(true).keep_trailing_newline(true);
    if let Ok(config) = syntax.build() {
        env.set_syntax(config);
    }
    env.add_filter("md", |s: &str| escape::md(s));
    env.add_filter("md_cell", |s: &str| escape::md_cell(s));
    env.add_filter("md_quote", |s: &str| escape::md_quote(s));
    env.add_filter(
        "wrap",
        |s: &str, width: Option<usize>, indent: Option<&str>| {
            escape::wrap(s, width.unwrap_or(72), indent.unwrap_or(""))
        },
    );
    let located = |e: minijinja::Error| locate(name, source, &e);
    let template = env.template_from_named_str(name, source).map_err(located)?;
    let mut out = Bounded::default();
    let ctx = minijinja::Value::from(minijinja::value::Serde(context));
    match template.render_captured_to(ctx, &mut out) {
        Ok(_) => String::from_utf8(out.bytes).map_err(|_| TemplateError {
            name: name.to_owned(),
            line: 0,
            column: 0,
            message: "the template wrote text that is not UTF-8".into(),
        }),
        Err(_) if out.over => Err(TemplateError {
            name: name.to_owned(),
            line: 0,
            column: 0,
            message: format!(
                "the output passed {MAX_OUTPUT} bytes; a template must not loop without end"
            ),
        }),
        Err(e) => Err(located(e)),
    }
}

/// The engine's error with the line and column it points at, in words.
fn locate(name: &str, source: &str, e: &minijinja::Error) -> TemplateError {
    let line = e.line().unwrap_or(0);
    let column = e
        .range()
        .and_then(|r| {
            let before = source.get(..r.start)?;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            Some(before[start..].chars().count() + 1)
        })
        .unwrap_or(usize::from(line > 0));
    let kind = match e.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "a value the context does not have (docs/EXPORT.md lists what it has)".to_owned()
        }
        minijinja::ErrorKind::OutOfFuel => {
            "the template did too much work (a loop without end?)".to_owned()
        }
        other => other.to_string(),
    };
    let message = match e.detail() {
        Some(detail) => format!("{kind}: {detail}"),
        None => kind,
    };
    TemplateError {
        name: name.to_owned(),
        line,
        column,
        message: crate::text::clean(&message),
    }
}

/// Output that refuses to grow past [`MAX_OUTPUT`].
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.over = true;
            return Err(io::Error::other("output too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ctx {
        title: &'static str,
        items: Vec<u32>,
    }

    fn ctx() -> Ctx {
        Ctx {
            title: "<b>A & B</b>",
            items: vec![1, 2, 3],
        }
    }

    #[test]
    fn renders_over_the_context_with_html_escaped_only_in_html() {
        let src = "{{ title }}:{% for i in items %} {{ i }}{% endfor %}.\n";
        assert_eq!(
            render("x.md", src, &ctx()).expect("renders"),
            "<b>A & B</b>: 1 2 3.\n"
        );
        assert_eq!(
            render("x.html", src, &ctx()).expect("renders"),
            "&lt;b&gt;A &amp; B&lt;&#x2f;b&gt;: 1 2 3.\n"
        );
    }

    #[test]
    fn a_missing_value_is_an_error_with_line_and_column() {
        let src = "line one\n  {{ title }} {{ sumary }}\n";
        let e = render("brief.md", src, &ctx()).expect_err("refused");
        assert_eq!((e.line, e.column), (2, 18), "{e}");
        assert!(e.to_string().starts_with("brief.md:2:18: "), "{e}");
        assert!(e.message.contains("context does not have"), "{e}");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let e = render("t.md", "ok\n{% for x in items %}\n", &ctx()).expect_err("refused");
        assert_eq!(e.name, "t.md");
        assert!(e.line >= 2, "{e}");
    }

    #[test]
    fn templates_cannot_read_files_or_run_forever() {
        let e = render("t.md", "{% include '/etc/passwd' %}", &ctx()).expect_err("no loader");
        assert!(e.line > 0, "{e}");
        let long = "{% set x = 'x' * 4096 %}{% for a in range(100000) %}{{ x }}{% endfor %}";
        let e = render("t.md", long, &ctx()).expect_err("bounded");
        assert!(e.message.contains("bytes"), "{e}");
        let busy =
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}";
        let e = render("t.md", busy, &ctx()).expect_err("bounded");
        assert!(e.message.contains("too much work"), "{e}");
    }

    #[test]
    fn the_formats_filters_are_there() {
        assert_eq!(
            render("t.md", "{{ title | md }}", &ctx()).expect("renders"),
            "\\<b>A & B\\</b>"
        );
        assert_eq!(
            render(
                "t.txt",
                "{{ 'a b c d e f g h i j k l' | wrap(14, '  ') }}",
                &ctx()
            )
            .expect("renders"),
            "a b c d e f g\n  h i j k l"
        );
    }
}
