//! The view structs as template values, read field by field.
//!
//! Converting a view through serde made a map of every field, nested
//! structs and lists included, for every page, and each lookup then
//! searched that map key by key. Here a page's view is one object that
//! owns the struct; a lookup matches the field's name and converts only
//! that field. Nested structs of a page (the author, category links,
//! headings) are moved out of the view into values of their own once per
//! page, as templates read them several times. A card's summary and the
//! site are shared, so their nested structs are read in place.
//!
//! Templates see what serde would have made: the same names in the same
//! order (the declaration order), strings as strings, `None` as none,
//! numbers as unsigned integers, lists as lists, structs as maps. The tests
//! below hold every struct to its serde conversion.

use std::sync::{Arc, RwLock};

use minijinja::Error;
use minijinja::value::{Enumerator, Object, Value};

use crate::context::{
    AuthorView, FeedView, HeadingView, LinkView, ListingView, PaginationView, PostSummary,
    PostView, SiteView,
};

/// A struct of strings and numbers, read in place inside the value that
/// holds it.
trait Leaf: 'static {
    /// Field names, in declaration order.
    const NAMES: &'static [&'static str];
    /// The field `name`, as a template value.
    fn field(&self, name: &str) -> Option<Value>;
}

fn opt(text: &Option<String>) -> Value {
    text.as_deref().map_or(Value::from(()), Value::from)
}

impl Leaf for LinkView {
    const NAMES: &'static [&'static str] = &["title", "url"];
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "title" => Value::from(self.title.as_str()),
            "url" => Value::from(self.url.as_str()),
            _ => return None,
        })
    }
}

impl Leaf for FeedView {
    const NAMES: &'static [&'static str] = &["title", "url", "mime"];
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "title" => Value::from(self.title.as_str()),
            "url" => Value::from(self.url.as_str()),
            "mime" => Value::from(self.mime.as_str()),
            _ => return None,
        })
    }
}

impl Leaf for AuthorView {
    const NAMES: &'static [&'static str] = &["name", "url", "company", "bio", "twitter", "avatar"];
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::from(self.name.as_str()),
            "url" => Value::from(self.url.as_str()),
            "company" => opt(&self.company),
            "bio" => opt(&self.bio),
            "twitter" => opt(&self.twitter),
            "avatar" => opt(&self.avatar),
            _ => return None,
        })
    }
}

impl Leaf for HeadingView {
    const NAMES: &'static [&'static str] = &["level", "id", "text"];
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "level" => Value::from(self.level),
            "id" => Value::from(self.id.as_str()),
            "text" => Value::from(self.text.as_str()),
            _ => return None,
        })
    }
}

impl Leaf for PaginationView {
    const NAMES: &'static [&'static str] = &["page", "pages", "prev_url", "next_url"];
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "page" => Value::from(self.page),
            "pages" => Value::from(self.pages),
            "prev_url" => opt(&self.prev_url),
            "next_url" => opt(&self.next_url),
            _ => return None,
        })
    }
}

/// A [`Leaf`] owned by its value: a page's nested structs, moved out of
/// the page's view.
#[derive(Debug)]
struct Own<T>(T);

impl<T: Leaf + std::fmt::Debug + Send + Sync> Object for Own<T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(T::NAMES)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(T::NAMES.len())
    }
}

fn own<T: Leaf + std::fmt::Debug + Send + Sync>(leaf: T) -> Value {
    Value::from_object(Own(leaf))
}

fn own_opt<T: Leaf + std::fmt::Debug + Send + Sync>(leaf: Option<T>) -> Value {
    leaf.map_or(Value::from(()), own)
}

fn own_list<T: Leaf + std::fmt::Debug + Send + Sync>(leaves: Vec<T>) -> Value {
    Value::from_object(leaves.into_iter().map(own).collect::<Vec<Value>>())
}

/// A [`Leaf`] inside a struct shared with others (a card's summary, the
/// site): the `index`th one `at` reaches (lists), or the one it reaches.
struct Part<R, T> {
    root: Arc<R>,
    at: fn(&R, usize) -> &T,
    index: usize,
}

impl<R, T> std::fmt::Debug for Part<R, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part").field("index", &self.index).finish()
    }
}

impl<R: Send + Sync + 'static, T: Leaf> Object for Part<R, T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        (self.at)(&self.root, self.index).field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(T::NAMES)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(T::NAMES.len())
    }
}

