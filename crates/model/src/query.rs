use serde::{Deserialize, Serialize};

use crate::{DateSpec, Gender, Identifier, Schema};

/// A subject to screen: a customer, counterparty or payment party.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// Full names to try (at least one, or given/family parts below).
    #[serde(default)]
    pub names: Vec<String>,
    /// Given name, when the caller has parts instead of a full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Person, organisation…, or `Unknown`.
    #[serde(default)]
    pub schema: Schema,
    /// Dates of birth (or incorporation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<DateSpec>,
    /// Nationalities / countries, ISO alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Identifiers (passport, IMO…). Kind `Other` matches any kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
}

impl Query {
    /// A query for one name and nothing else.
    pub fn name(name: impl Into<String>) -> Self {
        Query {
            names: vec![name.into()],
            ..Default::default()
        }
    }

    /// Every full name to screen: the given names, plus one assembled from the parts
    /// (first middle last) when parts are present and no full name repeats them.
    pub fn all_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .names
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let parts: Vec<&str> = [&self.first_name, &self.middle_name, &self.last_name]
            .iter()
            .filter_map(|p| p.as_deref())
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            let assembled = parts.join(" ");
            if !out.iter().any(|n| n.eq_ignore_ascii_case(&assembled)) {
                out.push(assembled);
            }
        }
        out
    }
}
