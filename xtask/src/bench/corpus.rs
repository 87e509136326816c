//! A deterministic synthetic corpus in the openinfra.dev format: posts with
//! Decap CMS front matter, author files and a `site.yaml`.
//!
//! The same seed always gives the same bytes, so figures from two machines or
//! two commits are measured on the same input.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use fastrand::Rng;

/// Host of the generated site; posts' `seo.url` and some links use it.
pub const BASE_URL: &str = "https://bench.quire.example";

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct CorpusConfig {
    /// Number of posts.
    pub posts: usize,
    /// Seed of the generator.
    pub seed: u64,
}

/// One generated post, as data: the Quire and the Hugo writers both read it.
#[derive(Debug, Clone)]
pub struct PostSpec {
    /// URL slug and file stem; unique.
    pub slug: String,
    /// Title (may contain a colon, which needs YAML quoting).
    pub title: String,
    /// Index into [`Corpus::authors`].
    pub author: usize,
    /// `2022-06-07T09:48:21.994Z`.
    pub date: String,
    /// Indexes into [`CATEGORIES`], distinct, 1 to 3.
    pub categories: Vec<usize>,
    /// `hidePost: true`.
    pub hidden: bool,
    /// One or two sentences.
    pub description: String,
    /// The Markdown body.
    pub body: String,
    /// Fenced code blocks in the body.
    pub code_blocks: usize,
    /// Tables in the body.
    pub tables: usize,
}

/// One author file.
#[derive(Debug, Clone)]
pub struct AuthorSpec {
    /// Name as posts write it.
    pub name: String,
    /// File stem.
    pub slug: String,
    /// Company.
    pub company: String,
    /// Twitter handle without `@`.
    pub twitter: String,
    /// Short bio (the Markdown body of the author file).
    pub bio: String,
}

/// A whole generated site.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Posts, in generation order.
    pub posts: Vec<PostSpec>,
    /// Authors.
    pub authors: Vec<AuthorSpec>,
}

/// Counts that describe a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusStats {
    /// Posts.
    pub posts: usize,
    /// Bytes of all post files (front matter and body).
    pub bytes: usize,
    /// Fenced code blocks.
    pub code_blocks: usize,
    /// Tables.
    pub tables: usize,
    /// Hidden posts.
    pub hidden: usize,
}

/// The categories posts draw from: `(id, label)`.
pub const CATEGORIES: [(&str, &str); 12] = [
    ("category-h2Ztx9rpD", "Community"),
    ("category-Qm4vLw8sT", "Open Infrastructure"),
    ("category-Zr7pKe2Nc", "Compute"),
    ("category-Bx9fTq3Ha", "Containers"),
    ("category-Wd5nYu6Gj", "Edge Computing"),
    ("category-Lp3cXs8Rv", "Continuous Integration"),
    ("category-Fk8mJh2Qe", "Events"),
    ("category-Tn6wDa4Pz", "Summit"),
    ("category-Cv2gRb7Ky", "Foundation News"),
    ("category-Ys9eMu5Lx", "Security"),
    ("category-Hj4tPn3Wb", "Networking"),
    ("category-Ge7kVc6Sd", "Case Studies"),
];

const AUTHORS: [(&str, &str); 8] = [
    ("Ada Lindqvist", "Northwind Cloud"),
    ("Bruno Okafor", "Harbor Systems"),
    ("Chen Wei", "Lattice Networks"),
    ("Dana Moreau", "Open Relay"),
    ("Emeka Nwosu", "Brightline Labs"),
    ("Farah Haddad", "Cedar Compute"),
    ("Goran Petrovic", "Kestrel Data"),
    ("Hana Sato", "Meridian Telecom"),
];

const ADJECTIVES: &[&str] = &[
    "Faster",
    "Smaller",
    "Reliable",
    "Open",
    "Distributed",
    "Secure",
    "Hybrid",
    "Modern",
    "Practical",
    "Resilient",
    "Scalable",
    "Quiet",
    "Portable",
    "Automated",
    "Shared",
    "Lean",
    "Global",
    "Stable",
    "Elastic",
    "Friendly",
];

const NOUNS: &[&str] = &[
    "Clusters",
    "Pipelines",
    "Gateways",
    "Releases",
    "Upgrades",
    "Networks",
    "Schedulers",
    "Storage",
    "Containers",
    "Workloads",
    "Regions",
    "Operators",
    "Meetups",
    "Contributors",
    "Benchmarks",
    "Deployments",
    "Registries",
    "Images",
    "Runtimes",
    "Mirrors",
    "Dashboards",
    "Tenants",
    "Volumes",
    "Patches",
];

