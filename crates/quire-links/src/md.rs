//! The Markdown stage this crate reads: one parse, the same slug function
//! as the renderer.

pub(crate) use quire_markdown::{render, slugify};
