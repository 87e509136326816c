//! `cargo xtask bench`: generates a synthetic site in the openinfra.dev format
//! and measures Quire against its own floor and against Hugo.
//!
//! Every measurement runs `--runs` times, interleaved (floor, Hugo, Quire, ...
//! then again) so a slow moment of the machine hits all of them alike; the
//! median is reported.

mod corpus;
mod floor;
mod hugo;
mod measure;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;

use corpus::{Corpus, CorpusConfig, CorpusStats};
use measure::{Sample, median, median_duration};

/// Generate a synthetic site and measure Quire (and Hugo, when installed).
#[derive(Args)]
pub struct Bench {
    /// Number of posts to generate.
    #[arg(long, default_value_t = 10_000)]
    posts: usize,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Working folder for the corpus and outputs (default: /dev/shm/quire-bench
    /// when /dev/shm exists, else target/bench).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not run Hugo even when it is installed.
    #[arg(long)]
    no_hugo: bool,
    /// Keep the working folder afterwards.
    #[arg(long)]
    keep: bool,
    /// An earlier run's figures (`target/bench-results/<N>-posts.json`): print
    /// how time and memory grew per post since.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 2022)]
    seed: u64,
    /// Internal: run the command after `--`, then write its wall time and peak
    /// memory to this file.
    #[arg(long, hide = true)]
    exec_report: Option<PathBuf>,
    /// Internal: the command measured by `--exec-report`.
    #[arg(last = true, hide = true)]
    command: Vec<OsString>,
}

/// Marks a working folder as the bench's own, so it may be emptied.
const MARKER: &str = ".quire-bench";

/// Names of the measurements, in the order they run within one round.
const FLOOR: &str = "floor: read + serde_yaml + comrak";
const HUGO: &str = "hugo, default highlighting";
const QUIRE_COLD: &str = "quire cold build";
const QUIRE_NOOP: &str = "quire no-op rebuild";
const QUIRE_EDIT: &str = "quire rebuild, one post edited";
const HUGO_PLAIN: &str = "hugo, no highlighting";
const QUIRE_PLAIN: &str = "quire cold build, no highlighting";
const WRITE_FLOOR: &str = "write floor: create the site's files";

impl Bench {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        if let Some(report) = &self.exec_report {
            return measure::exec_and_report(report, &self.command);
        }
        anyhow::ensure!(self.command.is_empty(), "bench takes no command after `--`");
        anyhow::ensure!(
            self.posts > 0 && self.runs > 0,
            "--posts and --runs must be at least 1"
        );
        if cfg!(debug_assertions) {
            eprintln!(
                "warning: this is a debug build of xtask; run `cargo xtask bench` for real figures"
            );
        }
        let work = self.out.clone().unwrap_or_else(default_work_dir);
        prepare_work_dir(&work)?;
        let result = self.measure_in(&work);
        if self.keep {
            eprintln!("kept {}", work.display());
        } else {
            fs::remove_dir_all(&work)
                .with_context(|| format!("cannot remove {}", work.display()))?;
        }
        result
    }