const TOPICS: &[&str] = &[
    "the Edge",
    "Bare Metal",
    "Public Clouds",
    "Telecom",
    "Small Teams",
    "Large Fleets",
    "Research Labs",
    "Universities",
    "Retail",
    "Gaming",
    "Video Streaming",
    "Banking",
];

const WORDS: &[&str] = &[
    "cluster",
    "node",
    "release",
    "upgrade",
    "network",
    "storage",
    "volume",
    "image",
    "project",
    "community",
    "operator",
    "tenant",
    "region",
    "zone",
    "service",
    "driver",
    "scheduler",
    "gateway",
    "team",
    "contributor",
    "user",
    "deployment",
    "pipeline",
    "job",
    "build",
    "test",
    "patch",
    "review",
    "change",
    "branch",
    "mirror",
    "registry",
    "runtime",
    "kernel",
    "host",
    "rack",
    "switch",
    "router",
    "policy",
    "quota",
    "token",
    "secret",
    "certificate",
    "metric",
    "dashboard",
    "alert",
    "log",
    "trace",
    "budget",
    "roadmap",
    "meeting",
    "summit",
    "track",
    "session",
    "talk",
    "panel",
    "workshop",
    "the",
    "a",
    "our",
    "their",
    "every",
    "each",
    "new",
    "old",
    "small",
    "large",
    "fast",
    "slow",
    "stable",
    "open",
    "shared",
    "private",
    "public",
    "simple",
    "careful",
    "quick",
    "steady",
    "runs",
    "builds",
    "ships",
    "tests",
    "scales",
    "moves",
    "keeps",
    "needs",
    "brings",
    "makes",
    "helps",
    "starts",
    "ends",
    "grows",
    "measures",
    "with",
    "without",
    "for",
    "from",
    "into",
    "across",
    "over",
    "under",
    "between",
    "after",
    "before",
    "while",
    "and",
    "or",
    "but",
    "so",
    "then",
    "also",
    "still",
    "now",
    "today",
    "again",
    "often",
    "rarely",
    "always",
    "never",
    "here",
    "there",
    "about",
    "more",
    "less",
];

const CODE_LANGUAGES: &[&str] = &["rust", "python", "go", "yaml", "bash", "json", "toml"];

const EXTERNAL_HOSTS: &[&str] = &[
    "https://example.org",
    "https://www.example.org",
    "https://docs.example.org",
];

