//! The US Consolidated Screening List (trade.gov), JSON.
//!
//! `{"results": [ … ]}` (or a bare array) of objects with the CSV's fields; where the CSV packs
//! several values into one cell the JSON has arrays (`alt_names`, `programs`), objects
//! (`addresses`: `address`, `city`, `state`, `postal_code`, `country`; `ids`: `type`, `number`,
//! `country`) or, in some editions, the same `; `-packed strings. Each object becomes one entity
//! exactly as the CSV reader makes it (`us-csl:<id>`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::textutil::{non_empty, skipped};
use crate::us_csl::{entity, new_list, packed_id, split_packed, CslId, CslRecord};
use crate::{ListFormat, ParsedList, Result, SourceError};

pub use crate::us_csl::LIST_CODE;

/// The CSL as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsCslJson;

impl ListFormat for UsCslJson {
    fn id(&self) -> &'static str {
        "us-csl-json"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::US_CSL]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        t.starts_with(['{', '[']) && text.contains("\"alt_names\"") && text.contains("\"source\"")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// Parses the JSON from memory. Never panics; objects that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let root: Value = serde_json::from_slice(data).map_err(|e| SourceError::Malformed {
        path: path.to_path_buf(),
        message: format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
    })?;
    let results = match &root {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("results") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(SourceError::Malformed {
                    path: path.to_path_buf(),
                    message: "no `results` array: not a Consolidated Screening List JSON".into(),
                })
            }
        },
        _ => {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: "neither an object with `results` nor an array".into(),
            })
        }
    };
    let mut list = new_list("us-csl-json");
    let mut seen = HashMap::new();
    for (i, item) in results.iter().enumerate() {
        let where_ = format!("record {}", i + 1);
        let Value::Object(_) = item else {
            list.skipped.push(skipped(path, where_, "not an object"));
            continue;
        };
        match entity(&record(item), &mut seen) {
            Ok(e) => list.entities.push(e),
            Err(reason) => list.skipped.push(skipped(path, where_, reason)),
        }
    }
    Ok(list)
}

fn record(v: &Value) -> CslRecord {
    let text = |name: &str| v.get(name).and_then(scalar);
    let many = |name: &str| v.get(name).map(strings).unwrap_or_default();
    CslRecord {
        id: text("id").or_else(|| text("_id")),
        source: text("source"),
        entity_number: text("entity_number"),
        kind: text("type"),
        programs: many("programs"),
        name: text("name"),
        title: text("title"),
        addresses: v.get("addresses").map(addresses).unwrap_or_default(),
        start_date: text("start_date"),
        end_date: text("end_date"),
        federal_register_notice: text("federal_register_notice"),
        remarks: text("remarks"),
        alt_names: many("alt_names"),
        citizenships: many("citizenships"),
        nationalities: many("nationalities"),
        dates_of_birth: many("dates_of_birth"),
        places_of_birth: many("places_of_birth"),
        ids: v.get("ids").map(ids).unwrap_or_default(),
        call_sign: text("call_sign"),
        vessel_type: text("vessel_type"),
        vessel_flag: text("vessel_flag"),
        source_list_url: text("source_list_url"),
    }
}

/// A string or number as cleaned text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An array of strings, or one `; `-packed string.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        Value::String(s) => split_packed(s),
        _ => Vec::new(),
    }
}

/// Address objects joined into one line each, or packed strings.
fn addresses(v: &Value) -> Vec<String> {
    let Value::Array(items) = v else {
        return strings(v);
    };
    items
        .iter()
        .filter_map(|a| match a {
            Value::Object(_) => {
                let parts: Vec<String> = ["address", "city", "state", "postal_code", "country"]
                    .iter()
                    .filter_map(|k| a.get(*k).and_then(scalar))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            }
            other => scalar(other),
        })
        .collect()
}

/// Identifier objects (`type`, `number`, `country`), or packed strings.
fn ids(v: &Value) -> Vec<CslId> {
    let Value::Array(items) = v else {
        return strings(v).iter().filter_map(|s| packed_id(s)).collect();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Object(_) => Some(CslId {
                label: item.get("type").and_then(scalar).unwrap_or_default(),
                value: item.get("number").and_then(scalar)?,
                country: item
                    .get("country")
                    .and_then(scalar)
                    .and_then(|c| namesake_model::country::to_alpha2(&c))
                    .map(str::to_string),
            }),
            other => scalar(other).and_then(|s| packed_id(&s)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_results_with_arrays_and_objects() {
        let json = r#"{"total": 2, "results": [
 {"id": "abc", "source": "Entity List (EL) - Bureau of Industry and Security", "name": "ACME Ltd",
  "type": "Entity", "alt_names": ["ACME Limited", "A.C.M.E."], "programs": [],
  "addresses": [{"address": "1 Road", "city": "Minsk", "postal_code": null, "country": "BY"}],
  "ids": [{"type": "Registration ID", "number": "190123456", "country": "Belarus"}]},
 {"source": "x"}
]}"#;
        let p = parse_bytes(json.as_bytes(), Path::new("csl.json")).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert_eq!(p.skipped.len(), 1);
        let e = &p.entities[0];
        assert_eq!(e.id, "us-csl:abc");
        assert_eq!(e.names.len(), 3);
        assert_eq!(e.addresses[0].full, "1 Road, Minsk, BY");
        assert_eq!(e.countries, vec!["by"]);
        assert_eq!(e.identifiers[0].country.as_deref(), Some("by"));
        assert!(parse_bytes(b"{\"x\": 1}", Path::new("csl.json")).is_err());
    }
}
