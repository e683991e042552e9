//! Several MASAK tables read as one list: the manifest `namesake update masak` keeps.
//!
//! MASAK publishes each asset-freeze decision's table under a new file name, linked from one
//! page per article of Law 6415. `namesake update` keeps each table it downloaded beside a
//! small JSON manifest (`"namesake_masak_tables": 1`) that names, for every table, the file it
//! is kept in (relative to the manifest), the publisher's file name, its URL, the page that
//! linked it and the legal basis that page stands for. Reading the manifest reads every table
//! with the MASAK reader and merges them into one list.
//!
//! The reader keys an entry `masak:<basis>/<SIRA NO or row>`. An entry whose id an earlier
//! table already gave is the same entity when its name folds to the same text (a table
//! republished with a later decision): its names, dates, nationalities and identifiers are
//! added to the first. Under another name it is another party (two decisions numbering their
//! rows from 1): it is kept under `<id>@<publisher's file name>`, with a warning.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use namesake_model::Entity;
use serde::{Deserialize, Serialize};

use crate::masak::{self, LIST_CODE};
use crate::{ParsedList, Result, Skipped, SourceError};

/// The manifest version this reader writes and reads.
pub const MANIFEST_VERSION: u32 = 1;

/// The tables that make up one MASAK list version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_VERSION`]; its key tells the file apart from other JSON.
    pub namesake_masak_tables: u32,
    /// The tables, in the order their entries are read.
    pub tables: Vec<TableRef>,
}

/// One kept table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRef {
    /// Where it is kept, relative to the manifest's folder (no `..`).
    pub file: String,
    /// The publisher's file name (the last segment of its URL).
    pub name: String,
    /// Where it was downloaded from.
    pub url: String,
    /// The page that linked it, when it was found on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The legal basis the page stands for (`Law 6415 Art. 7`), used for sheets that state none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl Manifest {
    /// A manifest of `tables`.
    pub fn new(tables: Vec<TableRef>) -> Manifest {
        Manifest {
            namesake_masak_tables: MANIFEST_VERSION,
            tables,
        }
    }
}

/// Whether the first bytes of a file are a MASAK table manifest.
pub fn is_manifest(head: &[u8]) -> bool {
    let h = String::from_utf8_lossy(head);
    h.trim_start().starts_with('{') && h.contains("\"namesake_masak_tables\"")
}

/// Reads a manifest, refusing another version and table paths that leave its folder.
pub fn read_manifest(data: &[u8], path: &Path) -> Result<Manifest> {
    let malformed = |message: String| SourceError::Malformed {
        path: path.to_path_buf(),
        message,
    };
    let m: Manifest = serde_json::from_slice(data)
        .map_err(|e| malformed(format!("not a MASAK table manifest: {e}")))?;
    if m.namesake_masak_tables != MANIFEST_VERSION {
        return Err(malformed(format!(
            "MASAK table manifest version {} (this namesake reads version {MANIFEST_VERSION})",
            m.namesake_masak_tables
        )));
    }
    if let Some(t) = m.tables.iter().find(|t| !is_plain_relative(&t.file)) {
        return Err(malformed(format!(
            "table file {:?} is not a path inside the manifest's folder",
            t.file
        )));
    }
    Ok(m)
}

