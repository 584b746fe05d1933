//! `debrief new [--from FILE|-] [-o OUT]`: starts a version 2 briefing that
//! checks clean. Given a text, the article is that text split into
//! paragraphs; the sections an analyst fills in (actors, sources, claims,
//! experts, caveats) are empty, each with one commented example to copy.
//!
//! Every piece of the text is written as a YAML block scalar (or, for the
//! title, a JSON string, which YAML reads as a double-quoted scalar), so no
//! text, whatever quotes, colons, `#` or dashes it holds, can change the
//! structure of the file. What is written is what the loader reads back:
//! each paragraph is cleaned and flowed first, as the loader does.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use debrief::briefing::{ActorKind, AnalyticConfidence, Likelihood, Limits, Reliability};
use debrief::briefing::{FormatVersion, SourceKind, Stance};
use debrief::schema::Schema;
use debrief::text;

/// Paragraph lines are wrapped at about this many columns, for reading.
const WRAP: usize = 72;
/// A first line longer than this is a sentence, not a title.
const MAX_TITLE_CHARS: usize = 120;
/// A generated id is cut, at a hyphen, to about this many bytes.
const MAX_ID_BYTES: usize = 60;
/// The title written when the text has none.
pub const PLACEHOLDER_TITLE: &str = "Untitled briefing";

#[derive(clap::Args)]
pub struct Args {
    /// The article's text, plain (blank lines between paragraphs); `-` reads standard input
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Write the briefing to this file (never over one that exists) instead of standard output
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    out: Option<PathBuf>,
    /// The schema the modeline names (a path or URL), instead of a copy written next to OUT
    #[arg(long, value_name = "SCHEMA")]
    schema: Option<String>,
    /// The date to write as `retrieved` (YYYY-MM-DD), for reproducible output
    #[arg(long, value_name = "DATE", value_parser = crate::parse_date, hide = true)]
    date: Option<time::Date>,
}

pub fn run(args: &Args, limits: &Limits) -> ExitCode {
    let source = match &args.from {
        None => None,
        Some(path) => match read_text(path, limits) {
            Ok(s) => Some(s),
            Err(why) => {
                eprintln!("debrief: {why}");
                return ExitCode::from(1);
            }
        },
    };
    let today = args
        .date
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    if let Some(out) = &args.out
        && std::fs::symlink_metadata(out).is_ok()
    {
        eprintln!("debrief: {}", exists(out));
        return ExitCode::from(1);
    }
    let schema = match (&args.schema, &args.out) {
        (Some(given), _) => given.clone(),
        (None, Some(out)) => match schema_beside(out) {
            Ok(name) => name,
            Err(why) => {
                eprintln!("debrief: {why}");
                return ExitCode::from(1);
            }
        },
        (None, None) => {
            eprintln!(
                "debrief: the modeline names {}, beside the file you write; `debrief schema --write DIR` writes it",
                SCHEMA_V2.file_name()
            );
            SCHEMA_V2.file_name().to_string()
        }
    };
    let yaml = scaffold(source.as_deref(), today, Some(&schema));
    match &args.out {
        None => super::text_to_stdout("the briefing", &yaml),
        Some(out) => match write_new(out, &yaml) {
            Ok(()) => {
                eprintln!(
                    "debrief: wrote {}; fill it in, then `debrief check {}`",
                    shown(out),
                    shown(out)
                );
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("debrief: {why}");
                ExitCode::from(1)
            }
        },
    }
}

const SCHEMA_V2: Schema = Schema::Briefing(FormatVersion::V2);

/// The modeline's schema for a briefing written to `out`: the copy in its
/// folder, written there first when there is none (an existing one is the
/// user's and stays). A relative name, so the folder can move.
fn schema_beside(out: &Path) -> Result<String, String> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.join(SCHEMA_V2.file_name()).exists() {
        SCHEMA_V2.write_into(&dir).map_err(|e| {
            format!(
                "{}: cannot write the schema {}: {e}",
                shown(&dir),
                SCHEMA_V2.file_name()
            )
        })?;
    }
    Ok(SCHEMA_V2.file_name().to_string())
}

fn shown(path: &Path) -> String {
    text::clean(&path.display().to_string())
}

