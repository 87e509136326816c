//! The same corpus as a Hugo site, with templates equivalent to Quire's
//! default theme: post pages, a paginated blog index, category and author
//! taxonomies with the same page size, RSS and the sitemap.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;

use super::corpus::{BASE_URL, CATEGORIES, Corpus, PostSpec};

/// `hugo version`'s first line when Hugo is on the PATH.
pub fn version() -> Option<String> {
    let output = Command::new("hugo").arg("version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(str::to_owned)
}

/// Arguments of one build of `site` into `out`, with Hugo's default code
/// highlighting or with fenced-code highlighting off.
pub fn args(site: &Path, out: &Path, highlight: bool) -> Vec<OsString> {
    let config = if highlight {
        "config.toml"
    } else {
        "config-nohighlight.toml"
    };
    vec![
        "--quiet".into(),
        "--source".into(),
        site.into(),
        "--config".into(),
        site.join(config).into(),
        "--destination".into(),
        out.into(),
    ]
}

/// Writes the Hugo site into `dir`.
pub fn write_site(corpus: &Corpus, dir: &Path) -> io::Result<()> {
    for sub in [
        "content/blog",
        "content/authors",
        "content/categories",
        "layouts/_default",
    ] {
        fs::create_dir_all(dir.join(sub))?;
    }
    fs::write(dir.join("config.toml"), config(true))?;
    fs::write(dir.join("config-nohighlight.toml"), config(false))?;
    for (name, text) in LAYOUTS {
        fs::write(dir.join("layouts").join(name), text)?;
    }
    fs::write(
        dir.join("content/blog/_index.md"),
        "---\ntitle: Blog\n---\n",
    )?;
    for author in &corpus.authors {
        let folder = dir.join("content/authors").join(&author.slug);
        fs::create_dir_all(&folder)?;
        fs::write(
            folder.join("_index.md"),
            format!(
                "---\ntitle: {}\ncompany: {}\ntwitter: {}\n---\n{}\n",
                author.name, author.company, author.twitter, author.bio
            ),
        )?;
    }
    for post in &corpus.posts {
        fs::write(
            dir.join("content/blog").join(format!("{}.md", post.slug)),
            post_markdown(corpus, post),
        )?;
    }
    Ok(())
}

fn config(highlight: bool) -> String {
    let mut out = format!(
        "baseURL = \"{BASE_URL}/\"\n\
         languageCode = \"en\"\n\
         title = \"Quire Bench\"\n\
         paginate = 10\n\
         rssLimit = 20\n\
         disableKinds = [\"robotsTXT\"]\n\
         \n\
         [taxonomies]\n\
         category = \"categories\"\n\
         author = \"authors\"\n\
         \n\
         [permalinks]\n\
         blog = \"/blog/:slug/\"\n\
         categories = \"/blog/category/:slug/\"\n\
         authors = \"/blog/author/:slug/\"\n\
         \n\
         [markup.goldmark.renderer]\n\
         unsafe = true\n"
    );
    if !highlight {
        out.push_str("\n[markup.highlight]\ncodeFences = false\n");
    }
    out
}

fn post_markdown(corpus: &Corpus, post: &PostSpec) -> String {
    let mut out = String::with_capacity(post.body.len() + 400);
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", json(&post.title));
    let _ = writeln!(out, "date: {}", post.date);
    let _ = writeln!(out, "slug: {}", post.slug);
    let _ = writeln!(out, "description: {}", json(&post.description));
    let _ = writeln!(
        out,
        "authors: [{}]",
        json(&corpus.authors[post.author].name)
    );
    let labels: Vec<String> = post
        .categories
        .iter()
        .map(|&c| json(CATEGORIES[c].1))
        .collect();
    let _ = writeln!(out, "categories: [{}]", labels.join(", "));
    if post.hidden {
        // Built and reachable, left out of every list, feed and the sitemap.
        out.push_str("hidden: true\n_build:\n  list: never\n");
    }
    out.push_str("---\n");
    out.push_str(&post.body);
    out
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

const LAYOUTS: [(&str, &str); 6] = [
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | Blog{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ if .Params.hidden }}<meta name="robots" content="noindex">{{ end }}
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
{{ if .IsPage }}<meta property="og:type" content="article">
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
<meta name="twitter:card" content="summary_large_image">{{ end }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav><a href="/">{{ site.Title }}</a> <a href="/blog/">Blog</a></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"##,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>By {{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }} on <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "01/02/2006" }}</time></p>
<ul class="categories">{{ range .GetTerms "categories" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .TableOfContents }}
{{ .Content }}
<nav class="pager">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Content }}<div class="bio">{{ . }}</div>{{ end }}
{{ $pager := .Paginate .RegularPages }}
{{ range $pager.Pages }}<article class="entry">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "01/02/2006" }}</time>
{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>{{ .Summary }}</p>
</article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
"#,
    ),
    (
        "_default/terms.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range first 10 (where site.RegularPages "Section" "blog") }}<article class="entry">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p>
</article>{{ end }}
<p><a href="/blog/">All posts</a></p>{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>Page not found</h1><p><a href="/">Home</a></p>{{ end }}
"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::corpus::CorpusConfig;

    #[test]
    fn hugo_posts_carry_the_same_metadata() {
        let corpus = Corpus::generate(&CorpusConfig {
            posts: 200,
            seed: 4,
        });
        let hidden = corpus
            .posts
            .iter()
            .find(|p| p.hidden)
            .expect("a hidden post in 200");
        let text = post_markdown(&corpus, hidden);
        let rest = text.strip_prefix("---\n").unwrap();
        let end = rest.find("\n---\n").unwrap();
        let fm: serde_json::Value = serde_yaml::from_str(&rest[..end]).unwrap();
        assert_eq!(fm["title"], hidden.title.as_str());
        assert_eq!(fm["slug"], hidden.slug.as_str());
        assert_eq!(
            fm["authors"][0],
            corpus.authors[hidden.author].name.as_str()
        );
        assert_eq!(
            fm["categories"].as_array().unwrap().len(),
            hidden.categories.len()
        );
        assert_eq!(fm["_build"]["list"], "never");
        assert_eq!(&rest[end + 5..], hidden.body);
        assert!(
            config(false).contains("codeFences = false") && !config(true).contains("codeFences")
        );
    }
}
