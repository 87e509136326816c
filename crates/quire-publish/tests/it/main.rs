//! Integration tests of quire-publish: whole builds into temporary folders.

mod build;
mod demo;
mod feeds;
mod incremental;
mod kill;
mod safety;
mod support;