    fn measure_in(&self, work: &Path) -> anyhow::Result<ExitCode> {
        // Read the baseline first: a bad path should fail before the long part.
        let earlier: Option<serde_json::Value> = match &self.baseline {
            Some(path) => {
                let text =
                    fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                Some(
                    serde_json::from_slice(&text)
                        .with_context(|| format!("{} is not a bench result", path.display()))?,
                )
            }
            None => None,
        };
        let started = Instant::now();
        let corpus = Corpus::generate(&CorpusConfig {
            posts: self.posts,
            seed: self.seed,
        });
        let stats = corpus.stats();
        let content = work.join("content");
        let content_plain = work.join("content-nohighlight");
        corpus
            .write_quire(&content, true)
            .context("cannot write the corpus")?;
        link_copy(&content, &content_plain)?;
        fs::write(content_plain.join("site.yaml"), Corpus::site_yaml(false))?;

        let hugo = if self.no_hugo { None } else { hugo::version() };
        let hugo_site = work.join("hugo");
        if hugo.is_some() {
            hugo::write_site(&corpus, &hugo_site).context("cannot write the Hugo site")?;
        }
        let me = std::env::current_exe().context("cannot find the xtask binary")?;
        let quire = quire_build_available(&me);
        eprintln!(
            "generated {} posts ({}) in {:.1} s under {}",
            stats.posts,
            megabytes(stats.bytes as u64),
            started.elapsed().as_secs_f64(),
            work.display()
        );

        let load_before = load_average();
        let report = work.join("exec-report.json");
        let mut table = Results::default();
        for round in 0..self.runs {
            eprintln!("round {}/{}", round + 1, self.runs);
            let floor = floor::measure(&content.join("blog"))?;
            anyhow::ensure!(
                floor.posts == stats.posts,
                "the floor read {} posts of {}",
                floor.posts,
                stats.posts
            );
            if round == 0 {
                eprintln!(
                    "floor: {} of HTML from {} posts",
                    megabytes(floor.html_bytes as u64),
                    floor.posts
                );
            }
            table.add_time(FLOOR, floor.elapsed, floor.cpu);

            if hugo.is_some() {
                let out = fresh(&work.join("hugo-public"))?;
                table.add(
                    HUGO,
                    &measure::run(
                        "hugo".as_ref(),
                        &hugo::args(&hugo_site, &out, true),
                        &report,
                    )?,
                );
            }
            if quire {
                let out = fresh(&work.join("public"))?;
                let cold =
                    measure::run(me.as_os_str(), &build_args(&content, &out, true), &report)?;
                table.add_build(QUIRE_COLD, &cold);
                let noop =
                    measure::run(me.as_os_str(), &build_args(&content, &out, false), &report)?;
                table.add_build(QUIRE_NOOP, &noop);
                edit_one_post(&content, &corpus, round)?;
                let edit =
                    measure::run(me.as_os_str(), &build_args(&content, &out, false), &report)?;
                table.add_build(QUIRE_EDIT, &edit);
            }
            if hugo.is_some() {
                let out = fresh(&work.join("hugo-public"))?;
                table.add(
                    HUGO_PLAIN,
                    &measure::run(
                        "hugo".as_ref(),
                        &hugo::args(&hugo_site, &out, false),
                        &report,
                    )?,
                );
            }
            if quire {
                // One output folder at a time keeps tmpfs use down at 100,000 posts.
                let out = fresh(&work.join("public"))?;
                let plain = measure::run(
                    me.as_os_str(),
                    &build_args(&content_plain, &out, true),
                    &report,
                )?;
                table.add_build(QUIRE_PLAIN, &plain);
                let writes = floor::measure_writes(&out, &work.join("write-floor"))?;
                if round == 0 {
                    eprintln!(
                        "write floor: {} files, {} as Quire built them",
                        writes.files,
                        megabytes(writes.bytes as u64)
                    );
                }
                table.add_time(WRITE_FLOOR, writes.elapsed, writes.cpu);
            }
        }

        let text = table.render(&Setup {
            stats,
            runs: self.runs,
            work,
            hugo: hugo.as_deref(),
            quire,
            load: format!("{load_before} before, {} after", load_average()),
        });
        print!("{text}");
        let json = table.json(&stats, self.runs);
        let results = crate::project_root().join("target/bench-results");
        fs::create_dir_all(&results)?;
        let file = results.join(format!("{}-posts.json", stats.posts));
        fs::write(&file, serde_json::to_string_pretty(&json)?)
            .with_context(|| format!("cannot write {}", file.display()))?;
        eprintln!("figures written to {}", file.display());
        if let Some(earlier) = &earlier {
            print!("{}", growth(earlier, &json));
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// /dev/shm when it exists (tmpfs on Linux), else `target/bench`.
fn default_work_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join("quire-bench")
    } else {
        crate::project_root().join("target/bench")
    }
}

/// Creates `dir`, or empties it when the bench made it before; refuses any
/// other non-empty folder.
fn prepare_work_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            anyhow::ensure!(
                dir.join(MARKER).exists(),
                "{} is not empty and was not made by the bench; give an empty or new folder with --out",
                dir.display()
            );
            fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(
        dir.join(MARKER),
        "made by cargo xtask bench; removed when it ends unless --keep\n",
    )?;
    Ok(())
}

