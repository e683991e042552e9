use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::{DateSpec, ModelError, PartialDate};

/// What kind of party an entity is. `Unknown` is used in queries that do not say.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, Default,
)]
pub enum Schema {
    /// A natural person.
    Person,
    /// A company, organisation, group or other legal person.
    Organization,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
    /// Not stated (queries), or a list entry whose kind the publisher did not give.
    #[default]
    Unknown,
}

impl Schema {
    /// The FollowTheMoney schema name (`Person`, `Organization`, `Vessel`, `Airplane`, `LegalEntity`).
    pub fn ftm_name(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Vessel => "Vessel",
            Schema::Aircraft => "Airplane",
            Schema::Unknown => "LegalEntity",
        }
    }
    /// Lower-case name used on the command line and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "person",
            Schema::Organization => "organization",
            Schema::Vessel => "vessel",
            Schema::Aircraft => "aircraft",
            Schema::Unknown => "unknown",
        }
    }
    /// Whether an entity of schema `other` can be the party a query of schema `self` describes.
    pub fn compatible(self, other: Schema) -> bool {
        self == Schema::Unknown || other == Schema::Unknown || self == other
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Schema {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" | "people" | "natural person" => Ok(Schema::Person),
            "organization" | "organisation" | "company" | "entity" | "legalentity"
            | "legal entity" | "org" | "business" => Ok(Schema::Organization),
            "vessel" | "ship" => Ok(Schema::Vessel),
            "aircraft" | "airplane" => Ok(Schema::Aircraft),
            "" | "thing" | "unknown" | "any" => Ok(Schema::Unknown),
            _ => Err(ModelError::UnknownSchema(s.to_string())),
        }
    }
}

/// The role a name plays for its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum NameKind {
    /// The publisher's main name for the entity.
    #[default]
    Primary,
    /// An alias ("a.k.a."), of the quality given in [`Name::quality`].
    Alias,
    /// A former name ("f.k.a."), still screened.
    Former,
    /// The name written in its original script (Arabic, Cyrillic, Han…).
    OriginalScript,
}

/// How reliable the publisher says a name is: the UN's Good/Low, OFAC's strong/weak a.k.a.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum NameQuality {
    /// Strong, good quality, or not qualified by the publisher.
    #[default]
    Strong,
    /// Weak or low quality: broad, common or nickname-like; scored with a discount.
    Weak,
}

/// Structured parts of a name, where a list gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameParts {
    /// Given name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Middle name(s) or second given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle: Option<String>,
    /// Family name / surname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Patronymic or father's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
}

impl NameParts {
    /// True when no part is set.
    pub fn is_empty(&self) -> bool {
        self.given.is_none()
            && self.middle.is_none()
            && self.family.is_none()
            && self.patronymic.is_none()
    }
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// The name as the publisher wrote it (whitespace trimmed).
    pub full: String,
    /// Primary, alias, former or original-script name.
    pub kind: NameKind,
    /// Strong or weak.
    #[serde(default)]
    pub quality: NameQuality,
    /// Name parts, where the publisher gives them.
    #[serde(default, skip_serializing_if = "NameParts::is_empty")]
    pub parts: NameParts,
}

impl Name {
    /// A strong name of the given kind.
    pub fn new(full: impl Into<String>, kind: NameKind) -> Self {
        Name {
            full: full.into().trim().to_string(),
            kind,
            quality: NameQuality::Strong,
            parts: NameParts::default(),
        }
    }
    /// The same name marked weak.
    pub fn weak(mut self) -> Self {
        self.quality = NameQuality::Weak;
        self
    }
}

/// Male, female or other, as a list or query states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Any other value the publisher gives.
    Other,
}

impl Gender {
    /// Reads "male", "M", "female", "F", "erkek", "kadın"…; `None` for empty or unknown.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "m" | "male" | "man" | "erkek" => Some(Gender::Male),
            "f" | "female" | "woman" | "kadın" | "kadin" => Some(Gender::Female),
            "" | "unknown" | "u" | "-0-" | "n/a" => None,
            _ => Some(Gender::Other),
        }
    }
}

/// The kind of an identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum IdKind {
    /// Passport number.
    Passport,
    /// National identity number or card.
    NationalId,
    /// Tax number (TIN, VAT, INN…).
    Tax,
    /// Company or other registration number.
    Registration,
    /// IMO ship number.
    Imo,
    /// MMSI.
    Mmsi,
    /// Radio call sign.
    CallSign,
    /// Aircraft tail / registration mark or serial number.
    AircraftRegistration,
    /// SWIFT/BIC code.
    Swift,
    /// Any other identifier, with the publisher's label.
    Other(String),
    /// A UN Security Council reference number (`QDi.015`) that another list gives for the
    /// party it took from the UN list; it ties the entries of one party across lists.
    /// (Last, so that serialized data written before it keeps its variant numbers.)
    UnReference,
}

impl IdKind {
    /// Kinds for which an identical value is decisive evidence of identity.
    pub fn is_decisive(&self) -> bool {
        !matches!(self, IdKind::Other(_))
    }
}

