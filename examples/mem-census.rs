//! Where the memory of a loaded library goes: the bytes of its text, of its
//! items' structs, and of its lists of references, counted from the model,
//! against the resident size of the process once the library is loaded.
//! Figures for docs/PERFORMANCE.md (issue 20's memory target).
//!
//! ```sh
//! cargo run --release --example mem-census -- LIBRARY
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use debrief::briefing::*;

/// Counts the heap the program asked for and how many blocks, live, so the
/// census can tell the model's bytes from malloc's own and from slack.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

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

    /// A list of references to other items of the briefing: indices, up to
    /// three in place (see `briefing::refs`).
    fn item_refs(&mut self, r: &Refs) {
        self.refs += if r.len() > 3 { 4 * r.len() } else { 0 };
        self.ref_lists += usize::from(!r.is_empty());
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

#[derive(Default)]
struct Counts {
    paragraphs: usize,
    claims: usize,
    sources: usize,
    experts: usize,
    caveats: usize,
    actors: usize,
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: mem-census LIBRARY");
        std::process::exit(2);
    };
    let library = Library::load(&[PathBuf::from(path)], &Limits::default());
    let mut t = Tally::default();
    let mut article = 0;
    let mut n = Counts::default();
    for b in &library.briefings {
        n.paragraphs += b.article.len();
        n.claims += b.claims.len();
        n.sources += b.sources.len();
        n.experts += b.experts.len();
        n.caveats += b.caveats.len();
        n.actors += b.actors.len();
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
            t.item_refs(&c.by);
            t.item_refs(&c.actors);
            // Country codes: two bytes each, up to seven in place.
            t.refs += if c.countries.len() > 7 {
                2 * c.countries.len()
            } else {
                0
            };
            t.item_refs(&c.sources);
            t.item_refs(&c.caveats);
            t.refs(c.same_as());
            t.refs(c.techniques());
        }
        for s in &b.sources {
            t.structs += size_of::<Source>();
            t.string(&s.name);
            t.item_refs(&s.derived_from);
        }
        for e in &b.experts {
            t.structs += size_of::<Expert>();
            t.string(&e.name);
            if let Some(says) = &e.says {
                t.string(says);
            }
            t.anchor(&e.anchor);
            t.item_refs(&e.on);
        }
        for k in &b.caveats {
            t.structs += size_of::<Caveat>();
            t.string(&k.text);
            t.anchor(&k.anchor);
            t.item_refs(&k.applies_to);
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
    println!(
        "items: {} paragraphs, {} claims, {} sources, {} experts, {} caveats, {} actors",
        n.paragraphs, n.claims, n.sources, n.experts, n.caveats, n.actors
    );
    println!(
        "heap asked for, live: {:.1} MB in {} blocks",
        mb(LIVE_BYTES.load(Ordering::Relaxed)),
        LIVE_BLOCKS.load(Ordering::Relaxed)
    );
    println!("resident now: {:.1} MB", rss_kib as f64 * 1024.0 / 1e6);
    // The process ends here: freeing the library would only cost time.
    std::mem::forget(library);
}
