//! What link extraction and the site-wide check add to parsing and
//! rendering 10,000 generated posts.
//!
//! `cargo bench -p quire-links --bench check`
//!
//! - `parse_and_render`, the baseline: each post's front matter parsed and
//!   its Markdown rendered to HTML, in parallel, with the options the build
//!   uses (raw HTML on, code highlighting on) and link collection off
//!   (`Options::collect_links`).
//! - `parse_render_and_check`: the same with link collection on, each
//!   document's links moved into a `PageLinks` in the task that rendered it
//!   (as `quire-publish` does), then the whole site checked.
//! - `check_only`: the site-wide check alone, on links collected beforehand.
//!
//! After divan's table, `cargo bench` prints the overhead: the second
//! against the first, as the median of interleaved rounds, in CPU time
//! (steady on a shared machine) and wall time, with highlighting on (the
//! build's default) and off (where the Markdown work is smallest, so the
//! share of links is largest). Issue 3 asks for less than 10%.
//!
//! The posts are generated in the shape of `cargo xtask bench`'s corpus
//! (1 to 8 KB bodies, about 5 links a post, headings, lists, a table in
//! ~10% and a code block in ~20% of posts). Set `QUIRE_BENCH_CONTENT` to a
//! content folder (such as one kept by `cargo xtask bench --keep`) to
//! measure that instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use quire_content::Site;
use quire_links::{Checker, PageLinks, Report};
use quire_markdown::{Document, Options, render};
use rayon::prelude::*;

const POSTS: usize = 10_000;

// The allocator of the `quire` build binary (xtask), so allocation costs
// weigh here as they do in the build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `QUIRE_BENCH_PROFILE=links|render` repeats one side (highlighting off)
    // ten times and nothing else, for `perf record`; `extract` repeats
    // parsing and rendering with links collected, and `check` the
    // site-wide check alone fifty times.
    if let Ok(side) = std::env::var("QUIRE_BENCH_PROFILE") {
        let corpus = corpus(POSTS);
        if side == "check" {
            let links = collected(corpus);
            for _ in 0..50 {
                std::hint::black_box(Checker::new(&corpus.site).check(&links, &[]));
            }
            return;
        }
        let links = side == "links";
        let options = options(&corpus.site, false, links || side == "extract");
        for _ in 0..10 {
            if links {
                std::hint::black_box(with_links(corpus, &options));
            } else {
                std::hint::black_box(parse_and_render_all(corpus, &options));
            }
        }
        return;
    }
    // `QUIRE_BENCH_OVERHEAD=N` prints only the overhead, over N rounds.
    if let Some(rounds) = std::env::var("QUIRE_BENCH_OVERHEAD")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        overhead(corpus(POSTS), rounds);
        return;
    }
    divan::main();
    // Under `cargo bench` without a name filter (not `cargo test --benches`).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--bench") && args.iter().all(|a| a.starts_with('-')) {
        overhead(corpus(POSTS), 5);
    }
}

/// A loaded site and the bytes of each post's file, in `site.posts` order.
struct Corpus {
    site: Site,
    files: Vec<(String, Vec<u8>)>,
}

fn corpus(n: usize) -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| match std::env::var_os("QUIRE_BENCH_CONTENT") {
        Some(dir) => load(Path::new(&dir)),
        None => {
            let dir =
                std::env::temp_dir().join(format!("quire-links-bench-{}", std::process::id()));
            generate(&dir, n, 2022);
            let corpus = load(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            corpus
        }
    })
}

fn load(dir: &Path) -> Corpus {
    let site = quire_content::load(dir).expect("content loads").site;
    let files = site
        .posts
        .iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p.source)).expect("post readable");
            (p.source.clone(), bytes)
        })
        .collect();
    Corpus { site, files }
}

fn options(site: &Site, highlight: bool, links: bool) -> Options {
    let mut o = Options::default();
    o.raw_html = site.settings.raw_html;
    o.highlight_code = highlight;
    o.collect_links = links;
    o
}

/// Front matter and Markdown of every post, in parallel, in order.
fn parse_and_render_all(corpus: &Corpus, options: &Options) -> Vec<Document> {
    render_each(corpus, options, |doc| doc)
}

