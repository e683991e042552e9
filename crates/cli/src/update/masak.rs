//! `namesake update masak`: MASAK's asset-freeze tables, found on its article pages.
//!
//! MASAK publishes each decision's table under a new file name, linked from one page per
//! article of Law 6415 (5: UN Security Council decisions, 6: foreign states' requests,
//! 7: domestic decisions). Each configured URL is fetched: a web page is searched for links to
//! `.xlsx` / `.xls` tables, each of which is downloaded; anything else is taken for a table
//! itself (a mirror, or a config pointing straight at one file). The tables are kept under
//! `lists/masak/tables/` by content hash, beside a manifest naming each one's URL, page and
//! legal basis ([`namesake_sources::masak_set`]); the manifest is checked like any download
//! (every table read, none truncated, not suddenly half the entities) and renamed into place
//! last, so a failure leaves the previous manifest and its tables as they were. Tables that no
//! manifest names any more are then removed.
//!
//! No conditional requests: the pages are small and the table links are what changes; the
//! manifest's hash tells an unchanged publication apart.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use namesake_sources::masak_set::{self, Manifest, TableRef};
use namesake_store::Store;
use url::Url;

use super::links::{file_name, page_tables};
use super::{
    check, ensure_imported, import, list_dir, read_state, touch_state, write_atomic, write_state,
};
use super::{download, FetchState, Report, SourceConfig};
use crate::i18n::tf;

/// Where the tables are kept, beside the manifest.
const TABLES: &str = "tables";

/// A table as downloaded.
struct Fetched {
    url: Url,
    page: Option<String>,
    basis: Option<String>,
    body: Vec<u8>,
}

/// The URLs a MASAK source is fetched from: `url`, then `urls`.
fn locations(src: &SourceConfig) -> Vec<&str> {
    std::iter::once(src.url.as_str())
        .chain(src.urls.iter().map(String::as_str))
        .filter(|u| !u.trim().is_empty())
        .collect()
}

/// Fetches every table the configured pages link (or the configured tables themselves) and
/// records them as one version of the list.
pub(super) fn update(src: &SourceConfig, store: &dyn Store, force: bool) -> anyhow::Result<Report> {
    let dir = list_dir(&src.code)?;
    std::fs::create_dir_all(dir.join(TABLES))
        .with_context(|| format!("cannot create {}", dir.join(TABLES).display()))?;
    let file_name = src
        .file
        .clone()
        .unwrap_or_else(|| "masak_tables.json".into());
    let target = dir.join(&file_name);
    let location = locations(src).join(" ");
    // Messages name every page: a table may come from any of them.
    let shown = SourceConfig {
        url: location.clone(),
        ..src.clone()
    };
    let previous = read_state(&dir).filter(|s| s.url == location && target.is_file());

    let staging = dir.join(format!(".{file_name}.part"));
    let outcome = fetch_and_stage(src, &dir, &staging).and_then(|manifest| {
        let mut parsed = check(&staging, &shown, previous.as_ref())?;
        let what = format!("the tables from {location}");
        crate::list_guard::prepare_version(store, &src.code, &mut parsed, force, &what)?;
        Ok((manifest, parsed))
    });
    let (manifest, parsed) = match outcome {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            remove_unreferenced(&dir, &target);
            return Err(e);
        }
    };
    let sha = namesake_store::sha256_hex(&manifest);
    if previous.as_ref().is_some_and(|p| p.sha256 == sha) {
        let _ = std::fs::remove_file(&staging);
        remove_unreferenced(&dir, &target);
        return ensure_imported(&shown, store, &target, "the same tables as the last fetch")
            .and_then(|r| touch_state(&dir).map(|_| r));
    }
    std::fs::rename(&staging, &target)
        .with_context(|| format!("cannot move the manifest into {}", target.display()))?;
    let report = import(&shown, store, &target, &parsed)?;
    let state = FetchState {
        url: location,
        etag: None,
        last_modified: None,
        sha256: sha,
        entities: parsed.entities.len(),
        fetched_at: namesake_store::now_rfc3339(),
    };
    write_state(&dir, &state)?;
    remove_unreferenced(&dir, &target);
    Ok(report)
}

