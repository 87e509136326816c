//! Rendering pages through the default theme: a post page and a listing
//! page of ten summaries, in the shape of the generated bench corpus. A
//! listing renders the cards it is the first to show (`listing_new_cards`)
//! and reuses the others (`listing_page`): a post shows on four to six
//! listing pages, so most listings are the second kind.
//!
//! `cargo bench -p quire-render --bench render`

use std::path::Path;

use divan::{Bencher, black_box, counter::BytesCount};
use quire_render::Renderer;

mod pages;
use pages::{listing, post, site, with_new_cards};

fn main() {
    divan::main();
}

fn renderer() -> Renderer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
    Renderer::new(&dir, None).expect("the default theme loads")
}

#[divan::bench]
fn post_page(bencher: Bencher<'_, '_>) {
    let (renderer, site, post) = (renderer(), site(), post());
    let len = renderer.render_post(&site, &post).expect("renders").len();
    bencher
        .counter(BytesCount::new(len))
        .bench(|| renderer.render_post(black_box(&site), black_box(&post)));
}

/// A post page as the publisher renders it: the view handed over, not
/// copied (`render_post` copies it).
#[divan::bench]
fn post_page_owned(bencher: Bencher<'_, '_>) {
    let (renderer, site, post) = (renderer(), site(), post());
    bencher
        .with_inputs(|| post.clone())
        .bench_values(|post| renderer.render_post_owned(black_box(&site), post));
}

#[divan::bench]
fn listing_new_cards(bencher: Bencher<'_, '_>) {
    let (renderer, site, listing) = (renderer(), site(), listing());
    bencher
        .with_inputs(|| with_new_cards(&listing))
        .bench_refs(|fresh| renderer.render_listing(black_box(&site), black_box(fresh)));
}

#[divan::bench]
fn listing_page(bencher: Bencher<'_, '_>) {
    let (renderer, site, listing) = (renderer(), site(), listing());
    let len = renderer
        .render_listing(&site, &listing)
        .expect("renders")
        .len();
    bencher
        .counter(BytesCount::new(len))
        .bench(|| renderer.render_listing(black_box(&site), black_box(&listing)));
}
