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

/// base.html's nav as it was written before `nav_partial`: the loop and
/// the `aria-current` rule inline, run on every page.
const INLINE_NAV: &str = r#"{% if site.nav %}
<nav class="site-nav" aria-label="Main">
<ul>
{% for link in site.nav %}
<li><a href="{{ link.url|safe_url }}"
{%- if link.url == route %} aria-current="page"
{%- elif link.url != "/" and section is startingwith(link.url) %} aria-current="true"{% endif %}>{{ link.title }}</a></li>
{% endfor %}
</ul>
</nav>
{% endif %}
"#;

#[test]
fn the_nav_partial_renders_what_the_inline_nav_did() {
    let base = std::fs::read_to_string(theme_dir().join("base.html")).unwrap();
    let call = "{{ nav_partial(\"partials/site-nav.html\", route, section) -}}\n";
    assert!(base.contains(call), "base.html calls nav_partial");
    let inline = base.replace(call, INLINE_NAV);
    let (_dir, old) = with_templates("inline-nav", None, &[("base.html", &inline)]);
    let new = renderer();

    let mut sites = vec![site()];
    let mut s = site();
    s.current_section = "/about/".into();
    s.nav
        .push(LinkView::new("Bad & <odd>", "javascript:alert(1)"));
    s.nav.push(LinkView::new(
        "Nightly",
        "/blog/ten-years-of-nightly-builds/",
    ));
    sites.push(s);
    let mut s = site();
    s.nav.clear();
    sites.push(s);

    let routes = [
        "/",
        "/blog/",
        "/about/",
        "/blog/ten-years-of-nightly-builds/",
        "/x/",
    ];
    let mut currents = std::collections::BTreeSet::new();
    // Twice over: the second round reads the partials the first one kept.
    for _ in 0..2 {
        for s in &sites {
            for route in routes {
                let mut p = post();
                p.route = route.into();
                let page = new.render_post(s, &p).unwrap();
                assert_eq!(page, old.render_post(s, &p).unwrap(), "{route}");
                currents.extend(
                    page.lines()
                        .filter(|l| l.contains("aria-current"))
                        .map(String::from),
                );
                let mut l = listing(ListingKind::Blog);
                l.route = route.into();
                assert_eq!(
                    new.render_listing(s, &l).unwrap(),
                    old.render_listing(s, &l).unwrap(),
                    "{route}"
                );
            }
            let mut page = PageView::default();
            page.template_key = "about-page".into();
            page.route = "/about/".into();
            assert_eq!(
                new.render_page(s, &page).unwrap(),
                old.render_page(s, &page).unwrap()
            );
            let nf = NotFoundView::default();
            assert_eq!(
                new.render_404(s, &nf).unwrap(),
                old.render_404(s, &nf).unwrap()
            );
        }
    }
    // The routes above reach every kind of link.
    assert!(
        currents
            .iter()
            .any(|l| l.contains(r#"aria-current="page""#))
    );
    assert!(
        currents
            .iter()
            .any(|l| l.contains(r#"aria-current="true""#))
    );
}

#[test]
fn a_nav_partial_sees_only_the_site_and_current() {
    let (_dir, r) = with_templates(
        "nav-partial-error",
        None,
        &[
            (
                "partials/nav.html",
                "{{ current|join(',') }}\n{{ post.title }}",
            ),
            (
                "post.html",
                "{{ nav_partial('partials/nav.html', post.route, '') }}",
            ),
        ],
    );
    let d = r.render_post(&site(), &post()).unwrap_err();
    assert_eq!(d.code, "render-template");
    assert!(d.file.ends_with("partials/nav.html"), "{}", d.file);
    assert_eq!(d.line, 2);
}

#[test]
fn nav_partials_are_kept_per_current_link() {
    let (_dir, r) = with_templates(
        "nav-partial-current",
        None,
        &[
            ("partials/nav.html", "{{ current|join(',') }}"),
            (
                "post.html",
                "{{ nav_partial('partials/nav.html', post.route, post.title) }}",
            ),
        ],
    );
    let mut p = post();
    let mut render = |route: &str, section: &str| {
        p.route = route.into();
        p.title = section.into();
        r.render_post(&site(), &p).unwrap()
    };
    assert_eq!(render("/", ""), "page,,");
    assert_eq!(render("/blog/", "/blog/"), ",page,");
    assert_eq!(render("/blog/x/", "/blog/x/"), ",true,");
    assert_eq!(render("/about/", "/blog/x/"), ",true,page");
    assert_eq!(render("/x/", "/"), ",,");
    assert_eq!(render("/", ""), "page,,");
}