/// The struct `at` reaches in `root`, or none when `present` is false (an
/// `Option` field that is `None`).
fn part<R, T>(root: &Arc<R>, present: bool, at: fn(&R, usize) -> &T) -> Value
where
    R: Send + Sync + 'static,
    T: Leaf,
{
    if present {
        Value::from_object(Part {
            root: Arc::clone(root),
            at,
            index: 0,
        })
    } else {
        Value::from(())
    }
}

/// A list of `len` structs in `root`, the `i`th reached by `at(root, i)`.
fn parts<R, T>(root: &Arc<R>, len: usize, at: fn(&R, usize) -> &T) -> Value
where
    R: Send + Sync + 'static,
    T: Leaf,
{
    let items: Vec<Value> = (0..len)
        .map(|index| {
            Value::from_object(Part {
                root: Arc::clone(root),
                at,
                index,
            })
        })
        .collect();
    Value::from_object(items)
}

/// A post page's `post`: the view's strings and numbers, read when asked
/// for, and its nested structs, moved out of it into values of their own
/// once (templates read the author and the lists several times a page).
#[derive(Debug)]
pub(crate) struct PostObject {
    /// The view, its nested structs taken out.
    post: PostView,
    author: Value,
    categories: Value,
    headings: Value,
    previous: Value,
    next: Value,
    backlinks: Value,
}

impl PostObject {
    pub(crate) fn new(mut post: PostView) -> PostObject {
        PostObject {
            author: own_opt(post.author.take()),
            categories: own_list(std::mem::take(&mut post.categories)),
            headings: own_list(std::mem::take(&mut post.headings)),
            previous: own_opt(post.previous.take()),
            next: own_opt(post.next.take()),
            backlinks: own_list(std::mem::take(&mut post.backlinks)),
            post,
        }
    }
}

impl PostObject {
    /// The view, without its nested structs (read those with the methods
    /// below).
    pub(crate) fn view(&self) -> &PostView {
        &self.post
    }

    /// The author, when the post names one.
    pub(crate) fn author(&self) -> Option<&AuthorView> {
        self.author
            .downcast_object_ref::<Own<AuthorView>>()
            .map(|a| &a.0)
    }

    /// The categories, in order.
    pub(crate) fn categories(&self) -> impl Iterator<Item = &LinkView> {
        self.categories
            .downcast_object_ref::<Vec<Value>>()
            .into_iter()
            .flatten()
            .filter_map(|c| c.downcast_object_ref::<Own<LinkView>>().map(|c| &c.0))
    }
}

const POST_NAMES: &[&str] = &[
    "source",
    "title",
    "seo_title",
    "description",
    "route",
    "permalink",
    "date",
    "author",
    "categories",
    "html",
    "summary",
    "headings",
    "reading_minutes",
    "word_count",
    "image",
    "hidden",
    "twitter_creator",
    "previous",
    "next",
    "backlinks",
];

impl Object for PostObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let p = &self.post;
        Some(match key {
            "source" => Value::from(p.source.as_str()),
            "title" => Value::from(p.title.as_str()),
            "seo_title" => opt(&p.seo_title),
            "description" => opt(&p.description),
            "route" => Value::from(p.route.as_str()),
            "permalink" => Value::from(p.permalink.as_str()),
            "date" => Value::from(p.date.as_str()),
            "author" => self.author.clone(),
            "categories" => self.categories.clone(),
            "html" => Value::from(p.html.as_str()),
            "summary" => Value::from(p.summary.as_str()),
            "headings" => self.headings.clone(),
            "reading_minutes" => Value::from(p.reading_minutes),
            "word_count" => Value::from(p.word_count),
            "image" => opt(&p.image),
            "hidden" => Value::from(p.hidden),
            "twitter_creator" => opt(&p.twitter_creator),
            "previous" => self.previous.clone(),
            "next" => self.next.clone(),
            "backlinks" => self.backlinks.clone(),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(POST_NAMES)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(POST_NAMES.len())
    }
}

/// A listing's post: the [`PostSummary`]'s fields and, when the card was
/// rendered, `card`, its HTML. The summary is shared with the
/// [`PostCard`](crate::PostCard), so its nested structs are read in place,
/// through values made once per card.
#[derive(Debug, Clone)]
pub(crate) struct CardObject {
    summary: Arc<PostSummary>,
    author: Value,
    categories: Value,
    card: Option<Value>,
}

impl CardObject {
    /// The summary's fields, without `card`.
    pub(crate) fn new(summary: Arc<PostSummary>) -> CardObject {
        CardObject {
            author: part(&summary, summary.author.is_some(), |s: &PostSummary, _| {
                s.author.as_ref().expect("checked present")
            }),
            categories: parts(&summary, summary.categories.len(), |s: &PostSummary, i| {
                &s.categories[i]
            }),
            summary,
            card: None,
        }
    }

