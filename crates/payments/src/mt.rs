//! SWIFT MT: MT103 (and STP), MT202 and MT202COV.
//!
//! The block structure (`{1:…}{2:…}{3:{…}}{4:… -}{5:{…}}`) gives the type (block 2), the
//! sender and receiver (blocks 1 and 2: the instructing and instructed agents) and the
//! validation flag (block 3 field 119: `STP`, `COV`). Block 4's party fields map onto ISO 20022
//! roles: 50a ordering customer → debtor, 52a → debtor agent (MT202: the debtor, an
//! institution), 53a/54a/55a → reimbursement agents, 56a → intermediary, 57a → creditor agent,
//! 58a → creditor institution, 59a → creditor; 70 is remittance text, 72 sender-to-receiver
//! instructions, 77B regulatory reporting.
//!
//! Paths: `{4}:59F:` for a field, `{4}:59F:[2]` for its second line, `{4}[B]:50F:` for
//! MT202COV's sequence B (the underlying customer credit transfer).

use crate::error::{PaymentError, Place, Result};
use crate::message::{
    clean, FreeText, Located, Message, MessageKind, Party, PartyKind, Role, TextKind,
};

/// One block-4 field: tag (`59F`), its lines, and its path.
struct Field<'a> {
    tag: &'a str,
    lines: Vec<&'a str>,
    path: String,
}

/// The blocks of one message.
#[derive(Default)]
struct Blocks<'a> {
    b1: Option<&'a str>,
    b2: Option<&'a str>,
    b3: Option<&'a str>,
    b4: Option<&'a str>,
}

fn malformed(source: &str, place: &str, detail: impl Into<String>) -> PaymentError {
    PaymentError::MalformedMt {
        message: source.to_string(),
        place: Place::Mt(place.to_string()),
        detail: detail.into(),
    }
}

/// Splits a text holding several MT messages at each `{1:` (a message's first block).
pub fn split(text: &str) -> Vec<&str> {
    let starts: Vec<usize> = text.match_indices("{1:").map(|(i, _)| i).collect();
    if starts.is_empty() {
        return vec![text];
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        if let Some(m) = text.get(s..end) {
            out.push(m);
        }
    }
    out
}

/// Reads the blocks; every block must close.
fn blocks<'a>(text: &'a str, source: &str) -> Result<Blocks<'a>> {
    let mut b = Blocks::default();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix('{') {
        let Some((id, body)) = after.split_once(':') else {
            return Err(malformed(source, "block header", "a block without its id"));
        };
        let place = format!("{{{id}}}");
        let (content, tail) = if id == "4" {
            // Block 4 ends with a line holding "-}".
            let end = body
                .find("\n-}")
                .map(|i| (i + 1, i + 3))
                .or_else(|| body.starts_with("-}").then_some((0, 2)));
            let Some((c, t)) = end else {
                return Err(malformed(
                    source,
                    &place,
                    "block 4 does not end with a line \"-}\" (truncated?)",
                ));
            };
            (body.get(..c).unwrap_or(""), body.get(t..).unwrap_or(""))
        } else {
            let mut depth = 1usize;
            let mut end = None;
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(e) = end else {
                return Err(malformed(
                    source,
                    &place,
                    format!("block {id} does not close with \"}}\" (truncated?)"),
                ));
            };
            (body.get(..e).unwrap_or(""), body.get(e + 1..).unwrap_or(""))
        };
        match id {
            "1" => b.b1 = Some(content),
            "2" => b.b2 = Some(content),
            "3" => b.b3 = Some(content),
            "4" => b.b4 = Some(content),
            _ => {}
        }
        rest = tail.trim_start();
    }
    if !rest.is_empty() {
        return Err(malformed(
            source,
            "after the last block",
            "text outside any block",
        ));
    }
    Ok(b)
}

/// A BIC from a 12-character logical terminal address (BIC8, terminal code, branch).
fn lt_bic(lt: &str) -> Option<String> {
    let bic8 = lt.get(..8)?;
    let branch = lt.get(9..12).unwrap_or("XXX");
    Some(if branch == "XXX" {
        bic8.to_string()
    } else {
        format!("{bic8}{branch}")
    })
}