impl Corpus {
    /// Generates a corpus. Same config, same corpus, byte for byte.
    pub fn generate(config: &CorpusConfig) -> Corpus {
        let authors = AUTHORS
            .iter()
            .map(|&(name, company)| {
                let slug = slug_of(name);
                let twitter: String = name.split(' ').collect::<Vec<_>>().concat().to_lowercase();
                AuthorSpec {
                    name: name.to_owned(),
                    slug,
                    company: company.to_owned(),
                    bio: format!(
                        "{name} works on open infrastructure at {company} and writes about \
                         running it in production."
                    ),
                    twitter,
                }
            })
            .collect();

        // Pass 1: everything but bodies, so bodies can link to any post.
        let mut rng = Rng::with_seed(config.seed);
        let mut used = std::collections::HashSet::new();
        let mut posts: Vec<PostSpec> = (0..config.posts)
            .map(|_| {
                let title = title(&mut rng);
                let base = slug_of(&title);
                let mut slug = base.clone();
                let mut n = 2;
                while !used.insert(slug.clone()) {
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                let mut categories = Vec::new();
                let wanted = 1 + rng.usize(0..3);
                while categories.len() < wanted {
                    let c = rng.usize(0..CATEGORIES.len());
                    if !categories.contains(&c) {
                        categories.push(c);
                    }
                }
                let description_sentences = 1 + rng.usize(0..2);
                PostSpec {
                    slug,
                    title,
                    author: rng.usize(0..AUTHORS.len()),
                    date: date(&mut rng),
                    categories,
                    hidden: rng.f64() < 0.02,
                    description: sentences(&mut rng, description_sentences),
                    body: String::new(),
                    code_blocks: 0,
                    tables: 0,
                }
            })
            .collect();

        // Pass 2: bodies, each from its own stream so a body depends only on
        // the seed, its index and the list of posts.
        let targets: Vec<(String, String)> = posts
            .iter()
            .map(|p| (p.slug.clone(), p.title.clone()))
            .collect();
        for (i, post) in posts.iter_mut().enumerate() {
            let mut rng =
                Rng::with_seed(config.seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let body = body(&mut rng, i, &targets);
            post.body = body.text;
            post.code_blocks = body.code_blocks;
            post.tables = body.tables;
        }
        Corpus { posts, authors }
    }

    /// Counts of the corpus as written by [`Corpus::write_quire`].
    pub fn stats(&self) -> CorpusStats {
        CorpusStats {
            posts: self.posts.len(),
            bytes: self.posts.iter().map(|p| self.post_markdown(p).len()).sum(),
            code_blocks: self.posts.iter().map(|p| p.code_blocks).sum(),
            tables: self.posts.iter().map(|p| p.tables).sum(),
            hidden: self.posts.iter().filter(|p| p.hidden).count(),
        }
    }

    /// The post file: front matter exactly as the CMS writes it, then the body.
    pub fn post_markdown(&self, post: &PostSpec) -> String {
        let author = &self.authors[post.author];
        let mut out = String::with_capacity(post.body.len() + 600);
        out.push_str("---\ntemplateKey: blog-post\n");
        let _ = writeln!(out, "title: {}", yaml_scalar(&post.title));
        let _ = writeln!(out, "author: {}", author.name);
        let _ = writeln!(out, "date: {}", post.date);
        out.push_str("category:\n");
        for &c in &post.categories {
            let (id, label) = CATEGORIES[c];
            let _ = writeln!(out, "  - value: {id}\n    label: {label}");
        }
        let _ = writeln!(out, "hidePost: {}", post.hidden);
        out.push_str("seo:\n  description: ");
        // The CMS wraps long plain scalars onto indented continuation lines.
        out.push_str(&wrap(&post.description, 72, "    "));
        out.push('\n');
        let _ = writeln!(out, "  twitterUsername: {}", author.twitter);
        let _ = writeln!(out, "  title: {}", yaml_scalar(&post.title));
        let _ = writeln!(out, "  url: {BASE_URL}/blog/{}", post.slug);
        out.push_str("---\n");
        out.push_str(&post.body);
        out
    }

    /// An author file.
    pub fn author_markdown(author: &AuthorSpec) -> String {
        format!(
            "---\nname: {}\ncompany: {}\ntwitter: {}\n---\n{}\n",
            author.name, author.company, author.twitter, author.bio
        )
    }

    /// `site.yaml`, with code highlighting on or off.
    pub fn site_yaml(highlight_code: bool) -> String {
        format!(
            "title: Quire Bench\n\
             description: A generated blog for measuring Quire.\n\
             language: en\n\
             base_url: {BASE_URL}\n\
             title_template: \"%s | Blog\"\n\
             posts_per_page: 10\n\
             highlight_code: {highlight_code}\n"
        )
    }

    /// Writes the Quire content folder: `site.yaml`, `authors/*.md`,
    /// `blog/*.md`. The folder must not hold other posts.
    pub fn write_quire(&self, dir: &Path, highlight_code: bool) -> io::Result<()> {
        fs::create_dir_all(dir.join("authors"))?;
        fs::create_dir_all(dir.join("blog"))?;
        fs::write(dir.join("site.yaml"), Self::site_yaml(highlight_code))?;
        for author in &self.authors {
            fs::write(
                dir.join("authors").join(format!("{}.md", author.slug)),
                Self::author_markdown(author),
            )?;
        }
        for post in &self.posts {
            fs::write(dir.join(post_path(post)), self.post_markdown(post))?;
        }
        Ok(())
    }
}

/// A post's file, relative to the content folder.
pub fn post_path(post: &PostSpec) -> String {
    format!("blog/{}.md", post.slug)
}

/// Lowercase ASCII words joined by `-`.
fn slug_of(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Titles need quotes only when they hold `: `; the generator makes no other
/// YAML-special text.
fn yaml_scalar(text: &str) -> String {
    if text.contains(": ") {
        format!("\"{text}\"")
    } else {
        text.to_owned()
    }
}

fn title(rng: &mut Rng) -> String {
    let adjective = pick(rng, ADJECTIVES);
    let noun = pick(rng, NOUNS);
    let topic = pick(rng, TOPICS);
    match rng.usize(0..5) {
        0 => format!("{adjective} {noun} for {topic}"),
        1 => format!("{} Lessons from {adjective} {noun}", 3 + rng.usize(0..8)),
        2 => format!(
            "{noun} at Scale: {adjective} {} {}",
            pick(rng, NOUNS),
            rng.usize(1..100)
        ),
        3 => format!("How {topic} Run {adjective} {noun}"),
        _ => format!(
            "{adjective} {noun}, {} {}",
            pick(rng, ADJECTIVES),
            pick(rng, NOUNS)
        ),
    }
}

fn date(rng: &mut Rng) -> String {
    // 2015-01-01T00:00:00Z plus up to ten years.
    let secs = 1_420_070_400 + rng.i64(0..315_569_520);
    let millis = rng.u32(0..1000);
    let dt = chrono::DateTime::from_timestamp(secs, millis * 1_000_000).unwrap_or_default();
    dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(0..items.len())]
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.usize(0..11);
    for w in 0..n {
        let word = pick(rng, WORDS);
        if w == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
            if w + 1 < n && rng.usize(0..12) == 0 {
                out.push(',');
            }
        }
    }
    out.push('.');
}

fn sentences(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        sentence(rng, &mut out);
    }
    out
}