/// Reads the text to start from, no more of it than a briefing may hold.
fn read_text(path: &Path, limits: &Limits) -> Result<String, String> {
    let mut bytes = Vec::new();
    let cap = limits.max_file_bytes;
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(cap + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
    };
    let name = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        shown(path)
    };
    read.map_err(|e| format!("{name}: cannot read the text: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "{name}: the text is larger than {cap} bytes, more than a briefing may hold (--max-file-size sets the limit)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: the text is not UTF-8 (byte {}); convert it first, e.g. with iconv",
            e.utf8_error().valid_up_to()
        )
    })
}

fn exists(out: &Path) -> String {
    format!(
        "{}: the file exists; debrief new never overwrites a file, so give another -o path or remove it first",
        shown(out)
    )
}

/// Writes `yaml` to a file that must not exist yet: created, never replaced.
fn write_new(out: &Path, yaml: &str) -> Result<(), String> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(out)),
        Err(e) => return Err(format!("{}: cannot create the file: {e}", shown(out))),
    };
    file.write_all(yaml.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("{}: cannot write the briefing: {e}", shown(out)))
}

/// A paragraph of the text as the loader will read it, and how many lines
/// of the text it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub lines: usize,
}

/// Splits a plain text into paragraphs: blank lines separate them, wrapped
/// lines are joined, line ends of any kind (LF, CRLF, CR) read alike. Each
/// paragraph is cleaned and flowed as the loader cleans and flows it.
pub fn paragraphs(source: &str) -> Vec<Para> {
    let unified = source.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut push = |lines: &mut Vec<&str>| {
        if lines.is_empty() {
            return;
        }
        let text = text::flow(&text::clean(&lines.join("\n")));
        if !text.is_empty() {
            out.push(Para {
                text,
                lines: lines.len(),
            });
        }
        lines.clear();
    };
    for line in unified.split('\n') {
        if text::flow(&text::clean(line)).is_empty() {
            push(&mut current);
        } else {
            current.push(line);
        }
    }
    push(&mut current);
    out
}

/// Whether a paragraph reads as the title: one short line, not a sentence.
fn looks_like_title(p: &Para) -> bool {
    p.lines == 1
        && p.text.chars().count() <= MAX_TITLE_CHARS
        && !p.text.ends_with(['.', ',', ';', ':'])
}

/// A briefing id made from a title: lower-case ASCII letters and digits
/// joined by hyphens, accents dropped (`Lipavský` gives `lipavsky`); empty
/// when the title has none of those.
pub fn slug(title: &str) -> String {
    let mut id = String::new();
    for word in text::fold(title).split(' ') {
        let word: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        if word.is_empty() {
            continue;
        }
        if id.len() + word.len() + 1 > MAX_ID_BYTES && !id.is_empty() {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word);
    }
    id.truncate(MAX_ID_BYTES);
    id
}