    /// The same fields and `card`, the card's HTML.
    pub(crate) fn with_card(&self, html: Value) -> CardObject {
        CardObject {
            card: Some(html),
            ..self.clone()
        }
    }

    /// The URL of the post, for diagnostics.
    pub(crate) fn url(&self) -> &str {
        &self.summary.url
    }
}

const CARD_NAMES: &[&str] = &[
    "title",
    "url",
    "date",
    "author",
    "categories",
    "summary",
    "reading_minutes",
    "image",
    "card",
];

impl Object for CardObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let s = &*self.summary;
        Some(match key {
            "title" => Value::from(s.title.as_str()),
            "url" => Value::from(s.url.as_str()),
            "date" => Value::from(s.date.as_str()),
            "author" => self.author.clone(),
            "categories" => self.categories.clone(),
            "summary" => Value::from(s.summary.as_str()),
            "reading_minutes" => Value::from(s.reading_minutes),
            "image" => opt(&s.image),
            "card" => return self.card.clone(),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(self.names())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.names().len())
    }
}

impl CardObject {
    /// Field names: the summary's, then `card` when there is one.
    fn names(&self) -> &'static [&'static str] {
        match self.card {
            Some(_) => CARD_NAMES,
            None => &CARD_NAMES[..CARD_NAMES.len() - 1],
        }
    }
}

/// A listing page's `listing`: like [`PostObject`], nested structs moved
/// into values of their own; `posts` holds its cards' values.
#[derive(Debug)]
pub(crate) struct ListingObject {
    /// The view, its nested structs and posts taken out.
    view: ListingView,
    posts: Value,
    pagination: Value,
    author: Value,
    category: Value,
    categories: Value,
}

impl ListingObject {
    pub(crate) fn new(mut view: ListingView, posts: Vec<Value>) -> ListingObject {
        view.posts = Vec::new();
        ListingObject {
            posts: Value::from_object(posts),
            pagination: own(std::mem::take(&mut view.pagination)),
            author: own_opt(view.author.take()),
            category: own_opt(view.category.take()),
            categories: own_list(std::mem::take(&mut view.categories)),
            view,
        }
    }
}

const LISTING_NAMES: &[&str] = &[
    "kind",
    "title",
    "description",
    "route",
    "permalink",
    "posts",
    "pagination",
    "author",
    "category",
    "categories",
    "search",
];

impl Object for ListingObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let l = &self.view;
        Some(match key {
            "kind" => Value::from(l.kind.as_str()),
            "title" => Value::from(l.title.as_str()),
            "description" => opt(&l.description),
            "route" => Value::from(l.route.as_str()),
            "permalink" => Value::from(l.permalink.as_str()),
            "posts" => self.posts.clone(),
            "pagination" => self.pagination.clone(),
            "author" => self.author.clone(),
            "category" => self.category.clone(),
            "categories" => self.categories.clone(),
            "search" => Value::from(l.search),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(LISTING_NAMES)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(LISTING_NAMES.len())
    }
}

const SITE_NAMES: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "title_template",
    "twitter_site",
    "css_url",
    "search_js_url",
    "search_index_url",
    "favicon_url",
    "logo_url",
    "nav",
    "feeds",
    "current_section",
];

/// `site` as templates see it: every field converted once per build (the
/// same `site` serves every page), and the partials `site_partial`
/// rendered with it.
#[derive(Debug)]
pub(crate) struct SiteObject {
    site: Arc<SiteView>,
    /// Values of the fields, in [`SITE_NAMES`] order.
    values: Vec<Value>,
    /// The partials rendered so far, by key (see [`SiteObject::partial`]);
    /// a few, read by every page, so looked up in a list, not hashed.
    partials: RwLock<Vec<(String, Value)>>,
}

/// Partials kept at most, a bound for sites with very many nav links.
const MAX_PARTIALS: usize = 64;