/// Wraps words at `width` columns; continuation lines start with `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut column = 0;
    for word in text.split(' ') {
        if column > 0 && column + 1 + word.len() > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.len();
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out
}

struct Body {
    text: String,
    code_blocks: usize,
    tables: usize,
}

fn body(rng: &mut Rng, index: usize, targets: &[(String, String)]) -> Body {
    let target_len = 1000 + rng.usize(0..5400);
    let code_at = (rng.f64() < 0.2).then(|| rng.usize(1..4));
    let table_at = (rng.f64() < 0.1).then(|| rng.usize(2..5));
    let mut out = String::with_capacity(target_len + 1024);
    let (mut code_blocks, mut tables) = (0, 0);
    let mut block = 0;
    while out.len() < target_len
        || (code_at.is_some() && code_blocks == 0)
        || (table_at.is_some() && tables == 0)
    {
        if block > 0 {
            out.push('\n');
        }
        if code_at == Some(block)
            || (code_at.is_some() && code_blocks == 0 && out.len() >= target_len)
        {
            code_block(rng, &mut out);
            code_blocks += 1;
        } else if table_at == Some(block)
            || (table_at.is_some() && tables == 0 && out.len() >= target_len)
        {
            table(rng, &mut out);
            tables += 1;
        } else {
            match rng.usize(0..10) {
                0 | 1 => {
                    let _ = writeln!(out, "## {} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS));
                }
                2 => list(rng, &mut out, index, targets),
                3 if rng.bool() => {
                    out.push_str("> ");
                    sentence(rng, &mut out);
                    out.push('\n');
                }
                _ => paragraph(rng, &mut out, index, targets),
            }
        }
        block += 1;
    }
    Body {
        text: out,
        code_blocks,
        tables,
    }
}

fn paragraph(rng: &mut Rng, out: &mut String, index: usize, targets: &[(String, String)]) {
    let n = 3 + rng.usize(0..5);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        sentence(rng, out);
        match rng.usize(0..14) {
            0 => internal_link(rng, out, index, targets),
            1 => external_link(rng, out),
            2 => {
                let _ = write!(
                    out,
                    " Use `{}_{}` here.",
                    pick(rng, WORDS),
                    pick(rng, WORDS)
                );
            }
            3 => {
                let _ = write!(
                    out,
                    " It is **{}** and *{}*.",
                    pick(rng, WORDS),
                    pick(rng, WORDS)
                );
            }
            _ => {}
        }
    }
    out.push('\n');
}

fn internal_link(rng: &mut Rng, out: &mut String, index: usize, targets: &[(String, String)]) {
    if targets.len() < 2 {
        return;
    }
    let mut other = rng.usize(0..targets.len());
    if other == index {
        other = (other + 1) % targets.len();
    }
    let (slug, title) = &targets[other];
    // Most links are root paths; some are absolute URLs on the site's own host.
    if rng.usize(0..10) == 0 {
        let _ = write!(out, " See [{title}]({BASE_URL}/blog/{slug}/).");
    } else {
        let _ = write!(out, " See [{title}](/blog/{slug}/).");
    }
}

