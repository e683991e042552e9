//! Issue 11, "identity holds": every name of every entity of every list in
//! `../shared/data/lists`, screened as published with the entity's type against its own list,
//! returns its entity at 0.99 or more.

use std::path::PathBuf;

use namesake_eval::selfscreen::{list_files, self_screen};

/// Listed names allowed to miss their own entity, with the reason. Empty: none does today.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

fn data() -> Option<PathBuf> {
    let found = namesake_eval::find_data_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("../shared/data not found beside the checkout (CI must have it)");
        }
        eprintln!("skipping: ../shared/data not found");
    }
    found
}

#[test]
fn every_listed_name_finds_its_own_entity() {
    let Some(data) = data() else { return };
    let (files, not_read) = list_files(&data).expect("list folder");
    for (f, why) in &not_read {
        eprintln!("not a list on its own: {} ({why})", f.display());
    }
    let mut lists = Vec::new();
    let mut exceptions_used = 0;
    for f in &files {
        let r = self_screen(f).unwrap_or_else(|e| panic!("{}: {e:#}", f.display()));
        let unexpected: Vec<_> = r
            .misses
            .iter()
            .filter(|m| {
                let excepted = EXCEPTIONS
                    .iter()
                    .any(|(id, name, _)| *id == m.entity_id && *name == m.name);
                exceptions_used += usize::from(excepted);
                !excepted
            })
            .collect();
        eprintln!(
            "{}: {}/{} names find their entity",
            f.display(),
            r.found,
            r.names
        );
        assert!(
            unexpected.is_empty(),
            "{}: listed names that do not find their own entity at >= 0.99: {unexpected:#?}",
            f.display()
        );
        lists.push(r.list);
    }
    eprintln!(
        "exceptions used: {exceptions_used} (listed: {})",
        EXCEPTIONS.len()
    );
    for code in ["un", "ofac", "ca", "au", "uk", "tr-wanted", "ftm"] {
        assert!(
            lists.iter().any(|l| l.starts_with(code)),
            "no list with code {code} was self-screened: {lists:?}"
        );
    }
}
