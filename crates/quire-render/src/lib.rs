//! Theme rendering with minijinja: one shared environment, theme templates
//! overridable by the site, filters for dates, URLs and slugs.

mod context;
mod filters;
mod renderer;
mod routes;

pub use context::*;
pub use renderer::{Renderer, template_for_key};
