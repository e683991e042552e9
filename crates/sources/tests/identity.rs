//! List identity from content: OFAC's SDN and consolidated non-SDN publications are told apart
//! by their entries, whatever the file is called.

mod common;

use std::path::PathBuf;

use namesake_sources::{identity, load};

/// A file of `shared/data/lists`; under `CI` a missing file fails the test.
fn list(name: &str) -> Option<PathBuf> {
    let found = common::list_file(name);
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("CI is set and shared/data/lists/{name} was not found (set NAMESAKE_DATA)");
    }
    found
}

#[test]
fn ofac_publications_are_identified_by_content() {
    for (file, code) in [
        ("ofac_sdn.csv", "ofac-sdn"),
        ("ofac_cons_prim.csv", "ofac-cons"),
        ("ofac_consolidated_nonsdn_2026-01-08.xml", "ofac-cons"),
        ("ofac_consolidated_nonsdn_2025-03-28.xml", "ofac-cons"),
    ] {
        let Some(path) = list(file) else { return };
        let p = load(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(p.info.code, code, "{file}");
        assert_eq!(
            Some(p.info.name.as_str()),
            identity::known_list(code).map(|l| l.name),
            "{file}"
        );
        assert!(p.entities.iter().all(|e| e.list == code), "{file}");
        assert!(
            p.entities.iter().all(|e| e.id.starts_with("ofac:")),
            "{file}: ids keep the ofac: prefix"
        );
    }
}

#[test]
fn consolidated_xml_named_like_the_sdn_list_is_still_consolidated() {
    let Some(path) = list("ofac_consolidated_nonsdn_2026-01-08.xml") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("namesake-identity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let renamed = dir.join("sdn.xml");
    std::fs::copy(&path, &renamed).expect("copy");
    let p = load(&renamed).expect("loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(p.info.code, "ofac-cons");
}

#[test]
fn every_parsed_code_is_declared_by_its_format() {
    for file in [
        "un_sc_consolidated_2026-02-27.xml",
        "canada_sema_consolidated_autonomous_2025-05-25.xml",
        "au_dfat_consolidated_2024-11-11.xlsx",
        "uk_ofsi_conlist_2018-04-13.csv",
        "tr_interior_wanted_2024-03-04.json",
        "ftm_sample_entities.ftm.json",
        "ofac_sdn.csv",
        "us_csl_excerpt.csv",
        "us_csl_excerpt_with_ids.csv",
        "us_bis_dpl.txt",
    ] {
        let Some(path) = list(file) else { return };
        let format = namesake_sources::detect(&path).expect("detected");
        let p = format.parse(&path).expect("parses");
        let declared: Vec<&str> = format.lists().iter().map(|l| l.code).collect();
        assert!(
            declared.contains(&p.info.code.as_str()),
            "{file}: parsed as {} but {} declares {declared:?}",
            p.info.code,
            format.id()
        );
    }
}

#[test]
fn the_eu_and_uk_sanctions_list_formats_declare_their_codes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, code) in [
        ("eu_fsf.csv", "eu"),
        ("eu_fsf.xml", "eu"),
        ("uk_sanctions_list.csv", "uk"),
        ("uk_sanctions_list.xml", "uk"),
    ] {
        let path = dir.join(file);
        let format = namesake_sources::detect(&path).expect("detected");
        let p = format.parse(&path).expect("parses");
        assert_eq!(p.info.code, code, "{file}");
        let declared: Vec<&str> = format.lists().iter().map(|l| l.code).collect();
        assert_eq!(declared, vec![code], "{file}: {} declares", format.id());
    }
    let known: Vec<&str> = identity::known_lists().iter().map(|l| l.code).collect();
    for code in ["eu", "uk", "us-csl", "us-dpl"] {
        assert!(known.contains(&code), "{code} in {known:?}");
    }
}
