//! Where the memory of a loaded library goes: the bytes of its text, of its
//! items' structs, and of its lists of references, counted from the model,
//! against the resident size of the process once the library is loaded.
//! Figures for docs/PERFORMANCE.md (issue 20's memory target).
//!
//! ```sh
//! cargo run --release --example mem-census -- LIBRARY
//! ```

use std::mem::size_of;
use std::path::PathBuf;

use debrief::briefing::*;

#[derive(Default)]
struct Tally {
    text: usize,
    strings: usize,
    structs: usize,
    refs: usize,
    ref_lists: usize,
}

impl Tally {
    fn string(&mut self, s: &str) {
        self.text += s.len();
        self.strings += usize::from(!s.is_empty());
    }

    fn refs<T>(&mut self, v: &[T]) {
        self.refs += std::mem::size_of_val(v);
        self.ref_lists += usize::from(!v.is_empty());
    }

    fn anchor(&mut self, a: &Option<Anchor>) {
        if let Some(a) = a {
            self.string(&a.quote.value);
        }
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: mem-census LIBRARY");
        std::process::exit(2);
    };
    let library = Library::load(&[PathBuf::from(path)], &Limits::default());
    let mut t = Tally::default();
    let mut article = 0;
    for b in &library.briefings {
        t.structs += size_of::<Briefing>();
        t.string(&b.title);
        for p in &b.article {
            article += p.text.len();
            t.string(&p.text);
            t.structs += size_of::<Paragraph>();
        }
        for c in &b.claims {
            t.structs += size_of::<Claim>();
            t.string(&c.text);
            t.anchor(&c.anchor);
            t.refs(&c.by);
            t.refs(&c.actors);
            t.refs(&c.countries);
            t.refs(&c.sources);
            t.refs(&c.caveats);
            t.refs(&c.same_as);
            t.refs(&c.techniques);
        }
        for s in &b.sources {
            t.structs += size_of::<Source>();
            t.string(&s.name);
            t.refs(&s.derived_from);
        }
        for e in &b.experts {
            t.structs += size_of::<Expert>();
            t.string(&e.name);
            if let Some(says) = &e.says {
                t.string(says);
            }
            t.anchor(&e.anchor);
            t.refs(&e.on);
        }
        for k in &b.caveats {
            t.structs += size_of::<Caveat>();
            t.string(&k.text);
            t.anchor(&k.anchor);
            t.refs(&k.applies_to);
        }
        for a in &b.actors {
            t.structs += size_of::<Actor>();
            t.string(&a.name);
        }
    }
    let rss_kib = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4);
    let mb = |n: usize| n as f64 / 1e6;
    println!("briefings: {}", library.briefings.len());
    println!(
        "text: {:.1} MB in {} strings (article {:.1} MB)",
        mb(t.text),
        t.strings,
        mb(article)
    );
    println!(
        "item structs: {:.1} MB (Briefing {} B, Paragraph {} B, Claim {} B, Source {} B, Expert {} B, Caveat {} B, Anchor {} B)",
        mb(t.structs),
        size_of::<Briefing>(),
        size_of::<Paragraph>(),
        size_of::<Claim>(),
        size_of::<Source>(),
        size_of::<Expert>(),
        size_of::<Caveat>(),
        size_of::<Anchor>()
    );
    println!(
        "references: {:.1} MB in {} lists ({} B each)",
        mb(t.refs),
        t.ref_lists,
        size_of::<Ref>()
    );
    println!("resident now: {:.1} MB", rss_kib as f64 * 1024.0 / 1e6);
    // The process ends here: freeing the library would only cost time.
    std::mem::forget(library);
}
