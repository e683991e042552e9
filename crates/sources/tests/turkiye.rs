//! Türkiye's lists: the Interior Ministry wanted list over the real file, and MASAK tables over
//! fixtures written in the published layout (no real sample is available).

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use namesake_model::Schema;
use namesake_sources::{load, masak, tr_wanted, ListFormat};

const WANTED: &str = "tr_interior_wanted_2024-03-04.json";

#[test]
fn wanted_list_counts_match_the_publisher() {
    let Some(path) = common::list_file(WANTED) else {
        return;
    };
    let list = load(&path).expect("loads");
    assert_eq!(list.info.code, "tr-wanted");
    assert!(list.skipped.is_empty(), "{:?}", list.skipped);
    assert_eq!(list.entities.len(), 2288, "people");
    assert!(list.entities.iter().all(|e| e.schema == Schema::Person));
    let mut by_cat: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &list.entities {
        *by_cat.entry(e.facts["category"].as_str()).or_default() += 1;
        assert!(e.facts.contains_key("organisation"), "{}", e.id);
    }
    assert_eq!(by_cat.get("orange"), Some(&380), "{by_cat:?}");
    assert_eq!(by_cat.get("red"), Some(&320), "{by_cat:?}");
    assert_eq!(by_cat.get("grey"), Some(&1105), "{by_cat:?}");
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 2288, "unique, stable keys");
    let bali = list
        .entities
        .iter()
        .find(|e| e.names[0].full == "İlhami BALI")
        .expect("İlhami BALI");
    assert_eq!(bali.facts["organisation"], "DEAŞ");
    assert_eq!(bali.facts["category"], "red");
    assert_eq!(
        namesake_sources::detect(&path).expect("detected").id(),
        tr_wanted::TrWantedJson.id()
    );
}

fn write_masak_xlsx(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let rows: [[&str; 6]; 4] = [
        [
            "SIRA NO",
            "ADI SOYADI-ÜNVANI",
            "UYRUĞU",
            "DOĞUM TARİHİ",
            "KULLANDIĞI BİLİNEN DİĞER İSİMLERİ",
            "RESMİ GAZETE TARİH-SAYISI",
        ],
        [
            "1",
            "Özgür ALTUN",
            "TÜRKİYE",
            "03.02.1980",
            "Abu Yasir al-Turki; Ozgur Altun",
            "15.04.2021-31455",
        ],
        [
            "2",
            "ÖRNEK DIŞ TİCARET A.Ş.",
            "",
            "",
            "",
            "15.04.2021-31455",
        ],
        [
            "3",
            "Ahmad KHALIL",
            "Suriye",
            "1975",
            "",
            "01.09.2022-31940",
        ],
    ];
    for (sheet, basis) in [
        ("6415 Md.5 (BMGK)", "5"),
        ("6415 Md.7", "7"),
        ("7262 sayılı Kanun", "7262"),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).expect("sheet name");
        ws.write_string(0, 0, format!("MALVARLIĞI DONDURULANLAR ({basis})"))
            .expect("title");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
            }
        }
        // Dates the way Excel stores them: serial numbers, with a date format or without.
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        ws.write_string(5, 1, "Ali VELİ").expect("cell");
        ws.write_number_with_format(5, 3, 29221.0, &date)
            .expect("serial"); // 1980-01-01
        ws.write_string(6, 1, "Veli ALİ").expect("cell");
        ws.write_number(6, 3, 29587.0).expect("serial"); // 1981-01-01
    }
    wb.save(path).expect("fixture written");
}

#[test]
fn masak_xlsx_fixture_with_one_sheet_per_legal_basis() {
    let dir = std::env::temp_dir().join(format!("namesake-masak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("masak_dondurma.xlsx");
    write_masak_xlsx(&path);
    assert_eq!(
        namesake_sources::detect(&path).expect("detected").id(),
        masak::MasakTable.id()
    );
    let list = load(&path).expect("loads");
    assert!(list.skipped.is_empty(), "{:?}", list.skipped);
    assert_eq!(list.entities.len(), 15, "5 rows on each of 3 sheets");
    let get = |id: &str| {
        list.entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| {
                panic!(
                    "{id} missing: {:?}",
                    list.entities.iter().map(|e| &e.id).collect::<Vec<_>>()
                )
            })
    };
    let altun = get("masak:6415-5/1");
    assert_eq!(altun.facts["legal_basis"], "Law 6415 Art. 5");
    assert_eq!(altun.names.len(), 3);
    assert_eq!(altun.nationalities, vec!["tr".to_string()]);
    assert_eq!(
        get("masak:6415-7/1").facts["legal_basis"],
        "Law 6415 Art. 7"
    );
    assert_eq!(get("masak:7262/3").facts["legal_basis"], "Law 7262");
    assert_eq!(get("masak:7262/3").nationalities, vec!["sy".to_string()]);
    assert_eq!(get("masak:6415-5/2").schema, Schema::Organization);
    let veli = get("masak:6415-5/6");
    assert_eq!(
        veli.birth_dates[0].from.year, 1980,
        "Excel serial date read"
    );
    std::fs::remove_dir_all(&dir).ok();
}

proptest::proptest! {
    #[test]
    fn random_wanted_json_does_not_panic(body in "\\PC{0,200}") {
        let json = format!("[{{\"Adi\":{body:?},\"Soyadi\":\"{body}\",\"TKategoriAdi\":{body:?}}}]");
        let _ = tr_wanted::parse_bytes(json.as_bytes(), Path::new("random.json"));
    }

    #[test]
    fn random_masak_csv_does_not_panic(body in "\\PC{0,300}") {
        let csv = format!("ADI SOYADI-ÜNVANI;UYRUĞU;DOĞUM TARİHİ;RESMİ GAZETE TARİH-SAYISI\n{body};{body};{body};{body}\n");
        let _ = masak::parse_bytes(csv.as_bytes(), Path::new("random.csv"));
    }
}
