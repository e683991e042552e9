//! What a list is, and whether a new file may become the next version of a stored list.
//!
//! Each [`ListFormat`](crate::ListFormat) declares the lists it reads ([`ListFormat::lists`]
//! (crate::ListFormat::lists)); a parsed file's `info.code` is one of them, decided from the
//! content (OFAC's SDN and consolidated lists share one schema: [`ofac_publication`] tells them
//! apart). Own lists declare none: their code comes from the file.
//!
//! [`check_new_version`] is the rule `import` and `update` share: a file whose content is another
//! list than the code it would be recorded under, or that drops more than half of the list's
//! entities, is refused unless forced.
//!
//! ```
//! use namesake_sources::identity::{check_new_version, known_list, Previous};
//! assert_eq!(known_list("ofac-sdn").map(|l| l.code), Some("ofac-sdn"));
//! let prev = Previous { identity: "ofac-sdn".into(), entities: 8976 };
//! let refusal = check_new_version("ofac-sdn", "ofac-cons", 442, Some(&prev)).unwrap_err();
//! assert!(refusal.to_string().contains("ofac-cons"));
//! ```

pub use namesake_model::lists::{ofac_publication, KnownList, OFAC_CONS, OFAC_SDN};

/// UN Security Council Consolidated List.
pub const UN: KnownList = KnownList {
    code: "un",
    name: "UN Security Council Consolidated List",
};
/// Canada's Consolidated Autonomous Sanctions List.
pub const CA: KnownList = KnownList {
    code: "ca",
    name: "Canada Consolidated Autonomous Sanctions List",
};
/// Australia's DFAT Consolidated List.
pub const AU: KnownList = KnownList {
    code: "au",
    name: "Australia DFAT Consolidated List",
};
/// The UK's OFSI Consolidated List.
pub const UK: KnownList = KnownList {
    code: "uk",
    name: "UK OFSI Consolidated List of Financial Sanctions Targets",
};
/// The EU's Consolidated Financial Sanctions List (the FSF files, CSV or XML).
pub const EU: KnownList = KnownList {
    code: "eu",
    name: "EU Consolidated Financial Sanctions List",
};
/// The UK Sanctions List (FCDO), which replaced the OFSI Consolidated List on 2026-01-28: one
/// list over time, so both publications are versions of one code.
pub const UK_SANCTIONS_LIST: KnownList = KnownList {
    code: UK.code,
    name: "UK Sanctions List (FCDO)",
};
/// The US Consolidated Screening List (trade.gov).
pub const US_CSL: KnownList = KnownList {
    code: "us-csl",
    name: "US Consolidated Screening List",
};
/// The US Bureau of Industry and Security's Denied Persons List.
pub const US_DPL: KnownList = KnownList {
    code: "us-dpl",
    name: "US BIS Denied Persons List",
};
/// Türkiye's Ministry of Interior terrorism wanted list.
pub const TR_WANTED: KnownList = KnownList {
    code: "tr-wanted",
    name: "Türkiye Ministry of Interior terrorism wanted list",
};
/// Türkiye's MASAK asset-freeze decisions.
pub const MASAK: KnownList = KnownList {
    code: "masak",
    name: "MASAK asset-freeze decisions (Law 6415 / Law 7262)",
};
/// FollowTheMoney entities (OpenSanctions datasets).
pub const FTM: KnownList = KnownList {
    code: "ftm",
    name: "FollowTheMoney entities",
};

/// A fraction of the previous entity count below which a new version is taken for a broken or
/// wrong file rather than an update.
pub const MIN_SHARE_OF_PREVIOUS: f64 = 0.5;

/// Every list some registered format declares, each once, in registry order.
pub fn known_lists() -> Vec<KnownList> {
    let mut out: Vec<KnownList> = Vec::new();
    for l in crate::formats().iter().flat_map(|f| f.lists()) {
        if !out.iter().any(|k| k.code == l.code) {
            out.push(*l);
        }
    }
    out
}

/// The known list with this code.
pub fn known_list(code: &str) -> Option<KnownList> {
    known_lists().into_iter().find(|l| l.code == code)
}

/// What the store holds under a code: the content identity of its current version and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// The code the current version's content was identified as (its `info.code`).
    pub identity: String,
    /// Its number of entities.
    pub entities: u64,
}

/// Why a file may not become the next version of a list (`--force` overrides).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The content is another list than the code says.
    #[error("the file is the {content} list{}, not {code}{}", name_of(.content), name_of(.code))]
    DifferentList {
        /// The code it would be recorded under.
        code: String,
        /// The list its content is.
        content: String,
    },
    /// Most of the list's entities would drop out of screening.
    #[error("it holds {now} entities where the current version of {code} holds {previous}: more than half would drop out of screening")]
    Shrunk {
        /// The list.
        code: String,
        /// Entities in the current version.
        previous: u64,
        /// Entities in the new file.
        now: u64,
    },
}

fn name_of(code: &str) -> String {
    known_list(code)
        .map(|l| format!(" ({})", l.name))
        .unwrap_or_default()
}

/// Whether a file whose content is list `content` with `entities` entities may be recorded
/// under `code`, where the store's current version of `code` is `previous`.
pub fn check_new_version(
    code: &str,
    content: &str,
    entities: usize,
    previous: Option<&Previous>,
) -> Result<(), Refusal> {
    // A known code names what the content must be; any other code, what it was before.
    if known_list(code).is_some() && content != code {
        return Err(Refusal::DifferentList {
            code: code.to_string(),
            content: content.to_string(),
        });
    }
    if let Some(p) = previous {
        if p.identity != content {
            return Err(Refusal::DifferentList {
                code: format!("{code} (which holds the {} list)", p.identity),
                content: content.to_string(),
            });
        }
        let floor = (p.entities as f64 * MIN_SHARE_OF_PREVIOUS).ceil() as u64;
        if (entities as u64) < floor {
            return Err(Refusal::Shrunk {
                code: code.to_string(),
                previous: p.entities,
                now: entities as u64,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_declares_distinct_known_codes() {
        let codes: Vec<&str> = known_lists().iter().map(|l| l.code).collect();
        for c in [
            "un",
            "ofac-sdn",
            "ofac-cons",
            "ca",
            "au",
            "uk",
            "tr-wanted",
            "masak",
            "ftm",
        ] {
            assert!(codes.contains(&c), "no format declares {c}: {codes:?}");
        }
    }

    #[test]
    fn consolidated_content_under_the_sdn_code_is_refused() {
        let r = check_new_version("ofac-sdn", "ofac-cons", 442, None).unwrap_err();
        assert!(matches!(r, Refusal::DifferentList { .. }), "{r}");
        assert!(r.to_string().contains("OFAC Consolidated"), "{r}");
    }

    #[test]
    fn own_list_code_keeps_its_first_content() {
        let prev = Previous {
            identity: "blocklist".into(),
            entities: 10,
        };
        assert!(check_new_version("blocklist", "blocklist", 9, Some(&prev)).is_ok());
        let r = check_new_version("blocklist", "un", 1000, Some(&prev)).unwrap_err();
        assert!(r.to_string().contains("holds the blocklist list"), "{r}");
    }

    #[test]
    fn losing_more_than_half_is_refused_half_is_not() {
        let prev = Previous {
            identity: "un".into(),
            entities: 1000,
        };
        assert!(check_new_version("un", "un", 500, Some(&prev)).is_ok());
        let r = check_new_version("un", "un", 499, Some(&prev)).unwrap_err();
        assert_eq!(
            r,
            Refusal::Shrunk {
                code: "un".into(),
                previous: 1000,
                now: 499
            }
        );
    }
}
