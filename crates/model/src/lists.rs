//! List identity: what a list *is* (a code and a full name), and the one rule that tells OFAC's
//! two publications apart by their content.
//!
//! Every list namesake knows has a code derived from what it is (`un`, `ofac-sdn`, `ofac-cons`,
//! `uk`, `tr-wanted`…), declared by the format that reads it. The code keys list versions in the
//! store, names the list on hits, and is what `namesake update` fetches. OFAC publishes the SDN
//! list and the consolidated non-SDN lists in one schema, so the code of an OFAC file is decided
//! here, from its entities; the store's migration of old `ofac` versions uses the same rule.
//!
//! ```
//! use namesake_model::lists::{ofac_publication, OFAC_CONS};
//! use namesake_model::{Entity, Schema};
//! let mut e = Entity::new("ofac", "9639", Schema::Person);
//! e.programs.push("NS-PLC".into());
//! assert_eq!(ofac_publication(&[e]), &OFAC_CONS);
//! ```

use crate::Entity;

/// A list by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KnownList {
    /// Short code: list versions are stored and hits are labelled under it.
    pub code: &'static str,
    /// The publisher's full name of the list.
    pub name: &'static str,
}

/// OFAC's Specially Designated Nationals and Blocked Persons List (blocking).
pub const OFAC_SDN: KnownList = KnownList {
    code: "ofac-sdn",
    name: "OFAC Specially Designated Nationals and Blocked Persons List",
};

/// OFAC's Consolidated Sanctions List of non-SDN lists (SSI, NS-PLC, NS-CMIC, FSE, 561…).
pub const OFAC_CONS: KnownList = KnownList {
    code: "ofac-cons",
    name: "OFAC Consolidated Sanctions List (non-SDN lists)",
};

/// Programme tags only the non-SDN lists carry (Non-SDN Palestinian Legislative Council,
/// Chinese Military-Industrial Complex, Foreign Sanctions Evaders, Part 561).
const NON_SDN_PROGRAMME_PREFIXES: [&str; 4] = ["NS-", "CMIC", "FSE-", "561"];

/// Text OFAC writes on Sectoral Sanctions Identifications entries (in remarks, identifier
/// notes, or fact names made from its id labels), which make up most of the consolidated list;
/// compared lower-case with `_` read as a space.
const NON_SDN_MARKERS: [&str; 2] = ["directive determination", "directive information"];

/// Whether one OFAC entry carries a mark of the non-SDN lists.
pub fn ofac_entry_is_non_sdn(e: &Entity) -> bool {
    let programme = e.programs.iter().any(|p| {
        let p = p.trim();
        NON_SDN_PROGRAMME_PREFIXES.iter().any(|x| p.starts_with(x))
    });
    let marked = |s: &str| {
        let s = s.to_lowercase().replace('_', " ");
        NON_SDN_MARKERS.iter().any(|m| s.contains(m))
    };
    programme
        || e.remarks.iter().any(|r| marked(r))
        || e.facts.iter().any(|(k, v)| marked(k) || marked(v))
        || e.identifiers
            .iter()
            .any(|i| marked(&i.value) || i.note.as_deref().is_some_and(marked))
}

/// Which OFAC publication a set of OFAC entries is: the consolidated non-SDN list when most
/// entries carry a non-SDN mark (98% of the 2025 consolidated list does), the SDN list otherwise
/// (under 0.1% of SDN entries do: the few listed on both).
pub fn ofac_publication(entities: &[Entity]) -> &'static KnownList {
    let marked = entities.iter().filter(|e| ofac_entry_is_non_sdn(e)).count();
    if !entities.is_empty() && marked * 2 > entities.len() {
        &OFAC_CONS
    } else {
        &OFAC_SDN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schema;

    fn entry(programme: &str) -> Entity {
        let mut e = Entity::new("ofac", programme, Schema::Organization);
        e.programs.push(programme.into());
        e
    }

    #[test]
    fn a_few_non_sdn_marks_do_not_make_the_sdn_list_consolidated() {
        let mut es: Vec<Entity> = (0..10).map(|_| entry("SDGT")).collect();
        es.push(entry("NS-PLC"));
        assert_eq!(ofac_publication(&es), &OFAC_SDN);
    }

    #[test]
    fn directive_remarks_mark_sectoral_entries() {
        let mut e = entry("UKRAINE-EO13662");
        assert!(!ofac_entry_is_non_sdn(&e));
        e.remarks
            .push("Executive Order 13662 Directive Determination - Subject to Directive 1".into());
        assert!(ofac_entry_is_non_sdn(&e));
        assert_eq!(ofac_publication(&[e]), &OFAC_CONS);
    }

    #[test]
    fn an_empty_file_is_not_called_consolidated() {
        assert_eq!(ofac_publication(&[]), &OFAC_SDN);
    }
}
