//! Issue 11: a name compared with itself scores 1.0, whatever it contains; `compare` is
//! symmetric; F1 on the labelled pairs made from the lists.

use std::path::PathBuf;

use namesake_cli::compare::compare_score;
use namesake_model::Schema;
use proptest::prelude::*;

const SCHEMAS: [Schema; 4] = [
    Schema::Person,
    Schema::Organization,
    Schema::Vessel,
    Schema::Unknown,
];

proptest! {
    #[test]
    fn a_name_compared_with_itself_scores_one(s in "\\PC{1,40}", k in 0usize..4) {
        prop_assume!(!s.trim().is_empty());
        prop_assert_eq!(compare_score(&s, &s, SCHEMAS[k]), 1.0, "{:?}", s);
    }

    #[test]
    fn compare_is_symmetric(a in "[A-Za-z .,&-]{1,30}", b in "[A-Za-z .,&-]{1,30}", k in 0usize..4) {
        prop_assert_eq!(compare_score(&a, &b, SCHEMAS[k]), compare_score(&b, &a, SCHEMAS[k]));
    }
}

#[test]
fn names_with_repeated_tokens_and_abbreviations_meet_themselves() {
    for (s, schema) in [
        (
            "A A A A A A A A A A A A A A A A A A A A A A A A A A",
            Schema::Unknown,
        ),
        ("PLAYA MAR S.A. DE C.V.", Schema::Organization),
        ("A.B.C. Company", Schema::Unknown),
        ("N.V. Co", Schema::Organization),
        ("Sheikh", Schema::Person),
        ("!!!", Schema::Unknown),
        ("BICENTENARIO X", Schema::Vessel),
    ] {
        assert_eq!(compare_score(s, s, schema), 1.0, "{s}");
    }
}

#[test]
fn list_pairs_are_symmetric_and_meet_the_f1_floor() {
    let file = namesake_eval::pairs::project_file();
    let pairs = namesake_eval::pairs::read_pairs(&file).expect("crates/eval/data/list_pairs.csv");
    assert!(pairs.len() >= 3000, "{} pairs", pairs.len());
    for p in pairs.iter().step_by(7) {
        assert_eq!(
            compare_score(&p.name1, &p.name2, p.schema),
            compare_score(&p.name2, &p.name1, p.schema),
            "{p:?}"
        );
    }
    let (by, _) = namesake_eval::pairs::evaluate(&pairs);
    for (schema, f) in &by {
        eprintln!("{schema}: F1 {:.3} ({f:?})", f.f1);
    }
    // The aim, per schema (docs/matching.md has the figures). Vessels and aircraft have too few
    // positive pairs in the lists for an F1 to mean anything.
    let all = &by["all"];
    assert!(all.f1 >= 0.95, "F1 on the list pairs fell: {all:?}");
    assert!(by["person"].f1 >= 0.95, "{:?}", by["person"]);
    assert!(by["organization"].f1 >= 0.95, "{:?}", by["organization"]);
}

#[test]
fn cross_script_pairs_are_symmetric() {
    let Some(data) = namesake_eval::find_data_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/data missing in CI"
        );
        eprintln!("skipping: ../shared/data not found");
        return;
    };
    let pairs = namesake_eval::read_pairs(&data.join("eval/cross_script_pairs.csv")).unwrap();
    for p in &pairs {
        assert_eq!(
            compare_score(&p.query, &p.expected, Schema::Unknown),
            compare_score(&p.expected, &p.query, Schema::Unknown),
            "{p:?}"
        );
    }
}