/// Writes flowing `text` as a literal block scalar after a key, its lines
/// indented by `indent` spaces. Safe for any flowed text: the scalar ends
/// only at a line indented less, and every line of it is indented; a flowed
/// text has no leading space (which would confuse the indentation) and no
/// line breaks of its own, so breaking it at spaces reads back the same.
fn block(out: &mut String, indent: usize, text: &str) {
    out.push_str("|\n");
    let pad = " ".repeat(indent);
    let mut column = 0;
    for word in text.split(' ') {
        let w = text::width(word);
        if column > 0 && column + 1 + w > WRAP {
            out.push('\n');
            column = 0;
        }
        if column == 0 {
            out.push_str(&pad);
            column = indent;
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += w;
    }
    out.push('\n');
}

/// A one-line scalar that YAML reads back as `text` whatever it holds: JSON
/// string syntax is YAML's double-quoted style.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The briefing `debrief new` writes: from `source` when given, a skeleton
/// otherwise; `schema` (a path or URL) is named in a modeline, the first line.
pub fn scaffold(source: Option<&str>, today: time::Date, schema: Option<&str>) -> String {
    let mut paras = source.map(paragraphs).unwrap_or_default();
    let title = match paras.first() {
        Some(first) if paras.len() > 1 && looks_like_title(first) => Some(paras.remove(0).text),
        _ => None,
    };
    let mut out = String::new();
    if let Some(schema) = schema {
        out.push_str(&format!("# yaml-language-server: $schema={schema}\n"));
    }
    out.push_str(
        "# A briefing in format debrief/2 (docs/FORMAT.md). `debrief check FILE` checks it.\n",
    );
    out.push_str("format: debrief/2\n");
    match &title {
        Some(t) if !slug(t).is_empty() => out.push_str(&format!("id: {}\n", slug(t))),
        _ => out.push_str("# id: defaults to the file name without its extension\n"),
    }
    match &title {
        Some(t) => out.push_str(&format!("title: {}\n", quoted(t))),
        None => out.push_str(&format!(
            "title: {}   # TODO: the article's title\n",
            quoted(PLACEHOLDER_TITLE)
        )),
    }
    out.push_str("# outlet: Example Wire               # who published the article\n");
    out.push_str(
        "published: undated                   # or the date: 2025-05-28, 2025-05 or 2025\n",
    );
    out.push_str(&format!(
        "retrieved: {}                # when you read it\n",
        today
    ));
    out.push_str("# url: https://example.org/story\n");
    out.push_str("# summary: >\n#   Your own two or three sentences.\n");
    out.push_str("# tags: [attribution, espionage]\n\n");

    out.push_str(&section(
        "actors",
        "everyone who acts or is acted upon",
        &[
            "- id: apt31",
            "  name: APT31",
            &format!("  kind: threat-group    # {}", ActorKind::WORDS.join(" | ")),
            "  country: CN           # ISO 3166-1 alpha-2",
            "  aliases: [ZIRCONIUM, Violet Typhoon]",
            "  refs: [mitre:G0128]",
        ],
    ));

    out.push_str("# The text, paragraph by paragraph: p1, p2, ...\narticle:\n");
    if paras.is_empty() {
        out.push_str("  - id: p1\n    text: ");
        block(
            &mut out,
            6,
            "Replace this with the article's text, one `- id:` item per paragraph.",
        );
    }
    for (i, p) in paras.iter().enumerate() {
        out.push_str(&format!("  - id: p{}\n    text: ", i + 1));
        block(&mut out, 6, &p.text);
    }
    out.push('\n');

    out.push_str(&section(
        "sources",
        "what the claims rest on",
        &[
            "- id: s-gov",
            "  name: Government statement",
            &format!("  kind: official       # {}", SourceKind::WORDS.join(" | ")),
            &format!(
                "  reliability: B       # Admiralty scale: {}",
                Reliability::WORDS.join(" | ")
            ),
            "  url: https://example.org/statement",
            "  actor: apt31         # optional: the actor behind the source",
            "  derived_from: []     # sources this one got its information from",
        ],
    ));
    out.push_str(&section(
        "claims",
        "what the text asserts, in your words",
        &[
            "- id: c1",
            "  text: The government attributes the intrusion to APT31.",
            "  quote: traced back to APT31   # exact words of the article",
            "  para: p1",
            "  by: apt31",
            "  actors: [apt31]",
            "  countries: [CN]",
            "  kind: reported        # reported | assessment",
            &format!(
                "  likelihood: likely    # {}",
                Likelihood::WORDS.join(" | ")
            ),
            &format!(
                "  confidence: moderate  # {}",
                AnalyticConfidence::WORDS.join(" | ")
            ),
            "  when: 2022/2025-05",
            "  sources: [s-gov]",
            "  caveats: [k1]",
        ],
    ));
    out.push_str(&section(
        "experts",
        "people quoted or cited for their view",
        &[
            "- id: e1",
            "  name: A. Researcher",
            "  affiliation: Example University",
            "  says: Technical indicators can be spoofed.",
            "  quote: mask their origins",
            &format!("  stance: cautions      # {}", Stance::WORDS.join(" | ")),
            "  on: [c1]",
        ],
    ));
    out.push_str(&section(
        "caveats",
        "limits on what the claims can bear",
        &[
            "- id: k1",
            "  text: The attribution rests on indicators an adversary can imitate.",
            "  quote: intricate and fraught",
            "  applies_to: [c1]",
            "  raised_by: e1",
        ],
    ));
    out
}

/// An empty section with its example commented out beneath it.
fn section(key: &str, what: &str, example: &[&str]) -> String {
    let mut s = format!("# {what}; for example:\n");
    for line in example {
        s.push_str(&format!("#   {line}\n"));
    }
    s.push_str(&format!("{key}: []\n\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use debrief::briefing::load::load_bytes;

    fn day() -> time::Date {
        time::macros::date!(2026 - 01 - 02)
    }

    fn load(yaml: &str) -> debrief::briefing::Loaded {
        load_bytes(Path::new("new.yaml"), yaml.as_bytes())
    }

    #[test]
    fn splits_on_blank_lines_and_joins_wrapped_lines() {
        let p = paragraphs("One\ntwo  three\n\n \n\nfour\r\nfive\r\n\r\nsix\rseven\r\rend");
        let texts: Vec<_> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One two three", "four five", "six seven", "end"]);
        assert_eq!(p[0].lines, 2);
    }

    #[test]
    fn title_from_a_short_first_line_and_id_from_the_title() {
        let y = scaffold(
            Some("Czechia names APT31\n\nThe government said so.\n"),
            day(),
            None,
        );
        let b = load(&y).briefing.expect("loads");
        assert_eq!(b.title, "Czechia names APT31");
        assert_eq!(b.id, "czechia-names-apt31");
        assert_eq!(b.article.len(), 1);
    }

    #[test]
    fn a_first_sentence_is_not_a_title() {
        let y = scaffold(Some("It rained.\n\nThen it stopped\n"), day(), None);
        let b = load(&y).briefing.expect("loads");
        assert_eq!(b.title, PLACEHOLDER_TITLE);
        assert_eq!(b.id, "new", "no title, so the id is the file stem");
        assert_eq!(b.article.len(), 2);
    }

    #[test]
    fn slugs_fold_accents_and_drop_punctuation() {
        assert_eq!(slug("Lipavský: “APT31” — again!"), "lipavsky-apt31-again");
        assert_eq!(slug("日本"), "");
        assert!(slug(&"word ".repeat(40)).len() <= MAX_ID_BYTES);
    }

    #[test]
    fn the_skeleton_checks_clean() {
        let y = scaffold(None, day(), Some("debrief-2.schema.json"));
        let l = load(&y);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        assert!(y.starts_with("# yaml-language-server: $schema=debrief-2.schema.json\n"));
        let b = l.briefing.expect("loads");
        assert!(b.undated);
        assert_eq!(
            b.retrieved.map(|d| d.to_string()),
            Some("2026-01-02".into())
        );
    }

    #[test]
    fn hostile_text_reads_back_as_written() {
        let hostile = [
            "A sentence first, so no title.",
            "key: value # not a comment",
            "- not a list item",
            "\"quoted\" and 'single' and `back`",
            "   leading spaces and\ttabs\tinside",
            "# a hash first",
            "--- a document marker",
            "...",
            "| > & * ! % @ ` {flow: [map]}",
            "null",
            "~",
            "2025-05-28",
            "true",
            "\u{202e}bidi\u{1b}[31m escape",
            "a very long line ".repeat(30).as_str(),
        ]
        .map(String::from);
        let text = hostile.join("\n\n");
        let y = scaffold(Some(&text), day(), None);
        let l = load(&y);
        assert!(l.first_error().is_none(), "{:?}\n{y}", l.diagnostics);
        let got: Vec<String> = l
            .briefing
            .expect("loads")
            .article
            .into_iter()
            .map(|p| p.text.to_string())
            .collect();
        let want: Vec<String> = paragraphs(&text).into_iter().map(|p| p.text).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), hostile.len());
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips(text in "(\\PC|[\n\r\t ]){0,200}") {
            let y = scaffold(Some(&text), day(), None);
            let l = load(&y);
            proptest::prop_assert!(l.first_error().is_none(), "{:?}\n{}", l.diagnostics, y);
            let b = l.briefing.expect("loads");
            let mut want: Vec<String> = paragraphs(&text).into_iter().map(|p| p.text).collect();
            if b.title != PLACEHOLDER_TITLE {
                proptest::prop_assert_eq!(&b.title, &want.remove(0));
            }
            if want.is_empty() {
                return Ok(());
            }
            let got: Vec<String> = b.article.into_iter().map(|p| p.text.to_string()).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
