//! OFAC's publications over the real files: the legacy CSV set (SDN and consolidated non-SDN)
//! and the XML editions of the consolidated list.

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_model::{count_by_schema, IdKind, NameKind, NameQuality, Schema};
use namesake_sources::{load, ofac_csv, ofac_xml, ListFormat};

fn parsed(file: &str) -> Option<namesake_sources::ParsedList> {
    let path = common::list_file(file)?;
    Some(load(&path).unwrap_or_else(|e| panic!("{file} loads: {e}")))
}

#[test]
fn sdn_csv_set_reads_every_entry_with_aliases() {
    let Some(list) = parsed("ofac_sdn.csv") else {
        return;
    };
    assert_eq!(list.info.format, "ofac-csv");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    assert_eq!(list.entities.len(), 8976, "SDN entries");
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 8976, "unique ids");
    let aliases = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind != NameKind::Primary)
        .count();
    // alt.csv holds ~10,000 alternate names; weak a.k.a.s from remarks add to them.
    assert!(aliases > 9000, "aliases attached: {aliases}");
    let by_schema = count_by_schema(&list.entities);
    assert!(by_schema[&Schema::Person] > 3000);
    assert!(by_schema[&Schema::Vessel] > 100);
}

#[test]
fn consolidated_csv_set_reads_every_entry() {
    let Some(list) = parsed("ofac_cons_prim.csv") else {
        return;
    };
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    assert_eq!(list.entities.len(), 442);
}

#[test]
fn remarks_become_facts() {
    let Some(list) = parsed("ofac_sdn.csv") else {
        return;
    };
    let get = |id: &str| {
        list.entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let ayesha = get("ofac:12610");
    assert_eq!(
        ayesha.names[0].full, "Ayesha QADHAFI",
        "LAST, First reordered"
    );
    assert_eq!(ayesha.gender, Some(namesake_model::Gender::Female));
    assert_eq!(ayesha.birth_dates.len(), 3, "DOB and two alt. DOBs");
    assert!(
        ayesha
            .identifiers
            .iter()
            .filter(|i| i.kind == IdKind::Passport)
            .count()
            >= 3
    );
    let ship = get("ofac:4243");
    assert_eq!(ship.schema, Schema::Vessel);
    assert!(ship.identifiers.iter().any(|i| i.kind == IdKind::CallSign));
    assert!(
        ship.names
            .iter()
            .any(|n| n.full == "ANA I" && n.kind == NameKind::Former),
        "f.k.a. from remarks: {:?}",
        ship.names
    );
    insta::assert_yaml_snapshot!("ofac_csv_person_remarks", ayesha);
    insta::assert_yaml_snapshot!("ofac_csv_vessel", ship);
}

#[test]
fn comments_file_continues_remarks() {
    let Some(list) = parsed("ofac_sdn.csv") else {
        return;
    };
    let e = list
        .entities
        .iter()
        .find(|e| e.id == "ofac:12300")
        .expect("12300");
    let linked = e.facts.get("linked_to").expect("linked_to fact");
    assert!(
        linked.contains("CUBICAFE"),
        "the continuation in sdn_comments.csv is joined: {linked}"
    );
}

#[test]
fn consolidated_xml_editions() {
    for (file, n, date) in [
        ("ofac_consolidated_nonsdn_2026-01-08.xml", 442, "2026-01-08"),
        ("ofac_consolidated_nonsdn_2025-03-28.xml", 443, "2025-03-28"),
    ] {
        let Some(list) = parsed(file) else { return };
        assert_eq!(list.info.format, "ofac-xml");
        assert!(list.skipped.is_empty(), "{file}: {:?}", list.skipped);
        assert_eq!(list.entities.len(), n, "{file}");
        assert_eq!(list.info.published.as_deref(), Some(date));
    }
}

#[test]
fn consolidated_xml_snapshots() {
    let Some(list) = parsed("ofac_consolidated_nonsdn_2026-01-08.xml") else {
        return;
    };
    let get = |id: &str| {
        list.entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let h = get("ofac:9639");
    assert_eq!(h.names[0].full, "Ismail Abdul Salah HANIYA");
    assert!(h.names.iter().all(|n| n.quality == NameQuality::Strong));
    insta::assert_yaml_snapshot!("ofac_xml_person", h);
    let org = list
        .entities
        .iter()
        .find(|e| e.schema == Schema::Organization && e.identifiers.len() > 2)
        .expect("an organisation with identifiers");
    insta::assert_yaml_snapshot!("ofac_xml_organization", org);
}

#[test]
fn detection() {
    for (file, id) in [
        ("ofac_sdn.csv", ofac_csv::OfacCsv.id()),
        ("ofac_cons_prim.csv", ofac_csv::OfacCsv.id()),
        (
            "ofac_consolidated_nonsdn_2026-01-08.xml",
            ofac_xml::OfacXml.id(),
        ),
    ] {
        let Some(path) = common::list_file(file) else {
            return;
        };
        assert_eq!(
            namesake_sources::detect(&path).expect(file).id(),
            id,
            "{file}"
        );
    }
}

#[test]
fn truncated_files_do_not_panic() {
    for file in ["ofac_sdn.csv", "ofac_consolidated_nonsdn_2026-01-08.xml"] {
        let Some(path) = common::list_file(file) else {
            return;
        };
        let data = std::fs::read(&path).expect("readable");
        for cut in [0, 1, 60, 1_000, 10_007, data.len() / 2, data.len() - 1] {
            let cut = cut.min(data.len());
            let p = Path::new(file);
            let _ = if file.ends_with(".xml") {
                ofac_xml::parse_bytes(&data[..cut], p)
            } else {
                ofac_csv::parse_bytes(&data[..cut], p)
            };
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_csv_does_not_panic(body in "\\PC{0,300}") {
        let csv = format!("1,\"{body}\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"{body}\"\n2,{body}\n");
        let _ = ofac_csv::parse_bytes(csv.as_bytes(), Path::new("random.csv"));
    }

    #[test]
    fn random_xml_does_not_panic(body in "\\PC{0,300}") {
        let xml = format!("<sdnList><sdnEntry><uid>{body}</uid><lastName>{body}</lastName><sdnType>{body}</sdnType><idList><id><idType>{body}</idType><idNumber>{body}</idNumber></id></idList><dateOfBirthList><dateOfBirthItem><dateOfBirth>{body}</dateOfBirth></dateOfBirthItem></dateOfBirthList></sdnEntry></sdnList>");
        let _ = ofac_xml::parse_bytes(xml.as_bytes(), Path::new("random.xml"));
    }
}