/// Removes an output folder so each cold build starts from nothing.
fn fresh(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    Ok(dir.to_path_buf())
}

/// Mirrors `from` into `to` with hard links (copies when links fail), so the
/// second content folder costs no memory on tmpfs.
fn link_copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let target = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else if fs::hard_link(entry.path(), &target).is_err() {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn quire_build_available(me: &Path) -> bool {
    let ok = Command::new(me)
        .args(["build", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: this xtask has no `build` command yet; measuring the floor and Hugo only");
    }
    ok
}

fn build_args(content: &Path, out: &Path, clean: bool) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "build".into(),
        "--content".into(),
        content.into(),
        "--out".into(),
        out.into(),
    ];
    if clean {
        args.push("--clean".into());
    }
    args.extend(["--quiet".into(), "--format".into(), "json".into()]);
    args
}

/// Appends a paragraph to one post's body: a real change of content, different
/// in every round.
fn edit_one_post(content: &Path, corpus: &Corpus, round: usize) -> anyhow::Result<()> {
    let post = &corpus.posts[corpus.posts.len() / 2];
    let path = content.join(corpus::post_path(post));
    let mut text = corpus.post_markdown(post);
    let _ = write!(
        text,
        "\nEdited in round {round}: one more paragraph for the incremental build.\n"
    );
    fs::write(&path, text).with_context(|| format!("cannot edit {}", path.display()))
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

struct Setup<'a> {
    stats: CorpusStats,
    runs: usize,
    work: &'a Path,
    hugo: Option<&'a str>,
    quire: bool,
    /// One-minute load averages around the measurements.
    load: String,
}

/// Samples of every measurement, in first-seen order.
#[derive(Default)]
struct Results {
    rows: Vec<Row>,
}

#[derive(Default)]
struct Row {
    name: &'static str,
    times: Vec<Duration>,
    cpu: Vec<Duration>,
    rss: Vec<u64>,
    /// Stage name and its times, one per run.
    stages: Vec<(String, Vec<Duration>)>,
    /// What each Quire build's JSON summary says it did (mode, files).
    notes: Vec<String>,
}

impl Results {
    fn row(&mut self, name: &'static str) -> &mut Row {
        if let Some(i) = self.rows.iter().position(|r| r.name == name) {
            return &mut self.rows[i];
        }
        self.rows.push(Row {
            name,
            ..Row::default()
        });
        self.rows.last_mut().expect("just pushed")
    }

    fn add_time(&mut self, name: &'static str, time: Duration, cpu: Duration) {
        let row = self.row(name);
        row.times.push(time);
        row.cpu.push(cpu);
    }

    fn add(&mut self, name: &'static str, sample: &Sample) {
        let row = self.row(name);
        row.times.push(sample.wall);
        row.cpu.push(sample.cpu);
        row.rss.push(sample.max_rss);
    }

    fn add_build(&mut self, name: &'static str, sample: &Sample) {
        self.add(name, sample);
        let summary: serde_json::Value = serde_json::from_str(&sample.stdout).unwrap_or_default();
        let row = self.row(name);
        let field =
            |key: &str| find(&summary, key).map(|v| v.to_string().trim_matches('"').to_owned());
        if let Some(mode) = field("mode") {
            let count = |key: &str| field(key).unwrap_or_else(|| "?".to_owned());
            row.notes.push(format!(
                "{mode}: {} files, {} written, {} warnings",
                count("files"),
                count("written"),
                count("warnings")
            ));
        }
        for (stage, time) in stage_times(&summary) {
            match row.stages.iter_mut().find(|(s, _)| *s == stage) {
                Some((_, times)) => times.push(time),
                None => row.stages.push((stage, vec![time])),
            }
        }
    }

