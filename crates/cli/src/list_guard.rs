//! What `import` and `update` check before a file becomes the next version of a stored list:
//! its content is the list the code names (or the list stored under it so far), and it does not
//! drop more than half of the list's entities. `--force` records it anyway, saying why it would
//! have been refused.

use anyhow::bail;
use namesake_sources::identity::{check_new_version, Previous};
use namesake_sources::ParsedList;
use namesake_store::Store;

/// Checks `parsed` as the next version of list `key` and labels its entities with `key` (the
/// name hits show). `what` names the file or download in messages.
pub fn prepare_version(
    store: &dyn Store,
    key: &str,
    parsed: &mut ParsedList,
    force: bool,
    what: &str,
) -> anyhow::Result<()> {
    let previous = store
        .current_versions()?
        .into_iter()
        .find(|v| v.list == key)
        .map(|v| Previous {
            identity: v.info.code,
            entities: v.entity_count,
        });
    if let Err(refusal) = check_new_version(
        key,
        &parsed.info.code,
        parsed.entities.len(),
        previous.as_ref(),
    ) {
        if !force {
            bail!("{what}: not recorded as {key}: {refusal}; pass --force to record it anyway");
        }
        eprintln!("warning: {what}: recorded as {key} although {refusal} (--force)");
    }
    for e in &mut parsed.entities {
        if e.list != key {
            e.list = key.to_string();
        }
    }
    Ok(())
}
