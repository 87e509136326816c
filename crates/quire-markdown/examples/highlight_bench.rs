//! Highlighting cost on the issue's workload: 2,000 fenced code blocks of 5
//! to 40 lines in a rust/yaml/bash/python/json/go mix, one document each,
//! rendered in parallel with highlighting on and off.
//!
//! `cargo run --release -p quire-markdown --example highlight_bench [BLOCKS] [RUNS]`
//!
//! Prints wall time (best of RUNS) and process CPU time for each mode; the
//! difference is what highlighting costs. CPU time is printed because wall
//! time is unreliable on a shared machine.

use std::time::{Duration, Instant};

use quire_markdown::{Options, render};
use rayon::prelude::*;

const LANGS: [&str; 6] = ["rust", "yaml", "bash", "python", "json", "go"];
const IDENTS: [&str; 12] = [
    "config", "server", "node", "count", "items", "result", "cluster", "value", "path", "user",
    "token", "image",
];

fn pick<'a>(rng: &mut fastrand::Rng, xs: &[&'a str]) -> &'a str {
    xs[rng.usize(..xs.len())]
}

/// One plausible line of code in `lang`.
fn line(rng: &mut fastrand::Rng, lang: &str) -> String {
    let a = pick(rng, &IDENTS);
    let b = pick(rng, &IDENTS);
    let n = rng.u32(0..5000);
    match lang {
        "rust" => match rng.u8(0..4) {
            0 => format!("    let {a}_{n} = {b}.iter().map(|x| x * {n}).collect::<Vec<_>>();"),
            1 => format!("fn {a}_{b}(input: &str) -> Result<u32, Error> {{ // {n}"),
            2 => format!("    if {a}.len() > {n} {{ return Err(Error::new(\"{b} too long\")); }}"),
            _ => format!("    match {a} {{ Some(v) => v + {n}, None => 0 }}"),
        },
        "yaml" => match rng.u8(0..3) {
            0 => format!("{a}_{n}:"),
            1 => format!("  {b}: \"{a}-{n}\" # comment"),
            _ => format!("  - name: {a}\n    port: {n}"),
        },
        "bash" => match rng.u8(0..3) {
            0 => format!("export {}_{n}=\"/opt/{b}\"", a.to_uppercase()),
            1 => format!("for f in ${{{a}}}/*.conf; do echo \"$f\" | grep -v {b}; done"),
            _ => format!("openstack {a} create --{b} {n} --wait"),
        },
        "python" => match rng.u8(0..3) {
            0 => format!("def {a}_{b}(self, value={n}):"),
            1 => format!("    return [x * {n} for x in self.{a} if x is not None]"),
            _ => format!("    print(f\"{a}: {{self.{b}}} {n}\")"),
        },
        "json" => format!("  \"{a}_{n}\": {{\"{b}\": {n}, \"ok\": true}},"),
        _ => match rng.u8(0..3) {
            0 => format!("func {a}{n}(ctx context.Context, {b} string) (int, error) {{"),
            1 => format!("\tif err := {a}.Run({n}); err != nil {{ return 0, err }}"),
            _ => format!("\t{a} := make(map[string]int, {n}) // {b}"),
        },
    }
}

/// `count` Markdown documents, each a short paragraph and one code block.
fn documents(count: usize, seed: u64) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|i| {
            let lang = LANGS[rng.usize(..LANGS.len())];
            let mut md = format!("Example {i}:\n\n```{lang}\n");
            if lang == "json" {
                md.push_str("{\n");
            }
            for _ in 0..rng.usize(5..=40) {
                md.push_str(&line(&mut rng, lang));
                md.push('\n');
            }
            if lang == "json" {
                md.push_str("  \"end\": 0\n}\n");
            }
            md.push_str("```\n");
            md
        })
        .collect()
}

/// CPU time of this process (user + system), from /proc on Linux.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn measure(docs: &[String], options: &Options, runs: usize) -> (Duration, Duration) {
    let mut best = Duration::MAX;
    let cpu_before = cpu_time().unwrap_or_default();
    for _ in 0..runs {
        let start = Instant::now();
        let bytes: usize = docs.par_iter().map(|d| render(d, options).html.len()).sum();
        std::hint::black_box(bytes);
        best = best.min(start.elapsed());
    }
    let cpu = cpu_time().unwrap_or_default().saturating_sub(cpu_before);
    (best, cpu / u32::try_from(runs).unwrap_or(1))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let runs = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let docs = documents(count, 42);
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "{count} blocks, {:.2} MB of Markdown, {} threads",
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );

    // First use compiles the grammars' queries; time it separately.
    let start = Instant::now();
    let _ = render("```rust\nfn a() {}\n```\n", &Options::default());
    println!("grammar load (once per process): {:?}", start.elapsed());

    let mut off = Options::default();
    off.highlight_code = false;
    let (wall_off, cpu_off) = measure(&docs, &off, runs);
    let (wall_on, cpu_on) = measure(&docs, &Options::default(), runs);
    println!("highlighting off: wall {wall_off:?} (best of {runs}), cpu {cpu_off:?} per run");
    println!("highlighting on:  wall {wall_on:?} (best of {runs}), cpu {cpu_on:?} per run");
    println!(
        "highlighting cost: wall {:?}, cpu {:?}",
        wall_on.saturating_sub(wall_off),
        cpu_on.saturating_sub(cpu_off)
    );
}
