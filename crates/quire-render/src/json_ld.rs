//! `post|json_ld`: a post page's schema.org `BlogPosting` as JSON-LD, the
//! data of `<script type="application/ld+json">`.
//!
//! Written key by key into one string, in the order serde_json gives a map
//! (sorted keys), each string escaped as the `json` filter escapes it.
//! Templates used to write the same bytes with one `json` filter call per
//! value; that took a fifth of the instructions of a post page.

use minijinja::{Error, State, Value};

use crate::filters::{absolute_with_base, date, invalid, is_safe_url, push_json_string};
use crate::values::{PostObject, SiteObject};

/// `post|json_ld`, for the `post` of `post.html` and the page's `site`.
pub(crate) fn json_ld(state: &State<'_, '_>, post: &Value) -> Result<Value, Error> {
    let Some(post) = post.downcast_object_ref::<PostObject>() else {
        return Err(invalid(
            "`json_ld` needs the `post` the renderer gives post.html".into(),
        ));
    };
    let site = state.lookup("site").unwrap_or_default();
    let Some(site) = site.downcast_object_ref::<SiteObject>() else {
        return Err(invalid(
            "`json_ld` needs the `site` the renderer gives every page".into(),
        ));
    };
    Ok(Value::from_safe_string(write(post, site)?))
}