fn is_plain_relative(file: &str) -> bool {
    let p = Path::new(file);
    !file.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The folder a manifest's table paths are relative to.
fn base(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The manifest and every table it names (a manifest that cannot be read: itself alone).
pub fn inputs(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    let Ok(data) = std::fs::read(path) else {
        return files;
    };
    if let Ok(m) = read_manifest(&data, path) {
        let dir = base(path);
        files.extend(m.tables.iter().map(|t| dir.join(&t.file)));
    }
    files
}

/// Reads every table a manifest names and merges them into one list; a table that cannot be
/// read is an error naming its URL.
pub fn parse_set(data: &[u8], path: &Path) -> Result<ParsedList> {
    let manifest = read_manifest(data, path)?;
    let dir = base(path);
    let mut parts = Vec::with_capacity(manifest.tables.len());
    for t in &manifest.tables {
        let file = dir.join(&t.file);
        let basis = t.basis.clone().or_else(|| masak::legal_basis(&t.name));
        let parsed = crate::read_file(&file)
            .and_then(|bytes| masak::parse_bytes_with_basis(&bytes, &file, basis.as_deref()))
            .map_err(|e| SourceError::Malformed {
                path: path.to_path_buf(),
                message: format!("the table {} cannot be read: {e}", t.url),
            })?;
        parts.push((t, parsed));
    }
    if parts.is_empty() {
        return Err(SourceError::Malformed {
            path: path.to_path_buf(),
            message: "the MASAK table manifest names no table".into(),
        });
    }
    Ok(merge(parts))
}

/// Merges tables read one by one into one list (see the module documentation for ids).
pub fn merge(parts: Vec<(&TableRef, ParsedList)>) -> ParsedList {
    let mut out = ParsedList {
        info: info(),
        entities: Vec::new(),
        skipped: Vec::new(),
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (table, part) in parts {
        out.skipped.extend(part.skipped);
        for mut e in part.entities {
            if let Some(&i) = by_id.get(&e.id) {
                if same_party(&out.entities[i], &e) {
                    absorb(&mut out.entities[i], e);
                    continue;
                }
                let key = format!("{}@{}", e.key, table.name);
                out.skipped.push(Skipped {
                    path: PathBuf::from(&table.url),
                    location: format!("entry {}", e.id),
                    reason: format!(
                        "taken by another table's entry {:?} (kept as {LIST_CODE}:{key})",
                        out.entities[i]
                            .names
                            .first()
                            .map_or("", |n| n.full.as_str())
                    ),
                    field: Some("id".into()),
                });
                e.id = format!("{LIST_CODE}:{key}");
                e.key = key;
                if let Some(&j) = by_id.get(&e.id) {
                    absorb(&mut out.entities[j], e);
                    continue;
                }
            }
            by_id.insert(e.id.clone(), out.entities.len());
            out.entities.push(e);
        }
    }
    out
}

fn info() -> namesake_model::ListInfo {
    namesake_model::ListInfo {
        code: LIST_CODE.into(),
        name: crate::identity::MASAK.name.into(),
        format: "masak".into(),
        published: None,
    }
}

/// Two entries under one id are one party when their first names fold to the same text.
fn same_party(a: &Entity, b: &Entity) -> bool {
    let first = |e: &Entity| e.names.first().map(|n| masak::fold_header(&n.full));
    first(a) == first(b)
}

/// Adds what `b` says about the party to `a`.
fn absorb(a: &mut Entity, b: Entity) {
    for n in b.names {
        a.add_name(n);
    }
    for d in b.birth_dates {
        a.add_birth_date(d);
    }
    for c in &b.nationalities {
        a.add_nationality(c);
    }
    for p in b.birth_places {
        if !a.birth_places.contains(&p) {
            a.birth_places.push(p);
        }
    }
    for id in b.identifiers {
        if !a.identifiers.contains(&id) {
            a.identifiers.push(id);
        }
    }
    for p in b.programs {
        if !a.programs.contains(&p) {
            a.programs.push(p);
        }
    }
    for (k, v) in b.facts {
        a.facts.entry(k).or_insert(v);
    }
    if a.listed_on.is_none() {
        a.listed_on = b.listed_on;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "SIRA NO;ADI SOYADI-ÜNVANI;UYRUĞU;DOĞUM TARİHİ;KULLANDIĞI BİLİNEN DİĞER İSİMLERİ;RESMİ GAZETE TARİH-SAYISI\n";

    fn write(dir: &Path, name: &str, rows: &str) {
        std::fs::write(dir.join(name), format!("{HEADER}{rows}")).unwrap();
    }

    fn table(file: &str, basis: Option<&str>) -> TableRef {
        TableRef {
            file: file.into(),
            name: file.into(),
            url: format!("https://masak.example/{file}"),
            page: None,
            basis: basis.map(String::from),
        }
    }

    fn set(dir: &Path, tables: Vec<TableRef>) -> Result<ParsedList> {
        let path = dir.join("masak_tables.json");
        let data = serde_json::to_vec_pretty(&Manifest::new(tables)).unwrap();
        std::fs::write(&path, &data).unwrap();
        assert!(is_manifest(&data));
        parse_set(&data, &path)
    }

    #[test]
    fn tables_merge_by_id_and_the_page_gives_the_basis() {
        let dir = tempfile_dir("merge");
        write(&dir, "a.csv", "1;Özgür ALTUN;TÜRKİYE;1980;Abu Yasir;15.04.2021-31455\n2;Ali VELİ;;1970;;15.04.2021-31455\n");
        // Republished with a later decision: row 1 again (one more alias), row 2 another person.
        write(&dir, "b.csv", "1;ÖZGÜR ALTUN;TÜRKİYE;1980;Ozgur Altun;01.09.2022-31940\n2;Veli ALİ;;1971;;01.09.2022-31940\n");
        write(&dir, "c.csv", "1;Özgür ALTUN;;1980;;01.09.2022-31940\n");
        let art7 = Some("Law 6415 Art. 7");
        let list = set(
            &dir,
            vec![
                table("a.csv", art7),
                table("b.csv", art7),
                table("c.csv", Some("Law 6415 Art. 5")),
            ],
        )
        .unwrap();
        let ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "masak:6415-7/1",
                "masak:6415-7/2",
                "masak:6415-7/2@b.csv",
                "masak:6415-5/1"
            ]
        );
        let altun = &list.entities[0];
        let names: Vec<&str> = altun.names.iter().map(|n| n.full.as_str()).collect();
        assert!(names.contains(&"Ozgur Altun"), "{names:?}");
        assert_eq!(list.entities[3].facts["legal_basis"], "Law 6415 Art. 5");
        assert_eq!(list.skipped.len(), 1, "{:?}", list.skipped);
        assert_eq!(list.skipped[0].field.as_deref(), Some("id"));
        assert_eq!(list.info.code, "masak");
        let files = inputs(&dir.join("masak_tables.json"));
        assert_eq!(files.len(), 4);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_broken_table_names_its_url() {
        let dir = tempfile_dir("broken");
        write(&dir, "a.csv", "1;Özgür ALTUN;;1980;;\n");
        std::fs::write(dir.join("b.csv"), "not,a,masak,table\n").unwrap();
        let err = set(&dir, vec![table("a.csv", None), table("b.csv", None)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("https://masak.example/b.csv"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn paths_outside_the_folder_and_other_versions_are_refused() {
        let p = Path::new("m.json");
        let escape = serde_json::to_vec(&Manifest::new(vec![table("../x.csv", None)])).unwrap();
        assert!(read_manifest(&escape, p).is_err());
        let newer = br#"{"namesake_masak_tables": 2, "tables": []}"#;
        let err = read_manifest(newer, p).unwrap_err().to_string();
        assert!(err.contains("version 2"), "{err}");
    }

    fn tempfile_dir(case: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("namesake-masak-set-{case}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
