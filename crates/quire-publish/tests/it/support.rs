//! Helpers shared by the integration tests: temporary folders, a small
//! site written from code, building, and reading a whole output tree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use quire_publish::{Options, Report};

/// A fresh, empty folder under cargo's per-target temporary folder.
pub fn tmp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("quire-publish")
        .join(format!("{name}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture theme folder.
pub fn themes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/themes")
}

/// One post of a generated site.
#[derive(Clone, Debug)]
pub struct PostSpec {
    pub slug: String,
    pub title: String,
    /// Day offset from 2021-01-01.
    pub day: u32,
    pub categories: Vec<&'static str>,
    pub author: Option<&'static str>,
    pub hidden: bool,
    pub aliases: Vec<String>,
    pub body: String,
}

impl PostSpec {
    pub fn new(slug: &str, day: u32) -> PostSpec {
        PostSpec {
            slug: slug.into(),
            title: format!("Post {slug}"),
            day,
            categories: vec!["Community"],
            author: Some("Ada Example"),
            hidden: false,
            aliases: Vec::new(),
            body: format!("Text of {slug}, with <b>markup</b> & more.\n"),
        }
    }

    pub fn text(&self) -> String {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
            + chrono::Days::new(self.day as u64);
        let mut s = format!(
            "---\ntemplateKey: blog-post\ntitle: \"{}\"\ndate: {}T09:00:00.000Z\nhidePost: {}\n",
            self.title, date, self.hidden
        );
        if let Some(a) = self.author {
            s.push_str(&format!("author: {a}\n"));
        }
        if !self.categories.is_empty() {
            s.push_str("category:\n");
            for c in &self.categories {
                s.push_str(&format!(
                    "  - value: category-{}\n    label: {c}\n",
                    c.replace(' ', "")
                ));
            }
        }
        if !self.aliases.is_empty() {
            s.push_str("aliases:\n");
            for a in &self.aliases {
                s.push_str(&format!("  - {a}\n"));
            }
        }
        s.push_str(&format!(
            "seo:\n  description: About {}.\n---\n{}",
            self.slug, self.body
        ));
        s
    }
}

/// Writes `site.yaml`, an author, a static file, an about page and the posts.
pub fn write_site(content: &Path, posts: &[PostSpec]) {
    fs::create_dir_all(content.join("blog")).unwrap();
    fs::create_dir_all(content.join("authors")).unwrap();
    fs::create_dir_all(content.join("static/img")).unwrap();
    fs::write(
        content.join("site.yaml"),
        "title: Test Blog\ndescription: A test & a site\nbase_url: https://example.test\nposts_per_page: 2\nfeed_items: 3\n",
    )
    .unwrap();
    fs::write(
        content.join("authors/ada.md"),
        "---\nname: Ada Example\ncompany: Example Co\n---\nAda writes tests.\n",
    )
    .unwrap();
    fs::write(
        content.join("authors/bob.md"),
        "---\nname: Bob Other\n---\n",
    )
    .unwrap();
    fs::write(
        content.join("static/img/pixel.txt"),
        "not really an image\n",
    )
    .unwrap();
    fs::write(
        content.join("about.md"),
        "---\ntemplateKey: about-page\ntitle: About\n---\nAbout this site.\n",
    )
    .unwrap();
    for p in posts {
        fs::write(
            content.join("blog").join(format!("{}.md", p.slug)),
            p.text(),
        )
        .unwrap();
    }
}

/// The small site most tests use: five posts, one hidden, one aliased,
/// one with a non-ASCII name, one linking to another.
pub fn small_posts() -> Vec<PostSpec> {
    let mut a = PostSpec::new("first", 0);
    a.categories = vec!["Community", "Releases"];
    let mut b = PostSpec::new("second", 31);
    b.body = "See [the first post](/blog/first/).\n".into();
    b.aliases = vec!["/old/second/".into()];
    let mut c = PostSpec::new("third", 59);
    c.hidden = true;
    let mut d = PostSpec::new("fourth", 90);
    d.categories = vec!["Releases"];
    d.author = Some("Bob Other");
    let e = PostSpec::new("café", 120);
    vec![a, b, c, d, e]
}

/// A content folder holding the small site.
pub fn small_site(name: &str) -> PathBuf {
    let root = tmp(name);
    let content = root.join("content");
    write_site(&content, &small_posts());
    content
}

/// Options for the fixture theme.
pub fn options(content: &Path, out: &Path) -> Options {
    Options::new(content, out)
        .themes(themes())
        .source_date_epoch(None)
}

/// Builds and fails the test on an `Err`.
pub fn build(options: &Options) -> Report {
    quire_publish::build(options, &()).unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// Every file under `dir` except Quire's own `.quire/`, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".quire" || rel.starts_with(".quire/") {
            continue;
        }
        if entry.file_type().is_file() {
            map.insert(rel, fs::read(entry.path()).unwrap());
        } else if entry.file_type().is_dir() && !rel.is_empty() {
            // Empty folders matter too: a clean build has none.
            map.insert(format!("{rel}/"), Vec::new());
        }
    }
    map
}

/// Asserts two trees are equal, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let ka: Vec<_> = a.keys().collect();
    let kb: Vec<_> = b.keys().collect();
    assert_eq!(ka, kb, "the file lists differ");
    for (k, v) in a {
        assert!(
            v == &b[k],
            "`{k}` differs:\n{}\n---\n{}",
            String::from_utf8_lossy(v),
            String::from_utf8_lossy(&b[k])
        );
    }
}
