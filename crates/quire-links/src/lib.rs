//! Link extraction and classification for Markdown, and the offline site-wide
//! check that every internal link and anchor points at something the build produces.
