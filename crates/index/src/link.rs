//! One party across lists.
//!
//! The UN's designations are copied by the EU, the UK, Canada, Australia and the US lists, each
//! under its own key. Entries that share a UN reference number (the UN list's own key, or an
//! [`IdKind::UnReference`] another list's reader found) or an identical strong identifier (an
//! IMO number, a SWIFT code, or a passport, national id or registration number issued by the
//! same country) are one party. [`Links::build`] groups them once, over the index's entities;
//! [`Links::merge`] turns a ranked hit list into one hit per party — the best-scoring entry,
//! listing every other list and id that carries the party ("also on: EU, UK, OFAC"). Callers
//! that need per-list hits simply do not merge.

use namesake_model::{normalize_identifier, Entity, IdKind, Schema};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::{Entities, Hit};

/// Another list's entry for the same party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedEntity {
    /// `<list>:<key>`.
    pub entity_id: String,
    /// The list code.
    pub list: String,
    /// Its primary name on that list.
    pub name: String,
}

/// Groups of entity positions that are one party.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Links {
    /// Entity position → group number (only entities with a partner).
    group_of: FxHashMap<u32, u32>,
    /// Group number → its members, in index order.
    members: Vec<Vec<u32>>,
}

/// The UN reference numbers an entity carries.
pub fn un_references(e: &Entity) -> impl Iterator<Item = String> + '_ {
    let own = (e.list == "un").then(|| e.key.clone());
    own.into_iter().chain(
        e.identifiers
            .iter()
            .filter(|i| i.kind == IdKind::UnReference)
            .map(|i| i.value.clone()),
    )
}

/// Whether a UN reference fits the entity's kind: `QDi.` numbers individuals, `QDe.` entities.
/// A publisher's slip (the 2018 UK list gives a person Al-Qaida's `QDe.004`) links nothing.
fn fits(e: &Entity, reference: &str) -> bool {
    match (reference.chars().nth(2), e.schema) {
        (Some('i'), Schema::Person | Schema::Unknown) => true,
        (Some('e'), Schema::Person) => false,
        (Some('e'), _) => true,
        _ => false,
    }
}