fn external_link(rng: &mut Rng, out: &mut String) {
    let host = pick(rng, EXTERNAL_HOSTS);
    let path = format!("{}/{}", pick(rng, WORDS), rng.usize(1..500));
    if rng.usize(0..4) == 0 {
        let _ = write!(out, " More at <{host}/{path}>.");
    } else {
        let _ = write!(
            out,
            " Read [the {} notes]({host}/{path}).",
            pick(rng, WORDS)
        );
    }
}

fn list(rng: &mut Rng, out: &mut String, index: usize, targets: &[(String, String)]) {
    let ordered = rng.bool();
    for i in 0..3 + rng.usize(0..4) {
        if ordered {
            let _ = write!(out, "{}. ", i + 1);
        } else {
            out.push_str("- ");
        }
        sentence(rng, out);
        if rng.usize(0..6) == 0 {
            internal_link(rng, out, index, targets);
        }
        out.push('\n');
    }
}

fn table(rng: &mut Rng, out: &mut String) {
    let columns = 3 + rng.usize(0..2);
    let headers: Vec<&str> = (0..columns).map(|_| pick(rng, NOUNS)).collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(columns));
    for _ in 0..3 + rng.usize(0..6) {
        out.push('|');
        for c in 0..columns {
            if c == 0 {
                let _ = write!(out, " {} {} |", pick(rng, WORDS), pick(rng, WORDS));
            } else {
                let _ = write!(out, " {} |", rng.usize(0..10_000));
            }
        }
        out.push('\n');
    }
}

