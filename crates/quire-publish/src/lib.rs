//! Publishing: writes the whole site (pages, feeds, sitemap, search index,
//! redirects, static files) atomically, reproducibly and incrementally.
