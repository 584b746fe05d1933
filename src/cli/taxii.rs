//! `debrief publish --taxii URL --collection ID FILE...` and `debrief fetch
//! --taxii URL --collection ID [--added-after T] -o DIR`: briefings to and
//! from a TAXII 2.1 collection, as STIX bundles (docs/STIX.md). The client
//! is `debrief::taxii`; the bundles are `debrief::stix`, both ways.

use std::path::PathBuf;
use std::process::ExitCode;

use debrief::briefing::{Briefing, Limits};
use debrief::taxii::{Client, Credentials, host_of};
use debrief::{stix, text};
use serde_json::json;

#[derive(clap::Args)]
pub struct Server {
    /// The TAXII 2.1 API root, e.g. https://taxii.example.org/api1/
    #[arg(long = "taxii", value_name = "URL")]
    url: String,
    /// The collection's id
    #[arg(long, value_name = "ID")]
    collection: String,
}

#[derive(clap::Args)]
pub struct PublishArgs {
    #[command(flatten)]
    server: Server,
    /// Briefing files or folders, sent as one bundle
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct FetchArgs {
    #[command(flatten)]
    server: Server,
    /// Only objects the server added after this time (a STIX timestamp, 2025-05-28T00:00:00Z)
    #[arg(long, value_name = "T")]
    added_after: Option<String>,
    /// The folder to write the briefings into
    #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
    out: PathBuf,
    /// Replace briefing files that exist (never through a symbolic link)
    #[arg(long)]
    force: bool,
}

fn client(server: &Server) -> Result<Client, ExitCode> {
    let fail = |why: String| {
        eprintln!("debrief: {why}");
        ExitCode::from(2)
    };
    let host = host_of(&server.url).unwrap_or_default();
    let credentials = Credentials::find(host).map_err(fail)?;
    Client::new(&server.url, credentials).map_err(fail)
}

pub fn publish(args: &PublishArgs, limits: &Limits) -> ExitCode {
    if let Some(usage) = super::missing_path(&args.paths) {
        return usage;
    }
    let client = match client(&args.server) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let library = super::cache::load(&args.paths, limits);
    for f in &library.failures {
        for d in &f.diagnostics {
            eprintln!("{}", d.headline());
        }
    }
    if library.briefings.is_empty() {
        eprintln!("debrief: no briefing loaded; `debrief check` shows every problem");
        return ExitCode::from(1);
    }
    let parts: Vec<(&Briefing, _)> = library.briefings.iter().map(|b| (b, None)).collect();
    let bundle = stix::bundle(&parts);
    let objects = bundle["objects"].as_array().map_or(0, Vec::len);
    match client.add(&args.server.collection, &bundle) {
        Ok(status) => {
            println!(
                "{} to {}: {} added, {} refused, {} pending",
                text::count(library.briefings.len(), "briefing", "briefings"),
                text::one_line(&args.server.collection),
                status.success,
                status.failure,
                status.pending
            );
            for f in &status.failures {
                eprintln!("debrief: refused: {f}");
            }
            // An object the collection has already, unchanged, is refused
            // by some servers: that is not a failure of the publish.
            if status.success + status.failure < objects as u64 && status.pending == 0 {
                eprintln!(
                    "debrief: the server reports {} of {objects} objects",
                    status.success + status.failure
                );
            }
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("debrief: publish: {why}");
            ExitCode::from(1)
        }
    }
}

pub fn fetch(args: &FetchArgs, limits: &Limits) -> ExitCode {
    let client = match client(&args.server) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let objects = match client.objects(&args.server.collection, args.added_after.as_deref()) {
        Ok(o) => o,
        Err(why) => {
            eprintln!("debrief: fetch: {why}");
            return ExitCode::from(1);
        }
    };
    let bundle = json!({
        "type": "bundle",
        "id": stix::id("bundle", &format!("taxii:{}#{}", args.server.url, args.server.collection)),
        "objects": objects,
    });
    super::import::write(stix::import::import(&bundle), &args.out, args.force, limits)
}