fn code_block(rng: &mut Rng, out: &mut String) {
    let language = pick(rng, CODE_LANGUAGES);
    let lines = 5 + rng.usize(0..21);
    let _ = writeln!(out, "```{language}");
    for i in 0..lines {
        let a = pick(rng, WORDS).trim_start_matches("the");
        let a = if a.is_empty() { "value" } else { a };
        let b = pick(rng, NOUNS).to_lowercase();
        let n = rng.usize(0..1000);
        let _ = match language {
            "rust" => writeln!(
                out,
                "    let {a}_{i} = {b}.get({n}).map(|x| x * 2).unwrap_or(0); // {b}"
            ),
            "python" => writeln!(out, "{a}_{i} = [x * {n} for x in {b} if x > {i}]  # {b}"),
            "go" => writeln!(out, "\t{a}{i}, err := client.Get{b}(ctx, \"{b}-{n}\")"),
            "yaml" => writeln!(out, "{a}_{i}:\n  {b}: {n}\n  enabled: {}", n % 2 == 0),
            "bash" => writeln!(
                out,
                "openstack {b} list --limit {n} | grep -v {a} > /tmp/{a}.{i}"
            ),
            "json" => {
                let sep = if i + 1 < lines { "," } else { "" };
                if i == 0 {
                    out.push_str("{\n");
                }
                let r = writeln!(out, "  \"{a}_{i}\": {{\"{b}\": {n}, \"ok\": true}}{sep}");
                if i + 1 == lines {
                    out.push_str("}\n");
                }
                r
            }
            _ => writeln!(out, "[{b}.{a}{i}]\nlimit = {n}\nname = \"{a}\""),
        };
    }
    out.push_str("```\n");
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn corpus(posts: usize, seed: u64) -> Corpus {
        Corpus::generate(&CorpusConfig { posts, seed })
    }

    fn files(c: &Corpus) -> Vec<String> {
        c.posts.iter().map(|p| c.post_markdown(p)).collect()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = files(&corpus(200, 7));
        assert_eq!(a, files(&corpus(200, 7)));
        assert_ne!(a, files(&corpus(200, 8)));
    }

    #[test]
    fn shape_matches_the_openinfra_corpus() {
        let c = corpus(2000, 2022);
        let stats = c.stats();
        assert_eq!(stats.posts, 2000);
        let average = stats.bytes / stats.posts;
        assert!(
            (4000..5200).contains(&average),
            "average post is {average} bytes"
        );
        for p in &c.posts {
            assert!(
                (1000..9500).contains(&p.body.len()),
                "{} has {} bytes",
                p.slug,
                p.body.len()
            );
            assert!((1..=3).contains(&p.categories.len()));
            let distinct: HashSet<_> = p.categories.iter().collect();
            assert_eq!(
                distinct.len(),
                p.categories.len(),
                "{}: repeated category",
                p.slug
            );
            assert!(
                p.date.as_str() >= "2015-01-01" && p.date.as_str() < "2025-01-01",
                "{}",
                p.date
            );
        }
        let share = |n: usize| n as f64 / stats.posts as f64;
        assert!(
            (0.16..0.24).contains(&share(stats.code_blocks)),
            "{stats:?}"
        );
        assert!((0.07..0.13).contains(&share(stats.tables)), "{stats:?}");
        assert!((0.005..0.04).contains(&share(stats.hidden)), "{stats:?}");
        let slugs: HashSet<_> = c.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs.len(), c.posts.len(), "slugs are unique");
        let authors: HashSet<_> = c.posts.iter().map(|p| p.author).collect();
        assert_eq!(authors.len(), AUTHORS.len());
    }

    #[test]
    fn every_internal_link_points_at_a_generated_post() {
        let c = corpus(300, 3);
        let routes: HashSet<String> = c
            .posts
            .iter()
            .map(|p| format!("/blog/{}/", p.slug))
            .collect();
        let mut seen = 0;
        for p in &c.posts {
            for part in p.body.split("](").skip(1) {
                let url = &part[..part.find(')').expect("closed link")];
                let path = url.strip_prefix(BASE_URL).unwrap_or(url);
                if path.starts_with('/') {
                    assert!(routes.contains(path), "{} links to missing {url}", p.slug);
                    seen += 1;
                }
            }
        }
        assert!(seen > 300, "only {seen} internal links");
    }

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct FrontMatter {
        template_key: String,
        title: String,
        author: String,
        date: String,
        category: Vec<CategoryRef>,
        hide_post: bool,
        seo: SeoBlock,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CategoryRef {
        value: String,
        label: String,
    }

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct SeoBlock {
        description: String,
        twitter_username: String,
        title: String,
        url: String,
    }

    #[test]
    fn front_matter_is_the_cms_format_and_parses_back() {
        let c = corpus(400, 11);
        assert!(
            c.posts.iter().any(|p| p.title.contains(": ")),
            "some titles need quoting"
        );
        assert!(
            c.posts.iter().any(|p| p.description.len() > 72),
            "some descriptions wrap"
        );
        for p in &c.posts {
            let file = c.post_markdown(p);
            let rest = file.strip_prefix("---\n").expect("opening fence");
            let end = rest.find("\n---\n").expect("closing fence");
            let fm: FrontMatter = serde_yaml::from_str(&rest[..end]).expect("front matter parses");
            assert_eq!(fm.template_key, "blog-post");
            assert_eq!(fm.title, p.title);
            assert_eq!(fm.seo.title, p.title);
            assert_eq!(fm.author, c.authors[p.author].name);
            assert_eq!(fm.seo.twitter_username, c.authors[p.author].twitter);
            assert_eq!(fm.date, p.date);
            assert_eq!(fm.hide_post, p.hidden);
            // Folded continuation lines come back as single spaces.
            assert_eq!(fm.seo.description, p.description);
            assert_eq!(fm.seo.url, format!("{BASE_URL}/blog/{}", p.slug));
            let labels: Vec<_> = fm
                .category
                .iter()
                .map(|c| (c.value.as_str(), c.label.as_str()))
                .collect();
            let expected: Vec<_> = p.categories.iter().map(|&i| CATEGORIES[i]).collect();
            assert_eq!(labels, expected);
            assert_eq!(&rest[end + 5..], p.body);
        }
    }

    #[test]
    fn writes_a_content_folder() {
        let dir = std::env::temp_dir().join(format!("quire-bench-corpus-{}", std::process::id()));
        let c = corpus(20, 5);
        c.write_quire(&dir, false).unwrap();
        let site = fs::read_to_string(dir.join("site.yaml")).unwrap();
        assert!(site.contains("highlight_code: false\n") && site.contains("posts_per_page: 10\n"));
        assert_eq!(fs::read_dir(dir.join("blog")).unwrap().count(), 20);
        assert_eq!(
            fs::read_dir(dir.join("authors")).unwrap().count(),
            AUTHORS.len()
        );
        let first = &c.posts[0];
        assert_eq!(
            fs::read_to_string(dir.join(post_path(first))).unwrap(),
            c.post_markdown(first)
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn check_wrap_and_slug() {
        assert_eq!(wrap("aa bb cc", 5, "  "), "aa bb\n  cc");
        assert_eq!(
            slug_of("Clusters at Scale: Open Pipelines 42"),
            "clusters-at-scale-open-pipelines-42"
        );
    }
}
