//! Schema migration 2: lists keyed by what they are.
//!
//! Before it, both of OFAC's publications were recorded as list `ofac`, so importing the
//! consolidated non-SDN list made the SDN list's version stale and its entities dropped out of
//! screening. This step gives every OFAC version the code of its content (`ofac-sdn` or
//! `ofac-cons`, by [`ofac_publication`]), so both become current side by side; versions
//! imported under a name of the user's choosing (`--as`) keep that name. Every stored entity
//! is labelled with the key of the version holding it (the name hits show), and decisions and
//! alerts that carried the old entity hashes carry the new ones, so a false positive stays
//! suppressed. Re-screening runs remember the versions they saw under the new keys. The audit
//! log is history and is left as it was.

use std::collections::{BTreeMap, HashMap};

use namesake_model::lists::ofac_publication;
use namesake_model::{Entity, ListInfo};

use crate::backend::{Backend, Value};
use crate::error::{Result, StoreError};
use crate::hashing::entity_hash;

/// The key OFAC versions were stored under before this migration.
const OLD_OFAC_KEY: &str = "ofac";

fn data_err(b: &dyn Backend, what: String) -> StoreError {
    StoreError::Data {
        location: b.location().to_string(),
        what,
    }
}

/// One stored version as the migration sees it.
struct StoredVersion {
    id: i64,
    key: String,
    info: ListInfo,
}

/// Relabels lists and entities (see the module documentation). Runs inside the migration's
/// transaction.
pub(crate) fn label_lists_by_content(b: &mut dyn Backend) -> Result<()> {
    let mut versions = Vec::new();
    for r in b.query(
        "SELECT id, list_code, info FROM list_versions ORDER BY id",
        &[],
    )? {
        let id = r.int(0)?;
        let info: ListInfo = serde_json::from_str(&r.text(2)?)
            .map_err(|e| data_err(b, format!("list version {id}: unreadable info ({e})")))?;
        versions.push(StoredVersion {
            id,
            key: r.text(1)?,
            info,
        });
    }
    let mut new_keys: HashMap<i64, String> = HashMap::new();
    for v in versions {
        let is_ofac = v.info.format.starts_with("ofac-");
        if !is_ofac && v.key == v.info.code {
            continue; // entities already carry the key
        }
        let mut entities = load_entities(b, v.id)?;
        let mut info = v.info.clone();
        if is_ofac {
            let es: Vec<Entity> = entities.iter().map(|(_, _, e)| e.clone()).collect();
            let list = ofac_publication(&es);
            info.code = list.code.to_string();
            info.name = list.name.to_string();
        }
        let key = if v.key == OLD_OFAC_KEY && is_ofac {
            info.code.clone()
        } else {
            v.key.clone()
        };
        relabel_entities(b, v.id, &key, &mut entities)?;
        b.execute(
            "UPDATE list_versions SET list_code = $1, info = $2 WHERE id = $3",
            &[
                key.as_str().into(),
                serde_json::to_string(&info)
                    .map_err(|e| data_err(b, format!("list version {}: {e}", v.id)))?
                    .into(),
                Value::Int(v.id),
            ],
        )?;
        if key != v.key {
            new_keys.insert(v.id, key);
        }
    }
    rekey_rescreen_runs(b, &new_keys)
}

/// `(entity id, content hash, entity)` of every entity of a version.
fn load_entities(b: &mut dyn Backend, version: i64) -> Result<Vec<(String, String, Entity)>> {
    let rows = b.query(
        "SELECT entity_id, content_hash, json FROM entities WHERE version_id = $1",
        &[Value::Int(version)],
    )?;
    rows.iter()
        .map(|r| {
            let id = r.text(0)?;
            let e: Entity = serde_json::from_str(&r.text(2)?).map_err(|err| {
                data_err(
                    b,
                    format!("version {version}, entity {id}: unreadable ({err})"),
                )
            })?;
            Ok((id, r.text(1)?, e))
        })
        .collect()
}

/// Sets each entity's list to `key`, rewriting its JSON and hash, and the decisions and alerts
/// that named the old hash.
fn relabel_entities(
    b: &mut dyn Backend,
    version: i64,
    key: &str,
    entities: &mut [(String, String, Entity)],
) -> Result<()> {
    let has_rows = |b: &mut dyn Backend, table: &str| -> Result<bool> {
        Ok(!b
            .query(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?
            .is_empty())
    };
    let decisions = has_rows(b, "decisions")?;
    let alerts = has_rows(b, "rescreen_alerts")?;
    for (id, old_hash, e) in entities.iter_mut() {
        if e.list == key {
            continue;
        }
        e.list = key.to_string();
        let json = serde_json::to_string(e)
            .map_err(|err| data_err(b, format!("version {version}, entity {id}: {err}")))?;
        let new_hash = entity_hash(e);
        b.execute(
            "UPDATE entities SET json = $1, content_hash = $2 WHERE version_id = $3 AND entity_id = $4",
            &[json.into(), new_hash.as_str().into(), Value::Int(version), id.as_str().into()],
        )?;
        for (table, wanted) in [("decisions", decisions), ("rescreen_alerts", alerts)] {
            if wanted {
                b.execute(
                    &format!("UPDATE {table} SET entity_hash = $1 WHERE entity_id = $2 AND entity_hash = $3"),
                    &[new_hash.as_str().into(), id.as_str().into(), old_hash.as_str().into()],
                )?;
            }
        }
    }
    Ok(())
}

/// Renames the list keys re-screening runs recorded, by the version id each one saw.
fn rekey_rescreen_runs(b: &mut dyn Backend, new_keys: &HashMap<i64, String>) -> Result<()> {
    if new_keys.is_empty() {
        return Ok(());
    }
    for r in b.query("SELECT id, list_versions FROM rescreen_runs", &[])? {
        let id = r.int(0)?;
        let seen: BTreeMap<String, i64> = serde_json::from_str(&r.text(1)?).map_err(|e| {
            data_err(
                b,
                format!("rescreen run {id}: unreadable list versions ({e})"),
            )
        })?;
        let renamed: BTreeMap<String, i64> = seen
            .iter()
            .map(|(k, v)| (new_keys.get(v).cloned().unwrap_or_else(|| k.clone()), *v))
            .collect();
        if renamed != seen {
            let json = serde_json::to_string(&renamed)
                .map_err(|e| data_err(b, format!("rescreen run {id}: {e}")))?;
            b.execute(
                "UPDATE rescreen_runs SET list_versions = $1 WHERE id = $2",
                &[json.into(), Value::Int(id)],
            )?;
        }
    }
    Ok(())
}
