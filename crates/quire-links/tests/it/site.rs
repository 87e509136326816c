//! End to end on `tests/fixtures/site`: load, render, check, report.

use quire_links::{Checker, Report, site_routes};

use crate::fixture;

fn report() -> (quire_content::Site, Report) {
    let loaded = quire_content::load(&fixture("site")).unwrap();
    let report = Checker::new(&loaded.site)
        .extra_routes(["/theme.css"])
        .render_and_check();
    (loaded.site, report)
}

#[test]
fn json_report_is_exact() {
    let (_, report) = report();
    insta::assert_json_snapshot!(quire_links::to_json(&report));
}

#[test]
fn human_report_groups_by_target() {
    let (site, report) = report();
    let text = quire_links::to_human(&report, |file| {
        std::fs::read_to_string(site.root.join(file)).ok()
    });
    insta::assert_snapshot!(text);
}

#[test]
fn sarif_and_github_name_files_from_the_working_folder() {
    let (_, report) = report();
    let sarif = quire_links::to_sarif(&report, "content/");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics.len());
    insta::assert_json_snapshot!("sarif", sarif);
    insta::assert_snapshot!("github", quire_links::to_github(&report, "content"));
}

#[test]
fn backlinks_list_linking_routes() {
    let (_, report) = report();
    insta::assert_debug_snapshot!(report.backlinks);
}

#[test]
fn every_route_the_build_writes() {
    let (site, _) = report();
    let routes = site_routes(&site, &["theme.css"]);
    let all: Vec<&str> = routes.iter().collect();
    insta::assert_debug_snapshot!(all);
}