impl SiteObject {
    pub(crate) fn new(site: SiteView) -> SiteObject {
        let site = Arc::new(site);
        let s = &*site;
        let values = vec![
            Value::from(s.title.as_str()),
            Value::from(s.description.as_str()),
            Value::from(s.language.as_str()),
            Value::from(s.base_url.as_str()),
            Value::from(s.title_template.as_str()),
            opt(&s.twitter_site),
            Value::from(s.css_url.as_str()),
            opt(&s.search_js_url),
            Value::from(s.search_index_url.as_str()),
            opt(&s.favicon_url),
            opt(&s.logo_url),
            parts(&site, s.nav.len(), |s: &SiteView, i| &s.nav[i]),
            parts(&site, s.feeds.len(), |s: &SiteView, i| &s.feeds[i]),
            Value::from(s.current_section.as_str()),
        ];
        SiteObject {
            site,
            values,
            partials: RwLock::default(),
        }
    }

    /// The partial kept under `key`, made by `make` the first time it is
    /// asked for. The key names the partial and whatever else it reads
    /// besides `site`.
    pub(crate) fn partial(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<Value, Error>,
    ) -> Result<Value, Error> {
        let made = |partials: &[(String, Value)]| {
            partials
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, html)| html.clone())
        };
        if let Some(html) = made(&self.partials.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(html);
        }
        // Rendered outside the lock: two threads may both render a partial
        // the first time; they make the same HTML.
        let html = make()?;
        let mut partials = self.partials.write().unwrap_or_else(|e| e.into_inner());
        if partials.len() < MAX_PARTIALS && made(&partials).is_none() {
            partials.push((key.to_owned(), html.clone()));
        }
        Ok(html)
    }

    /// The site's view.
    pub(crate) fn view(&self) -> &SiteView {
        &self.site
    }
}

