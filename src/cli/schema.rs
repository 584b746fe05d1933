//! `debrief schema [--format-version 1|2] [--actors] [--write DIR]`: prints
//! the JSON Schema of a format, or writes all of them into a folder, for
//! editors that validate YAML as it is typed (docs/EDITORS.md).

use std::path::PathBuf;
use std::process::ExitCode;

use debrief::briefing::FormatVersion;
use debrief::schema::Schema;
use debrief::text;

#[derive(clap::Args)]
pub struct Args {
    /// The briefing format version the schema describes
    #[arg(long, value_name = "1|2", default_value = "2", value_parser = parse_version)]
    format_version: FormatVersion,
    /// The schema of actors.yaml, the actor registry, instead
    #[arg(long, conflicts_with = "format_version")]
    actors: bool,
    /// Write every schema into this folder instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with_all = ["format_version", "actors"])]
    write: Option<PathBuf>,
}

fn parse_version(s: &str) -> Result<FormatVersion, String> {
    match s {
        "1" => Ok(FormatVersion::V1),
        "2" => Ok(FormatVersion::V2),
        _ => Err(format!("“{s}” is not a format version; use 1 or 2")),
    }
}

pub fn run(args: &Args) -> ExitCode {
    if let Some(dir) = &args.write {
        for schema in Schema::ALL {
            match schema.write_into(dir) {
                Ok(path) => println!("{}", text::clean(&path.display().to_string())),
                Err(e) => {
                    eprintln!(
                        "debrief: {}: cannot write {}: {e}",
                        text::clean(&dir.display().to_string()),
                        schema.file_name()
                    );
                    return ExitCode::from(1);
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    let schema = if args.actors {
        Schema::Actors
    } else {
        Schema::Briefing(args.format_version)
    };
    super::text_to_stdout("the schema", schema.text())
}