/// Each post parsed and rendered, then handed to `then` in the same task.
fn render_each<T: Send>(
    corpus: &Corpus,
    options: &Options,
    then: impl Fn(Document) -> T + Sync,
) -> Vec<T> {
    let settings = &corpus.site.settings;
    corpus
        .files
        .par_iter()
        .map(|(path, bytes)| {
            let parsed = quire_content::parse_file(path, bytes, settings);
            let body = match parsed.entry {
                Some(quire_content::Entry::Post(post)) => post.body,
                _ => String::new(),
            };
            then(render(&body, options))
        })
        .collect()
}

/// The baseline plus extraction and the site-wide check, as `quire-publish`
/// does them: each document's links are moved out right after it is
/// rendered, in the same parallel task, and checked once all are.
fn with_links(corpus: &Corpus, options: &Options) -> (Vec<Document>, Report) {
    let rendered = render_each(corpus, options, |mut doc| {
        let links = PageLinks::take_from(&mut doc);
        (doc, links)
    });
    let (docs, links): (Vec<Document>, Vec<PageLinks>) = rendered.into_iter().unzip();
    let report = Checker::new(&corpus.site).check(&links, &[]);
    (docs, report)
}

#[divan::bench(sample_count = 5)]
fn parse_and_render(bencher: divan::Bencher<'_, '_>) {
    let corpus = corpus(POSTS);
    let options = options(&corpus.site, true, false);
    bencher.bench_local(|| parse_and_render_all(corpus, &options));
}

#[divan::bench(sample_count = 5)]
fn parse_render_and_check(bencher: divan::Bencher<'_, '_>) {
    let corpus = corpus(POSTS);
    let options = options(&corpus.site, true, true);
    bencher.bench_local(|| with_links(corpus, &options));
}

#[divan::bench(sample_count = 10)]
fn check_only(bencher: divan::Bencher<'_, '_>) {
    let corpus = corpus(POSTS);
    let links = collected(corpus);
    bencher.bench_local(|| Checker::new(&corpus.site).check(&links, &[]));
}

/// The links of every post, collected once.
fn collected(corpus: &Corpus) -> Vec<PageLinks> {
    let options = options(&corpus.site, false, true);
    parse_and_render_all(corpus, &options)
        .into_iter()
        .map(PageLinks::from)
        .collect()
}

/// Process CPU time, all threads, user plus system.
fn cpu_time() -> Duration {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_SELF).expect("getrusage");
    let micros = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec() as u64) + Duration::from_micros(t.tv_usec() as u64)
    };
    micros(usage.user_time()) + micros(usage.system_time())
}

/// Wall and CPU time of `work`, its output dropped outside the timing.
fn time<T>(work: impl FnOnce() -> T) -> (Duration, Duration) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    let out = std::hint::black_box(work());
    let times = (wall.elapsed(), cpu_time() - cpu);
    drop(out);
    times
}

