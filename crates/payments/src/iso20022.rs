//! ISO 20022 XML: pacs.008 (08–13), pacs.009 (08–12, with or without cover), pain.001
//! (09–12) and pacs.004 (09–13), detected from the `Document` namespace.
//!
//! One streaming pass with quick-xml: no tree is built, every party element (`Dbtr`,
//! `CdtrAgt`, `IntrmyAgt2`…) opens a [`Party`] that collects the leaves below it, and its
//! account element (`CdtrAcct`) adds to the same party. A DOCTYPE is refused, and no entity
//! other than the five XML predefines and character references is accepted (quick-xml never
//! expands one).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{offset, PaymentError, Result};
use crate::message::{
    clean, FreeText, Located, Message, MessageKind, Party, PartyKind, Role, TextKind,
};

/// Deeper nesting than this is refused (the deepest payment path is about 12).
pub const MAX_DEPTH: usize = 48;

const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:";

/// Elements that repeat under one parent: their paths carry `[n]` (1-based).
const INDEXED: [&str; 12] = [
    "CdtTrfTxInf",
    "PmtInf",
    "TxInf",
    "AdrLine",
    "Ustrd",
    "Strd",
    "InstrForCdtrAgt",
    "InstrForNxtAgt",
    "RgltryRptg",
    "Dtls",
    "RtrRsnInf",
    "AddtlInf",
];

/// The message type and version a namespace names, when it is one this crate reads.
pub fn kind_of_namespace(ns: &str) -> Option<(MessageKind, String)> {
    let id = ns.strip_prefix(NAMESPACE)?;
    let mut parts = id.split('.');
    let (area, number, variant, version) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || variant != "001" {
        return None;
    }
    let v: u8 = version.parse().ok()?;
    let kind = match (area, number) {
        ("pacs", "008") if (8..=13).contains(&v) => MessageKind::Pacs008,
        ("pacs", "009") if (8..=12).contains(&v) => MessageKind::Pacs009,
        ("pain", "001") if (9..=12).contains(&v) => MessageKind::Pain001,
        ("pacs", "004") if (9..=13).contains(&v) => MessageKind::Pacs004,
        _ => return None,
    };
    Some((kind, id.to_string()))
}

/// One open element.
struct Open {
    /// Local name.
    name: String,
    /// Path segment (`CdtTrfTxInf[2]`).
    segment: String,
    /// Children seen so far, by name (for `[n]`).
    seen: Vec<(String, usize)>,
}

/// The party being read.
struct Capture {
    party: usize,
    /// Stack depth of the party (or account) element.
    depth: usize,
    account: bool,
}

#[derive(Default)]
struct State {
    stack: Vec<Open>,
    text: String,
    kind: Option<(MessageKind, String)>,
    in_document: bool,
    cover: bool,
    reference: Option<String>,
    parties: Vec<Party>,
    texts: Vec<FreeText>,
    capture: Option<Capture>,
    /// (parent path, party element name without `Acct`) → party.
    by_element: HashMap<(String, String), usize>,
}

impl State {
    fn path(&self) -> String {
        let mut p = String::new();
        for o in &self.stack {
            p.push('/');
            p.push_str(&o.segment);
        }
        p
    }

    fn open(&mut self, name: String) {
        let segment = match self.stack.last_mut() {
            Some(parent) => {
                let n = match parent.seen.iter_mut().find(|(k, _)| *k == name) {
                    Some((_, c)) => {
                        *c += 1;
                        *c
                    }
                    None => {
                        parent.seen.push((name.clone(), 1));
                        1
                    }
                };
                if INDEXED.contains(&name.as_str()) {
                    format!("{name}[{n}]")
                } else {
                    name.clone()
                }
            }
            None => name.clone(),
        };
        self.stack.push(Open {
            name,
            segment,
            seen: Vec::new(),
        });
        self.text.clear();
        if self.capture.is_none() && self.in_document {
            self.start_party();
        }
        if self
            .stack
            .last()
            .is_some_and(|o| o.name == "UndrlygCstmrCdtTrf")
        {
            self.cover = true;
        }
    }

