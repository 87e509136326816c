//! Loads a content folder and prints how many posts and diagnostics it
//! has: a harness for instruction counts (`valgrind --tool=callgrind`).
//!
//! `cargo run --release -p quire-content --example load -- <content folder>`

/// The allocator of the `quire` binary, so counts match the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: load <content folder>");
        std::process::exit(2);
    };
    match quire_content::load(std::path::Path::new(&root)) {
        Ok(loaded) => println!(
            "{} posts, {} diagnostics",
            loaded.site.posts.len(),
            loaded.diagnostics.len()
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
