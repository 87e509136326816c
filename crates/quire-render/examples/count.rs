//! Renders `N` post pages or `N` listing pages through the default theme,
//! with the data of `benches/render.rs` (`benches/pages/`), for
//! instruction counts:
//!
//! ```text
//! valgrind --tool=callgrind target/release/examples/count post 200
//! valgrind --tool=callgrind target/release/examples/count post 100
//! ```
//!
//! The difference of the two totals over 100 is the cost of one page,
//! setup (loading the theme) cancelled out. `QUIRE_TEMPLATES=dir` renders
//! another copy of the templates.
//!
//! `listing` renders listings
//! whose cards are already made (as most listing pages find them);
//! `cards` makes the listing's ten cards anew each time.

use std::path::{Path, PathBuf};

use quire_render::Renderer;

#[path = "../benches/pages/mod.rs"]
mod pages;
use pages::{listing, post, site, with_new_cards};

// The allocator the quire binary uses, so that counts match a build's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "post".into());
    let n: usize = args.next().map_or(100, |n| n.parse().expect("a count"));
    let dir = std::env::var_os("QUIRE_TEMPLATES").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates"),
        PathBuf::from,
    );
    let renderer = Renderer::new(&dir, None).expect("the default theme loads");
    let site = site();
    let mut bytes = 0;
    match what.as_str() {
        "post" => {
            let post = post();
            for _ in 0..n {
                bytes += renderer
                    .render_post_owned(&site, post.clone())
                    .unwrap()
                    .len();
            }
        }
        "listing" => {
            let listing = listing();
            renderer.render_listing(&site, &listing).unwrap();
            for _ in 0..n {
                bytes += renderer
                    .render_listing_owned(&site, listing.clone())
                    .unwrap()
                    .len();
            }
        }
        "cards" => {
            let listing = listing();
            for _ in 0..n {
                let fresh = with_new_cards(&listing);
                bytes += renderer.render_listing_owned(&site, fresh).unwrap().len();
            }
        }
        other => panic!("unknown page kind `{other}`: post, listing or cards"),
    }
    println!("{what} x{n}: {bytes} bytes");
}
