//! A payment message as the parsers read it: its type, its parties and its free text, every
//! value with the path where it was found.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The message types read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// ISO 20022 FI to FI customer credit transfer.
    Pacs008,
    /// ISO 20022 financial institution credit transfer.
    Pacs009,
    /// pacs.009 carrying an underlying customer credit transfer (cover).
    Pacs009Cov,
    /// ISO 20022 customer credit transfer initiation.
    Pain001,
    /// ISO 20022 payment return.
    Pacs004,
    /// SWIFT MT103 single customer credit transfer.
    Mt103,
    /// MT103 under the STP validation rules (block 3 field 119:STP).
    Mt103Stp,
    /// SWIFT MT202 general financial institution transfer.
    Mt202,
    /// MT202 cover payment (block 3 field 119:COV).
    Mt202Cov,
}

impl MessageKind {
    /// The name used in output (`pacs.008`, `MT202COV`).
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Pacs008 => "pacs.008",
            MessageKind::Pacs009 => "pacs.009",
            MessageKind::Pacs009Cov => "pacs.009 COV",
            MessageKind::Pain001 => "pain.001",
            MessageKind::Pacs004 => "pacs.004",
            MessageKind::Mt103 => "MT103",
            MessageKind::Mt103Stp => "MT103 STP",
            MessageKind::Mt202 => "MT202",
            MessageKind::Mt202Cov => "MT202COV",
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role a party plays in the payment (ISO 20022 names; MT fields map onto them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// `Dbtr`; MT 50a ordering customer (MT202: 52a ordering institution).
    Debtor,
    /// `Cdtr`; MT 59a beneficiary customer (MT202: 58a beneficiary institution).
    Creditor,
    /// `UltmtDbtr`.
    UltimateDebtor,
    /// `UltmtCdtr`.
    UltimateCreditor,
    /// `InitgPty`.
    InitiatingParty,
    /// `DbtrAgt`; MT 52a ordering institution.
    DebtorAgent,
    /// `CdtrAgt`; MT 57a account with institution.
    CreditorAgent,
    /// `IntrmyAgt1..3`; MT 56a intermediary.
    IntermediaryAgent,
    /// `InstgAgt`; MT sender.
    InstructingAgent,
    /// `InstdAgt`; MT receiver.
    InstructedAgent,
    /// `PrvsInstgAgt1..3`.
    PreviousInstructingAgent,
    /// `InstgRmbrsmntAgt`; MT 53a sender's correspondent.
    InstructingReimbursementAgent,
    /// `InstdRmbrsmntAgt`; MT 54a receiver's correspondent.
    InstructedReimbursementAgent,
    /// `ThrdRmbrsmntAgt`; MT 55a third reimbursement institution.
    ThirdReimbursementAgent,
}

impl Role {
    /// Banks in the chain, screened as organisations.
    pub fn is_agent(self) -> bool {
        !matches!(
            self,
            Role::Debtor
                | Role::Creditor
                | Role::UltimateDebtor
                | Role::UltimateCreditor
                | Role::InitiatingParty
        )
    }

    /// The role of an ISO 20022 party element (`Cdtr`, `IntrmyAgt2`), or of its account
    /// element (`CdtrAcct`) with `account` set.
    pub fn from_element(name: &str) -> Option<(Role, bool)> {
        let (base, account) = match name.strip_suffix("Acct") {
            Some(b) => (b, true),
            None => (name, false),
        };
        let role = match base {
            "Dbtr" => Role::Debtor,
            "Cdtr" => Role::Creditor,
            "UltmtDbtr" => Role::UltimateDebtor,
            "UltmtCdtr" => Role::UltimateCreditor,
            "InitgPty" => Role::InitiatingParty,
            "DbtrAgt" => Role::DebtorAgent,
            "CdtrAgt" => Role::CreditorAgent,
            "IntrmyAgt1" | "IntrmyAgt2" | "IntrmyAgt3" => Role::IntermediaryAgent,
            "InstgAgt" => Role::InstructingAgent,
            "InstdAgt" => Role::InstructedAgent,
            "PrvsInstgAgt1" | "PrvsInstgAgt2" | "PrvsInstgAgt3" => Role::PreviousInstructingAgent,
            "InstgRmbrsmntAgt" => Role::InstructingReimbursementAgent,
            "InstdRmbrsmntAgt" => Role::InstructedReimbursementAgent,
            "ThrdRmbrsmntAgt" => Role::ThirdReimbursementAgent,
            _ => return None,
        };
        Some((role, account))
    }
}

/// What kind of party the message says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// Not stated.
    #[default]
    Unknown,
    /// A natural person (`PrvtId`, a date or place of birth).
    Person,
    /// An organisation (`OrgId`).
    Organisation,
    /// A financial institution (`FinInstnId`, an MT institution field).
    Institution,
}

