//! Screening one message: names, BICs and LEIs, jurisdictions, free text.

use std::collections::HashMap;
use std::sync::Arc;

use namesake_index::{Hit, Index, ScreenOptions};
use namesake_model::{normalize_identifier, IdKind};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::jurisdiction::{Jurisdiction, Jurisdictions};
use crate::message::{Located, Message, MessageKind, Party, Role};
use crate::query::party_query;
use crate::textscan::{windows, ListedWords};

/// The party-name threshold by default: the lower edge of the `probable` band. Higher than
/// customer screening's 0.70 because a payment carries a name and little else (rarely a date of
/// birth) and volumes are high; lower it with [`ScreeningConfig::threshold`].
pub const DEFAULT_NAME_THRESHOLD: f32 = 0.80;

/// The free-text threshold by default: stricter than for party names, because a window of
/// words is not known to be a name at all.
pub const DEFAULT_TEXT_THRESHOLD: f32 = 0.90;

/// How to screen payments.
#[derive(Debug, Clone)]
pub struct ScreeningConfig {
    /// Party names: hits at or above this score hold the payment.
    pub threshold: f32,
    /// Free text: windows of words matching a listed name at or above this score.
    pub text_threshold: f32,
    /// Longest window of words screened in free text.
    pub text_window: usize,
    /// A word held by more listed names than this is too common to anchor a free-text window.
    pub text_anchor_max_names: u32,
    /// Hits kept per screened name.
    pub limit: usize,
    /// Only these lists (codes); all when `None`.
    pub lists: Option<Vec<String>>,
    /// The embargoed jurisdictions.
    pub jurisdictions: Jurisdictions,
}

impl Default for ScreeningConfig {
    fn default() -> Self {
        ScreeningConfig {
            threshold: DEFAULT_NAME_THRESHOLD,
            text_threshold: DEFAULT_TEXT_THRESHOLD,
            text_window: 4,
            text_anchor_max_names: 50,
            limit: 5,
            lists: None,
            jurisdictions: Jurisdictions::default(),
        }
    }
}

/// `pass` or `hold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Nothing found: the payment may move.
    Pass,
    /// At least one hit: an analyst must look first.
    Hold,
}

/// What kind of evidence a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// A party's name matches a listed name.
    Name,
    /// A party's BIC is a listed SWIFT/BIC code (same institution: first 8 characters).
    Bic,
    /// A party's LEI is a listed LEI.
    Lei,
    /// A country, region or town under embargo.
    Jurisdiction,
    /// Free text names a listed party.
    FreeText,
}

/// One hit in a payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentHit {
    /// What kind.
    pub kind: HitKind,
    /// The party's role (none for free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Where in the message (`…/CdtTrfTxInf[2]/Cdtr/Nm`).
    pub path: String,
    /// The value found there.
    pub value: String,
    /// The listed entity (`un:QDi.015`), for name, BIC, LEI and free-text hits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The listed entity's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_name: Option<String>,
    /// Score 0..1 (names and free text; identifiers and jurisdictions are 1).
    pub score: f32,
    /// The jurisdiction code (`IR`, `UA-43`), for jurisdiction hits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Why, in one sentence.
    pub explanation: String,
    /// The index's full hit (alignment and features), for name and free-text hits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Value>,
}

/// The outcome for one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningResult {
    /// The message's source.
    pub message: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: MessageKind,
    /// Its version (ISO 20022).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `pass` or `hold`.
    pub decision: Decision,
    /// Every hit, in message order.
    pub hits: Vec<PaymentHit>,
    /// One line saying why.
    pub explanation: String,
    /// Parties and texts screened.
    pub screened: Screened,
    /// The list versions screened against.
    pub list_versions: Value,
}

/// What was screened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screened {
    /// Parties.
    pub parties: usize,
    /// Names screened.
    pub names: usize,
    /// Free texts.
    pub texts: usize,
    /// Free-text windows screened as names.
    pub windows: usize,
}

/// Lookups over the lists that payment screening needs beside the index (built once per
/// index; share it between screeners with [`Screener::with_tables`]).
#[derive(Debug, Default)]
pub struct ListTables {
    /// BIC8 → (entity position, the BIC as listed).
    bics: HashMap<String, Vec<(u32, String)>>,
    /// LEI → entity positions.
    leis: HashMap<String, Vec<u32>>,
    words: ListedWords,
}

impl ListTables {
    /// Builds the lookups for an index.
    pub fn build(index: &Index) -> ListTables {
        let mut t = ListTables {
            words: ListedWords::build(index),
            ..Default::default()
        };
        for (i, e) in index.entities().iter().enumerate() {
            for id in &e.identifiers {
                let v = normalize_identifier(&id.value);
                match &id.kind {
                    IdKind::Swift if v.len() == 8 || v.len() == 11 => {
                        if let Some(b8) = v.get(..8) {
                            t.bics
                                .entry(b8.to_string())
                                .or_default()
                                .push((i as u32, v.clone()));
                        }
                    }
                    IdKind::Other(label) if is_lei_label(label) => {
                        t.leis.entry(v).or_default().push(i as u32)
                    }
                    _ => {}
                }
            }
        }
        t
    }
}

