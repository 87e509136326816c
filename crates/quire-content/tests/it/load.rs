//! Loading whole folders: discovery, odd entries, collisions, cross-checks.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use quire_content::{LoadError, Loaded, load};

/// A fresh folder under cargo's scratch space for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("quire-content-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("parent folder");
    fs::write(path, bytes).expect("write fixture");
}

fn post(title: &str, extra: &str) -> String {
    format!(
        "---\ntemplateKey: blog-post\ntitle: {title}\ndate: 2024-05-01T09:00:00Z\n{extra}---\nBody of {title}.\n"
    )
}

/// A compact, stable description of what `load` returned.
fn describe(loaded: &Loaded) -> String {
    let site = &loaded.site;
    let mut out = String::new();
    let _ = writeln!(out, "post files: {}", loaded.post_files);
    for p in &site.posts {
        let _ = writeln!(
            out,
            "post {} -> {} aliases {:?}",
            p.source, p.route, p.aliases
        );
    }
    for p in &site.pages {
        let _ = writeln!(out, "page {} ({}) -> {}", p.source, p.template_key, p.route);
    }
    for a in &site.authors {
        let _ = writeln!(out, "author {} ({})", a.name, a.source);
    }
    let _ = writeln!(out, "static {:?}", site.static_files);
    let _ = writeln!(out, "templates {}", site.templates_dir.is_some());
    let _ = writeln!(
        out,
        "sources {:?}",
        loaded.sources.keys().collect::<Vec<_>>()
    );
    for d in &loaded.diagnostics {
        let _ = writeln!(
            out,
            "{} {} {}:{}:{} {}",
            d.severity.as_str(),
            d.code,
            d.file,
            d.line,
            d.column,
            d.message
        );
    }
    out
}

fn demo_folder(name: &str) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "base_url: https://openinfra.dev\ncategories:\n  - {id: c-community, label: Community}\n",
    );
    write(
        &root,
        "authors/jane.md",
        "---\nname: Jane Doe\ntwitter: '@jane'\n---\nJane writes.\n",
    );
    write(&root, "authors/empty.md", "");
    write(
        &root,
        "blog/a.md",
        post(
            "A",
            "author: Jane Doe\ncategory:\n  - {label: Community, value: c-community}\n",
        ),
    );
    write(
        &root,
        "blog/unknown-author.md",
        post(
            "U",
            "author: Nobody\ncategory:\n  - {label: Gardening, value: c-garden}\n",
        ),
    );
    write(&root, "blog/c.md", post("C", "seo:\n  url: /blog/same/\n"));
    write(
        &root,
        "blog/d.md",
        post("D", "seo:\n  url: https://openinfra.dev/blog/same\n"),
    );
    write(
        &root,
        "blog/hidden.md",
        post(
            "H",
            "hidePost: true\naliases:\n  - /blog/a/\n  - /old/hidden\n",
        ),
    );
    write(&root, "blog/x.md/inner.md", post("Inner", ""));
    write(
        &root,
        "blog/bad.md",
        b"---\ntemplateKey: blog-post\ntitle: \xff\n---\n".as_slice(),
    );
    write(
        &root,
        "blog/broken-yaml.md",
        "---\ntemplateKey: blog-post\ntitle: [\n---\n",
    );
    write(&root, "blog/empty.md", "");
    write(&root, "notes.md", "# no front matter\n");
    write(
        &root,
        "about.md",
        "---\ntemplateKey: about-page\ntitle: About\n---\n",
    );
    write(&root, "static/img/a.png", "png");
    write(&root, "static/page.md", "not a page");
    write(&root, "templates/post.html", "{{ post.title }}");
    write(&root, ".hidden/secret.md", post("Secret", ""));
    write(&root, "blog/readme.txt", "ignored");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", root.join("blog/loop")).expect("symlink");
        // Unreadable: a link to nothing (permissions do not stop root, who runs CI here).
        std::os::unix::fs::symlink("missing.md", root.join("blog/dangling.md")).expect("symlink");
    }
    root
}

#[test]
fn loads_a_folder_with_every_kind_of_trouble() {
    let root = demo_folder("trouble");
    let loaded = load(&root).expect("the folder is readable");
    insta::assert_snapshot!(describe(&loaded));
    // Every file named by a diagnostic has its text kept for snippets.
    for d in &loaded.diagnostics {
        if d.line > 0 {
            assert!(loaded.sources.contains_key(&d.file), "{}", d.file);
        }
    }
    // Same input, same output, whatever the thread timing.
    assert_eq!(describe(&load(&root).expect("readable")), describe(&loaded));
}

#[test]
fn a_missing_or_plain_file_root_is_a_load_error() {
    let root = scratch("not-a-folder");
    assert!(matches!(
        load(&root.join("nope")),
        Err(LoadError::NotFound { .. })
    ));
    write(&root, "file.md", "x");
    let err = load(&root.join("file.md")).expect_err("a file is not a folder");
    assert!(matches!(err, LoadError::NotADirectory { .. }));
    assert!(err.to_string().contains("file.md"), "{err}");
}

#[test]
fn an_empty_folder_loads_with_defaults() {
    let root = scratch("empty");
    let loaded = load(&root).expect("readable");
    assert!(loaded.site.posts.is_empty() && loaded.diagnostics.is_empty());
    assert_eq!(loaded.site.settings, quire_content::SiteSettings::default());
    assert_eq!(loaded.post_files, 0);
}
