//! Theme rendering for Quire: one minijinja [`Environment`](minijinja::Environment)
//! holding every template, built once by [`Renderer::new`] and shared by
//! reference across threads; the view-model structs templates read
//! ([`SiteView`], [`PostView`], [`ListingView`], [`PageView`],
//! [`NotFoundView`]), with [`PostCard`], a listing's post, shared by every
//! listing that shows it so that its card is rendered once; and the filters
//! a theme needs.
//!
//! Templates come from a theme folder (`themes/<theme>/templates/`); a site's
//! own `templates/` folder overrides theme files of the same name. Undefined
//! variables are errors, output is HTML-escaped in `.html`, `.xml` and `.svg`
//! templates, and every template error becomes a `render-template`
//! [`Diagnostic`](quire_diagnostics::Diagnostic) naming the template file,
//! line and column, and the post being rendered. A missing template is a
//! `render-missing-template` diagnostic naming the templateKey and the
//! folders searched.
//!
//! # Filters, tests and functions
//!
//! | name | what it does |
//! |---|---|
//! | `date(fmt="MM/DD/YYYY")` | formats an RFC 3339 date; `fmt` is strftime (`%B %-d, %Y`), `"MM/DD/YYYY"` (`06/07/2022`) or `"iso"` (valid in `<time datetime>`) |
//! | `absolute_url` | prefixes a route with `site.base_url`; URLs with a scheme pass through |
//! | `page_title` | `title\|page_title`: `site.title_template` with each `%s` replaced by `title` (as `site.title_template\|replace("%s", title)`, cheaper) |
//! | `slugify` | the heading-id slug of `quire_markdown::slugify` |
//! | `truncate(length=255, end="…")` | cuts at a word so the result, `end` included, fits `length` characters |
//! | `json` | compact JSON safe inside `<script>` (`<`, `>`, `&` escaped as `\u003c`...) |
//! | `json_ld` | `post\|json_ld`: the post's schema.org `BlogPosting` as JSON-LD (below) |
//! | `safe_url` (filter and test) | keeps a URL only when it is relative or http, https, mailto or tel; else the filter gives `""` |
//! | `twitter_handle` | `ada`, `@ada` or `https://twitter.com/ada` → `@ada` |
//! | `strip_ids` | removes `id` attributes from HTML (summaries on listings, whose heading ids would clash) |
//! | `category_url(label)` | route of a category page |
//! | `author_url(name)` | route of an author page |
//! | `post_url(source)` | route of the post with that source path (table from [`Renderer::set_post_urls`]) |
//! | `site_partial(name)` | the partial `name` rendered with `site` alone, once per renderer and site, then reused (safe HTML) |
//! | `nav_partial(name, route, section)` | the partial `name` rendered with `site` and `current`, each nav link's `aria-current` (`"page"` for `route`, `"true"` for a link other than `/` that `section` starts with, else `""`), once per value of `current`, then reused (safe HTML) |
//!
//! # JSON-LD
//!
//! `{{ post|json_ld }}` (the `post` of `post.html`, with the page's `site`)
//! writes the object below on one line, keys sorted as serde_json sorts a
//! map, every string escaped as `json` escapes it. Parts in `[...]` are
//! there only when the post has them: an author; a non-empty description;
//! an image that passes `safe_url`.
//!
//! ```text
//! {"@context":"https://schema.org","@type":"BlogPosting",
//!  ["author":{"@type":"Person","name":post.author.name,"url":post.author.url|absolute_url},]
//!  "datePublished":post.date|date("iso"),
//!  ["description":post.description,]
//!  "headline":post.seo_title or post.title,
//!  ["image":post.image|safe_url|absolute_url,]
//!  "keywords":[the titles of post.categories],
//!  "mainEntityOfPage":{"@id":post.permalink,"@type":"WebPage"},
//!  "publisher":{"@type":"Organization","name":site.title,"url":site.base_url ~ "/"},
//!  "url":post.permalink,"wordCount":post.word_count}
//! ```
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use quire_render::{PostView, Renderer, SiteView};
//!
//! let dir = std::env::temp_dir().join(format!("quire-render-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(
//!     dir.join("post.html"),
//!     "<h1>{{ post.title }}</h1><time datetime=\"{{ post.date|date('iso') }}\">{{ post.date|date }}</time>",
//! )
//! .unwrap();
//!
//! let renderer = Renderer::new(&dir, None).expect("templates load");
//! let site = SiteView::default();
//! let mut post = PostView::default();
//! post.source = "blog/hello.md".into();
//! post.title = "Fish & Chips".into();
//! post.date = "2022-06-07T09:30:00+00:00".into();
//!
//! let html = renderer.render_post(&site, &post).unwrap();
//! assert_eq!(
//!     html,
//!     "<h1>Fish &amp; Chips</h1><time datetime=\"2022-06-07T09:30:00+00:00\">06/07/2022</time>"
//! );
//!
//! // Undefined variables are errors that name the template and the post.
//! std::fs::write(dir.join("post.html"), "{{ post.subtitle }}").unwrap();
//! let err = Renderer::new(&dir, None).unwrap().render_post(&site, &post).unwrap_err();
//! assert_eq!(err.code, "render-template");
//! assert!(err.message.contains("blog/hello.md"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod context;
mod filters;
mod json_ld;
mod renderer;
mod scan;
mod values;

pub use context::*;
pub use renderer::{Renderer, template_for_key};