fn is_lei_label(label: &str) -> bool {
    let l = label.to_ascii_lowercase();
    l == "lei" || l.contains("legal entity")
}

/// Screens messages against one index.
pub struct Screener<'a> {
    index: &'a Index,
    tables: Arc<ListTables>,
    config: ScreeningConfig,
    list_versions: Value,
}

impl<'a> Screener<'a> {
    /// A screener over `index` (builds its [`ListTables`]).
    pub fn new(index: &'a Index, config: ScreeningConfig) -> Self {
        Screener::with_tables(index, Arc::new(ListTables::build(index)), config)
    }

    /// A screener with tables already built for this index.
    pub fn with_tables(index: &'a Index, tables: Arc<ListTables>, config: ScreeningConfig) -> Self {
        let list_versions = Value::Array(
            index
                .lists()
                .iter()
                .map(|l| json!({"list": l.info.code, "name": l.info.name, "published": l.info.published, "entities": l.entities}))
                .collect(),
        );
        Screener {
            index,
            tables,
            config,
            list_versions,
        }
    }

    /// Replaces the list versions reported with every result (the store's versions).
    pub fn set_list_versions(&mut self, versions: Value) {
        self.list_versions = versions;
    }

    /// The configuration.
    pub fn config(&self) -> &ScreeningConfig {
        &self.config
    }

    /// Screens one message.
    pub fn screen(&self, m: &Message) -> ScreeningResult {
        let mut hits = Vec::new();
        let mut screened = Screened {
            parties: m.parties.len(),
            names: 0,
            texts: m.texts.len(),
            windows: 0,
        };
        for p in &m.parties {
            screened.names += self.names(p, &mut hits);
            self.identifiers(p, &mut hits);
            self.jurisdictions(p, &mut hits);
        }
        for t in &m.texts {
            screened.windows += self.free_text(&t.text, &mut hits);
        }
        let decision = if hits.is_empty() {
            Decision::Pass
        } else {
            Decision::Hold
        };
        ScreeningResult {
            message: m.source.clone(),
            kind: m.kind,
            version: m.version.clone(),
            reference: m.reference.clone(),
            decision,
            explanation: self.summary(&hits, &screened),
            hits,
            screened,
            list_versions: self.list_versions.clone(),
        }
    }

    fn options(&self, threshold: f32) -> ScreenOptions {
        ScreenOptions {
            threshold,
            limit: self.config.limit,
            explain: true,
            lists: self.config.lists.clone(),
            exact_name_floor: false,
        }
    }

    /// Screens each of a party's names; returns how many.
    fn names(&self, p: &Party, hits: &mut Vec<PaymentHit>) -> usize {
        let opts = self.options(self.config.threshold);
        let mut n = 0;
        for name in &p.names {
            let Some(query) = party_query(p, &name.value) else {
                continue;
            };
            n += 1;
            for h in self.index.screen(&query, &opts) {
                hits.push(name_hit(HitKind::Name, Some(p.role), name, &h));
            }
        }
        n
    }

    fn identifiers(&self, p: &Party, hits: &mut Vec<PaymentHit>) {
        for bic in &p.bics {
            let v = normalize_identifier(&bic.value);
            let Some(listed) = v.get(..8).and_then(|b8| self.tables.bics.get(b8)) else {
                continue;
            };
            for (i, listed_bic) in listed {
                let e = &self.index.entities()[*i as usize];
                let how = if *listed_bic == v {
                    "is"
                } else {
                    "is the institution (first 8 characters) of"
                };
                hits.push(id_hit(
                    HitKind::Bic,
                    p.role,
                    bic,
                    e,
                    format!(
                        "BIC {} {how} the SWIFT/BIC {listed_bic} listed for {} ({})",
                        bic.value,
                        e.primary_name().unwrap_or(""),
                        e.id
                    ),
                ));
            }
        }
        for lei in &p.leis {
            let v = normalize_identifier(&lei.value);
            for i in self.tables.leis.get(&v).into_iter().flatten() {
                let e = &self.index.entities()[*i as usize];
                hits.push(id_hit(
                    HitKind::Lei,
                    p.role,
                    lei,
                    e,
                    format!(
                        "LEI {} is listed for {} ({})",
                        lei.value,
                        e.primary_name().unwrap_or(""),
                        e.id
                    ),
                ));
            }
        }
    }