/// Type, sender and receiver from blocks 1 and 2.
struct Header {
    mt: String,
    sender: Option<String>,
    receiver: Option<String>,
}

fn header(b: &Blocks, source: &str) -> Result<Header> {
    let b2 =
        b.b2.ok_or_else(|| malformed(source, "{2}", "no application header block"))?;
    let mt = b2
        .get(1..4)
        .ok_or_else(|| malformed(source, "{2}", "too short for a message type"))?;
    let b1_lt = b.b1.and_then(|b1| b1.get(3..15));
    let (sender, receiver) = match b2.get(..1) {
        // Input: block 1 is the sender, block 2 names the receiver.
        Some("I") => (b1_lt.and_then(lt_bic), b2.get(4..16).and_then(lt_bic)),
        // Output: block 1 is the receiver, the sender is in the message input reference.
        Some("O") => (b2.get(14..26).and_then(lt_bic), b1_lt.and_then(lt_bic)),
        _ => return Err(malformed(source, "{2}", "expected I (input) or O (output)")),
    };
    Ok(Header {
        mt: mt.to_string(),
        sender,
        receiver,
    })
}

fn kind(mt: &str, b3: Option<&str>, source: &str) -> Result<MessageKind> {
    let flag = |v: &str| b3.is_some_and(|b| b.contains(&format!("{{119:{v}}}")));
    match mt {
        "103" if flag("STP") => Ok(MessageKind::Mt103Stp),
        "103" => Ok(MessageKind::Mt103),
        "202" if flag("COV") => Ok(MessageKind::Mt202Cov),
        "202" => Ok(MessageKind::Mt202),
        other => Err(PaymentError::UnknownType {
            message: source.to_string(),
            found: format!("MT{other}"),
        }),
    }
}

/// Splits block 4 into fields.
fn fields<'a>(b4: &'a str, cov: bool, source: &str) -> Result<Vec<Field<'a>>> {
    let mut out: Vec<Field> = Vec::new();
    let mut seq_b = false;
    for line in b4.lines().map(|l| l.trim_end_matches('\r')) {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(tag) = field_tag(line) {
            let value = line.get(tag.len() + 2..).unwrap_or("");
            if cov && tag.starts_with("50") {
                seq_b = true;
            }
            let seq = if seq_b { "[B]" } else { "" };
            out.push(Field {
                tag,
                lines: vec![value],
                path: format!("{{4}}{seq}:{tag}:"),
            });
        } else {
            match out.last_mut() {
                Some(f) => f.lines.push(line),
                None => return Err(malformed(source, "{4}", "text before the first field")),
            }
        }
    }
    Ok(out)
}

/// `:59F:…` → `59F`.
fn field_tag(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let tag = rest.get(..end)?;
    let b = tag.as_bytes();
    let ok = (2..=3).contains(&b.len())
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b.get(2).is_none_or(|c| c.is_ascii_uppercase());
    ok.then_some(tag)
}

/// The role a party field plays.
fn role(tag: &str, kind: MessageKind, seq_b: bool) -> Option<Role> {
    let customer = matches!(kind, MessageKind::Mt103 | MessageKind::Mt103Stp) || seq_b;
    Some(match tag.get(..2)? {
        "50" => Role::Debtor,
        "52" if customer => Role::DebtorAgent,
        "52" => Role::Debtor,
        "53" => Role::InstructingReimbursementAgent,
        "54" => Role::InstructedReimbursementAgent,
        "55" => Role::ThirdReimbursementAgent,
        "56" => Role::IntermediaryAgent,
        "57" => Role::CreditorAgent,
        "58" | "59" => Role::Creditor,
        _ => return None,
    })
}

