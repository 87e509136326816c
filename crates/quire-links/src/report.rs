//! A [`Report`] printed for people, scripts, GitHub code scanning and GitHub
//! Actions logs.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use quire_diagnostics::{Diagnostic, Severity, count, render_human, summary_line};
use serde_json::{Value, json};

use crate::check::Report;

/// The report as one JSON value: `links`, `internal`, `external`, `broken`,
/// `diagnostics` (the same fields as `cargo xtask check`) and `targets`
/// (broken targets, each with its sources).
pub fn to_json(report: &Report) -> Value {
    serde_json::to_value(report).unwrap_or(Value::Null)
}

/// Bytes escaped in a SARIF artifact URI (a relative URI reference).
const URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The report as SARIF 2.1.0, the format GitHub code scanning uploads.
///
/// `prefix` is the content folder relative to the folder the command runs
/// in, `/`-separated (`content/`, or empty when it runs inside the content
/// folder): diagnostics name files relative to the content folder, SARIF
/// names them relative to where the scan ran.
pub fn to_sarif(report: &Report, prefix: &str) -> Value {
    let prefix = prefix.trim_end_matches('/');
    let codes: BTreeSet<(&str, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    let mut rules = Vec::new();
    for (code, severity) in codes {
        if rule_index.contains_key(code) {
            continue;
        }
        rule_index.insert(code, rules.len());
        rules.push(json!({
            "id": code,
            "shortDescription": { "text": rule_description(code) },
            "defaultConfiguration": { "level": sarif_level(severity) },
        }));
    }
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = if prefix.is_empty() {
                d.file.clone()
            } else {
                format!("{prefix}/{}", d.file)
            };
            let mut location = json!({
                "artifactLocation": {
                    "uri": utf8_percent_encode(&file, URI).to_string(),
                    "uriBaseId": "%SRCROOT%",
                },
            });
            if d.line > 0 {
                let mut region = json!({ "startLine": d.line });
                if d.column > 0 {
                    region["startColumn"] = json!(d.column);
                }
                location["region"] = region;
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": rule_index[d.code.as_str()],
                "level": sarif_level(d.severity),
                "message": { "text": message_with_hint(d) },
                "locations": [{ "physicalLocation": location }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "quire-links",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_description(code: &str) -> &'static str {
    match code {
        "link-broken" => "Internal link to a page or file the build does not write",
        "link-fragment" => "Link to an anchor the target page does not have",
        "link-malformed" => "URL that browsers cannot use as written",
        "link-hidden-target" => "Link to a hidden post",
        "link-orphan" => "Post that nothing links to",
        "link-data-uri" => "Large data URI inlined into the page",
        "link-duplicate-definition" => "Link reference defined more than once",
        "link-unsafe-url" => "URL with a scheme the Markdown stage removes",
        _ => "Link check",
    }
}

fn message_with_hint(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    }
}

/// The report as GitHub Actions workflow commands, one a line:
/// `::error file=content/blog/x.md,line=3,col=5,title=link-broken::message`.
/// Errors are `error`, warnings `warning`, infos `notice`. `prefix` is as
/// for [`to_sarif`].
pub fn to_github(report: &Report, prefix: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = if prefix.is_empty() {
            d.file.clone()
        } else {
            format!("{prefix}/{}", d.file)
        };
        let mut props = format!("file={}", escape_property(&file));
        if d.line > 0 {
            let _ = write!(props, ",line={}", d.line);
            if d.column > 0 {
                let _ = write!(props, ",col={}", d.column);
            }
        }
        let _ = write!(props, ",title={}", escape_property(&d.code));
        let _ = writeln!(
            out,
            "::{command} {props}::{}",
            escape_data(&message_with_hint(d))
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The report for people: broken targets grouped ("/blog/old/ — 4 links
/// from 3 posts", then each source as `file:line:col` with its hint), then
/// the other warnings rustc-style, the infos one a line, and a summary.
///
/// `source` gives a file's text (by its path relative to the content
/// folder) for the snippets under warnings.
pub fn to_human(report: &Report, source: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let hints: HashMap<(&str, u32, u32), &Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| ((d.file.as_str(), d.line, d.column), d))
        .collect();
    for target in &report.targets {
        let files: BTreeSet<&str> = target.sources.iter().map(|s| s.file.as_str()).collect();
        let _ = writeln!(
            out,
            "{} — {} from {}",
            target.target,
            plural(target.sources.len(), "link"),
            plural(files.len(), "post")
        );
        for s in &target.sources {
            let _ = write!(out, "  {}:{}:{}", s.file, s.line, s.column);
            if let Some(h) = hints
                .get(&(s.file.as_str(), s.line, s.column))
                .and_then(|d| d.hint.as_deref())
            {
                let _ = write!(out, "  {h}");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        out.push_str(&render_human(d, source(&d.file).as_deref()));
        out.push('\n');
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Info)
    {
        let place = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        let _ = writeln!(out, "info[{}]: {place}: {}", d.code, d.message);
    }
    if report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Info)
    {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} ({} internal, {} external), {} broken; {}",
        plural(report.links, "link"),
        report.internal,
        report.external,
        report.broken,
        summary_line(count(&report.diagnostics))
    );
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