    /// Countries, regions and towns of a party against the jurisdiction table.
    fn jurisdictions(&self, p: &Party, hits: &mut Vec<PaymentHit>) {
        let table = &self.config.jurisdictions;
        let mut found: Vec<(&Jurisdiction, &Located, String)> = Vec::new();
        let a = &p.address;
        let country = a.country.as_ref().map(|c| c.value.as_str());
        for c in a.country.iter().chain(&p.residence) {
            if let Some(j) = table.country(&c.value) {
                found.push((j, c, format!("country {}", c.value)));
            }
        }
        if let Some(s) = &a.subdivision {
            if let Some(j) = table.subdivision(&s.value, country) {
                found.push((j, s, format!("subdivision {}", s.value)));
            }
        }
        for l in a.towns.iter().chain(&a.lines).chain(&a.parts) {
            for m in table.mentions(&l.value) {
                found.push((
                    m.jurisdiction,
                    l,
                    format!("\"{}\" names {}", l.value, m.phrase),
                ));
            }
        }
        for b in &p.bics {
            if let Some(j) = b.value.get(4..6).and_then(|cc| table.country(cc)) {
                found.push((j, b, format!("BIC {} is registered in {}", b.value, j.code)));
            }
        }
        for acct in &p.accounts {
            if let Some(j) = iban_country(&acct.value).and_then(|cc| table.country(cc)) {
                found.push((
                    j,
                    acct,
                    format!("IBAN {} is held in {}", acct.value, j.code),
                ));
            }
        }
        for (j, at, why) in found {
            if hits
                .iter()
                .any(|h| h.path == at.path && h.jurisdiction.as_deref() == Some(j.code.as_str()))
            {
                continue;
            }
            hits.push(PaymentHit {
                kind: HitKind::Jurisdiction,
                role: Some(p.role),
                path: at.path.clone(),
                value: at.value.clone(),
                entity_id: None,
                listed_name: None,
                score: 1.0,
                jurisdiction: Some(j.code.clone()),
                explanation: format!(
                    "{why}: {} is embargoed ({})",
                    j.name,
                    j.programmes.join("; ")
                ),
                detail: None,
            });
        }
    }

    /// Screens the windows of one free text; returns how many.
    fn free_text(&self, text: &Located, hits: &mut Vec<PaymentHit>) -> usize {
        let ws = windows(
            &text.value,
            &self.tables.words,
            self.config.text_window,
            self.config.text_anchor_max_names,
        );
        let opts = self.options(self.config.text_threshold);
        let mut best: Vec<(String, Hit)> = Vec::new();
        for w in &ws {
            for h in self
                .index
                .screen(&namesake_model::Query::name(w.text.clone()), &opts)
            {
                match best.iter_mut().find(|(_, b)| b.entity_id == h.entity_id) {
                    Some(b) if b.1.score >= h.score => {}
                    Some(b) => *b = (w.text.clone(), h),
                    None => best.push((w.text.clone(), h)),
                }
            }
        }
        for (window, h) in best {
            let mut hit = name_hit(HitKind::FreeText, None, text, &h);
            hit.explanation = format!("the words \"{window}\" in the text {}", hit.explanation);
            hits.push(hit);
        }
        ws.len()
    }

    fn summary(&self, hits: &[PaymentHit], s: &Screened) -> String {
        if hits.is_empty() {
            return format!(
                "pass: {} parties ({} names), {} free texts ({} windows) screened; no name at or above {:.2}, no free text at or above {:.2}, no listed BIC or LEI, no embargoed jurisdiction",
                s.parties, s.names, s.texts, s.windows, self.config.threshold, self.config.text_threshold
            );
        }
        let parts: Vec<String> = hits
            .iter()
            .map(|h| format!("{} at {}", h.explanation, h.path))
            .collect();
        format!("hold: {}", parts.join("; "))
    }
}

/// `DE89…` → `DE` when the value has an IBAN's shape.
fn iban_country(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    let shape = b.len() >= 15
        && b.len() <= 34
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric);
    shape.then(|| v.get(..2)).flatten()
}

fn name_hit(kind: HitKind, role: Option<Role>, at: &Located, h: &Hit) -> PaymentHit {
    PaymentHit {
        kind,
        role,
        path: at.path.clone(),
        value: at.value.clone(),
        entity_id: Some(h.entity_id.clone()),
        listed_name: Some(h.name.clone()),
        score: (h.score * 1000.0).round() / 1000.0,
        jurisdiction: None,
        explanation: format!(
            "\"{}\" matches {} ({}, listed as \"{}\") at {:.2} ({})",
            at.value, h.name, h.entity_id, h.matched_name, h.score, h.band
        ),
        detail: Some(h.to_json()),
    }
}

fn id_hit(
    kind: HitKind,
    role: Role,
    at: &Located,
    e: &namesake_model::Entity,
    explanation: String,
) -> PaymentHit {
    PaymentHit {
        kind,
        role: Some(role),
        path: at.path.clone(),
        value: at.value.clone(),
        entity_id: Some(e.id.clone()),
        listed_name: e.primary_name().map(String::from),
        score: 1.0,
        jurisdiction: None,
        explanation,
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_shapes() {
        assert_eq!(iban_country("IR580540105180021273113007"), Some("IR"));
        assert_eq!(iban_country("12345"), None);
        assert_eq!(iban_country("ir580540105180021273113007"), None);
    }
}
