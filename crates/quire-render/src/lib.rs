//! Theme rendering with minijinja: one shared environment, theme templates
//! overridable by the site, filters for dates, URLs and slugs.

mod context;

pub use context::*;
