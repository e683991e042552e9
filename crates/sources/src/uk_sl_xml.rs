//! The UK Sanctions List (FCDO), XML.
//!
//! `Designations/Designation`, one element per designation, keyed by `UniqueID` (`uk:RUS0001`)
//! and typed by `IndividualEntityShip`. Names are `Names/Name` (`Name1`…`Name6`, `NameType`,
//! `AliasStrength`); the other details sit in wrapper elements (`Addresses/Address`,
//! `IndividualDetails/Individual/DOBs/DOB`, `ShipDetails/Ship/IMONumbers/IMONumber`…). The reader
//! looks at every element of a designation by its own name, not its path, so a wrapper that is
//! renamed or missing does not lose the detail. Details are added with the CSV reader's code.

use std::path::Path;

use namesake_model::{Entity, IdKind};

use crate::textutil::clean;
use crate::uk_sl_csv::{
    add_address, add_birth_place, add_document, add_field, add_name, finish, new_entity, new_list,
    Field,
};
use crate::xmlrec::{read_records, Node, Records, Shape};
use crate::{ListFormat, ParsedList, Result};

pub use crate::uk_sl_csv::LIST_CODE;

/// The UK Sanctions List as XML.
#[derive(Debug, Clone, Copy, Default)]
pub struct UkSanctionsListXml;

impl ListFormat for UkSanctionsListXml {
    fn id(&self) -> &'static str {
        "uk-sl-xml"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::UK_SANCTIONS_LIST]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        text.contains("<Designations")
            || (text.contains("<Designation>") && text.contains("<UniqueID>"))
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// The elements read as [`Field`]s.
const XML_FIELDS: [(&str, Field); 18] = [
    ("UNReferenceNumber", Field::UnReference),
    ("OFSIGroupID", Field::GroupId),
    ("RegimeName", Field::Regime),
    ("DateDesignated", Field::DateDesignated),
    ("DesignationSource", Field::Source),
    ("SanctionsImposed", Field::SanctionsImposed),
    ("OtherInformation", Field::OtherInformation),
    ("Title", Field::Title),
    ("NameNonLatinScript", Field::NonLatinName),
    ("DOB", Field::Dob),
    ("Nationality", Field::Nationality),
    ("Position", Field::Position),
    ("Gender", Field::Gender),
    ("BusinessRegistrationNumber", Field::Registration),
    ("IMONumber", Field::Imo),
    ("CurrentBelievedFlagOfShip", Field::Flag),
    ("TypeOfShip", Field::TypeOfShip),
    ("TypeOfEntity", Field::TypeOfEntity),
];

/// Parses the XML from memory. Never panics; designations that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let mut list = new_list("uk-sl-xml", None);
    let shape = Shape {
        root: "Designations",
        records: &["Designation"],
        not_this: "no <Designations> root element: not a UK Sanctions List (XML)",
    };
    let Records {
        read,
        skipped,
        walk: w,
    } = read_records(data, path, &shape, designation)?;
    list.entities = read;
    list.skipped = skipped;
    list.info.published = w
        .header
        .iter()
        .find(|(k, _)| k == "DateGenerated" || k == "ReportDate")
        .and_then(|(_, v)| namesake_model::DateSpec::parse(v.get(..10).unwrap_or(v)).ok())
        .map(|d| d.from.to_string());
    // Entities whose every name was unreadable are reported by `finish`.
    finish(&mut list, path);
    Ok(list)
}

fn text(n: &Node) -> Option<String> {
    let t = clean(&n.text);
    (!t.is_empty()).then_some(t)
}

fn designation(n: &Node) -> std::result::Result<Entity, String> {
    let id = n
        .text_of("UniqueID")
        .ok_or("a Designation with no UniqueID")?;
    let mut e = new_entity(&id, n.text_of("IndividualEntityShip").as_deref());
    visit(&mut e, n);
    Ok(e)
}

/// Adds every detail found in `n` and its descendants.
fn visit(e: &mut Entity, n: &Node) {
    for c in &n.children {
        match c.name.as_str() {
            "Name" if c.child("Name6").is_some() || c.child("Name1").is_some() => {
                let given: Vec<String> = (1..=5)
                    .filter_map(|i| c.text_of(&format!("Name{i}")))
                    .collect();
                add_name(
                    e,
                    &given,
                    c.text_of("Name6"),
                    c.text_of("NameType").as_deref(),
                    c.text_of("AliasStrength").as_deref(),
                );
            }
            "Address" => {
                let lines: Vec<String> = (1..=6)
                    .filter_map(|i| c.text_of(&format!("AddressLine{i}")))
                    .chain(c.text_of("AddressPostalCode"))
                    .collect();
                add_address(e, &lines, c.text_of("AddressCountry"));
            }
            "Location" => {
                let place: Vec<String> = ["TownOfBirth", "CountryOfBirth"]
                    .iter()
                    .filter_map(|k| c.text_of(k))
                    .collect();
                add_birth_place(e, &place);
            }
            _ if c.child("PassportNumber").is_some() => add_document(
                e,
                IdKind::Passport,
                c.text_of("PassportNumber"),
                c.text_of("PassportAdditionalInformation"),
            ),
            _ if c.child("NationalIdentifierNumber").is_some() => add_document(
                e,
                IdKind::NationalId,
                c.text_of("NationalIdentifierNumber"),
                c.text_of("NationalIdentifierAdditionalInformation"),
            ),
            name => match XML_FIELDS.iter().find(|(k, _)| *k == name) {
                Some((_, field)) if c.children.is_empty() => {
                    if let Some(v) = text(c) {
                        add_field(e, *field, &v);
                    }
                }
                _ => visit(e, c),
            },
        }
    }
}