    /// Opens a party when the element just opened is a party or account element.
    fn start_party(&mut self) {
        let Some(top) = self.stack.last() else {
            return;
        };
        let Some((role, account)) = Role::from_element(&top.name) else {
            return;
        };
        // Called only outside a party, so `Dbtr/Pty` and `Cdtr/FinInstnId` never start one;
        // `Agt` alone (charges) is not a role.
        let base = top.name.trim_end_matches("Acct").to_string();
        let depth = self.stack.len();
        let parent: String = self.stack[..depth - 1]
            .iter()
            .map(|o| format!("/{}", o.segment))
            .collect();
        let key = (parent, base);
        let party = match self.by_element.get(&key) {
            Some(&i) => i,
            None => {
                let path = if account {
                    format!("{}/{}", key.0, key.1)
                } else {
                    self.path()
                };
                self.parties.push(Party::new(role, path));
                let i = self.parties.len() - 1;
                self.by_element.insert(key, i);
                i
            }
        };
        self.capture = Some(Capture {
            party,
            depth,
            account,
        });
    }

    fn close(&mut self) {
        let value = clean(&self.text);
        self.text.clear();
        if !value.is_empty() {
            self.leaf(value);
        }
        if self
            .capture
            .as_ref()
            .is_some_and(|c| c.depth == self.stack.len())
        {
            self.capture = None;
        }
        self.stack.pop();
    }

    /// A leaf element's text: a party field, free text or the message id.
    fn leaf(&mut self, value: String) {
        let path = self.path();
        if let Some(c) = &self.capture {
            let rel: Vec<&str> = self.stack[c.depth..]
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            let party = &mut self.parties[c.party];
            let v = Located::new(value, path);
            if c.account {
                if matches!(rel.as_slice(), ["Id", "IBAN"] | ["Id", "Othr", "Id"]) {
                    party.accounts.push(v);
                }
            } else {
                party_field(party, &rel, v);
            }
            return;
        }
        let names: Vec<&str> = self.stack.iter().map(|o| o.name.as_str()).collect();
        if let Some(kind) = text_kind(&names) {
            self.texts.push(FreeText {
                kind,
                text: Located::new(value, path),
            });
        } else if names.ends_with(&["GrpHdr", "MsgId"]) && self.reference.is_none() {
            self.reference = Some(value);
        }
    }
}

/// What free text a leaf is, by its ancestors.
fn text_kind(names: &[&str]) -> Option<TextKind> {
    let leaf = *names.last()?;
    let has = |n: &str| names.contains(&n);
    if has("RmtInf") && matches!(leaf, "Ustrd" | "AddtlRmtInf") {
        Some(TextKind::Remittance)
    } else if has("Purp") && leaf == "Prtry" {
        Some(TextKind::Purpose)
    } else if (has("InstrForCdtrAgt") || has("InstrForNxtAgt")) && leaf == "InstrInf" {
        Some(TextKind::Instruction)
    } else if has("RgltryRptg") && leaf == "Inf" {
        Some(TextKind::Regulatory)
    } else if has("RtrRsnInf") && leaf == "AddtlInf" {
        Some(TextKind::ReturnReason)
    } else {
        None
    }
}

/// Files one leaf of a party (path relative to the party element).
fn party_field(party: &mut Party, rel: &[&str], v: Located) {
    // pacs.004 wraps parties in a choice (`Dbtr/Pty`, `Dbtr/Agt`).
    let rel = match rel {
        ["Pty", rest @ ..] => rest,
        ["Agt", rest @ ..] => {
            party.kind = PartyKind::Institution;
            rest
        }
        _ => rel,
    };
    let rel = match rel {
        ["FinInstnId", rest @ ..] => {
            party.kind = PartyKind::Institution;
            rest
        }
        _ => rel,
    };
    let set_kind = |p: &mut Party, k: PartyKind| {
        if p.kind != PartyKind::Institution {
            p.kind = k;
        }
    };
    match rel {
        ["Nm"] => party.names.push(v),
        ["PstlAdr", "TwnNm" | "TwnLctnNm"] => party.address.towns.push(v),
        ["PstlAdr", "Ctry"] => party.address.country = Some(v),
        ["PstlAdr", "CtrySubDvsn"] => party.address.subdivision = Some(v),
        ["PstlAdr", "AdrLine"] => party.address.lines.push(v),
        ["PstlAdr", "AdrTp", ..] => {}
        ["PstlAdr", _] => party.address.parts.push(v),
        ["BICFI" | "BIC"] => party.bics.push(v),
        ["Id", "OrgId", "AnyBIC" | "BICOrBEI"] => {
            set_kind(party, PartyKind::Organisation);
            party.bics.push(v)
        }
        ["LEI"] => party.leis.push(v),
        ["Id", "OrgId", "LEI"] => {
            set_kind(party, PartyKind::Organisation);
            party.leis.push(v)
        }
        ["Id", "OrgId", "Othr", "Id"] => {
            set_kind(party, PartyKind::Organisation);
            party.ids.push(v)
        }
        ["Id", "PrvtId", "DtAndPlcOfBirth", "BirthDt"] => {
            set_kind(party, PartyKind::Person);
            party.birth_dates.push(v)
        }
        ["Id", "PrvtId", "DtAndPlcOfBirth", "CityOfBirth" | "CtryOfBirth" | "PrvcOfBirth"] => {
            set_kind(party, PartyKind::Person);
            party.birth_places.push(v)
        }
        ["Id", "PrvtId", "Othr", "Id"] => {
            set_kind(party, PartyKind::Person);
            party.ids.push(v)
        }
        ["CtryOfRes"] => party.residence = Some(v),
        ["ClrSysMmbId", "MmbId"] => party.ids.push(v),
        _ => {}
    }
}