/// The keys under which two entities count as one party.
pub(crate) fn link_keys(e: &Entity) -> Vec<String> {
    let mut keys: Vec<String> = un_references(e)
        .filter(|r| fits(e, r))
        .map(|r| format!("un:{r}"))
        .collect();
    for id in &e.identifiers {
        let value = normalize_identifier(&id.value);
        if value.len() < 6 {
            continue;
        }
        let key = match (&id.kind, &id.country) {
            (IdKind::Imo, _) => format!("imo:{value}"),
            (IdKind::Swift, _) => format!("swift:{value}"),
            (IdKind::Passport | IdKind::NationalId | IdKind::Registration, Some(c)) => {
                format!("{:?}:{c}:{value}", id.kind)
            }
            _ => continue,
        };
        keys.push(key);
    }
    keys
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

impl Links {
    /// Groups `entities` (an index's, in index order) into parties. A key that two entries of
    /// one list carry links nothing: a list names each party once, so such a key is a
    /// publisher's slip (the 2018 UK list gives Kangbong Trading Daedong Credit Bank's
    /// `KPe.023`) or is shared by two parties (two people with one passport number), and linking
    /// through it would merge different parties.
    pub fn build<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Links {
        let mut keys = LinkKeys::default();
        for e in entities.into_iter().take(u32::MAX as usize) {
            keys.push(link_keys(e), &e.list);
        }
        keys.finish()
    }
}

/// Each entity's link keys and list, gathered one entity at a time (the index build reads each
/// entity once and keeps only these), then grouped by [`LinkKeys::finish`].
#[derive(Debug, Default)]
pub(crate) struct LinkKeys {
    /// Per entity, in index order: its link keys.
    keys: Vec<Vec<String>>,
    /// Per entity: its list, as a position in `codes`.
    lists: Vec<u32>,
    /// The list codes seen.
    codes: Vec<String>,
}

impl LinkKeys {
    /// Adds the next entity: its keys ([`link_keys`]) and list code.
    pub(crate) fn push(&mut self, keys: Vec<String>, list: &str) {
        let code = match self.codes.iter().position(|c| c == list) {
            Some(p) => p,
            None => {
                self.codes.push(list.to_string());
                self.codes.len() - 1
            }
        };
        self.keys.push(keys);
        self.lists.push(code as u32);
    }

    /// Groups the entities into parties (see [`Links::build`]).
    pub(crate) fn finish(self) -> Links {
        let LinkKeys { keys, lists, .. } = self;
        let n = u32::try_from(keys.len()).unwrap_or(u32::MAX);
        let mut carriers: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        for (list, ks) in lists.iter().zip(&keys) {
            for k in ks {
                carriers.entry(k.as_str()).or_default().push(*list);
            }
        }
        let ambiguous: std::collections::HashSet<&str> = carriers
            .into_iter()
            .filter(|(_, lists)| {
                let mut l = lists.clone();
                l.sort_unstable();
                l.dedup();
                l.len() < lists.len()
            })
            .map(|(k, _)| k)
            .collect();
        let mut parent: Vec<u32> = (0..n).collect();
        let mut first: FxHashMap<&str, u32> = FxHashMap::default();
        for (i, ks) in keys.iter().enumerate() {
            let i = i as u32;
            for key in ks.iter().map(String::as_str) {
                if ambiguous.contains(key) {
                    continue;
                }
                match first.get(key) {
                    Some(&j) => {
                        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                        if a != b {
                            parent[a.max(b) as usize] = a.min(b);
                        }
                    }
                    None => {
                        first.insert(key, i);
                    }
                }
            }
        }
        let mut by_root: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for i in 0..n {
            let r = find(&mut parent, i);
            by_root.entry(r).or_default().push(i);
        }
        let mut links = Links::default();
        let mut groups: Vec<Vec<u32>> = by_root.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        for g in groups {
            let number = links.members.len() as u32;
            for &m in &g {
                links.group_of.insert(m, number);
            }
            links.members.push(g);
        }
        links
    }
}

impl Links {
    /// The other entries of the party entity `i` belongs to (empty when it stands alone).
    pub fn partners(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        self.group_of
            .get(&i)
            .map(|&g| self.members[g as usize].as_slice())
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |&m| m != i)
    }

    /// Number of parties with entries on more than one list or under more than one key.
    pub fn group_count(&self) -> usize {
        self.members.len()
    }

    /// The other entries of entity `i`'s party as a hit names them, in index order.
    pub fn also_on(&self, i: u32, entities: Entities<'_>) -> Vec<LinkedEntity> {
        self.partners(i)
            .filter_map(|m| entities.get(m as usize))
            .map(|e| LinkedEntity {
                entity_id: e.id.clone(),
                list: e.list.clone(),
                name: e.primary_name().unwrap_or_default().to_string(),
            })
            .collect()
    }

    /// One hit per party, in the order of `hits` (ranked best first): the first hit of a party
    /// stands for it, scored by its best name, and names in [`Hit::also_on`] every other entry
    /// of the party — those that matched and those that did not. Later hits of the same party
    /// are dropped.
    pub fn merge(&self, hits: Vec<Hit>, entities: Entities<'_>) -> Vec<Hit> {
        let mut seen_groups = rustc_hash::FxHashSet::default();
        let mut out = Vec::with_capacity(hits.len());
        for mut hit in hits {
            if let Some(&g) = self.group_of.get(&hit.entity_index) {
                if !seen_groups.insert(g) {
                    continue;
                }
            }
            hit.also_on = self.also_on(hit.entity_index, entities);
            out.push(hit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::{Identifier, Name, NameKind};

    fn entity(list: &str, key: &str, ids: &[(IdKind, &str, Option<&str>)]) -> Entity {
        let mut e = Entity::new(list, key, Schema::Person);
        e.names
            .push(Name::new(format!("{list} {key}"), NameKind::Primary));
        for (kind, value, country) in ids {
            let mut id = Identifier::new(kind.clone(), *value);
            id.country = country.map(str::to_string);
            e.identifiers.push(id);
        }
        e
    }

    #[test]
    fn un_reference_and_strong_ids_link() {
        let entities = vec![
            entity("un", "QDi.015", &[]),
            entity("eu", "EU.1.2", &[(IdKind::UnReference, "QDi.015", None)]),
            entity("uk", "CTE1", &[(IdKind::Passport, "A1234567", Some("iq"))]),
            entity(
                "ofac",
                "9",
                &[
                    (IdKind::Passport, "A 1234567", Some("iq")),
                    (IdKind::UnReference, "QDi.015", None),
                ],
            ),
            // Same passport number, no issuing country: too weak to link.
            entity("ca", "7", &[(IdKind::Passport, "A1234567", None)]),
            entity("au", "3", &[(IdKind::UnReference, "QDi.016", None)]),
            // A person given an entity's reference (a publisher's slip): not linked.
            entity("uk", "13349", &[(IdKind::UnReference, "QDe.004", None)]),
            entity("un", "QDe.004", &[]),
        ];
        let links = Links::build(&entities);
        assert_eq!(links.group_count(), 1);
        let partners: Vec<u32> = links.partners(0).collect();
        assert_eq!(partners, vec![1, 2, 3]);
        assert_eq!(links.partners(4).count(), 0);
        assert_eq!(links.partners(5).count(), 0);
        assert_eq!(links.partners(6).count(), 0, "QDe. on a person");
    }

    /// The 2018 UK list gives Kangbong Trading the reference of Daedong Credit Bank (`KPe.023`),
    /// which it also gives Daedong Credit Bank: a key two entries of one list carry links nothing.
    #[test]
    fn a_key_two_entries_of_one_list_carry_links_nothing() {
        let entities = vec![
            entity("un", "KPi.023", &[]),
            entity("uk", "1", &[(IdKind::UnReference, "KPi.023", None)]),
            entity("uk", "2", &[(IdKind::UnReference, "KPi.023", None)]),
            entity(
                "un",
                "IRi.003",
                &[(IdKind::Passport, "D9008844", Some("ir"))],
            ),
            entity(
                "un",
                "IRi.041",
                &[(IdKind::Passport, "D9008844", Some("ir"))],
            ),
        ];
        let links = Links::build(&entities);
        assert_eq!(links.group_count(), 0);
    }
}