    fn get(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.name == name)
    }

    fn time(&self, name: &str) -> Option<Duration> {
        median_duration(&self.get(name)?.times)
    }

    fn cpu(&self, name: &str) -> Option<Duration> {
        median_duration(&self.get(name)?.cpu)
    }

    /// The median time of one stage of the build `name`.
    fn stage(&self, name: &str, stage: &str) -> Option<Duration> {
        let (_, times) = self.get(name)?.stages.iter().find(|(s, _)| s == stage)?;
        median_duration(times)
    }

    fn rss(&self, name: &str) -> Option<u64> {
        median(&self.get(name)?.rss)
    }

    fn render(&self, setup: &Setup<'_>) -> String {
        let s = &setup.stats;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n{} posts, {} of Markdown, {} code blocks, {} tables, {} hidden; median of {} runs",
            s.posts,
            megabytes(s.bytes as u64),
            s.code_blocks,
            s.tables,
            s.hidden,
            setup.runs
        );
        let _ = writeln!(out, "machine: {}; load average {}", machine(), setup.load);
        let _ = writeln!(
            out,
            "output: {} ({})",
            setup.work.display(),
            filesystem_of(setup.work)
        );
        if let Some(hugo) = setup.hugo {
            let _ = writeln!(out, "hugo: {hugo}");
        }
        let _ = writeln!(
            out,
            "\n{:<36} {:>10} {:>10} {:>10} {:>12}",
            "measurement", "time", "CPU time", "max RSS", "per post"
        );
        for row in &self.rows {
            let time = median_duration(&row.times).unwrap_or_default();
            let rss = median(&row.rss).map_or_else(|| "-".to_owned(), megabytes);
            let per_post = time.as_secs_f64() * 1e6 / s.posts as f64;
            let cpu = median_duration(&row.cpu).unwrap_or_default();
            let _ = writeln!(
                out,
                "{:<36} {:>10} {:>10} {:>10} {:>9.1} µs",
                row.name,
                seconds(time),
                seconds(cpu),
                rss,
                per_post
            );
            if !row.stages.is_empty() {
                let stages: Vec<String> = row
                    .stages
                    .iter()
                    .map(|(stage, times)| {
                        format!(
                            "{stage} {}",
                            seconds(median_duration(times).unwrap_or_default())
                        )
                    })
                    .collect();
                let _ = writeln!(out, "    stages: {}", stages.join(", "));
            }
            let mut notes = row.notes.clone();
            notes.sort();
            notes.dedup();
            for note in notes {
                let _ = writeln!(out, "    {note}");
            }
        }
        if setup.hugo.is_some() && setup.quire {
            let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.3}", a / b),
                _ => "-".to_owned(),
            };
            let t = |n| self.time(n).map(|d| d.as_secs_f64());
            let c = |n| self.cpu(n).map(|d| d.as_secs_f64());
            let m = |n| self.rss(n).map(|b| b as f64);
            let _ = writeln!(
                out,
                "\nquire/hugo: time {} (highlighting), {} (none); CPU time {}, {}; memory {}",
                ratio(t(QUIRE_COLD), t(HUGO)),
                ratio(t(QUIRE_PLAIN), t(HUGO_PLAIN)),
                ratio(c(QUIRE_COLD), c(HUGO)),
                ratio(c(QUIRE_PLAIN), c(HUGO_PLAIN)),
                ratio(m(QUIRE_COLD), m(HUGO))
            );
        }
        out.push_str("\ntargets (issue 6)\n");
        for check in self.checks() {
            let _ = writeln!(out, "  {check}");
        }
        out
    }

    fn checks(&self) -> Vec<String> {
        let verdict = |ok: bool| if ok { "ok  " } else { "MISS" };
        let mut checks = Vec::new();
        let (Some(cold), Some(noop), Some(edit)) = (
            self.time(QUIRE_COLD),
            self.time(QUIRE_NOOP),
            self.time(QUIRE_EDIT),
        ) else {
            checks.push("----  no Quire build to check (needs `xtask build`)".to_owned());
            return checks;
        };
        match self.time(HUGO) {
            Some(hugo) => checks.push(format!(
                "{}  cold build ≤ 0.12 × Hugo: {} vs {} (×{:.3})",
                verdict(cold.as_secs_f64() <= 0.12 * hugo.as_secs_f64()),
                seconds(cold),
                seconds(hugo),
                cold.as_secs_f64() / hugo.as_secs_f64()
            )),
            None => checks.push("----  cold build ≤ 0.12 × Hugo: Hugo not run".to_owned()),
        }
        if let (Some(plain), Some(floor)) = (self.time(QUIRE_PLAIN), self.time(FLOOR)) {
            checks.push(format!(
                "{}  no highlighting ≤ 2.0 × floor: {} vs {} (×{:.2})",
                verdict(plain.as_secs_f64() <= 2.0 * floor.as_secs_f64()),
                seconds(plain),
                seconds(floor),
                plain.as_secs_f64() / floor.as_secs_f64()
            ));
        }
        if let (Some(plain), Some(floor), Some(writes)) = (
            self.time(QUIRE_PLAIN),
            self.time(FLOOR),
            self.time(WRITE_FLOOR),
        ) {
            // Not a target: what any generator writing these files pays.
            checks.push(format!(
                "info  floor + write floor: {} (no highlighting ×{:.2} of it)",
                seconds(floor + writes),
                plain.as_secs_f64() / (floor + writes).as_secs_f64()
            ));
            // What no build of this site with these libraries can go below:
            // the floor, creating the files, and the theme's templates
            // (the render stage, writes excluded). The rest of the build
            // (link check, search index, feeds, sitemap, bookkeeping)
            // comes on top.
            if let Some(render) = self.stage(QUIRE_PLAIN, "render") {
                let fixed = floor + writes + render;
                checks.push(format!(
                    "info  floor + write floor + render stage: {} (×{:.2} of the floor)",
                    seconds(fixed),
                    fixed.as_secs_f64() / floor.as_secs_f64()
                ));
            }
        }
        checks.push(format!(
            "{}  edit rebuild ≤ 50 ms: {}",
            verdict(edit <= Duration::from_millis(50)),
            seconds(edit)
        ));
        checks.push(format!(
            "{}  no-op rebuild ≤ 30 ms: {}",
            verdict(noop <= Duration::from_millis(30)),
            seconds(noop)
        ));
        if let Some(rss) = self.rss(QUIRE_COLD) {
            checks.push(format!(
                "{}  cold build memory ≤ 200 MB: {}",
                verdict(rss <= 200_000_000),
                megabytes(rss)
            ));
        }
        checks
    }

    fn json(&self, stats: &CorpusStats, runs: usize) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name,
                    "median_seconds": median_duration(&r.times).map(|d| d.as_secs_f64()),
                    "median_max_rss_bytes": median(&r.rss),
                    "median_cpu_seconds": median_duration(&r.cpu).map(|d| d.as_secs_f64()),
                    "seconds": r.times.iter().map(Duration::as_secs_f64).collect::<Vec<_>>(),
                    "max_rss_bytes": r.rss,
                    "stages": r.stages.iter().map(|(s, t)| (s.clone(), median_duration(t).map(|d| d.as_secs_f64()))).collect::<std::collections::BTreeMap<_, _>>(),
                })
            })
            .collect();
        serde_json::json!({
            "posts": stats.posts,
            "markdown_bytes": stats.bytes,
            "code_blocks": stats.code_blocks,
            "tables": stats.tables,
            "hidden": stats.hidden,
            "runs": runs,
            "machine": machine(),
            "measurements": rows,
            "checks": self.checks(),
        })
    }
}