/// The namespace an element declares for itself (`xmlns` or `xmlns:prefix` matching its
/// prefix).
fn declared_namespace(s: &BytesStart) -> Option<String> {
    let qname = s.name();
    let prefix = qname.prefix().map(|p| p.as_ref().to_vec());
    s.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let matches = match &prefix {
            None => key == b"xmlns",
            Some(p) => key.strip_prefix(b"xmlns:") == Some(p.as_slice()),
        };
        matches.then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn local(name: &[u8]) -> String {
    let n = match name.iter().rposition(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

/// Parses one ISO 20022 message. `source` names it in errors and output.
pub fn parse(data: &[u8], source: &str) -> Result<Message> {
    let mut reader = Reader::from_reader(data);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut st = State::default();
    let malformed = |byte: usize, detail: String| PaymentError::MalformedXml {
        message: source.to_string(),
        place: offset(data, byte),
        detail,
    };
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| malformed(reader.buffer_position() as usize, e.to_string()))?;
        match ev {
            Event::Eof => break,
            Event::DocType(d) => {
                let detail: String = String::from_utf8_lossy(&d).chars().take(60).collect();
                return Err(PaymentError::DtdRefused {
                    message: source.to_string(),
                    place: offset(data, pos),
                    detail: format!("<!DOCTYPE {}", detail.trim()),
                });
            }
            Event::Start(s) | Event::Empty(s) if st.stack.len() >= MAX_DEPTH => {
                let _ = s;
                return Err(PaymentError::TooDeep {
                    message: source.to_string(),
                    place: offset(data, pos),
                    limit: MAX_DEPTH,
                });
            }
            Event::Start(s) => start(&mut st, &s, data, pos, source)?,
            Event::Empty(s) => {
                start(&mut st, &s, data, pos, source)?;
                st.close();
            }
            Event::End(_) => {
                st.close();
                st.in_document = st.stack.iter().any(|o| o.name == "Document");
            }
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| malformed(pos, e.to_string()))?
                    .into_owned();
                st.text.push_str(&text);
            }
            Event::CData(t) => st.text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let raw = String::from_utf8_lossy(&r).into_owned();
                let resolved = match raw.as_str() {
                    "lt" | "gt" | "amp" | "apos" | "quot" => true,
                    s => s.starts_with('#'),
                };
                let reference = format!("&{raw};");
                let s = quick_xml::escape::unescape(&reference)
                    .ok()
                    .filter(|_| resolved)
                    .ok_or_else(|| PaymentError::UnknownEntity {
                        message: source.to_string(),
                        place: offset(data, pos),
                        entity: raw.chars().take(40).collect(),
                    })?;
                st.text.push_str(&s);
            }
            _ => {}
        }
        buf.clear();
    }
    if let Some(open) = st.stack.last() {
        return Err(malformed(
            data.len(),
            format!("the message ends inside <{}> (truncated?)", open.name),
        ));
    }
    finish(st, source)
}

fn start(st: &mut State, s: &BytesStart, data: &[u8], pos: usize, source: &str) -> Result<()> {
    let name = local(s.name().as_ref());
    if name == "Document" && st.kind.is_none() {
        let ns = declared_namespace(s).unwrap_or_default();
        st.kind = Some(
            kind_of_namespace(&ns).ok_or_else(|| PaymentError::UnknownType {
                message: source.to_string(),
                found: if ns.is_empty() {
                    format!(
                        "a Document without a namespace ({})",
                        super::error::offset(data, pos)
                    )
                } else {
                    ns
                },
            })?,
        );
        st.in_document = true;
    }
    st.open(name);
    Ok(())
}

