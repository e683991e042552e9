//! The matching issue's figures, checked on the labelled sets in `../shared/data/eval`
//! (skipped with a note when the data is absent).

use std::path::PathBuf;

use namesake_eval::*;

fn data() -> Option<PathBuf> {
    namesake_testdata::shared_data_dir()
}

#[test]
fn labelled_sets_meet_the_targets() {
    let Some(data) = data() else { return };
    let eval = data.join("eval");
    let un = index_of(&data, &["un_sc_consolidated_2026-02-27.xml"]).expect("UN index");
    let both = index_of(
        &data,
        &["un_sc_consolidated_2026-02-27.xml", "ofac_sdn.csv"],
    )
    .expect("UN + OFAC index");

    let pos = read_rows(&eval.join("positives_un_untreated.csv")).expect("positives");
    for (label, index) in [("UN", &un), ("UN + OFAC SDN", &both)] {
        let p = positives(index, &pos);
        let absent = p["not_in_this_edition"].as_array().map_or(0, Vec::len);
        assert!(
            absent <= 3,
            "{label}: rows whose name is on no UN entity: {}",
            p["not_in_this_edition"]
        );
        assert_eq!(
            p["top_hit_is_expected"].as_u64(),
            Some((pos.len() - absent) as u64),
            "{label}: every row on this edition has its UN entity as top hit; failures: {}",
            p["failures"]
        );
    }

    let neg = read_rows(&eval.join("negatives_us.csv")).expect("negatives");
    let n = negatives(&both, &neg);
    let with_hit = n["rows_with_hit"].as_u64().unwrap_or(u64::MAX);
    assert!(
        with_hit <= 25,
        "negatives_us rows with a hit: {with_hit}: {}",
        n["examples"]
    );

    let congress = read_rows(&eval.join("positives_us_congress_untreated.csv")).expect("congress");
    let c = negatives(&both, &congress);
    let rate = c["rate"].as_f64().unwrap_or(1.0);
    assert!(
        rate <= 0.005,
        "congress rows with a hit: {rate}: {}",
        c["examples"]
    );

    let pairs = read_pairs(&eval.join("cross_script_pairs.csv")).expect("pairs");
    let x = cross_script(&pairs);
    for r in x["rows"].as_array().expect("rows") {
        assert_eq!(
            r["match"].as_bool(),
            Some(true),
            "cross-script pair missed: {r}"
        );
    }
}
