//! The entity model of namesake.
//!
//! Every list parser produces [`Entity`] values; the matcher, index, store and server consume
//! them. An entity's id is `<list>:<publisher key>` (`un:QDi.015`, `ofac:9639`).
//!
//! ```
//! use namesake_model::{Entity, Name, NameKind, Schema, DateSpec};
//! let mut e = Entity::new("un", "QDi.015", Schema::Person);
//! e.names.push(Name::new("Abu Bakr al-Baghdadi", NameKind::Primary));
//! e.birth_dates.push(DateSpec::parse("1971-07-28").unwrap());
//! assert_eq!(e.id, "un:QDi.015");
//! assert_eq!(e.primary_name(), Some("Abu Bakr al-Baghdadi"));
//! ```
#![warn(missing_docs)]

pub mod country;
pub mod date;
mod entity;
pub mod ftm;
pub mod lists;
mod query;

pub use date::{DateSpec, PartialDate};
pub use entity::*;
pub use query::Query;

/// Errors from parsing model values (dates, countries, schemas).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// A date string that is not a date in any form namesake understands.
    #[error("invalid date {0:?}: expected YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY, 'circa YYYY' or 'YYYY-YYYY'")]
    InvalidDate(String),
    /// A schema name that is not one of Person, Organization, Vessel, Aircraft, LegalEntity.
    #[error("unknown schema {0:?}: expected Person, Organization, LegalEntity, Company, Vessel or Aircraft")]
    UnknownSchema(String),
    /// An FtM schema that names no party to screen (Address, Sanction, Ownership…).
    #[error("schema {0:?} cannot be screened: use Person, Organization, Company, LegalEntity, Vessel or Airplane")]
    UnscreenableSchema(String),
}
