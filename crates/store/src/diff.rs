//! Field-by-field comparison of two versions of an entity.

use namesake_model::Entity;
use serde_json::Value as Json;

use crate::types::{EntityChange, FieldChange};

/// The top-level fields of `after` that differ from `before`, comparing their JSON values.
/// Fields come in alphabetical order; a field absent on one side (empty lists are not
/// serialised) compares as `null`.
pub fn entity_change(before: &Entity, after: &Entity) -> EntityChange {
    let b = serde_json::to_value(before).unwrap_or(Json::Null);
    let a = serde_json::to_value(after).unwrap_or(Json::Null);
    let empty = serde_json::Map::new();
    let bm = b.as_object().unwrap_or(&empty);
    let am = a.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = am.keys().chain(bm.keys()).collect();
    keys.sort();
    keys.dedup();
    let fields = keys
        .into_iter()
        .filter_map(|k| {
            let bv = bm.get(k).cloned().unwrap_or(Json::Null);
            let av = am.get(k).cloned().unwrap_or(Json::Null);
            (bv != av).then(|| FieldChange {
                field: k.clone(),
                before: bv,
                after: av,
            })
        })
        .collect();
    EntityChange {
        entity_id: after.id.clone(),
        name: after.primary_name().unwrap_or("").to_string(),
        fields,
    }
}

/// For list-valued fields: the elements only in `before` and only in `after`.
pub fn array_delta(change: &FieldChange) -> Option<(Vec<&Json>, Vec<&Json>)> {
    let (Json::Array(b), Json::Array(a)) = (&change.before, &change.after) else {
        return None;
    };
    let removed = b.iter().filter(|x| !a.contains(x)).collect();
    let added = a.iter().filter(|x| !b.contains(x)).collect();
    Some((removed, added))
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::{Name, NameKind, Schema};

    #[test]
    fn reports_only_changed_fields() {
        let mut a = Entity::new("un", "1", Schema::Person);
        a.names.push(Name::new("Jane Roe", NameKind::Primary));
        a.programs.push("X".into());
        let mut b = a.clone();
        b.names.push(Name::new("J. Roe", NameKind::Alias));
        b.programs.clear();
        b.remarks.push("added remark".into());
        let c = entity_change(&a, &b);
        let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["names", "programs", "remarks"]);
        let names = &c.fields[0];
        let (removed, added) = array_delta(names).unwrap();
        assert!(removed.is_empty());
        assert_eq!(added.len(), 1);
        assert_eq!(added[0]["full"], "J. Roe");
        // `programs` disappears from `b`'s JSON (empty lists are skipped): before has it.
        assert_eq!(c.fields[1].after, Json::Null);
        assert!(entity_change(&a, &a).fields.is_empty());
    }
}
