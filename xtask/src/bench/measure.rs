//! Timing a child process and reading its peak memory.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the largest peak of all children a
//! process has waited for, so one long-lived parent cannot tell its children
//! apart. Each measured command therefore runs under a fresh copy of this
//! binary (`bench --exec-report FILE -- command`) that has exactly one child,
//! times it, and writes the figures to FILE.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use nix::sys::resource::{Usage, UsageWho, getrusage};
use nix::sys::time::TimeValLike as _;
use serde::{Deserialize, Serialize};

/// One run of a child process.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Peak resident memory, bytes.
    pub max_rss: u64,
    /// CPU time, user plus system, over all threads.
    pub cpu: Duration,
    /// What the child printed on stdout.
    pub stdout: String,
}

#[derive(Serialize, Deserialize)]
struct ExecReport {
    wall_ns: u64,
    max_rss_kib: u64,
    cpu_us: u64,
    code: Option<i32>,
}

/// The wrapper side: runs `command`, waits, writes the report, and exits with
/// the child's status.
pub fn exec_and_report(report: &Path, command: &[OsString]) -> anyhow::Result<ExitCode> {
    let (program, args) = command
        .split_first()
        .context("--exec-report needs a command after `--`")?;
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot run {}", program.to_string_lossy()))?;
    let wall = start.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).context("getrusage failed")?;
    let figures = ExecReport {
        wall_ns: u64::try_from(wall.as_nanos()).unwrap_or(u64::MAX),
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: u64::try_from(usage.max_rss()).unwrap_or(0),
        cpu_us: cpu_micros(&usage),
        code: status.code(),
    };
    std::fs::write(report, serde_json::to_vec(&figures)?)
        .with_context(|| format!("cannot write {}", report.display()))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::from(2),
    })
}

/// Runs `program args` under the wrapper and returns its figures; fails,
/// quoting the end of its stderr, when it exits non-zero.
pub fn run(program: &OsStr, args: &[OsString], report: &Path) -> anyhow::Result<Sample> {
    let me = std::env::current_exe().context("cannot find the xtask binary")?;
    let _ = std::fs::remove_file(report);
    let output = Command::new(&me)
        .arg("bench")
        .arg("--exec-report")
        .arg(report)
        .arg("--")
        .arg(program)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", me.display()))?;
    let shown = || {
        let line: Vec<_> = std::iter::once(program)
            .chain(args.iter().map(OsString::as_os_str))
            .collect();
        line.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !output.status.success() {
        // Diagnostics may be on either stream (`--format json` prints them on stdout).
        let tail = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes);
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(30)..].join("\n")
        };
        anyhow::bail!(
            "`{}` failed with {}:\n{}\n{}",
            shown(),
            output.status,
            tail(&output.stdout),
            tail(&output.stderr)
        );
    }
    let figures: ExecReport = serde_json::from_slice(
        &std::fs::read(report).with_context(|| format!("`{}` left no report", shown()))?,
    )?;
    Ok(Sample {
        wall: Duration::from_nanos(figures.wall_ns),
        max_rss: figures.max_rss_kib * 1024,
        cpu: Duration::from_micros(figures.cpu_us),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

fn cpu_micros(usage: &Usage) -> u64 {
    u64::try_from(usage.user_time().num_microseconds() + usage.system_time().num_microseconds())
        .unwrap_or(0)
}

/// CPU time this process has used so far, over all its threads.
pub fn own_cpu_time() -> Duration {
    getrusage(UsageWho::RUSAGE_SELF)
        .map_or(Duration::ZERO, |u| Duration::from_micros(cpu_micros(&u)))
}

/// The median; the mean of the two middle values for an even count.
pub fn median(values: &[u64]) -> Option<u64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(
            sorted[n / 2 - 1] / 2
                + sorted[n / 2] / 2
                + (sorted[n / 2 - 1] % 2 + sorted[n / 2] % 2) / 2,
        ),
    }
}

/// The median of durations.
pub fn median_duration(values: &[Duration]) -> Option<Duration> {
    let nanos: Vec<u64> = values
        .iter()
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .collect();
    median(&nanos).map(Duration::from_nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5, 1, 9]), Some(5));
        assert_eq!(median(&[4, 1, 9, 2]), Some(3));
        let ms = Duration::from_millis;
        assert_eq!(
            median_duration(&[ms(30), ms(10), ms(20), ms(1000), ms(25)]),
            Some(ms(25))
        );
    }

    #[test]
    fn wrapper_reports_time_and_peak_memory_of_its_child() {
        let report =
            std::env::temp_dir().join(format!("quire-bench-exec-{}.json", std::process::id()));
        // The test binary is not xtask, so drive the wrapper side directly.
        let code = exec_and_report(
            &report,
            &[
                "sh".into(),
                "-c".into(),
                "x=$(head -c 20000000 /dev/zero | tr '\\0' a); sleep 0.05".into(),
            ],
        )
        .unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let figures: ExecReport = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        assert!(figures.wall_ns >= 50_000_000, "{} ns", figures.wall_ns);
        // The shell held a 20 MB string.
        assert!(figures.max_rss_kib > 19_000, "{} KiB", figures.max_rss_kib);
        assert_eq!(figures.code, Some(0));
        assert!(
            figures.cpu_us > 0 && figures.cpu_us < figures.wall_ns / 1000 * 4,
            "{} µs",
            figures.cpu_us
        );

        let code = exec_and_report(&report, &["sh".into(), "-c".into(), "exit 3".into()]).unwrap();
        assert_eq!(code, ExitCode::from(3));
        std::fs::remove_file(&report).unwrap();
    }
}