/// Parses one MT message.
pub fn parse(text: &str, source: &str) -> Result<Message> {
    let b = blocks(text, source)?;
    let h = header(&b, source)?;
    let kind = kind(&h.mt, b.b3, source)?;
    let b4 =
        b.b4.ok_or_else(|| malformed(source, "{4}", "no text block"))?;
    let mut parties = Vec::new();
    for (bic, role, place) in [
        (&h.sender, Role::InstructingAgent, "{1}"),
        (&h.receiver, Role::InstructedAgent, "{2}"),
    ] {
        if let Some(bic) = bic {
            let mut p = Party::new(role, place);
            p.bics.push(Located::new(bic.clone(), place));
            parties.push(p);
        }
    }
    let mut texts = Vec::new();
    let mut reference = None;
    for f in fields(b4, kind == MessageKind::Mt202Cov, source)? {
        let seq_b = f.path.starts_with("{4}[B]");
        if let Some(role) = role(f.tag, kind, seq_b) {
            parties.push(party(&f, role));
            continue;
        }
        let text_kind = match f.tag {
            "20" => {
                reference = Some(clean(f.lines.first().copied().unwrap_or("")));
                continue;
            }
            "70" => TextKind::Remittance,
            "72" => TextKind::Instruction,
            "77B" => TextKind::Regulatory,
            _ => continue,
        };
        let joined = clean(&f.lines.join(" "));
        if !joined.is_empty() {
            texts.push(FreeText {
                kind: text_kind,
                text: Located::new(joined, f.path.clone()),
            });
        }
    }
    Ok(Message {
        source: source.to_string(),
        kind,
        version: None,
        reference,
        parties,
        texts,
    })
}

/// One party field, by option.
fn party(f: &Field, role: Role) -> Party {
    let mut p = Party::new(role, f.path.clone());
    let number: u8 = f.tag.get(..2).and_then(|n| n.parse().ok()).unwrap_or(0);
    if (52..=58).contains(&number) {
        p.kind = PartyKind::Institution;
    }
    let option = f.tag.get(2..).unwrap_or("");
    let line_path = |i: usize| format!("{}[{}]", f.path, i + 1);
    let mut lines = f.lines.iter().enumerate().peekable();
    // An optional party identifier or account line, always first and starting with '/'.
    if let Some((i, l)) = lines.peek().copied() {
        if l.starts_with('/') {
            let acct = l.trim_start_matches('/');
            // `/C/1234` (debit/credit mark, then account) or `/1234`.
            let acct = match acct.split_once('/') {
                Some((mark, a)) if mark.len() == 1 => a,
                _ => acct,
            };
            if !acct.trim().is_empty() {
                p.accounts.push(Located::new(clean(acct), line_path(i)));
            }
            lines.next();
        }
    }
    let rest: Vec<(usize, &str)> = lines.map(|(i, l)| (i, *l)).collect();
    match option {
        "A" => {
            if let Some((i, l)) = rest.first() {
                p.bics.push(Located::new(clean(l), line_path(*i)));
            }
            // A customer identified by BIC is an organisation.
            if p.kind != PartyKind::Institution {
                p.kind = PartyKind::Organisation;
            }
        }
        "F" => option_f(&mut p, &rest, &line_path),
        "C" => {}
        // B: a location; D, K and no letter: name and address lines.
        "B" => {
            for (i, l) in &rest {
                p.address.lines.push(Located::new(clean(l), line_path(*i)));
            }
        }
        _ => {
            let mut it = rest.iter();
            if let Some((i, l)) = it.next() {
                p.names.push(Located::new(clean(l), line_path(*i)));
            }
            for (i, l) in it {
                p.address.lines.push(Located::new(clean(l), line_path(*i)));
            }
        }
    }
    p
}

/// Option F: a party identifier (`CODE/CC/number`) then numbered lines `n/details`.
fn option_f(p: &mut Party, rest: &[(usize, &str)], line_path: &dyn Fn(usize) -> String) {
    let mut last = 0u8;
    for (i, l) in rest {
        let path = line_path(*i);
        let numbered = l.split_once('/').and_then(|(n, d)| {
            n.parse::<u8>()
                .ok()
                .filter(|_| n.len() == 1)
                .map(|n| (n, d))
        });
        let Some((n, details)) = numbered else {
            // The party identifier line: `NIDN/CC/123`, `CUST/CC/issuer/123`…
            if l.get(4..5) == Some("/") {
                p.ids.push(Located::new(clean(l), path));
            }
            continue;
        };
        let d = clean(details);
        match n {
            1 | 8 if last == 1 || n == 1 => match p.names.last_mut().filter(|_| last == 1) {
                Some(name) => {
                    name.value.push(' ');
                    name.value.push_str(&d);
                }
                None => p.names.push(Located::new(d, path)),
            },
            3 => {
                let (cc, town) = d.split_once('/').unwrap_or((d.as_str(), ""));
                p.address.country = Some(Located::new(cc.trim(), path.clone()));
                if !town.trim().is_empty() {
                    p.address
                        .towns
                        .push(Located::new(town.replace('/', " ").trim(), path));
                }
            }
            4 => {
                p.kind = PartyKind::Person;
                p.birth_dates.push(Located::new(mt_date(&d), path));
            }
            5 => {
                p.kind = PartyKind::Person;
                p.birth_places.push(Located::new(d.replace('/', " "), path));
            }
            6 | 7 => p.ids.push(Located::new(d, path)),
            _ => p.address.lines.push(Located::new(d, path)),
        }
        // An additional-details line (8/) continues whatever came before it.
        if n != 8 {
            last = n;
        }
    }
}

