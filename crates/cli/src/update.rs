//! `namesake update`: fetch the lists from their publishers, keep the last good copy.
//!
//! Each configured list is downloaded with a conditional request (ETag / Last-Modified from
//! the previous fetch), checked (complete body, within the size limit, read by the expected
//! parser without a truncation, not suddenly missing most of its entities), and only then moved
//! into place (`<data dir>/lists/<code>/<file>`, an atomic rename) and imported into the store
//! as a new version when its content changed. Anything that fails keeps the last good copy and
//! says why.
//!
//! The built-in catalogue names each list's official URL; the config file
//! (`<data dir>/config.toml`, or `--config`) can point a list at a mirror, add lists, or change
//! which lists are fetched by default:
//!
//! ```toml
//! [update]
//! lists = ["un", "ofac-sdn"]
//!
//! [[sources]]
//! code = "un"
//! url = "https://mirror.example.org/un/consolidated.xml"
//!
//! [[sources]]
//! code = "blocklist"
//! url = "https://intranet.example.org/blocklist.csv"
//! file = "blocklist.csv"
//! format = "own-csv"
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use namesake_store::{Imported, NewList, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::i18n::tf;
use crate::loading::data_dir;
use crate::store_cmds::{list_files_hash, open_store};
use crate::Outcome;

mod links;
mod masak;

/// Largest list namesake will download (the largest official list is under 100 MB).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// A list that falls below this share of its previous entity count is taken for a broken
/// publication, not an update.
const MIN_SHARE_OF_PREVIOUS: f64 = 0.5;

/// Where a list is published.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// The name `namesake update LIST` uses; also the list code it is stored under.
    pub code: String,
    /// The publisher's URL (or a mirror's).
    pub url: String,
    /// More URLs fetched with `url` into one list (MASAK: its other article pages). A config
    /// entry that sets `url` replaces these too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// File name to keep it under (the parser reads it by content; own CSV lists take their
    /// code from this name).
    #[serde(default)]
    pub file: Option<String>,
    /// The parser expected (`un-xml`, `ofac-xml`…): a download another parser reads is refused.
    #[serde(default)]
    pub format: Option<String>,
    /// Fetched with an empty POST rather than a GET (Türkiye's wanted list serves its JSON so).
    #[serde(default)]
    pub post: bool,
}

/// The lists fetched when no list is named and the config file does not say otherwise.
pub const DEFAULT_LISTS: [&str; 2] = ["un", "ofac-sdn"];

/// The built-in catalogue of official publications.
pub fn catalogue() -> Vec<SourceConfig> {
    let s = |code: &str, url: &str, file: &str, format: &str| SourceConfig {
        code: code.into(),
        url: url.into(),
        urls: Vec::new(),
        file: Some(file.into()),
        format: Some(format.into()),
        post: false,
    };
    vec![
        s(
            "un",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            "un_consolidated.xml",
            "un-xml",
        ),
        s(
            "ofac-sdn",
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
            "sdn.xml",
            "ofac-xml",
        ),
        s(
            "ofac-cons",
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
            "consolidated.xml",
            "ofac-xml",
        ),
        // The OFSI ConList stopped on 2026-01-28; the FCDO's UK Sanctions List replaces it.
        s(
            "uk",
            "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
            "UK-Sanctions-List.csv",
            "uk-sl-csv",
        ),
        s(
            "eu",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token={token}",
            "eu_fsf.xml",
            "eu-fsf-xml",
        ),
        s(
            "us-csl",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
            "consolidated.csv",
            "us-csl-csv",
        ),
        SourceConfig {
            post: true,
            ..s(
                "tr-wanted",
                "https://www.terorarananlar.pol.tr/ISAYWebPart/TArananlar/GetTerorleArananlarList",
                "tr_wanted.json",
                "tr-wanted-json",
            )
        },
        // MASAK publishes each decision's table under a new file name on one page per article
        // of Law 6415: `update` reads the pages for the tables' links (update/masak.rs).
        SourceConfig {
            urls: vec![
                "https://masak.hmb.gov.tr/6-maddeye-iliskin-bakanlar-kurulu-kararlari".into(),
                "https://masak.hmb.gov.tr/7madde".into(),
            ],
            ..s(
                "masak",
                "https://masak.hmb.gov.tr/5-maddeye-iliskin-bakanlar-kurulu-kararlari",
                "masak_tables.json",
                "masak",
            )
        },
        s(
            "ca",
            "https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml",
            "sema-lmes.xml",
            "ca-xml",
        ),
        s(
            "au",
            "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
            "regulation8_consolidated.xlsx",
            "au-dfat-xlsx",
        ),
    ]
}

