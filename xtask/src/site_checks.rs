//! The checks of the built demo site: the Nu HTML Checker over every page and
//! headless Chromium over a few (`tests/browser/check.mjs`).
//!
//! What they need (Java, Chromium, Node.js, the npm packages) is installed
//! here when it is missing, so a fresh machine passes with no manual step.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::Timings;

const CHROMIUM: &str = "/usr/bin/chromium";
/// Packages pinned in `tests/browser/package.json`, and a file each must have.
const NODE_PACKAGES: &[(&str, &str)] = &[
    ("playwright-core", "package.json"),
    ("vnu-jar", "build/dist/vnu.jar"),
];

/// Where things are, all under the repository root.
struct Paths {
    root: PathBuf,
    /// The demo site's content folder.
    content: PathBuf,
    /// Where the demo site is built for the checks.
    site: PathBuf,
    /// The Node project with the browser check.
    browser: PathBuf,
    /// Where the browser check writes its screenshots for a person to look at.
    screenshots: PathBuf,
}

impl Paths {
    fn new(root: &Path) -> Paths {
        // Always `<root>/target`, whatever CARGO_TARGET_DIR says, so a person
        // finds the screenshots where the README says.
        let target = root.join("target");
        Paths {
            root: root.to_owned(),
            content: root.join("content"),
            site: target.join("ci-site"),
            browser: root.join("tests").join("browser"),
            screenshots: target.join("screenshots"),
        }
    }
}

/// Builds the demo site (unless `prebuilt` names a built one), installs what
/// the checks need, then runs the HTML validator and the browser check. Each
/// step is timed into `timings`.
pub(super) fn run(
    root: &Path,
    prebuilt: Option<&Path>,
    timings: &mut Timings,
) -> anyhow::Result<()> {
    let mut paths = Paths::new(root);
    match prebuilt {
        Some(site) => {
            paths.site = std::path::absolute(site)
                .with_context(|| format!("could not resolve {}", site.display()))?;
            if !paths.site.join("index.html").is_file() {
                bail!(
                    "{} has no index.html: give the folder of a built site",
                    paths.site.display()
                );
            }
            eprintln!(
                "==> checking the site already built in {}",
                paths.site.display()
            );
        }
        None => timings.time("build demo site", || build_site(&paths))?,
    }
    timings.time("install missing tools", || install_missing(&paths))?;
    timings.time("browser check self-test", || self_test(&paths))?;
    timings.time("Nu HTML Checker", || validate_html(&paths))?;
    timings.time("headless Chromium", || browser_check(&paths))
}

fn build_site(paths: &Paths) -> anyhow::Result<()> {
    eprintln!("==> build the demo site into {}", paths.site.display());
    // A fresh folder: pages left from an older build must not pass for new ones.
    if paths.site.exists() {
        std::fs::remove_dir_all(&paths.site).with_context(|| {
            format!("could not remove the old site in {}", paths.site.display())
        })?;
    }
    let mut cmd = Command::new(super::cargo());
    cmd.args([
        "run",
        "--release",
        "--quiet",
        "--package",
        "xtask",
        "--",
        "build",
        "--content",
    ])
    .arg(&paths.content)
    .arg("--out")
    .arg(&paths.site)
    .current_dir(&paths.root);
    run_command(cmd, "build the demo site", Duration::from_secs(15 * 60))?;
    if !paths.site.join("index.html").is_file() {
        bail!(
            "the build wrote no {}: the site checks need a home page",
            paths.site.join("index.html").display()
        );
    }
    Ok(())
}

fn install_missing(paths: &Paths) -> anyhow::Result<()> {
    eprintln!("==> install what the site checks need, when missing");
    let mut apt = Apt::default();
    if succeeds("java", &["-version"]) {
        eprintln!("    java: found");
    } else {
        eprintln!("    java: missing");
        apt.install(&["openjdk-17-jre-headless"])?;
        if !succeeds("java", &["-version"]) {
            bail!(
                "java still does not run after installing openjdk-17-jre-headless; see apt-get's output above"
            );
        }
    }
    if Path::new(CHROMIUM).is_file() {
        eprintln!("    chromium: found at {CHROMIUM}");
    } else {
        eprintln!("    chromium: missing ({CHROMIUM})");
        apt.install(&["chromium", "chromium-driver"])?;
        if !Path::new(CHROMIUM).is_file() {
            bail!(
                "{CHROMIUM} is still missing after installing chromium; see apt-get's output above"
            );
        }
    }
    if succeeds("node", &["--version"]) && succeeds("npm", &["--version"]) {
        eprintln!("    node, npm: found");
    } else {
        eprintln!("    node, npm: missing");
        apt.install(&["nodejs", "npm"])?;
        if !(succeeds("node", &["--version"]) && succeeds("npm", &["--version"])) {
            bail!(
                "node or npm still does not run after installing nodejs and npm; see apt-get's output above"
            );
        }
    }
    let stale = stale_node_packages(&paths.browser)?;
    if stale.is_empty() {
        eprintln!(
            "    npm packages: found in {}",
            paths.browser.join("node_modules").display()
        );
    } else {
        eprintln!(
            "    npm packages: missing or not the pinned version: {}",
            stale.join(", ")
        );
        let mut cmd = Command::new("npm");
        // No install scripts: vnu-jar's would download a Java runtime, and
        // the machine's Java is the one to use.
        cmd.args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&paths.browser);
        run_command(cmd, "npm ci in tests/browser", Duration::from_secs(10 * 60))?;
        let stale = stale_node_packages(&paths.browser)?;
        if !stale.is_empty() {
            bail!(
                "npm ci did not install {}: see its output above",
                stale.join(", ")
            );
        }
    }
    Ok(())
}