impl Object for SiteObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let index = match key {
            "title" => 0,
            "description" => 1,
            "language" => 2,
            "base_url" => 3,
            "title_template" => 4,
            "twitter_site" => 5,
            "css_url" => 6,
            "search_js_url" => 7,
            "search_index_url" => 8,
            "favicon_url" => 9,
            "logo_url" => 10,
            "nav" => 11,
            "feeds" => 12,
            "current_section" => 13,
            _ => return None,
        };
        Some(self.values[index].clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(SITE_NAMES)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(SITE_NAMES.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{ListingKind, PostCard};
    use minijinja::value::Serde;

    fn link(n: usize) -> LinkView {
        LinkView::new(format!("Link <{n}> & \"more\""), format!("/blog/link-{n}/"))
    }

    fn author() -> AuthorView {
        let mut a = AuthorView::new("Ada Example", "/blog/author/ada-example/");
        a.company = Some("Example & Co".into());
        a.bio = Some("Writes about long strings that do not fit in a small string.".into());
        a.twitter = Some("@ada".into());
        a.avatar = Some("/img/ada.png".into());
        a
    }

    fn full_post() -> PostView {
        PostView {
            source: "blog/x.md".into(),
            title: "A title that is longer than twenty-two bytes".into(),
            seo_title: Some("SEO".into()),
            description: Some("Description <b>".into()),
            route: "/blog/x/".into(),
            permalink: "https://example.org/blog/x/".into(),
            date: "2022-06-07T09:30:00+00:00".into(),
            author: Some(author()),
            categories: vec![link(1), link(2)],
            html: "<p>Body</p>".repeat(50),
            summary: "<p>Body</p>".into(),
            headings: vec![
                HeadingView::new(2, "a", "A"),
                HeadingView::new(3, "b", "B <c>"),
            ],
            reading_minutes: 3,
            word_count: 640,
            image: Some("/img/x.png".into()),
            hidden: true,
            twitter_creator: Some("ada".into()),
            previous: Some(link(3)),
            next: Some(link(4)),
            backlinks: vec![link(5)],
        }
    }

    fn full_summary() -> PostSummary {
        PostSummary {
            title: "Summary title".into(),
            url: "/blog/s/".into(),
            date: "2022-06-07T09:30:00+00:00".into(),
            author: Some(author()),
            categories: vec![link(6)],
            summary: "<p>Sum</p>".into(),
            reading_minutes: 2,
            image: Some("/img/s.png".into()),
        }
    }

    fn full_listing() -> ListingView {
        ListingView {
            kind: ListingKind::Category,
            title: "Community".into(),
            description: Some("About the community".into()),
            route: "/blog/category/community/page/2/".into(),
            permalink: "https://example.org/blog/category/community/page/2/".into(),
            posts: vec![PostCard::new(full_summary())],
            author: Some(author()),
            category: Some(link(7)),
            categories: vec![link(8), link(9)],
            search: true,
            pagination: PaginationView {
                page: 2,
                pages: 3,
                prev_url: Some("/blog/category/community/".into()),
                next_url: Some("/blog/category/community/page/3/".into()),
            },
        }
    }

    fn full_site() -> SiteView {
        SiteView {
            title: "Site".into(),
            description: "A site".into(),
            language: "en".into(),
            base_url: "https://example.org".into(),
            title_template: "%s | Site".into(),
            twitter_site: Some("@site".into()),
            css_url: "/style.css".into(),
            search_js_url: Some("/search.js".into()),
            search_index_url: "/search-index.json".into(),
            favicon_url: Some("/favicon.ico".into()),
            logo_url: Some("/logo.svg".into()),
            nav: vec![link(10), link(11)],
            feeds: vec![FeedView::new("RSS", "/rss.xml", "application/rss+xml")],
            current_section: "/blog/".into(),
        }
    }

    fn listing_value(l: &ListingView) -> Value {
        let posts: Vec<Value> = l
            .posts
            .iter()
            .map(|c| Value::from_object(CardObject::new(Arc::new(c.summary().clone()))))
            .collect();
        Value::from_object(ListingObject::new(l.clone(), posts))
    }

    /// Renders `template` with `v` once as the lazy value and once as
    /// serde made it; both must give the same text.
    fn same(template: &str, lazy: Value, serde: Value) {
        let mut env = minijinja::Environment::new();
        env.add_template("t", template).unwrap();
        let t = env.get_template("t").unwrap();
        let a = t.render(minijinja::context! { v => lazy });
        let b = t.render(minijinja::context! { v => serde });
        match (a, b) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{template}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{template}"),
            (a, b) => panic!("{template}: {a:?} vs {b:?}"),
        }
    }

    /// Probes of everything a template can ask of a value.
    const PROBES: &[&str] = &[
        "{{ v }}",
        "{{ v|tojson }}",
        "{{ v|length }}",
        "{{ v|list }}",
        "{{ v|items|list }}",
        "{{ v|dictsort }}",
        "{% for k in v %}{{ k }}={{ v[k] }}|{{ v[k]|length if v[k] is iterable else '' }}|{{ v[k] is string }}{{ v[k] is number }}{{ v[k] is none }}{{ v[k] is mapping }}{{ v[k] is sequence }}{{ v[k] is true }}{{ v[k] is false }};{% endfor %}",
        "{% for k in v %}{{ k }}:{% if v[k] %}t{% else %}f{% endif %}{% if v[k] is mapping %}{% for j in v[k] %}{{ j }}={{ v[k][j] }},{% endfor %}{% endif %}{% if v[k] is sequence and v[k] is not string %}{% for i in v[k] %}[{{ i }}|{{ i|tojson }}]{% endfor %}{{ v[k]|map(attribute='title')|list if v[k] and v[k][0].title is defined else '' }}{% endif %};{% endfor %}",
        "{{ v.nope is defined }}{{ v.title is defined }}",
        "{{ v.nope }}",
        "{{ v == v }}",
    ];

    fn check(lazy: Value, serde: Value) {
        assert_eq!(
            serde_json::to_string(&lazy).unwrap(),
            serde_json::to_string(&serde).unwrap()
        );
        for probe in PROBES {
            same(probe, lazy.clone(), serde.clone());
        }
    }

    #[test]
    fn posts_read_as_serde_made_them() {
        for p in [full_post(), PostView::default()] {
            check(
                Value::from_object(PostObject::new(p.clone())),
                Value::from(Serde(&p)),
            );
        }
    }

    #[test]
    fn cards_read_as_serde_made_them() {
        for s in [full_summary(), PostSummary::default()] {
            let lazy = Value::from_object(CardObject::new(Arc::new(s.clone())));
            check(lazy, Value::from(Serde(&s)));
        }
        // With its card, the card's HTML comes last.
        let lazy = Value::from_object(
            CardObject::new(Arc::new(full_summary()))
                .with_card(Value::from_safe_string("<article>".into())),
        );
        let keys: Vec<String> = lazy.try_iter().unwrap().map(|k| k.to_string()).collect();
        assert_eq!(keys.last().map(String::as_str), Some("card"));
        assert_eq!(keys.len(), 9);
        assert_eq!(lazy.get_attr("card").unwrap().to_string(), "<article>");
    }

    #[test]
    fn listings_read_as_serde_made_them() {
        for l in [full_listing(), ListingView::default()] {
            check(listing_value(&l), Value::from(Serde(&l)));
        }
    }

    #[test]
    fn sites_read_as_serde_made_them() {
        for s in [full_site(), SiteView::default()] {
            check(
                Value::from_object(SiteObject::new(s.clone())),
                Value::from(Serde(&s)),
            );
        }
    }
}