/// Names that stand for several lists: `namesake update tr` fetches Türkiye's two.
pub const GROUPS: [(&str, &[&str]); 1] = [("tr", &["tr-wanted", "masak"])];

/// The catalogue with the config file's overrides and additions, and the default selection.
pub fn configured(config: Option<&Path>) -> anyhow::Result<(Vec<SourceConfig>, Vec<String>)> {
    let file = crate::config_file::ConfigFile::load(config)?;
    let mut sources = catalogue();
    for s in file.sources {
        match sources.iter_mut().find(|c| c.code == s.code) {
            Some(c) => {
                c.url = s.url;
                c.urls = s.urls;
                if s.file.is_some() {
                    c.file = s.file;
                }
                if s.format.is_some() {
                    c.format = s.format;
                }
            }
            None => sources.push(s),
        }
    }
    if let Some(token) = &file.eu.token {
        for c in sources.iter_mut() {
            c.url = c.url.replace("{token}", token);
        }
    }
    let default = file
        .update
        .lists
        .unwrap_or_else(|| DEFAULT_LISTS.iter().map(|s| s.to_string()).collect());
    Ok((sources, default))
}

/// What became of one list.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The list.
    pub code: String,
    /// `updated`, `unchanged` or `failed`.
    pub status: &'static str,
    /// What happened, for a person.
    pub message: String,
}

/// What the previous successful fetch saw.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FetchState {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    sha256: String,
    entities: usize,
    fetched_at: String,
}

/// When `update` last fetched list `code` successfully (content changed or not), if ever.
pub fn last_fetched(code: &str) -> Option<String> {
    read_state(&list_dir(code).ok()?).map(|s| s.fetched_at)
}

/// Records that the list in `dir` was found unchanged now (the stale-list warning counts its
/// age from the last check).
fn touch_state(dir: &Path) -> anyhow::Result<()> {
    let Some(mut state) = read_state(dir) else {
        return Ok(());
    };
    state.fetched_at = namesake_store::now_rfc3339();
    write_state(dir, &state)
}

fn list_dir(code: &str) -> anyhow::Result<PathBuf> {
    let base = data_dir().context("no data directory: set NAMESAKE_HOME")?;
    Ok(base.join("lists").join(code))
}