/// How each measurement grew from `earlier` to `now`, per post: a ratio of 1
/// is linear growth, below 1 better than linear.
fn growth(earlier: &serde_json::Value, now: &serde_json::Value) -> String {
    let posts = |v: &serde_json::Value| v["posts"].as_f64().unwrap_or(0.0);
    let (p0, p1) = (posts(earlier), posts(now));
    let mut out = format!("\ngrowth from {p0} to {p1} posts (per post; 1.00 = linear)\n");
    if p0 <= 0.0 || p1 <= 0.0 {
        out.push_str("  no post counts to compare\n");
        return out;
    }
    let scale = p1 / p0;
    let rows = |v: &serde_json::Value| v["measurements"].as_array().cloned().unwrap_or_default();
    let before = rows(earlier);
    for row in rows(now) {
        let Some(old) = before.iter().find(|r| r["name"] == row["name"]) else {
            continue;
        };
        let ratio = |key: &str| match (row[key].as_f64(), old[key].as_f64()) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b / scale),
            _ => "-".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {:<36} time ×{}  memory ×{}",
            row["name"].as_str().unwrap_or("?"),
            ratio("median_seconds"),
            ratio("median_max_rss_bytes")
        );
    }
    out
}

/// The first value under `key`, searched depth-first.
fn find<'a>(value: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find(v, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}

