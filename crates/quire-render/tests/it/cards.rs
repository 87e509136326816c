//! Listing cards: rendered once per post by `partials/card.html`, shared by
//! every listing that shows the post, never reused for another site or
//! renderer.

use super::pages::TempDir;
use super::*;

/// Its card partial prints the site title, so a card made for one site
/// shows if it is reused for another.
const TITLED_CARDS: [(&str, &str); 2] = [
    (
        "partials/card.html",
        "[{{ post.title }} on {{ site.title }}]",
    ),
    (
        "list.html",
        "{% for p in listing.posts %}{{ p.card }}{{ p.url }};{% endfor %}",
    ),
];

#[test]
fn listings_share_a_card_rendered_by_the_partial() {
    let (_dir, r) = with_templates("cards", None, &TITLED_CARDS);
    let card = PostCard::new(summary("First", "first"));
    let mut page_1 = listing(ListingKind::Category);
    page_1.posts = vec![card.clone()];
    let mut page_2 = listing(ListingKind::Author);
    page_2.posts = vec![PostCard::from(summary("Second", "second")), card];
    assert_eq!(
        r.render_listing(&site(), &page_1).unwrap(),
        "[First on Quire Demo Blog]/blog/first/;"
    );
    assert_eq!(
        r.render_listing(&site(), &page_2).unwrap(),
        "[Second on Quire Demo Blog]/blog/second/;[First on Quire Demo Blog]/blog/first/;"
    );
}

#[test]
fn a_card_is_not_reused_for_another_site_or_renderer() {
    let (_dir, r) = with_templates("cards-site", None, &TITLED_CARDS);
    let card = PostCard::new(summary("First", "first"));
    let mut l = listing(ListingKind::Blog);
    l.posts = vec![card.clone(), card];
    let mut other = site();
    other.title = "Another Blog".into();
    for s in [&site(), &other, &site()] {
        assert_eq!(
            r.render_listing(s, &l).unwrap(),
            format!(
                "[First on {0}]/blog/first/;[First on {0}]/blog/first/;",
                s.title
            )
        );
    }
    let (_dir_2, r_2) = with_templates(
        "cards-other",
        None,
        &[
            ("partials/card.html", "<{{ post.title }}>"),
            (
                "list.html",
                "{% for p in listing.posts %}{{ p.card }}{% endfor %}",
            ),
        ],
    );
    assert_eq!(r_2.render_listing(&site(), &l).unwrap(), "<First><First>");
}

#[test]
fn a_card_error_fails_each_listing_that_shows_it() {
    let (_dir, r) = with_templates(
        "cards-error",
        None,
        &[(
            "partials/card.html",
            "{{ post.title }}\n{{ post.subtitle }}",
        )],
    );
    let card = PostCard::new(summary("First", "first"));
    for kind in [ListingKind::Blog, ListingKind::Category] {
        let mut l = listing(kind);
        l.posts = vec![card.clone()];
        let d = r.render_listing(&site(), &l).unwrap_err();
        assert_eq!(d.code, "render-template");
        assert!(d.file.ends_with("partials/card.html"), "{}", d.file);
        assert_eq!(d.line, 2);
        assert!(
            d.message
                .contains("while rendering the card of /blog/first/"),
            "{}",
            d.message
        );
    }
}

#[test]
fn without_a_card_partial_posts_keep_their_fields() {
    // A theme of one template: no partials/card.html.
    let theme = TempDir::new("cards-bare-theme");
    std::fs::write(
        theme.path().join("list.html"),
        "{% for p in listing.posts %}{{ p.title }} {{ p.date|date }}; {% endfor %}",
    )
    .unwrap();
    let (_dir, r) = with_templates("cards-none", Some(theme.path()), &[]);
    assert_eq!(
        r.render_listing(&site(), &listing(ListingKind::Blog))
            .unwrap(),
        "First 03/05/2024; Second 03/05/2024; "
    );
}

#[test]
fn cards_hash_and_compare_as_their_summaries() {
    use std::hash::{BuildHasher, RandomState};
    let hasher = RandomState::new();
    let a = PostCard::new(summary("First", "first"));
    let b = PostCard::new(summary("First", "first"));
    let c = PostCard::new(summary("Second", "second"));
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(&b));
    assert_ne!(hasher.hash_one(&a), hasher.hash_one(&c));
    // The digest is kept: hashing a card again gives the same hash.
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(&a));
    // Every field of the summary is in the digest, down to the last one.
    let mut changed: [PostSummary; 4] = std::array::from_fn(|_| summary("First", "first"));
    changed[0].date = "2024-03-06T10:00:00+00:00".into();
    changed[1].author = None;
    changed[2].summary.push(' ');
    changed[3].reading_minutes += 1;
    for s in changed {
        assert_ne!(hasher.hash_one(&a), hasher.hash_one(PostCard::new(s)));
    }
    // Anywhere but in a listing being rendered, a card serializes as its summary.
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(a.summary()).unwrap()
    );
}
