//! Reference definitions as the site check reports them: which repeats
//! count, where they are, and which definition a link uses.

use std::fmt::Write as _;

use quire_links::Checker;

use crate::fixture;

/// Checks `body` as the body of `blog/lonely.md` in the fixture site and
/// lists that file's `link-` diagnostics.
fn check_body(body: &str) -> String {
    let mut site = quire_content::load(&fixture("site")).unwrap().site;
    let post = site
        .posts
        .iter_mut()
        .find(|p| p.source == "blog/lonely.md")
        .unwrap();
    post.body = body.to_owned();
    let body_line = post.body_line;
    let report = Checker::new(&site).render_and_check();
    let mut out = format!("body starts on line {body_line}\n");
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.file == "blog/lonely.md" && d.code != "link-orphan")
    {
        let _ = writeln!(out, "{}:{} {} {}", d.line, d.column, d.code, d.message);
    }
    out
}

#[test]
fn reference_definition_edge_cases() {
    let body = "\
[first] and [second][] and [Third one][third  ONE].

[first]: /blog/welcome/
[FIRST]: /blog/nowhere/
[second]:
  /blog/guide/
  \"Title on its own line\"
[Second]: /blog/nowhere/
[third one]: /blog/guide/#faq
[Third   One]: /blog/guide/#nope

```
[first]: /in/a/code/block/
```

> [first]: /in/a/quote/

- [first]: /in/a/list/

[^note]: a footnote definition is not a link definition
[^note]: and neither is its repeat
";
    insta::assert_snapshot!(check_body(body));
}

#[test]
fn links_in_html_blocks_and_inline_html_are_checked() {
    let body = "\
<div>
  <a href=\"/blog/welcome/#getting-started\">ok</a>
  <a href=\"/blog/welcome/#nope\">bad anchor</a>
  <img src=\"/img/nope.png\" srcset=\"/img/logo.png 1x, /img/nope-2x.png 2x\">
</div>

Inline <a href=\"/blog/missing/\">html</a> and <a href='mailto:x@example.dev'>mail</a>.

`<a href=\"/in/code/\">` is code.
";
    insta::assert_snapshot!(check_body(body));
}
