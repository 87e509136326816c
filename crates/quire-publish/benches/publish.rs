//! Publishing a generated 300-post site with the default theme: a clean
//! build into an empty folder (every page rendered and written), a no-op
//! rebuild (the `stat` check only) and a rebuild after one post's body
//! changed (the edit fast path: one page and the search index written).
//!
//! `cargo bench -p quire-publish --bench publish`

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use divan::Bencher;
use quire_publish::{Mode, Options, Report, build};

fn main() {
    divan::main();
}

const POSTS: usize = 300;
const CATEGORIES: [&str; 5] = ["Community", "Releases", "Events", "Security", "Guides"];
const AUTHORS: [&str; 3] = ["Ines Varga", "Tomas Reyes", "Mei Tanaka"];

/// A site folder holding `content/` beside the repository's `themes/`
/// (linked, so the default theme is the one measured).
struct Site {
    root: PathBuf,
}

impl Site {
    fn new(name: &str) -> Site {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!(
            "quire-publish-bench-{name}-{}-{n}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        let content = root.join("content");
        fs::create_dir_all(content.join("blog")).unwrap();
        fs::create_dir_all(content.join("authors")).unwrap();
        fs::write(
            content.join("site.yaml"),
            "title: Bench Blog\ndescription: Posts for measuring publishing.\nlanguage: en\n\
             base_url: https://bench.example\nposts_per_page: 10\n",
        )
        .unwrap();
        for author in AUTHORS {
            fs::write(
                content.join("authors").join(format!("{}.md", slug(author))),
                format!("---\nname: {author}\n---\n{author} writes about operations.\n"),
            )
            .unwrap();
        }
        for i in 0..POSTS {
            fs::write(
                content.join("blog").join(format!("post-{i}.md")),
                post(i, 0),
            )
            .unwrap();
        }
        Site { root }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn options(&self, out: &Path) -> Options {
        let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes");
        Options::new(self.content(), out)
            .themes(themes)
            .sources(false)
    }

    /// Builds into `out` and checks the build took the path being measured.
    fn build(&self, out: &Path, clean: bool, mode: Mode) -> Report {
        let report = build(&self.options(out).clean(clean), &()).unwrap();
        assert!(report.published, "the bench site must build without errors");
        assert_eq!(
            report.mode, mode,
            "the build took another path than the one measured"
        );
        report
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// Post `i`: two categories, an author, headings, a list, links to its
/// neighbours; `revision` changes its last paragraph only.
fn post(i: usize, revision: usize) -> String {
    let mut text = format!(
        "---\ntemplateKey: blog-post\ntitle: Notes on release {i}\nauthor: {}\n\
         date: 2022-{:02}-{:02}T09:30:00.000Z\ncategory:\n",
        AUTHORS[i % AUTHORS.len()],
        1 + i % 12,
        1 + i % 28,
    );
    for c in [CATEGORIES[i % 5], CATEGORIES[(i + 2) % 5]] {
        text.push_str(&format!("  - value: category-{c}\n    label: {c}\n"));
    }
    text.push_str(&format!(
        "hidePost: false\nseo:\n  description: What changed in release {i} and how\n    \
         operators upgrade to it.\n  title: Notes on release {i}\n---\n"
    ));
    for section in 0..4 {
        text.push_str(&format!("## Part {section}\n\n"));
        text.push_str(&format!(
            "Release {i} moves the scheduler to a new queue; see [the previous notes](/blog/post-{}/) \
             and <https://docs.example.org/{i}/{section}>. \n\n\
             - upgrade the agents first\n- then the controllers\n- keep `max_batch` below 64\n\n",
            (i + POSTS - 1) % POSTS
        ));
    }
    // Past the summary, so an edit changes nothing other pages show.
    text.push_str(&format!("Revision {revision} of these notes.\n"));
    text
}

/// Every page of the site rendered and written into an empty folder.
#[divan::bench(sample_count = 10)]
fn clean_build(bencher: Bencher<'_, '_>) {
    let site = Site::new("clean");
    let n = AtomicUsize::new(0);
    bencher
        .with_inputs(|| {
            let out = site
                .root
                .join(format!("out-{}", n.fetch_add(1, Ordering::Relaxed)));
            let _ = fs::remove_dir_all(&out);
            out
        })
        .bench_values(|out| {
            let report = site.build(&out, true, Mode::Clean);
            let _ = fs::remove_dir_all(&out);
            report
        });
}

/// Nothing changed since the last build.
#[divan::bench(sample_count = 20)]
fn noop_rebuild(bencher: Bencher<'_, '_>) {
    let site = Site::new("noop");
    let out = site.root.join("out");
    site.build(&out, true, Mode::Clean);
    bencher.bench(|| site.build(&out, false, Mode::Noop));
}

/// One post's body changed since the last build.
#[divan::bench(sample_count = 20)]
fn edit_rebuild(bencher: Bencher<'_, '_>) {
    let site = Site::new("edit");
    let out = site.root.join("out");
    site.build(&out, true, Mode::Clean);
    let file = site.content().join("blog").join("post-7.md");
    let revision = AtomicUsize::new(1);
    bencher
        .with_inputs(|| {
            let r = revision.fetch_add(1, Ordering::Relaxed);
            fs::write(&file, post(7, r)).unwrap();
        })
        .bench_values(|()| site.build(&out, false, Mode::Edit));
}