fn finish(st: State, source: &str) -> Result<Message> {
    let Some((kind, version)) = st.kind else {
        return Err(PaymentError::UnknownType {
            message: source.to_string(),
            found: "no ISO 20022 Document element".into(),
        });
    };
    let kind = if kind == MessageKind::Pacs009 && st.cover {
        MessageKind::Pacs009Cov
    } else {
        kind
    };
    Ok(Message {
        source: source.to_string(),
        kind,
        version: Some(version),
        reference: st.reference,
        parties: st.parties,
        texts: st.texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACS008: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
 <FIToFICstmrCdtTrf>
  <GrpHdr><MsgId>M1</MsgId><NbOfTxs>2</NbOfTxs></GrpHdr>
  <CdtTrfTxInf>
   <Cdtr><Nm>First &amp; Co</Nm></Cdtr>
  </CdtTrfTxInf>
  <CdtTrfTxInf>
   <DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>
   <Cdtr><Nm>Jane Doe</Nm><PstlAdr><TwnNm>Paris</TwnNm><Ctry>FR</Ctry></PstlAdr>
    <Id><PrvtId><DtAndPlcOfBirth><BirthDt>1970-01-02</BirthDt><CityOfBirth>Lyon</CityOfBirth><CtryOfBirth>FR</CtryOfBirth></DtAndPlcOfBirth></PrvtId></Id></Cdtr>
   <CdtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></CdtrAcct>
   <RmtInf><Ustrd>Invoice 12</Ustrd></RmtInf>
  </CdtTrfTxInf>
 </FIToFICstmrCdtTrf>
</Document>"#;

    #[test]
    fn parties_carry_role_path_and_fields() {
        let m = parse(PACS008.as_bytes(), "t.xml").unwrap();
        assert_eq!(m.kind, MessageKind::Pacs008);
        assert_eq!(m.version.as_deref(), Some("pacs.008.001.08"));
        assert_eq!(m.reference.as_deref(), Some("M1"));
        assert_eq!(m.parties.len(), 3);
        assert_eq!(m.parties[0].names[0].value, "First & Co");
        let c = &m.parties[2];
        assert_eq!(c.role, Role::Creditor);
        assert_eq!(c.kind, PartyKind::Person);
        assert_eq!(
            c.names[0].path,
            "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/Cdtr/Nm"
        );
        assert_eq!(c.address.country.as_ref().unwrap().value, "FR");
        assert_eq!(c.birth_dates[0].value, "1970-01-02");
        assert_eq!(c.accounts[0].value, "FR7630006000011234567890189");
        assert_eq!(m.parties[1].bics[0].value, "DEUTDEFF");
        assert_eq!(m.parties[1].kind, PartyKind::Institution);
        assert_eq!(m.texts[0].kind, TextKind::Remittance);
        assert_eq!(
            m.texts[0].text.path,
            "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/RmtInf/Ustrd[1]"
        );
    }

    #[test]
    fn versions_outside_the_range_are_unknown() {
        assert!(kind_of_namespace("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.07").is_none());
        assert!(kind_of_namespace("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.13").is_some());
        assert!(kind_of_namespace("urn:iso:std:iso:20022:tech:xsd:camt.053.001.08").is_none());
        let doc = PACS008.replace("pacs.008.001.08", "pacs.008.001.02");
        let err = parse(doc.as_bytes(), "old.xml").unwrap_err();
        assert!(matches!(err, PaymentError::UnknownType { .. }), "{err}");
        assert!(err.to_string().contains("old.xml"));
    }

    #[test]
    fn doctype_is_refused_not_expanded() {
        let doc = PACS008.replace(
            "<Document",
            "<!DOCTYPE d [<!ENTITY x \"boom\">]>\n<Document",
        );
        let err = parse(doc.as_bytes(), "dtd.xml").unwrap_err();
        assert!(matches!(err, PaymentError::DtdRefused { .. }), "{err}");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn undeclared_entity_is_refused() {
        let doc = PACS008.replace("First &amp; Co", "First &x; Co");
        let err = parse(doc.as_bytes(), "ent.xml").unwrap_err();
        assert!(matches!(err, PaymentError::UnknownEntity { .. }), "{err}");
    }

    #[test]
    fn truncated_and_malformed_xml_name_the_place() {
        let cut = &PACS008[..PACS008.len() - 40];
        let err = parse(cut.as_bytes(), "cut.xml").unwrap_err();
        assert!(matches!(err, PaymentError::MalformedXml { .. }), "{err}");
        let bad = PACS008.replace("</Nm></Cdtr>", "</Cdtr>");
        let err = parse(bad.as_bytes(), "bad.xml").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.xml: malformed XML at line"),
            "{err}"
        );
    }
}
