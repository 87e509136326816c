//! Template errors become diagnostics naming the template, the line and the
//! thing being rendered.

use super::pages::TempDir;
use super::*;

fn render_diag(d: &quire_diagnostics::Diagnostic, root: &Path) -> String {
    // The temp folder differs per run: show paths relative to it.
    let root = root.to_string_lossy();
    quire_diagnostics::render_human(d, None).replace(root.as_ref(), "<dir>")
}

#[test]
fn strict_undefined_names_template_line_and_post() {
    let dir = TempDir::new("strict");
    std::fs::write(
        dir.path().join("post.html"),
        "<h1>{{ post.title }}</h1>\n<p>{{ post.subtitle }}</p>\n",
    )
    .unwrap();
    let r = Renderer::new(&theme_dir(), Some(dir.path())).unwrap();
    let d = r.render_post(&site(), &post()).unwrap_err();
    assert_eq!((d.code.as_str(), d.line), ("render-template", 2));
    insta::assert_snapshot!(render_diag(&d, dir.path()));
}

#[test]
fn missing_template_names_key_and_folders() {
    let dir = TempDir::new("missing");
    let r = Renderer::new(&theme_dir(), Some(dir.path())).unwrap();
    let mut page = PageView::default();
    page.source = "events.md".into();
    page.template_key = "event-page".into();
    let d = r.render_page(&site(), &page).unwrap_err();
    assert_eq!(d.code, "render-missing-template");
    let text =
        render_diag(&d, dir.path()).replace(&theme_dir().to_string_lossy().to_string(), "<theme>");
    insta::assert_snapshot!(text);
}

#[test]
fn syntax_errors_are_all_reported_at_load() {
    let dir = TempDir::new("syntax");
    std::fs::write(dir.path().join("post.html"), "ok\n{% if %}\n").unwrap();
    std::fs::write(dir.path().join("extra.html"), "{{ unclosed \n").unwrap();
    let problems = Renderer::new(&theme_dir(), Some(dir.path())).unwrap_err();
    let text: Vec<String> = problems
        .iter()
        .map(|d| render_diag(d, dir.path()))
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn missing_theme_folder() {
    let problems = Renderer::new(Path::new("/nonexistent/quire-theme"), None).unwrap_err();
    assert_eq!(problems[0].code, "render-theme-missing");
}

#[test]
fn filter_errors_surface_as_diagnostics() {
    let mut p = post();
    p.date = "not a date".into();
    let d = renderer().render_post(&site(), &p).unwrap_err();
    assert_eq!(d.code, "render-template");
    assert!(
        d.message.contains("`not a date` is not an RFC 3339 date"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("blog/nightly-builds.md"),
        "{}",
        d.message
    );
    assert!(d.file.ends_with("post.html"), "{}", d.file);
}