/// Prints what extraction and the check add over `rounds` rounds.
///
/// Each round times the baseline, the baseline with links, and parsing and
/// rendering with links collected but not checked, back to back (in
/// reverse order every other round, so a load that rises or falls during
/// a round weighs on both sides). The overhead is the median of each
/// round's own difference: on a shared machine the load changes between
/// rounds much more than within one.
fn overhead(corpus: &Corpus, rounds: usize) {
    println!(
        "\nlinks overhead on {} posts, median of {rounds} paired rounds:",
        corpus.files.len()
    );
    for highlight in [true, false] {
        let base_options = options(&corpus.site, highlight, false);
        let link_options = options(&corpus.site, highlight, true);
        let (mut base, mut extracted, mut links) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let mut base_run = || base.push(time(|| parse_and_render_all(corpus, &base_options)));
            if round % 2 == 0 {
                base_run();
            }
            links.push(time(|| with_links(corpus, &link_options)));
            extracted.push(time(|| parse_and_render_all(corpus, &link_options)));
            if round % 2 == 1 {
                base_run();
            }
        }
        let cpu = |v: &[(Duration, Duration)]| v.iter().map(|t| t.1.as_secs_f64() * 1e3).collect();
        let wall = |v: &[(Duration, Duration)]| v.iter().map(|t| t.0.as_secs_f64() * 1e3).collect();
        let (base_cpu, links_cpu, extracted_cpu): (Vec<f64>, Vec<f64>, Vec<f64>) =
            (cpu(&base), cpu(&links), cpu(&extracted));
        let (base_wall, links_wall): (Vec<f64>, Vec<f64>) = (wall(&base), wall(&links));
        let differences = |with: &[f64], without: &[f64]| -> Vec<f64> {
            with.iter().zip(without).map(|(w, b)| w - b).collect()
        };
        let added = |with: &[f64], without: &[f64]| median(differences(with, without));
        let (added_cpu, added_wall) =
            (added(&links_cpu, &base_cpu), added(&links_wall, &base_wall));
        let (base_cpu_m, base_wall_m) = (median(base_cpu.clone()), median(base_wall));
        println!(
            "  highlighting {:3}: parse+render {:7.1} ms CPU {:7.1} ms wall; \
             links add {:+6.1} ms CPU {:+6.1} ms wall: overhead {:+5.1}% CPU, {:+5.1}% wall",
            if highlight { "on" } else { "off" },
            base_cpu_m,
            base_wall_m,
            added_cpu,
            added_wall,
            added_cpu / base_cpu_m * 100.0,
            added_wall / base_wall_m * 100.0,
        );
        let mut spread = differences(&links_cpu, &base_cpu);
        spread.sort_by(f64::total_cmp);
        let quartile = |q: usize| spread[(spread.len() - 1) * q / 4] / base_cpu_m * 100.0;
        println!(
            "    CPU overhead of the rounds: quartiles {:+5.1}% {:+5.1}% {:+5.1}%, range {:+5.1}% to {:+5.1}%",
            quartile(1),
            quartile(2),
            quartile(3),
            quartile(0),
            quartile(4),
        );
        println!(
            "    of which extraction {:+5.1} ms CPU, moving links out and the check {:+5.1} ms CPU",
            added(&extracted_cpu, &base_cpu),
            added(&links_cpu, &extracted_cpu),
        );
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Writes `n` posts in the CMS format under `dir`: deterministic for a
/// seed, in the shape of `cargo xtask bench`'s corpus.
fn generate(dir: &Path, n: usize, seed: u64) {
    let blog: PathBuf = dir.join("blog");
    std::fs::create_dir_all(&blog).unwrap();
    std::fs::write(dir.join("site.yaml"), "base_url: https://example.dev\n").unwrap();
    let mut rng = fastrand::Rng::with_seed(seed);
    for i in 0..n {
        let text = post(&mut rng, i, n);
        std::fs::write(blog.join(format!("post-{i}.md")), text).unwrap();
    }
}

const WORDS: &[&str] = &[
    "cluster",
    "operator",
    "release",
    "upgrade",
    "network",
    "storage",
    "gateway",
    "scheduler",
    "community",
    "summit",
    "patch",
    "review",
    "token",
    "region",
    "deploy",
    "runtime",
    "image",
    "quota",
    "service",
    "the",
    "and",
    "with",
    "into",
    "before",
    "after",
    "often",
    "steady",
];
const CATEGORIES: &[&str] = &[
    "Containers",
    "Events",
    "Foundation News",
    "Edge",
    "AI",
    "Security",
    "Networking",
    "Storage",
    "Community",
    "Releases",
    "Case Studies",
    "Tutorials",
];
const LANGUAGES: &[&str] = &["rust", "yaml", "bash", "python", "json", "go"];

fn words(rng: &mut fastrand::Rng, out: &mut String, count: usize) {
    for w in 0..count {
        if w > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.usize(..WORDS.len())]);
    }
}