/// Downloads the tables, keeps each under its content hash and writes the manifest to
/// `staging`; returns the manifest's bytes.
fn fetch_and_stage(src: &SourceConfig, dir: &Path, staging: &Path) -> anyhow::Result<Vec<u8>> {
    let agent = super::agent();
    let mut refs = Vec::new();
    for t in collect(&agent, src)? {
        let name = file_name(&t.url);
        let file = keep_table(&dir.join(TABLES), &name, &t.body)?;
        refs.push(TableRef {
            file: format!("{TABLES}/{file}"),
            name,
            url: t.url.to_string(),
            page: t.page,
            basis: t.basis,
        });
    }
    let bytes = serde_json::to_vec_pretty(&Manifest::new(refs))?;
    std::fs::write(staging, &bytes)
        .with_context(|| format!("cannot write {}", staging.display()))?;
    Ok(bytes)
}

/// Every table: those linked from each page, and each location that is a table itself.
fn collect(agent: &ureq::Agent, src: &SourceConfig) -> anyhow::Result<Vec<Fetched>> {
    let mut seen: HashSet<Url> = HashSet::new();
    let mut tables = Vec::new();
    for location in locations(src) {
        let url = Url::parse(location).with_context(|| format!("{location:?} is not a URL"))?;
        let body = get(agent, src, &url)?;
        if !is_html(&body) {
            if seen.insert(url.clone()) {
                tables.push(Fetched {
                    url,
                    page: None,
                    basis: None,
                    body,
                });
            }
            continue;
        }
        let found = page_tables(&String::from_utf8_lossy(&body), &url);
        if found.tables.is_empty() {
            bail!(tf("update_no_tables", &[("page", &location)]));
        }
        for table in found.tables {
            if !seen.insert(table.clone()) {
                continue;
            }
            let body = get(agent, src, &table)?;
            if is_html(&body) {
                bail!(tf(
                    "update_table_is_page",
                    &[("url", &table), ("page", &location)]
                ));
            }
            tables.push(Fetched {
                url: table,
                page: Some(location.to_string()),
                basis: found.basis.clone(),
                body,
            });
        }
    }
    Ok(tables)
}

/// One GET, with `update`'s checks (status, size, complete body).
fn get(agent: &ureq::Agent, src: &SourceConfig, url: &Url) -> anyhow::Result<Vec<u8>> {
    let one = SourceConfig {
        url: url.to_string(),
        urls: Vec::new(),
        ..src.clone()
    };
    let sent = agent.get(url.as_str()).call();
    match download(sent, &one)? {
        Some(d) => Ok(d.body),
        None => bail!("{url} answered 304 Not Modified to a request without validators"),
    }
}

/// A web page rather than a table (xlsx and xls are binary; MASAK's CSV never opens with `<`).
fn is_html(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(1024)]);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// Writes a table under `<sha-256 prefix>.<its extension>` (once: the same name is the same
/// content), through a temporary file.
fn keep_table(tables: &Path, name: &str, body: &[u8]) -> anyhow::Result<String> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| matches!(e.as_str(), "xlsx" | "xls" | "csv"))
        .unwrap_or_else(|| "table".into());
    let hash = namesake_store::sha256_hex(body);
    let file = format!("{}.{ext}", hash.get(..24).unwrap_or(&hash));
    let path = tables.join(&file);
    if !path.is_file() {
        write_atomic(&path, body).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(file)
}

/// Removes kept tables that the manifest at `target` does not name (those of an earlier
/// version, or of a download that failed). Best effort: a file left over is only space.
fn remove_unreferenced(dir: &Path, target: &Path) {
    let keep: HashSet<std::path::PathBuf> = match std::fs::read(target) {
        Ok(data) => match masak_set::read_manifest(&data, target) {
            Ok(m) => m.tables.iter().map(|t| dir.join(&t.file)).collect(),
            // A manifest this namesake cannot read: leave every table alone.
            Err(_) => return,
        },
        Err(_) => HashSet::new(),
    };
    let Ok(entries) = std::fs::read_dir(dir.join(TABLES)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() && !keep.contains(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}
