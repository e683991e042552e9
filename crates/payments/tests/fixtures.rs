//! Every fixture message screened against the real UN and OFAC SDN lists: its decision and
//! its hits (kind, path, and the listed entity or the jurisdiction) asserted.
//!
//! The lists are read from `../shared/data/lists`; without them the test fails when `CI` is
//! set and is skipped (saying so) otherwise.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use namesake_index::Index;
use namesake_payments::{
    parse_batch, Decision, HitKind, ParseOptions, Screener, ScreeningConfig, ScreeningResult,
};

fn lists_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists")
}

/// The index over UN + OFAC SDN, or `None` (skip) outside CI when the data is missing.
fn index() -> Option<&'static Index> {
    static INDEX: OnceLock<Option<Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = lists_dir();
            let files = [
                dir.join("un_sc_consolidated_2026-02-27.xml"),
                dir.join("ofac_sdn.csv"),
            ];
            if let Some(missing) = files.iter().find(|f| !f.exists()) {
                if std::env::var_os("CI").is_some() {
                    panic!("test data missing in CI: {}", missing.display());
                }
                eprintln!("skipped: {} not found", missing.display());
                return None;
            }
            let lists = files
                .iter()
                .map(|f| {
                    let l = namesake_sources::load(f).expect("the list reads");
                    (l.info, l.entities)
                })
                .collect();
            Some(Index::build(lists))
        })
        .as_ref()
}

fn screen(file: &str) -> Option<ScreeningResult> {
    let index = index()?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let data = std::fs::read(&path).expect("fixture");
    let mut msgs = parse_batch(&data, file, &ParseOptions::default());
    assert_eq!(msgs.len(), 1, "{file}: one message per fixture");
    let m = msgs.remove(0).unwrap_or_else(|e| panic!("{file}: {e}"));
    let screener = Screener::new(index, ScreeningConfig::default());
    Some(screener.screen(&m))
}

/// One expected hit: kind, path, and the listed entity id or jurisdiction code.
type Want = (HitKind, &'static str, &'static str);

fn check(file: &str, decision: Decision, want: &[Want]) {
    let Some(r) = screen(file) else {
        return;
    };
    let got: Vec<(HitKind, String, String)> = r
        .hits
        .iter()
        .map(|h| {
            let what = h
                .entity_id
                .clone()
                .or(h.jurisdiction.clone())
                .unwrap_or_default();
            (h.kind, h.path.clone(), what)
        })
        .collect();
    let dump =
        serde_json::to_string_pretty(&r.hits.iter().map(|h| &h.explanation).collect::<Vec<_>>())
            .unwrap_or_default();
    assert_eq!(r.decision, decision, "{file}: decision; hits: {dump}");
    for (kind, path, what) in want {
        assert!(
            got.iter()
                .any(|(k, p, w)| k == kind && p == path && w == what),
            "{file}: expected a {kind:?} hit at {path} on {what}; got {got:#?}"
        );
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{file}: unexpected extra hits: {got:#?}"
    );
}

const P8: &str = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]";

#[test]
fn un_listed_creditor_in_another_spelling_is_held() {
    let at = format!("{P8}/Cdtr/Nm");
    let at: &'static str = Box::leak(at.into_boxed_str());
    // Listed by the UN as MOKHTAR BELMOKHTAR and by OFAC as BELMOKHTAR, Mokhtar.
    check(
        "pacs008_v08_un_creditor_respelled.xml",
        Decision::Hold,
        &[
            (HitKind::Name, at, "un:QDi.136"),
            (HitKind::Name, at, "ofac:8084"),
        ],
    );
    check(
        "mt103_un_beneficiary_respelled.fin",
        Decision::Hold,
        // UN YAHIA DJOUADI; OFAC DJOUADI, Yahia.
        &[
            (HitKind::Name, "{4}:59F:[2]", "un:QDi.249"),
            (HitKind::Name, "{4}:59F:[2]", "ofac:10935"),
        ],
    );
}

#[test]
fn agent_with_an_ofac_listed_bic_is_held() {
    check(
        "pacs009cov_v08_ofac_bic_intermediary.xml",
        Decision::Hold,
        &[(
            HitKind::Bic,
            "/Document/FICdtTrf/CdtTrfTxInf[1]/IntrmyAgt1/FinInstnId/BICFI",
            "ofac:906",
        )],
    );
    check(
        "mt202cov_ofac_bic_agent.fin",
        Decision::Hold,
        &[(HitKind::Bic, "{4}:57A:[1]", "ofac:12028")],
    );
}

#[test]
fn address_in_an_embargoed_region_is_held() {
    check(
        "pain001_v09_crimea_address.xml",
        Decision::Hold,
        &[(
            HitKind::Jurisdiction,
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Cdtr/PstlAdr/TwnNm",
            "UA-43",
        )],
    );
    check(
        "pacs008_v13_donetsk_subdivision.xml",
        Decision::Hold,
        &[(
            HitKind::Jurisdiction,
            "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/PstlAdr/CtrySubDvsn",
            "UA-14",
        )],
    );
}

#[test]
fn listed_name_only_in_remittance_text_is_held() {
    let at = format!("{P8}/RmtInf/Ustrd[2]");
    let at: &'static str = Box::leak(at.into_boxed_str());
    check(
        "pacs008_v09_remittance_listed_name.xml",
        Decision::Hold,
        &[
            (HitKind::FreeText, at, "un:QDi.136"),
            (HitKind::FreeText, at, "ofac:8084"),
        ],
    );
    check(
        "mt103_remittance_listed_name.fin",
        Decision::Hold,
        &[
            (HitKind::FreeText, "{4}:70:", "un:QDi.136"),
            (HitKind::FreeText, "{4}:70:", "ofac:8084"),
        ],
    );
}

#[test]
fn clean_messages_with_common_names_pass() {
    let mut failed = Vec::new();
    for f in [
        "pacs008_v10_clean_common_names.xml",
        "pacs009cov_v10_clean.xml",
        "pain001_v11_clean.xml",
        "pacs004_v09_clean_return.xml",
        "mt103stp_clean_common_names.fin",
        "mt202cov_clean.fin",
    ] {
        if let Some(r) = screen(f) {
            if r.decision != Decision::Pass {
                failed.push(format!("{f}: {}", r.explanation));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "clean messages held:\n{}",
        failed.join("\n")
    );
}

#[test]
fn results_name_the_list_versions_and_explain() {
    let Some(r) = screen("pacs008_v08_un_creditor_respelled.xml") else {
        return;
    };
    let lists: Vec<&str> = r
        .list_versions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["list"].as_str())
        .collect();
    assert_eq!(lists, ["un", "ofac-sdn"]);
    assert!(
        r.explanation
            .starts_with("hold: \"Mokhtar Bel Mokhtar\" matches"),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation.contains(&format!("{P8}/Cdtr/Nm")),
        "{}",
        r.explanation
    );
}
