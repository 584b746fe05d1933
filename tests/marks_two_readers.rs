//! Two readers on one state folder, as two real processes saving at once:
//! neither loses what the other marked.
//!
//! The test runs this same test binary twice more as the two readers (an
//! environment variable tells a child which one it is), each marking its
//! own claims one at a time and saving after every mark, as the reader does.

use std::path::Path;
use std::process::Command;

use debrief::marks::{Kind, Marks, Store, Target};

const SAVES: usize = 60;
const ROLE: &str = "DEBRIEF_TEST_READER";
const DIR: &str = "DEBRIEF_TEST_STATE";

/// One reader's life: read once, then mark and save, taking in what the
/// other wrote at each save, as the reader's state does.
fn be_a_reader(name: &str, dir: &Path) {
    let store = Store::at(dir);
    let mut marks: Marks = store.load("shared").expect("readable");
    for i in 0..SAVES {
        marks.toggle(&Target::new(Kind::Claim, format!("{name}-{i}")));
        if i % 10 == 0 {
            marks.set_note(
                &Target::new(Kind::Claim, format!("{name}-{i}")),
                &format!("note {i} by {name}"),
            );
        }
        let saved = store.save("shared", &marks).expect("saves");
        marks = saved.marks;
    }
}

#[test]
fn two_processes_saving_one_marks_file_keep_both_sets() {
    if let (Ok(name), Ok(dir)) = (std::env::var(ROLE), std::env::var(DIR)) {
        be_a_reader(&name, Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let me = std::env::current_exe().expect("the test binary");
    let children: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            Command::new(&me)
                .args([
                    "--exact",
                    "two_processes_saving_one_marks_file_keep_both_sets",
                    "--nocapture",
                ])
                .env(ROLE, name)
                .env(DIR, dir.path())
                .spawn()
                .expect("a reader starts")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("a reader ends").success());
    }
    let on_disk = Store::at(dir.path()).load("shared").expect("readable");
    for name in ["a", "b"] {
        for i in 0..SAVES {
            let t = Target::new(Kind::Claim, format!("{name}-{i}"));
            assert!(on_disk.is_marked(&t), "{t} was lost");
            if i % 10 == 0 {
                assert_eq!(
                    on_disk.note(&t),
                    Some(format!("note {i} by {name}").as_str()),
                    "the note on {t} was lost"
                );
            }
        }
    }
    assert_eq!(on_disk.marked_count(), 2 * SAVES);
}