/// An identifying number or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdKind,
    /// The value as published.
    pub value: String,
    /// Issuing country, ISO 3166 alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Any note the publisher attaches ("issued 2001", "expired").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Identifier {
    /// An identifier with no country or note.
    pub fn new(kind: IdKind, value: impl Into<String>) -> Self {
        Identifier {
            kind,
            value: value.into().trim().to_string(),
            country: None,
            note: None,
        }
    }
    /// The value reduced to ASCII letters and digits, upper case: the form compared.
    pub fn normalized(&self) -> String {
        normalize_identifier(&self.value)
    }
}

/// Reduces an identifier value to upper-case ASCII letters and digits ("A-123 456" → "A123456").
pub fn normalize_identifier(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A postal address or location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The address as one line, as published.
    pub full: String,
    /// City, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country, ISO 3166 alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A sanctioned or designated party from one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// `<list>:<publisher key>`.
    pub id: String,
    /// The list code (`un`, `ofac`, `ca`, `au`, `uk`, `tr-wanted`…).
    pub list: String,
    /// The publisher's own key (reference number, uid).
    pub key: String,
    /// Person, organisation, vessel or aircraft.
    pub schema: Schema,
    /// Names; the first [`NameKind::Primary`] is the caption.
    pub names: Vec<Name>,
    /// Dates of birth (persons) or of incorporation / build (others).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<DateSpec>,
    /// Places of birth as published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Nationalities, ISO 3166 alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    /// Citizenships, ISO 3166 alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenships: Vec<String>,
    /// Other associated countries (jurisdiction, residence, flag), alpha-2 lower case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Gender, persons only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Passports, national ids, IMO numbers…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Sanctions programmes or regimes (`SDGT`, `IRAQ2`, `Al-Qaida`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// When the publisher listed the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<PartialDate>,
    /// Free-text remarks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<String>,
    /// List-specific facts shown with every hit (e.g. `category` = `red` and `organisation` = `PKK/KCK`
    /// on Türkiye's wanted list, `legal_basis` on MASAK's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, String>,
}

/// The fact holding a photo of the person, as an absolute URL, where the list publishes one
/// (Türkiye's wanted list): shown with every hit.
pub const FACT_PHOTO_URL: &str = "photo_url";

impl Entity {
    /// An empty entity with id `<list>:<key>`.
    pub fn new(list: &str, key: &str, schema: Schema) -> Self {
        Entity {
            id: format!("{list}:{key}"),
            list: list.to_string(),
            key: key.to_string(),
            schema,
            names: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            citizenships: Vec::new(),
            countries: Vec::new(),
            gender: None,
            identifiers: Vec::new(),
            addresses: Vec::new(),
            programs: Vec::new(),
            listed_on: None,
            remarks: Vec::new(),
            facts: BTreeMap::new(),
        }
    }

    /// The caption: the first primary name, else the first name.
    pub fn primary_name(&self) -> Option<&str> {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.full.as_str())
    }

    /// Adds a name unless an equal string (case-insensitive) is already there; empty names are ignored.
    pub fn add_name(&mut self, name: Name) {
        if name.full.trim().is_empty() {
            return;
        }
        let lower = name.full.to_lowercase();
        if let Some(existing) = self
            .names
            .iter_mut()
            .find(|n| n.full.to_lowercase() == lower)
        {
            // A name given both as weak and strong counts as strong.
            if name.quality == NameQuality::Strong {
                existing.quality = NameQuality::Strong;
            }
            return;
        }
        self.names.push(name);
    }

    /// Adds a country code to `nationalities` unless present.
    pub fn add_nationality(&mut self, code: &str) {
        push_unique(&mut self.nationalities, code);
    }

    /// Adds a country code to `citizenships` unless present.
    pub fn add_citizenship(&mut self, code: &str) {
        push_unique(&mut self.citizenships, code);
    }

    /// Adds a country code to `countries` unless present.
    pub fn add_country(&mut self, code: &str) {
        push_unique(&mut self.countries, code);
    }

    /// Adds a date of birth unless an equal one is present.
    pub fn add_birth_date(&mut self, date: DateSpec) {
        if !self.birth_dates.contains(&date) {
            self.birth_dates.push(date);
        }
    }

    /// Every country the entity is tied to by nationality or citizenship.
    pub fn person_countries(&self) -> impl Iterator<Item = &str> {
        self.nationalities
            .iter()
            .chain(self.citizenships.iter())
            .map(String::as_str)
    }
}

fn push_unique(v: &mut Vec<String>, code: &str) {
    let code = code.trim().to_ascii_lowercase();
    if !code.is_empty() && !v.contains(&code) {
        v.push(code);
    }
}

/// What a parser knows about the list file it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListInfo {
    /// Short code used in entity ids (`un`, `ofac`).
    pub code: String,
    /// Human name ("UN Security Council Consolidated List").
    pub name: String,
    /// The format parser that read it (`un-xml`, `ofac-csv`…).
    pub format: String,
    /// Publication date stated in the file, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// Counts of entities by schema, for `namesake lists`.
pub fn count_by_schema(entities: &[Entity]) -> BTreeMap<Schema, usize> {
    let mut m = BTreeMap::new();
    for e in entities {
        *m.entry(e.schema).or_insert(0) += 1;
    }
    m
}