fn post(rng: &mut fastrand::Rng, i: usize, n: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntemplateKey: blog-post\ntitle: Post {i} about things"
    );
    let _ = writeln!(out, "author: Author {}", i % 8);
    let _ = writeln!(
        out,
        "date: {}-{:02}-{:02}T10:00:00.000Z",
        2015 + i % 10,
        1 + i % 12,
        1 + i % 28
    );
    out.push_str("category:\n");
    for c in 0..1 + rng.usize(..3) {
        let label = CATEGORIES[(i + c * 5) % CATEGORIES.len()];
        let _ = writeln!(out, "  - value: category-{c}\n    label: {label}");
    }
    let _ = writeln!(out, "hidePost: {}", i % 50 == 7);
    out.push_str("seo:\n  description: ");
    words(rng, &mut out, 12);
    out.push_str("\n---\n");

    let target = 1_000 + rng.usize(..7_000);
    let code_in = (rng.u8(..5) == 0).then(|| rng.usize(..3));
    let table_in = (rng.u8(..10) == 0).then(|| rng.usize(..3));
    let body_start = out.len();
    let mut links = 0;
    let mut section = 0;
    while out.len() - body_start < target || section < 2 {
        let _ = writeln!(out, "## Part {section}\n");
        for _ in 0..1 + rng.usize(..3) {
            for s in 0..3 + rng.usize(..4) {
                if s > 0 {
                    out.push(' ');
                }
                let count = 6 + rng.usize(..10);
                words(rng, &mut out, count);
                // About 5 links in a post of 4.5 KB.
                if rng.usize(..16) == 0 {
                    links += 1;
                    link(rng, &mut out, i, n, links);
                }
                out.push('.');
            }
            out.push_str("\n\n");
        }
        if rng.u8(..3) == 0 {
            for _ in 0..3 + rng.usize(..3) {
                out.push_str("- ");
                let count = 5 + rng.usize(..8);
                words(rng, &mut out, count);
                out.push('\n');
            }
            out.push('\n');
        }
        if table_in == Some(section) {
            out.push_str("| Region | Nodes | Jobs |\n|---|---|---|\n");
            for _ in 0..5 {
                let _ = writeln!(
                    out,
                    "| r{} | {} | {} |",
                    rng.u8(..9),
                    rng.u16(..),
                    rng.u16(..)
                );
            }
            out.push('\n');
        }
        if code_in == Some(section) {
            let lang = LANGUAGES[rng.usize(..LANGUAGES.len())];
            let _ = writeln!(out, "```{lang}");
            code(lang, 5 + rng.usize(..35), &mut out);
            out.push_str("```\n\n");
        }
        section += 1;
    }
    // One post in twenty has a broken link, as a site after a migration might.
    if i % 20 == 0 {
        let _ = writeln!(out, "A [broken one](/blog/missing-{i}/).\n");
    }
    out
}

/// `lines` lines of plausible code in `lang`.
fn code(lang: &str, lines: usize, out: &mut String) {
    if lang == "json" {
        out.push_str("{\n");
    }
    for l in 0..lines {
        let _ = match lang {
            "rust" => writeln!(
                out,
                "let value_{l} = items.get({l}).map(|x| x * 2).unwrap_or(0);"
            ),
            "yaml" => writeln!(out, "key_{l}: \"value {l}\"  # note"),
            "bash" => writeln!(out, "echo \"step {l}\" && ls -la /tmp/dir_{l} | grep x"),
            "python" => writeln!(out, "value_{l} = [x * 2 for x in items[{l}:]]  # note"),
            "json" if l + 1 == lines => writeln!(out, "  \"key_{l}\": [{l}, true, null]"),
            "json" => writeln!(out, "  \"key_{l}\": [{l}, true, null],"),
            _ => writeln!(out, "value{l} := items[{l}] * 2 // note"),
        };
    }
    if lang == "json" {
        out.push_str("}\n");
    }
}

fn link(rng: &mut fastrand::Rng, out: &mut String, i: usize, n: usize, k: usize) {
    let other = (i + 1 + rng.usize(..n - 1)) % n;
    match rng.u8(..10) {
        0..=4 => {
            let _ = write!(out, " see [post {other}](/blog/post-{other}/)");
        }
        5 => {
            let _ = write!(out, " see [part 1 of {other}](/blog/post-{other}/#part-1)");
        }
        6 => {
            let _ = write!(out, " as [above](#part-0)");
        }
        _ => {
            let _ = write!(out, " read [more](https://example.org/{i}/{k})");
        }
    }
}