/// The JSON-LD object of `post` on `site`; the shape is documented in the
/// crate docs.
fn write(post: &PostObject, site: &SiteObject) -> Result<String, Error> {
    let view = post.view();
    let base = site.view().base_url.as_str();
    let headline = view.seo_title.as_deref().filter(|t| !t.is_empty());
    let headline = headline.unwrap_or(&view.title);
    let description = view.description.as_deref().filter(|d| !d.is_empty());
    // As post.html shows it: a safe URL, made absolute.
    let image = view
        .image
        .as_deref()
        .filter(|i| !i.is_empty() && is_safe_url(i))
        .map(|i| absolute_with_base(base, i));

    let mut out = String::with_capacity(512 + view.permalink.len() * 2);
    out.push_str(r#"{"@context":"https://schema.org","@type":"BlogPosting""#);
    if let Some(author) = post.author() {
        out.push_str(r#","author":{"@type":"Person","name":"#);
        push_json_string(&mut out, &author.name);
        out.push_str(r#","url":"#);
        push_json_string(&mut out, &absolute_with_base(base, &author.url));
        out.push('}');
    }
    out.push_str(r#","datePublished":"#);
    push_json_string(&mut out, &date(&view.date, Some("iso"))?);
    if let Some(description) = description {
        out.push_str(r#","description":"#);
        push_json_string(&mut out, description);
    }
    out.push_str(r#","headline":"#);
    push_json_string(&mut out, headline);
    if let Some(image) = &image {
        out.push_str(r#","image":"#);
        push_json_string(&mut out, image);
    }
    out.push_str(r#","keywords":["#);
    for (i, category) in post.categories().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, &category.title);
    }
    out.push_str(r#"],"mainEntityOfPage":{"@id":"#);
    push_json_string(&mut out, &view.permalink);
    out.push_str(r#","@type":"WebPage"},"publisher":{"@type":"Organization","name":"#);
    push_json_string(&mut out, &site.view().title);
    out.push_str(r#","url":"#);
    push_json_string(&mut out, &format!("{}/", site.view().base_url));
    out.push_str(r#"},"url":"#);
    push_json_string(&mut out, &view.permalink);
    out.push_str(r#","wordCount":"#);
    out.push_str(&view.word_count.to_string());
    out.push('}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value as Json, json};

    use super::*;
    use crate::context::{AuthorView, LinkView, PostView, SiteView};

    /// The template post.html had before `json_ld`: one `json` call per
    /// value, the bytes the filter must still write.
    const TEMPLATE: &str = r#"{% set title = post.seo_title or post.title %}{% set published = post.date|date("iso") %}{% set image = post.image|safe_url if post.image else "" %}{% set image = image|absolute_url if image else "" %}{"@context":"https://schema.org","@type":"BlogPosting"
{%- if post.author %},"author":{"@type":"Person","name":{{ post.author.name|json }},"url":{{ post.author.url|absolute_url|json }}}{% endif -%}
,"datePublished":{{ published|json }}
{%- if post.description %},"description":{{ post.description|json }}{% endif -%}
,"headline":{{ title|json }}
{%- if image %},"image":{{ image|json }}{% endif -%}
,"keywords":{{ post.categories|map(attribute="title")|list|json }},"mainEntityOfPage":{"@id":{{ post.permalink|json }},"@type":"WebPage"},"publisher":{"@type":"Organization","name":{{ site.title|json }},"url":{{ (site.base_url ~ "/")|json }}},"url":{{ post.permalink|json }},"wordCount":{{ post.word_count }}}"#;

    fn site(title: &str, base_url: &str) -> SiteView {
        SiteView {
            title: title.into(),
            base_url: base_url.into(),
            ..SiteView::default()
        }
    }

    fn post() -> PostView {
        PostView {
            title: "Fish & Chips </script>".into(),
            seo_title: Some("Fish \u{2028} \"Chips\"".into()),
            description: Some("Tabs\tand <b>tags</b> & \u{2029} ünïcode 😀".into()),
            permalink: "https://site.example/blog/fish/".into(),
            date: "2022-06-07T09:30:00+02:00".into(),
            author: Some(AuthorView::new("Ada <Lovelace>", "/blog/author/ada/")),
            categories: vec![
                LinkView::new("Open & Source", "/c/1/"),
                LinkView::new("Q\\A", "/c/2/"),
            ],
            image: Some("/img/fish.png".into()),
            word_count: 1234,
            ..PostView::default()
        }
    }

    /// Variants of [`post`]: each optional part present and absent, empty
    /// strings, unsafe and absolute URLs.
    fn posts() -> Vec<PostView> {
        let full = post();
        let bare = PostView {
            title: "Bare".into(),
            date: "2020-01-01".into(),
            permalink: "https://site.example/bare/".into(),
            ..PostView::default()
        };
        let mut variants = vec![full.clone(), bare];
        let mut p = full.clone();
        p.author = None;
        p.description = None;
        p.image = None;
        p.seo_title = None;
        p.categories.clear();
        variants.push(p);
        let mut p = full.clone();
        p.seo_title = Some(String::new());
        p.description = Some(String::new());
        p.image = Some("javascript:alert(1)".into());
        variants.push(p);
        let mut p = full.clone();
        p.image = Some("https://cdn.example/a.png".into());
        p.author = Some(AuthorView::new("Bob", "https://bob.example/"));
        p.categories.truncate(1);
        variants.push(p);
        let mut p = full;
        p.image = Some("img/relative.png".into());
        p.date = "2016-12-31T00:51:58.181Z".into();
        variants.push(p);
        variants
    }

    /// The object built as a serde_json map (sorted keys), written as the
    /// `json` filter writes, with `<`, `>`, `&`, U+2028 and U+2029 escaped.
    fn expected(p: &PostView, s: &SiteView) -> String {
        let absolute = |url: &str| {
            if url.contains("://") {
                url.to_owned()
            } else {
                format!("{}/{}", s.base_url, url.trim_start_matches('/'))
            }
        };
        let mut o = Map::new();
        o.insert("@context".into(), json!("https://schema.org"));
        o.insert("@type".into(), json!("BlogPosting"));
        if let Some(a) = &p.author {
            o.insert(
                "author".into(),
                json!({"@type": "Person", "name": a.name, "url": absolute(&a.url)}),
            );
        }
        let published = chrono::DateTime::parse_from_rfc3339(&p.date).map_or_else(
            |_| format!("{}T00:00:00+00:00", p.date),
            |d| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        );
        o.insert("datePublished".into(), json!(published));
        if let Some(d) = p.description.as_deref().filter(|d| !d.is_empty()) {
            o.insert("description".into(), json!(d));
        }
        let headline = p.seo_title.as_deref().filter(|t| !t.is_empty());
        o.insert("headline".into(), json!(headline.unwrap_or(&p.title)));
        if let Some(i) = p.image.as_deref().filter(|i| !i.starts_with("javascript:")) {
            o.insert("image".into(), json!(absolute(i)));
        }
        let keywords: Vec<&str> = p.categories.iter().map(|c| c.title.as_str()).collect();
        o.insert("keywords".into(), json!(keywords));
        o.insert(
            "mainEntityOfPage".into(),
            json!({"@id": p.permalink, "@type": "WebPage"}),
        );
        o.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": s.title, "url": format!("{}/", s.base_url)}),
        );
        o.insert("url".into(), json!(p.permalink));
        o.insert("wordCount".into(), json!(p.word_count));
        serde_json::to_string(&Json::Object(o))
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    fn render(template: &str, p: &PostView, s: &SiteView) -> String {
        let mut env = minijinja::Environment::new();
        crate::renderer::configure(&mut env);
        env.add_template_owned("t.html", template.to_owned())
            .unwrap();
        let site = Value::from_object(SiteObject::new(s.clone()));
        let post = Value::from_object(PostObject::new(p.clone()));
        env.get_template("t.html")
            .unwrap()
            .render(minijinja::context! { site => site, post => post })
            .unwrap()
    }

    #[test]
    fn json_ld_is_the_serde_json_object() {
        let sites = [
            site("Quire & Co <Blog>", "https://site.example"),
            site("Plain", "https://plain.example/sub"),
        ];
        for s in &sites {
            for p in posts() {
                let filter = render("{{ post|json_ld }}", &p, s);
                assert_eq!(filter, expected(&p, s), "{p:?}");
                assert_eq!(filter, render(TEMPLATE, &p, s), "{p:?}");
                // Valid JSON, whatever it had to escape.
                serde_json::from_str::<Json>(&filter).unwrap();
            }
        }
    }

    #[test]
    fn json_ld_needs_the_renderers_post_and_site() {
        let mut env = minijinja::Environment::new();
        crate::renderer::configure(&mut env);
        env.add_template("t.html", "{{ post|json_ld }}").unwrap();
        let t = env.get_template("t.html").unwrap();
        let site = Value::from_object(SiteObject::new(site("S", "https://s.example")));
        let post = Value::from_object(PostObject::new(post()));
        let not_post = t.render(minijinja::context! { site => site.clone(), post => "x" });
        assert!(
            not_post
                .unwrap_err()
                .to_string()
                .contains("needs the `post`")
        );
        let not_site = t.render(minijinja::context! { site => "x", post => post.clone() });
        assert!(
            not_site
                .unwrap_err()
                .to_string()
                .contains("needs the `site`")
        );
        let mut bad_date = super::tests::post();
        bad_date.date = "yesterday".into();
        let bad = t.render(minijinja::context! {
            site => site,
            post => Value::from_object(PostObject::new(bad_date)),
        });
        assert!(
            bad.unwrap_err()
                .to_string()
                .contains("not an RFC 3339 date")
        );
    }
}