/// The pinned npm packages that are not installed at their pinned version.
fn stale_node_packages(browser: &Path) -> anyhow::Result<Vec<String>> {
    let manifest_path = browser.join("package.json");
    let manifest: serde_json::Value = read_json(&manifest_path)?;
    let mut stale = Vec::new();
    for (name, must_have) in NODE_PACKAGES {
        let pinned = manifest["devDependencies"][name]
            .as_str()
            .with_context(|| format!("{} pins no version of {name}", manifest_path.display()))?;
        let dir = browser.join("node_modules").join(name);
        let installed = read_json(&dir.join("package.json"))
            .ok()
            .and_then(|package| package["version"].as_str().map(str::to_owned));
        if installed.as_deref() != Some(pinned) || !dir.join(must_have).is_file() {
            stale.push(format!("{name}@{pinned}"));
        }
    }
    Ok(stale)
}

fn read_json(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))
}

fn validate_html(paths: &Paths) -> anyhow::Result<()> {
    let pages = walkdir::WalkDir::new(&paths.site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "html")
        })
        .count();
    if pages == 0 {
        bail!("{} holds no HTML page to validate", paths.site.display());
    }
    eprintln!(
        "==> Nu HTML Checker over {pages} pages in {}",
        paths.site.display()
    );
    let jar = paths
        .browser
        .join("node_modules/vnu-jar/build/dist/vnu.jar");
    let mut cmd = Command::new("java");
    cmd.arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&paths.site)
        .current_dir(&paths.root);
    let status = run_status(cmd, "the Nu HTML Checker", Duration::from_secs(10 * 60))?;
    if !status.success() {
        bail!(
            "the Nu HTML Checker found HTML errors in the demo site ({status}); each is listed above as \
             \"file\":line.column-line.column: error: ...; fix the theme template or the post it comes from"
        );
    }
    eprintln!("    no HTML errors in {pages} pages");
    Ok(())
}

/// The browser check's own tests: its server, and that it fails on a site
/// with known problems. A check that cannot fail proves nothing.
fn self_test(paths: &Paths) -> anyhow::Result<()> {
    eprintln!("==> browser check self-test (tests/browser/check.test.mjs)");
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-reporter=spec", "check.test.mjs"])
        .current_dir(&paths.browser);
    run_command(
        cmd,
        "the browser check self-test",
        Duration::from_secs(5 * 60),
    )
}

fn browser_check(paths: &Paths) -> anyhow::Result<()> {
    eprintln!("==> headless Chromium over {}", paths.site.display());
    let mut cmd = Command::new("node");
    cmd.arg(paths.browser.join("check.mjs"))
        .arg(&paths.site)
        .arg("--screenshots")
        .arg(&paths.screenshots)
        .current_dir(&paths.browser);
    let status = run_status(cmd, "the browser check", Duration::from_secs(10 * 60))?;
    if !status.success() {
        bail!(
            "the demo site failed the browser checks ({status}); the failures are listed above and the \
             screenshots are in {}",
            paths.screenshots.display()
        );
    }
    Ok(())
}

/// Installs Debian packages: `apt-get update` once, then `apt-get install`,
/// as root or else through sudo.
#[derive(Default)]
struct Apt {
    updated: bool,
}

impl Apt {
    fn install(&mut self, packages: &[&str]) -> anyhow::Result<()> {
        if !self.updated {
            run_command(
                self.command(&["update", "-q"])?,
                "apt-get update",
                Duration::from_secs(10 * 60),
            )?;
            self.updated = true;
        }
        let mut args = vec!["install", "-y", "-q"];
        args.extend_from_slice(packages);
        let what = format!("apt-get install {}", packages.join(" "));
        run_command(self.command(&args)?, &what, Duration::from_secs(20 * 60))
    }

    fn command(&self, args: &[&str]) -> anyhow::Result<Command> {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else if succeeds("sudo", &["-n", "true"]) {
            let mut cmd = Command::new("sudo");
            cmd.args(["-n", "apt-get"]);
            cmd
        } else {
            bail!(
                "need to run apt-get {} but this is not root and sudo is not available; install the packages by hand",
                args.join(" ")
            );
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        Ok(cmd)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.trim_ascii() == b"0")
}

/// Whether `program args` runs and exits 0, its output hidden.
fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `cmd` with its output shown, failing when it exits non-zero.
fn run_command(cmd: Command, what: &str, limit: Duration) -> anyhow::Result<()> {
    let status = run_status(cmd, what, limit)?;
    if !status.success() {
        bail!("{what} failed ({status}); its output is above");
    }
    Ok(())
}

/// Runs `cmd` with its output shown and returns how it exited; fails when it
/// cannot start or is still running after `limit` (then it is killed).
fn run_status(mut cmd: Command, what: &str, limit: Duration) -> anyhow::Result<ExitStatus> {
    eprintln!("    $ {}", shown(&cmd));
    // Everything on stderr, like cargo and our own progress lines, so a log
    // that captures both streams keeps them in order.
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .spawn()
        .with_context(|| {
            format!(
                "could not start {what} ({})",
                cmd.get_program().to_string_lossy()
            )
        })?;
    let start = Instant::now();
    loop {
        if let Some(status) = child
            .try_wait()
            .with_context(|| format!("could not wait for {what}"))?
        {
            return Ok(status);
        }
        if start.elapsed() > limit {
            // Best effort: the process may have ended in between.
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{what} took longer than {} s and was stopped",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A command as a person would type it, for the log.
fn shown(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    parts.join(" ")
}