/// Stage times from a build's JSON summary. Accepts `timings_ms` (what
/// `xtask build --format json` writes), `timings` or `stages` as
/// an object of stage → time or a list of `[stage, time]` pairs or
/// `{stage|name, ...}` objects; a time is milliseconds as a number, a serde
/// `Duration` (`{secs, nanos}`), or a field named `ms`, `millis` or `seconds`.
fn stage_times(summary: &serde_json::Value) -> Vec<(String, Duration)> {
    use serde_json::Value;
    fn duration(v: &Value) -> Option<Duration> {
        match v {
            Value::Number(n) => n
                .as_f64()
                .map(|ms| Duration::from_secs_f64(ms.max(0.0) / 1e3)),
            Value::Object(m) => {
                if let (Some(s), Some(n)) = (
                    m.get("secs").and_then(Value::as_u64),
                    m.get("nanos").and_then(Value::as_u64),
                ) {
                    return Some(Duration::new(s, u32::try_from(n).unwrap_or(0)));
                }
                for (key, scale) in [
                    ("ms", 1e-3),
                    ("millis", 1e-3),
                    ("seconds", 1.0),
                    ("secs", 1.0),
                ] {
                    if let Some(x) = m.get(key).and_then(Value::as_f64) {
                        return Some(Duration::from_secs_f64(x.max(0.0) * scale));
                    }
                }
                None
            }
            _ => None,
        }
    }
    let Some(timings) = ["timings_ms", "timings", "stages"]
        .iter()
        .find_map(|k| find(summary, k))
    else {
        return Vec::new();
    };
    match timings {
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), duration(v)?)))
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Array(pair) if pair.len() == 2 => {
                    Some((pair[0].as_str()?.to_owned(), duration(&pair[1])?))
                }
                Value::Object(m) => {
                    let name = m
                        .get("stage")
                        .or_else(|| m.get("name"))?
                        .as_str()?
                        .to_owned();
                    Some((name, duration(item)?))
                }
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The one-minute load average: other work on the machine inflates wall
/// times, so the report shows it.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split(' ').next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// CPU model and core count, from /proc/cpuinfo when readable.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cores} cores, {model}")
}

