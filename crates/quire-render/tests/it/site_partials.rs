//! `site_partial(name)`: a partial that reads only `site`, rendered once per
//! renderer and site.

use super::*;

#[test]
fn a_site_partial_follows_the_site_it_is_given() {
    let (_dir, r) = with_templates(
        "site-partial",
        None,
        &[
            ("partials/brand.html", "<b>{{ site.title }}</b>"),
            (
                "post.html",
                "{{ site_partial('partials/brand.html') }} {{ post.title }}",
            ),
        ],
    );
    let mut other = site();
    other.title = "Another & Blog".into();
    for s in [&site(), &site(), &other, &site()] {
        let html = r.render_post(s, &post()).unwrap();
        let title = s.title.replace('&', "&amp;");
        assert_eq!(html, format!("<b>{title}</b> Ten Years of Nightly Builds"));
    }
}

#[test]
fn a_site_partial_sees_only_the_site() {
    let (_dir, r) = with_templates(
        "site-partial-error",
        None,
        &[
            ("partials/brand.html", "{{ site.title }}\n{{ post.title }}"),
            ("post.html", "{{ site_partial('partials/brand.html') }}"),
        ],
    );
    let d = r.render_post(&site(), &post()).unwrap_err();
    assert_eq!(d.code, "render-template");
    assert!(d.file.ends_with("partials/brand.html"), "{}", d.file);
    assert_eq!(d.line, 2);
    assert!(
        d.message.contains("`blog/nightly-builds.md`"),
        "{}",
        d.message
    );
}