fn read_state(dir: &Path) -> Option<FetchState> {
    let text = std::fs::read_to_string(dir.join("state.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// Writes `state.json` in `dir` whole or not at all.
fn write_state(dir: &Path, state: &FetchState) -> anyhow::Result<()> {
    let path = dir.join("state.json");
    write_atomic(&path, serde_json::to_string_pretty(state)?.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, path)
}

/// Fetches one list; on any failure the previous copy stays and the error says why.
pub fn update_one(src: &SourceConfig, store: &dyn Store) -> anyhow::Result<Report> {
    update_one_forced(src, store, false)
}

/// [`update_one`], with `force` recording a download the list guard would refuse
/// (`namesake update --force`).
pub fn update_one_forced(
    src: &SourceConfig,
    store: &dyn Store,
    force: bool,
) -> anyhow::Result<Report> {
    if src.format.as_deref() == Some("masak") {
        return masak::update(src, store, force);
    }
    let dir = list_dir(&src.code)?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let file_name = src
        .file
        .clone()
        .unwrap_or_else(|| format!("{}.list", src.code));
    let target = dir.join(&file_name);
    let previous = read_state(&dir).filter(|s| s.url == src.url && target.is_file());

    let agent = agent();
    let sent = if src.post {
        conditional(agent.post(&src.url), previous.as_ref()).send_empty()
    } else {
        conditional(agent.get(&src.url), previous.as_ref()).call()
    };
    let Some(Download {
        body,
        etag,
        last_modified,
    }) = download(sent, src)?
    else {
        return ensure_imported(src, store, &target, "not modified since the last fetch")
            .and_then(|r| touch_state(&dir).map(|_| r));
    };

    // Check the content in a staging file beside the target, then move it into place.
    // (Same file name, since some formats take the list code from it.)
    let staging_dir = dir.join(".download");
    std::fs::create_dir_all(&staging_dir)
        .with_context(|| format!("cannot create {}", staging_dir.display()))?;
    let staging = staging_dir.join(&file_name);
    std::fs::write(&staging, &body)
        .with_context(|| format!("cannot write {}", staging.display()))?;
    let checked = check(&staging, src, previous.as_ref()).and_then(|mut p| {
        let what = format!("the download from {}", src.url);
        crate::list_guard::prepare_version(store, &src.code, &mut p, force, &what)?;
        Ok(p)
    });
    let parsed = match checked {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            return Err(e);
        }
    };
    let sha = namesake_store::sha256_hex(&body);
    if previous.as_ref().is_some_and(|p| p.sha256 == sha) {
        let _ = std::fs::remove_file(&staging);
        return ensure_imported(src, store, &target, "the same content as the last fetch")
            .and_then(|r| touch_state(&dir).map(|_| r));
    }
    std::fs::rename(&staging, &target)
        .with_context(|| format!("cannot move the download into {}", target.display()))?;
    // The store first, `state.json` last: a failed or killed import leaves the previous state,
    // so the next run downloads again (or finds the store behind the file) and imports.
    let report = import(src, store, &target, &parsed)?;
    let state = FetchState {
        url: src.url.clone(),
        etag,
        last_modified,
        sha256: sha,
        entities: parsed.entities.len(),
        fetched_at: namesake_store::now_rfc3339(),
    };
    write_state(&dir, &state)?;
    Ok(report)
}

/// The HTTP client: statuses as values, ten minutes for a whole download.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .user_agent(concat!("namesake/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// What a fetch brought: the body and the validators for the next conditional request.
struct Download {
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Sends the request and reads the whole, size-checked body; `None` for 304 Not Modified.
fn download(
    sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    src: &SourceConfig,
) -> anyhow::Result<Option<Download>> {
    let mut resp = sent.with_context(|| format!("cannot reach {}", src.url))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(None);
    }
    if status != 200 {
        bail!(tf("update_http", &[("url", &src.url), ("status", &status)]));
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    let expected_len = header("content-length").and_then(|v| v.parse::<u64>().ok());
    if expected_len.is_some_and(|n| n > MAX_BYTES) {
        bail!(tf(
            "update_too_big_announced",
            &[
                ("url", &src.url),
                ("bytes", &expected_len.unwrap_or(0)),
                ("mb", &(MAX_BYTES >> 20)),
            ]
        ));
    }
    let mut body = Vec::new();
    resp.body_mut()
        .as_reader()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut body)
        .with_context(|| format!("the download from {} broke off (truncated)", src.url))?;
    if body.len() as u64 > MAX_BYTES {
        bail!(tf(
            "update_too_big",
            &[("url", &src.url), ("mb", &(MAX_BYTES >> 20))]
        ));
    }
    if let Some(n) = expected_len {
        if body.len() as u64 != n {
            bail!(tf(
                "update_truncated_bytes",
                &[("url", &src.url), ("got", &body.len()), ("want", &n)]
            ));
        }
    }
    if body.is_empty() {
        bail!(tf("update_empty", &[("url", &src.url)]));
    }

    Ok(Some(Download {
        body,
        etag,
        last_modified,
    }))
}

/// The file at `target` is what the last fetch kept: "unchanged" only if the store's current
/// version of the list has its hash; otherwise (an import that failed or was killed after the
/// file was kept) it is imported now.
fn ensure_imported(
    src: &SourceConfig,
    store: &dyn Store,
    target: &Path,
    why: &str,
) -> anyhow::Result<Report> {
    let (_, hash) = list_files_hash(target)?;
    let current = store
        .current_versions()?
        .into_iter()
        .find(|v| v.list == src.code);
    if current.as_ref().is_some_and(|v| v.content_hash == hash) {
        return Ok(Report {
            code: src.code.clone(),
            status: "unchanged",
            message: format!("{why} ({})", src.url),
        });
    }
    let parsed = check(target, src, None)?;
    let mut report = import(src, store, target, &parsed)?;
    report.message = format!(
        "{why}, but the store did not hold it (an earlier import failed): {}",
        report.message
    );
    Ok(report)
}

/// Imports the kept file `target` as a new version of the list (or finds it already stored).
fn import(
    src: &SourceConfig,
    store: &dyn Store,
    target: &Path,
    parsed: &namesake_sources::ParsedList,
) -> anyhow::Result<Report> {
    let (files, hash) = list_files_hash(target)?;
    let source = files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let imported = store.import_list(&NewList {
        list: &src.code,
        info: &parsed.info,
        entities: &parsed.entities,
        content_hash: &hash,
        source: &source,
    })?;
    Ok(match imported {
        Imported::New { version, .. } => Report {
            code: src.code.clone(),
            status: "updated",
            message: format!(
                "version {} recorded: {} entities, published {}",
                version.id,
                version.entity_count,
                version.published.as_deref().unwrap_or("date not stated")
            ),
        },
        Imported::Unchanged(v) => Report {
            code: src.code.clone(),
            status: "unchanged",
            message: format!("the same content as stored version {}", v.id),
        },
    })
}

/// A download must be read by the expected parser, whole, and keep most of the entities.
fn check(
    path: &Path,
    src: &SourceConfig,
    previous: Option<&FetchState>,
) -> anyhow::Result<namesake_sources::ParsedList> {
    let format = namesake_sources::detect(path)
        .with_context(|| format!("the download from {} is not a list", src.url))?;
    if let Some(want) = &src.format {
        if format.id() != want {
            bail!(tf(
                "update_wrong_format",
                &[("url", &src.url), ("found", &format.id()), ("want", want)]
            ));
        }
    }
    let parsed = namesake_sources::load(path)
        .with_context(|| format!("the download from {} cannot be read", src.url))?;
    if let Some(cut) = parsed
        .skipped
        .iter()
        .find(|s| s.location == "end of file" || s.reason.contains("truncated"))
    {
        bail!(tf(
            "update_truncated",
            &[("url", &src.url), ("reason", &cut.reason)]
        ));
    }
    if parsed.entities.is_empty() {
        bail!(tf("update_no_entity", &[("url", &src.url)]));
    }
    if let Some(p) = previous {
        let floor = (p.entities as f64 * MIN_SHARE_OF_PREVIOUS).ceil() as usize;
        if parsed.entities.len() < floor {
            bail!(tf(
                "update_implausible",
                &[
                    ("url", &src.url),
                    ("n", &parsed.entities.len()),
                    ("previous", &p.entities),
                ]
            ));
        }
    }
    Ok(parsed)
}

/// Fetches the named lists (or the configured defaults); a failure leaves that list as it was.
pub fn update(
    names: &[String],
    config: Option<&Path>,
    db: Option<&str>,
) -> anyhow::Result<Vec<Report>> {
    update_forced(names, config, db, false)
}

/// [`update`], with `force` passed to each list's guard.
pub fn update_forced(
    names: &[String],
    config: Option<&Path>,
    db: Option<&str>,
    force: bool,
) -> anyhow::Result<Vec<Report>> {
    let (sources, default) = configured(config)?;
    let names: Vec<String> = if names.is_empty() {
        default
    } else {
        names.to_vec()
    };
    let names: Vec<String> = names
        .iter()
        .flat_map(|n| match GROUPS.iter().find(|(g, _)| g == n) {
            Some((_, members)) => members.iter().map(|m| m.to_string()).collect(),
            None => vec![n.clone()],
        })
        .collect();
    let store = open_store(db)?;
    let mut reports = Vec::new();
    for n in &names {
        let Some(src) = sources.iter().find(|s| &s.code == n) else {
            let known: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
            bail!(tf(
                "update_unknown_list",
                &[("list", &format!("{n:?}")), ("known", &known.join(", "))]
            ));
        };
        reports.push(
            match ready(src).and_then(|()| update_one_forced(src, &store, force)) {
                Ok(r) => r,
                Err(e) => Report {
                    code: n.clone(),
                    status: "failed",
                    message: tf("update_kept", &[("error", &format!("{e:#}"))]),
                },
            },
        );
    }
    Ok(reports)
}

/// Refuses a catalogue entry that still needs the config file: a URL with the EU token's place
/// unfilled, or no URL at all.
fn ready(src: &SourceConfig) -> anyhow::Result<()> {
    if src.url.contains("{token}") {
        bail!(tf("update_needs_token", &[("list", &src.code)]));
    }
    if src.url.trim().is_empty() {
        bail!(tf("update_no_url", &[("list", &src.code)]));
    }
    Ok(())
}

/// Adds the conditional-request headers from the previous fetch.
fn conditional<B>(
    mut req: ureq::RequestBuilder<B>,
    previous: Option<&FetchState>,
) -> ureq::RequestBuilder<B> {
    if let Some(p) = previous {
        if let Some(e) = &p.etag {
            req = req.header("If-None-Match", e);
        }
        if let Some(m) = &p.last_modified {
            req = req.header("If-Modified-Since", m);
        }
    }
    req
}

/// `namesake update`.
pub fn run(a: crate::args::UpdateArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let reports = update_forced(&a.lists, a.config.as_deref(), db, a.force)?;
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&json!(reports))?);
    } else {
        for r in &reports {
            outln!("{}: {} — {}", r.code, r.status, r.message);
        }
    }
    if reports.iter().any(|r| r.status == "failed") {
        bail!(tf(
            "update_failed",
            &[
                (
                    "failed",
                    &reports.iter().filter(|r| r.status == "failed").count(),
                ),
                ("total", &reports.len()),
            ]
        ));
    }
    Ok(Outcome::NoHit)
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    #[test]
    fn eu_token_fills_the_url_and_tr_names_both_lists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[eu]\ntoken = \"abc123\"\n").unwrap();
        let (sources, _) = configured(Some(&path)).unwrap();
        let eu = sources.iter().find(|s| s.code == "eu").unwrap();
        assert!(eu.url.ends_with("content?token=abc123"), "{}", eu.url);
        assert!(ready(eu).is_ok());
        let uk = sources.iter().find(|s| s.code == "uk").unwrap();
        assert_eq!(uk.format.as_deref(), Some("uk-sl-csv"));
        let (_, tr) = GROUPS[0];
        assert_eq!(tr, ["tr-wanted", "masak"]);
        assert!(sources.iter().find(|s| s.code == "tr-wanted").unwrap().post);
    }

    #[test]
    fn entries_that_need_the_config_say_so() {
        let missing = catalogue();
        let eu = missing.iter().find(|s| s.code == "eu").unwrap();
        assert!(format!("{:#}", ready(eu).unwrap_err()).contains("[eu] token"));
        let mut masak = missing.iter().find(|s| s.code == "masak").unwrap().clone();
        assert!(ready(&masak).is_ok(), "MASAK's pages are catalogued");
        assert_eq!(masak.urls.len(), 2, "articles 6 and 7 beside 5");
        masak.url.clear();
        assert!(format!("{:#}", ready(&masak).unwrap_err()).contains("no URL for masak"));
    }

    #[test]
    fn every_catalogue_code_is_declared_by_its_format() {
        for entry in catalogue() {
            let id = entry.format.as_deref().unwrap_or_default();
            let format = namesake_sources::formats()
                .into_iter()
                .find(|f| f.id() == id)
                .unwrap_or_else(|| panic!("{}: no format {id:?}", entry.code));
            let declared: Vec<&str> = format.lists().iter().map(|l| l.code).collect();
            assert!(
                declared.contains(&entry.code.as_str()),
                "{}: {id} declares {declared:?}",
                entry.code
            );
        }
    }
}
