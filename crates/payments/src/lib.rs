//! Payment screening: every party, bank, address and free text of an ISO 20022 or SWIFT MT
//! payment against the sanctions lists, with a `pass` or `hold` decision per message.
//!
//! Parsers (one file per format, typed errors naming the message and the place):
//! [`iso20022`] reads pacs.008 (versions 08–13), pacs.009 (08–12, cover or not), pain.001 (09–12)
//! and pacs.004 (09–13); [`mt`] reads MT103 (and STP), MT202 and MT202COV. [`Screener`] then
//! screens a [`Message`]: names by party type through the index, BICs and LEIs against the
//! lists' identifiers, towns and countries against a [`Jurisdictions`] table, free text by word
//! windows at a stricter threshold.
//!
//! ```
//! use namesake_index::Index;
//! use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
//! use namesake_payments::{parse_message, Decision, ParseOptions, Screener, ScreeningConfig};
//!
//! let mut e = Entity::new("un", "QDi.999", Schema::Person);
//! e.names.push(Name::new("Ozgur Altun", NameKind::Primary));
//! let info = ListInfo { code: "un".into(), name: "UN".into(), format: "test".into(), published: None };
//! let index = Index::build(vec![(info, vec![e])]);
//! let screener = Screener::new(&index, ScreeningConfig::default());
//!
//! let xml = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
//!   <FIToFICstmrCdtTrf><GrpHdr><MsgId>1</MsgId></GrpHdr><CdtTrfTxInf>
//!     <Cdtr><Nm>ALTUN, Özgür</Nm></Cdtr>
//!   </CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"#;
//! let message = parse_message(xml.as_bytes(), "p.xml", &ParseOptions::default()).unwrap();
//! let result = screener.screen(&message);
//! assert_eq!(result.decision, Decision::Hold);
//! assert_eq!(result.hits[0].path, "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm");
//! ```
#![warn(missing_docs)]

mod error;
pub mod iso20022;
pub mod jurisdiction;
mod message;
pub mod mt;
mod query;
mod screen;
mod textscan;

pub use error::{PaymentError, Place, Result};
pub use jurisdiction::{Jurisdiction, JurisdictionError, Jurisdictions, Mention};
pub use message::{
    FreeText, Located, Message, MessageKind, Party, PartyKind, PostalAddress, Role, TextKind,
};
pub use query::party_query;
pub use screen::{
    Decision, HitKind, ListTables, PaymentHit, Screened, Screener, ScreeningConfig,
    ScreeningResult, DEFAULT_TEXT_THRESHOLD,
};

/// Limits applied while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// The largest message read, in bytes (default 1 MiB: a single-transaction message is a
    /// few kilobytes; a large pain.001 batch may need more).
    pub max_bytes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { max_bytes: 1 << 20 }
    }
}

/// The syntax a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// ISO 20022 XML.
    Xml,
    /// SWIFT MT (FIN) blocks.
    Mt,
}

/// What the bytes look like (leading byte-order mark and whitespace skipped).
pub fn detect(data: &[u8]) -> Option<Syntax> {
    let d = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = d.iter().position(|b| !b.is_ascii_whitespace())?;
    let d = d.get(start..)?;
    if d.starts_with(b"<") {
        Some(Syntax::Xml)
    } else if d.starts_with(b"{1:") || d.starts_with(b"{2:") {
        Some(Syntax::Mt)
    } else {
        None
    }
}

fn text<'a>(data: &'a [u8], source: &str) -> Result<&'a str> {
    std::str::from_utf8(data).map_err(|e| PaymentError::Encoding {
        message: source.to_string(),
        byte: e.valid_up_to(),
    })
}

fn check_size(len: usize, source: &str, opts: &ParseOptions) -> Result<()> {
    if len > opts.max_bytes {
        return Err(PaymentError::Oversized {
            message: source.to_string(),
            size: len,
            limit: opts.max_bytes,
        });
    }
    Ok(())
}

/// Reads one message (XML or MT, detected from the content).
pub fn parse_message(data: &[u8], source: &str, opts: &ParseOptions) -> Result<Message> {
    check_size(data.len(), source, opts)?;
    match detect(data) {
        Some(Syntax::Xml) => {
            text(data, source)?;
            iso20022::parse(data, source)
        }
        Some(Syntax::Mt) => mt::parse(text(data, source)?, source),
        None => Err(PaymentError::NotAMessage {
            message: source.to_string(),
        }),
    }
}

/// Reads every message in a file: one XML document, or any number of MT messages (the second
/// is named `source#2`). A bad message is an error in its place; the others are still read.
pub fn parse_batch(data: &[u8], source: &str, opts: &ParseOptions) -> Vec<Result<Message>> {
    if detect(data) != Some(Syntax::Mt) {
        return vec![parse_message(data, source, opts)];
    }
    let all = match text(data, source) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    let parts = mt::split(all);
    let many = parts.len() > 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let name = if many {
                format!("{source}#{}", i + 1)
            } else {
                source.to_string()
            };
            check_size(part.len(), &name, opts)?;
            mt::parse(part, &name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_messages_are_refused_before_parsing() {
        let opts = ParseOptions { max_bytes: 10 };
        let err = parse_message(b"<Document>........</Document>", "big.xml", &opts).unwrap_err();
        assert!(
            matches!(err, PaymentError::Oversized { size: 29, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_bad_message_in_a_batch_does_not_stop_the_next() {
        let good =
            "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:R\n:59:/1\nJANE DOE\n-}";
        let bad = "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:R\n";
        let file = format!("{bad}{good}");
        let out = parse_batch(file.as_bytes(), "f.fin", &ParseOptions::default());
        assert_eq!(out.len(), 2);
        let err = out[0].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("f.fin#1:"), "{err}");
        assert_eq!(out[1].as_ref().unwrap().source, "f.fin#2");
    }

    #[test]
    fn neither_xml_nor_mt_is_not_a_message() {
        let err = parse_message(b"hello", "h.txt", &ParseOptions::default()).unwrap_err();
        assert!(matches!(err, PaymentError::NotAMessage { .. }));
    }
}