/// `19620714` → `1962-07-14`; anything else unchanged.
fn mt_date(d: &str) -> String {
    match (d.get(..4), d.get(4..6), d.get(6..8)) {
        (Some(y), Some(m), Some(dd)) if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{y}-{m}-{dd}")
        }
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MT103: &str =
        "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{108:REF}{119:STP}}{4:\r
:20:REF-1\r
:23B:CRED\r
:32A:261127EUR1000,00\r
:50F:/BE71096123456769\r
1/JOHN\r
1/SMITH\r
2/1 MAIN STREET\r
3/BE/BRUSSELS\r
4/19700102\r
:52A:BANKBEBB\r
:57A:/12345\r
BANKDEFF\r
:59:/DE89370400440532013000\r
ACME TRADING GMBH\r
HAUPTSTRASSE 1\r
BERLIN\r
:70:INVOICE 12\r
:71A:SHA\r
-}{5:{CHK:123456789ABC}}";

    #[test]
    fn mt103_fields_map_to_roles() {
        let m = parse(MT103, "m.fin").unwrap();
        assert_eq!(m.kind, MessageKind::Mt103Stp);
        assert_eq!(m.reference.as_deref(), Some("REF-1"));
        let roles: Vec<Role> = m.parties.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                Role::InstructingAgent,
                Role::InstructedAgent,
                Role::Debtor,
                Role::DebtorAgent,
                Role::CreditorAgent,
                Role::Creditor
            ]
        );
        assert_eq!(m.parties[0].bics[0].value, "BANKBEBB");
        let d = &m.parties[2];
        assert_eq!(d.names[0].value, "JOHN SMITH");
        assert_eq!(d.names[0].path, "{4}:50F:[2]");
        assert_eq!(d.kind, PartyKind::Person);
        assert_eq!(d.birth_dates[0].value, "1970-01-02");
        assert_eq!(d.address.country.as_ref().unwrap().value, "BE");
        assert_eq!(d.address.towns[0].value, "BRUSSELS");
        assert_eq!(m.parties[4].accounts[0].value, "12345");
        assert_eq!(m.parties[5].names[0].value, "ACME TRADING GMBH");
        assert_eq!(m.parties[5].address.lines.len(), 2);
        assert_eq!(m.texts[0].text.value, "INVOICE 12");
    }

    #[test]
    fn truncated_block_4_is_an_error_naming_the_block() {
        let cut = MT103.split("-}").next().unwrap();
        let err = parse(cut, "cut.fin").unwrap_err();
        assert!(err.to_string().contains("cut.fin"), "{err}");
        assert!(err.to_string().contains("{4}"), "{err}");
        let cut = "{1:F01BANKBEBBAXXX0000000000}{2:I103BANK";
        let err = parse(cut, "cut2.fin").unwrap_err();
        assert!(err.to_string().contains("{2}"), "{err}");
    }

    #[test]
    fn other_mt_types_are_unknown() {
        let m = MT103.replace("I103", "I940");
        let err = parse(&m, "x.fin").unwrap_err();
        assert!(matches!(err, PaymentError::UnknownType { ref found, .. } if found == "MT940"));
    }

    #[test]
    fn split_finds_each_message() {
        let two = format!("{MT103}\n{MT103}");
        assert_eq!(split(&two).len(), 2);
    }
}