/// A value and where it was found (`/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/Cdtr/Nm`,
/// `{4}:59F:/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    /// The value, whitespace collapsed.
    pub value: String,
    /// Its path in the message.
    pub path: String,
}

impl Located {
    /// A value at a path.
    pub fn new(value: impl Into<String>, path: impl Into<String>) -> Self {
        Located {
            value: value.into(),
            path: path.into(),
        }
    }
}

/// A postal address, structured where the message structures it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    /// Street, building, post code, district: everything that is neither town nor country.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Located>,
    /// `TwnNm`, `TwnLctnNm`; MT option F line 3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub towns: Vec<Located>,
    /// `CtrySubDvsn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<Located>,
    /// `Ctry` (ISO 3166 alpha-2, upper case); MT option F line 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Located>,
    /// Unstructured lines: `AdrLine`, MT name-and-address lines after the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Located>,
}

impl PostalAddress {
    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
            && self.towns.is_empty()
            && self.subdivision.is_none()
            && self.country.is_none()
            && self.lines.is_empty()
    }
}

/// One party of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Its role.
    pub role: Role,
    /// The path of the party element (`…/CdtTrfTxInf[2]/Cdtr`, `{4}:59F:`).
    pub path: String,
    /// Person, organisation, institution.
    pub kind: PartyKind,
    /// Names (`Nm`, `FinInstnId/Nm`, MT name lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Located>,
    /// The postal address.
    #[serde(default, skip_serializing_if = "PostalAddress::is_empty")]
    pub address: PostalAddress,
    /// BICs (`BICFI`, `AnyBIC`, MT option A).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bics: Vec<Located>,
    /// LEIs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leis: Vec<Located>,
    /// Account ids (IBAN or other), from the party's account element or MT `/account` line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Located>,
    /// Dates of birth as written (`BirthDt`, MT 50F line 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<Located>,
    /// Places of birth (city, country).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<Located>,
    /// National ids, passports, customer and registration numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<Located>,
    /// Country of residence (`CtryOfRes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence: Option<Located>,
}

impl Party {
    /// An empty party.
    pub fn new(role: Role, path: impl Into<String>) -> Self {
        Party {
            role,
            path: path.into(),
            kind: if role.is_agent() {
                PartyKind::Institution
            } else {
                PartyKind::Unknown
            },
            names: Vec::new(),
            address: PostalAddress::default(),
            bics: Vec::new(),
            leis: Vec::new(),
            accounts: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            ids: Vec::new(),
            residence: None,
        }
    }
}

/// What a piece of free text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// `RmtInf`; MT 70.
    Remittance,
    /// `Purp`.
    Purpose,
    /// `InstrForCdtrAgt`, `InstrForNxtAgt`; MT 72.
    Instruction,
    /// `RgltryRptg`; MT 77B.
    Regulatory,
    /// pacs.004 `RtrRsnInf/AddtlInf`.
    ReturnReason,
}

/// A piece of free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeText {
    /// What it is.
    pub kind: TextKind,
    /// The text and its path.
    pub text: Located,
}

/// One parsed payment message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Where it came from (file name, `file#3` for the third message of a file).
    pub source: String,
    /// Its type.
    pub kind: MessageKind,
    /// The version (`pacs.008.001.08`; MT messages have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its reference (`GrpHdr/MsgId`, MT field 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Every party, in message order.
    pub parties: Vec<Party>,
    /// Remittance, purpose and instruction text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<FreeText>,
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_element_names() {
        assert_eq!(Role::from_element("Cdtr"), Some((Role::Creditor, false)));
        assert_eq!(Role::from_element("CdtrAcct"), Some((Role::Creditor, true)));
        assert_eq!(
            Role::from_element("IntrmyAgt2"),
            Some((Role::IntermediaryAgent, false))
        );
        assert_eq!(Role::from_element("Nm"), None);
        assert!(Role::CreditorAgent.is_agent());
        assert!(!Role::UltimateDebtor.is_agent());
    }
}