/// The filesystem type of the mount holding `path` (`tmpfs`, `ext4`, ...).
fn filesystem_of(path: &Path) -> String {
    let Ok(path) = path.canonicalize() else {
        return "unknown filesystem".to_owned();
    };
    let Ok(mounts) = fs::read_to_string("/proc/mounts") else {
        return "unknown filesystem".to_owned();
    };
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(' ');
            let (_, point, kind) = (fields.next()?, fields.next()?, fields.next()?);
            path.starts_with(point)
                .then(|| (point.len(), kind.to_owned()))
        })
        .max()
        .map_or_else(|| "unknown filesystem".to_owned(), |(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_times_in_every_accepted_shape() {
        let check = |json: &str, expected: &[(&str, u64)]| {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let got: Vec<(String, u64)> = stage_times(&value)
                .into_iter()
                .map(|(s, d)| (s, d.as_millis() as u64))
                .collect();
            let expected: Vec<(String, u64)> =
                expected.iter().map(|&(s, ms)| (s.to_owned(), ms)).collect();
            assert_eq!(got, expected, "{json}");
        };
        check(
            r#"{"summary": {"timings": {"load": 12, "render": 30.5}}}"#,
            &[("load", 12), ("render", 30)],
        );
        check(
            r#"{"timings": [["load", {"secs": 1, "nanos": 5000000}]]}"#,
            &[("load", 1005)],
        );
        check(
            r#"{"stages": [{"stage": "links", "ms": 7}, {"name": "write", "seconds": 0.25}]}"#,
            &[("links", 7), ("write", 250)],
        );
        check(
            r#"{"build": {"mode": "clean", "timings_ms": {"load": 3.5}}}"#,
            &[("load", 3)],
        );
        check(r#"{"posts": 3}"#, &[]);
    }

    #[test]
    fn checks_show_what_the_fixed_parts_of_a_build_cost() {
        let ms = Duration::from_millis;
        let mut results = Results::default();
        results.add_time(FLOOR, ms(250), ms(500));
        results.add_time(WRITE_FLOOR, ms(150), ms(300));
        for name in [QUIRE_COLD, QUIRE_NOOP, QUIRE_EDIT] {
            results.add_time(name, ms(20), ms(20));
        }
        results.add_time(QUIRE_PLAIN, ms(900), ms(1700));
        results
            .row(QUIRE_PLAIN)
            .stages
            .push(("render".to_owned(), vec![ms(100)]));
        let text = results.checks().join("\n");
        assert!(
            text.contains("MISS  no highlighting ≤ 2.0 × floor: 900.0 ms vs 250.0 ms (×3.60)"),
            "{text}"
        );
        assert!(
            text.contains("info  floor + write floor: 400.0 ms (no highlighting ×2.25 of it)"),
            "{text}"
        );
        assert!(
            text.contains(
                "info  floor + write floor + render stage: 500.0 ms (×2.00 of the floor)"
            ),
            "{text}"
        );
    }

    #[test]
    fn growth_is_per_post() {
        let small = serde_json::json!({"posts": 10, "measurements": [
            {"name": "a", "median_seconds": 1.0, "median_max_rss_bytes": 100.0},
            {"name": "b", "median_seconds": 2.0, "median_max_rss_bytes": null},
        ]});
        let large = serde_json::json!({"posts": 100, "measurements": [
            {"name": "a", "median_seconds": 20.0, "median_max_rss_bytes": 500.0},
            {"name": "b", "median_seconds": 10.0, "median_max_rss_bytes": null},
            {"name": "c", "median_seconds": 1.0},
        ]});
        let text = growth(&small, &large);
        assert!(text.contains("from 10 to 100 posts"), "{text}");
        assert!(text.contains("time ×2.00  memory ×0.50"), "{text}");
        assert!(text.contains("time ×0.50  memory ×-"), "{text}");
        assert!(!text.contains("  c "), "{text}");
    }

    #[test]
    fn work_dir_is_emptied_only_when_the_bench_made_it() {
        let dir = std::env::temp_dir().join(format!("quire-bench-work-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        prepare_work_dir(&dir).unwrap();
        fs::write(dir.join("left-over"), "x").unwrap();
        prepare_work_dir(&dir).unwrap();
        assert!(!dir.join("left-over").exists());
        fs::remove_file(dir.join(MARKER)).unwrap();
        fs::write(dir.join("someone-elses"), "x").unwrap();
        let err = prepare_work_dir(&dir).unwrap_err().to_string();
        assert!(err.contains("was not made by the bench"), "{err}");
        assert!(dir.join("someone-elses").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn link_copy_mirrors_a_content_folder() {
        let base = std::env::temp_dir().join(format!("quire-bench-link-{}", std::process::id()));
        let corpus = Corpus::generate(&CorpusConfig { posts: 5, seed: 9 });
        corpus.write_quire(&base.join("a"), true).unwrap();
        link_copy(&base.join("a"), &base.join("b")).unwrap();
        let post = corpus::post_path(&corpus.posts[0]);
        assert_eq!(
            fs::read(base.join("a").join(&post)).unwrap(),
            fs::read(base.join("b").join(&post)).unwrap()
        );
        assert_eq!(fs::read_dir(base.join("b/blog")).unwrap().count(), 5);
        fs::remove_dir_all(&base).unwrap();
    }
}
