//! The EU Financial Sanctions Files (FSF) consolidated list, XML.
//!
//! `export/sanctionEntity`: the entity's attributes (`logicalId`, `euReferenceNumber`,
//! `unitedNationId`, `designationDate`), `subjectType/@classificationCode`, `remark`, and one
//! child element per item — `nameAlias`, `address`, `birthdate`, `citizenship`,
//! `identification`, `regulation` — whose attributes are the CSV's item columns without their
//! prefix. Both EU readers build entities with the same code (see [`crate::eu_csv`]).

use std::path::Path;

use crate::eu_csv::{add_entity_fields, finish, new_entity, new_list, value, ITEMS};
use crate::xmlrec::{read_records, Node, Records, Shape};
use crate::{ListFormat, ParsedList, Result};

pub use crate::eu_csv::LIST_CODE;

/// The EU FSF list as XML.
#[derive(Debug, Clone, Copy, Default)]
pub struct EuXml;

impl ListFormat for EuXml {
    fn id(&self) -> &'static str {
        "eu-fsf-xml"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::EU]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        text.contains("<export") && text.contains("sanctionEntity")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

fn attr(node: &Node, name: &str) -> Option<String> {
    node.attrs
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| value(v))
}

/// Parses the XML from memory. Never panics; entries that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let mut list = new_list("eu-fsf-xml", None);
    let shape = Shape {
        root: "export",
        records: &["sanctionEntity"],
        not_this: "no <export> root element: not an EU Financial Sanctions File (XML)",
    };
    let Records {
        read,
        skipped,
        walk: w,
    } = read_records(data, path, &shape, entity)?;
    list.entities = read;
    list.skipped = skipped;
    list.info.published = w
        .root_attrs
        .iter()
        .find(|(k, _)| k == "generationDate")
        .map(|(_, v)| v.chars().take(10).collect());
    finish(&mut list, path);
    Ok(list)
}

fn entity(node: &Node) -> std::result::Result<namesake_model::Entity, String> {
    let logical = attr(node, "logicalId")
        .or_else(|| attr(node, "euReferenceNumber"))
        .ok_or("a sanctionEntity with neither logicalId nor euReferenceNumber")?;
    let subject = node.child("subjectType");
    let regulation = node.child("regulation");
    let get = |name: &str| match name {
        "subjectTypeCode" => {
            subject.and_then(|s| attr(s, "classificationCode").or_else(|| attr(s, "code")))
        }
        "programme" => regulation.and_then(|r| attr(r, "programme")),
        "remark" => node.text_of("remark"),
        other => attr(node, other),
    };
    let mut e = new_entity(&get, &logical);
    add_entity_fields(&mut e, &get);
    for r in node.all("regulation").skip(1) {
        if let Some(p) = attr(r, "programme") {
            if !e.programs.contains(&p) {
                e.programs.push(p);
            }
        }
    }
    for (prefix, add) in ITEMS {
        let element = element_name(prefix);
        for item in node.all(&element) {
            let get = |name: &str| match name {
                "remark" => item.text_of("remark"),
                other => attr(item, other),
            };
            add(&mut e, &get);
        }
    }
    Ok(e)
}

/// `NameAlias` → `nameAlias`, `BirthDate` → `birthdate` (the XML element names).
fn element_name(prefix: &str) -> String {
    match prefix {
        "BirthDate" => "birthdate".into(),
        _ => {
            let mut chars = prefix.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}
