//! [`SqlStore`]: the one implementation of [`Store`], over either engine.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use namesake_model::{Entity, ListInfo, Query};
use rayon::prelude::*;

use crate::backend::{in_transaction, Backend, Engine, Row, Value};
use crate::diff::entity_change;
use crate::error::{Result, StoreError};
use crate::hashing::entity_hash;
use crate::time::now_rfc3339;
use crate::types::*;
use crate::Store;

/// Environment variable for the durability test: seconds to sleep inside the import
/// transaction, after the entities are written and before the commit.
pub const PAUSE_IMPORT_ENV: &str = "NAMESAKE_TEST_PAUSE_IMPORT";

/// A store over SQLite or PostgreSQL. One connection, shared behind a mutex: callers on
/// several threads (the server's blocking pool) take turns.
pub struct SqlStore {
    backend: Mutex<Box<dyn Backend>>,
    location: String,
    /// Who list imports are recorded as done by in the audit chain.
    actor: String,
}

impl std::fmt::Debug for SqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("location", &self.location)
            .finish()
    }
}

const VERSION_COLUMNS: &str =
    "id, list_code, info, content_hash, published, imported_at, entity_count, source, status";

/// The newest committed version of every list.
const CURRENT_IDS: &str =
    "SELECT MAX(id) FROM list_versions WHERE status = 'committed' GROUP BY list_code";

impl SqlStore {
    pub(crate) fn new(mut backend: Box<dyn Backend>) -> Result<SqlStore> {
        crate::migrations::migrate(backend.as_mut())?;
        let location = backend.location().to_string();
        Ok(SqlStore {
            backend: Mutex::new(backend),
            location,
            actor: "unknown".to_string(),
        })
    }

    /// Records list imports in the audit chain as done by `who` (default `unknown`).
    pub fn acting_as(mut self, who: impl Into<String>) -> SqlStore {
        self.actor = who.into();
        self
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Box<dyn Backend>> {
        // A panic while holding the lock leaves the connection usable: every transaction is
        // rolled back on error, and the next BEGIN fails loudly if one is still open.
        self.backend.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn data_err(&self, what: String) -> StoreError {
        StoreError::Data {
            location: self.location.clone(),
            what,
        }
    }

    fn version_of(&self, r: &Row) -> Result<ListVersion> {
        let id = r.int(0)?;
        let info: ListInfo = serde_json::from_str(&r.text(2)?)
            .map_err(|e| self.data_err(format!("list version {id}: unreadable info ({e})")))?;
        Ok(ListVersion {
            id,
            list: r.text(1)?,
            info,
            content_hash: r.text(3)?,
            published: r.opt_text(4)?,
            imported_at: r.text(5)?,
            entity_count: r.int(6)?.max(0) as u64,
            source: r.text(7)?,
            status: r.text(8)?,
        })
    }

    fn entity_of(&self, json: &str, what: &str) -> Result<Entity> {
        serde_json::from_str(json)
            .map_err(|e| self.data_err(format!("{what}: unreadable entity ({e})")))
    }

    fn decision_of(&self, r: &Row) -> Result<Decision> {
        let id = r.int(0)?;
        let verdict = r.text(3)?;
        Ok(Decision {
            id,
            subject_key: r.text(1)?,
            entity_id: r.text(2)?,
            verdict: Verdict::parse(&verdict).ok_or_else(|| {
                self.data_err(format!("decision {id}: unknown verdict {verdict:?}"))
            })?,
            reason: r.text(4)?,
            by: r.text(5)?,
            at: r.text(6)?,
            entity_hash: r.opt_text(7)?,
        })
    }

    fn subject_of(&self, r: &Row) -> Result<StoredSubject> {
        let key = r.text(0)?;
        let query: Query = serde_json::from_str(&r.text(2)?)
            .map_err(|e| self.data_err(format!("subject {key}: unreadable query ({e})")))?;
        Ok(StoredSubject {
            subject: Subject {
                key,
                row_id: r.opt_text(1)?,
                query,
            },
            generation: r.int(3)?,
        })
    }

    fn audit_of(r: &Row) -> Result<AuditRecord> {
        Ok(AuditRecord {
            seq: r.int(0)?,
            at: r.text(1)?,
            who: r.text(2)?,
            kind: r.text(3)?,
            subject: r.text(4)?,
            list_versions: r.text(5)?,
            threshold: r.real(6)?,
            hits: r.text(7)?,
            prev_hash: r.text(8)?,
            hash: r.text(9)?,
        })
    }

    fn run_of(&self, r: &Row) -> Result<RescreenRun> {
        let id = r.int(0)?;
        Ok(RescreenRun {
            id,
            at: r.text(1)?,
            who: r.text(2)?,
            list_versions: serde_json::from_str(&r.text(3)?).map_err(|e| {
                self.data_err(format!("rescreen run {id}: unreadable list versions ({e})"))
            })?,
            threshold: r.real(4)?,
            subjects_generation: r.int(5)?,
            subjects: r.int(6)?.max(0) as u64,
            entities: r.int(7)?.max(0) as u64,
            alerts: r.int(8)?.max(0) as u64,
        })
    }

    fn pause_for_tests() {
        if let Some(secs) = std::env::var(PAUSE_IMPORT_ENV)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
        {
            eprintln!(
                "namesake: pausing {secs}s inside the import transaction ({PAUSE_IMPORT_ENV})"
            );
            std::thread::sleep(std::time::Duration::from_secs(secs));
        }
    }
}

fn current_version_in(b: &mut dyn Backend, list: &str) -> Result<Vec<Row>> {
    b.query(
        &format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE list_code = $1 AND status = 'committed' ORDER BY id DESC LIMIT 1"
        ),
        &[list.into()],
    )
}

impl Store for SqlStore {
    fn location(&self) -> &str {
        &self.location
    }

    fn import_list(&self, new: &NewList<'_>) -> Result<Imported> {
        if new.list.trim().is_empty() {
            return Err(StoreError::Invalid("a list needs a non-empty code".into()));
        }
        // Hash and serialise before taking the connection.
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(new.entities.len());
        for e in new.entities {
            if seen.insert(e.id.as_str()) {
                let json = serde_json::to_string(e)
                    .map_err(|err| StoreError::Invalid(format!("entity {}: {err}", e.id)))?;
                rows.push((e.id.clone(), entity_hash(e), json));
            }
        }
        let duplicates = new.entities.len() - rows.len();
        let info_json = serde_json::to_string(new.info)
            .map_err(|err| StoreError::Invalid(format!("list info: {err}")))?;
        let mut conn = self.conn();
        let result = in_transaction(conn.as_mut(), |b| {
            b.lock_table("list_versions")?;
            if let Some(r) = current_version_in(b, new.list)?.first() {
                let cur = self.version_of(r)?;
                if cur.content_hash == new.content_hash {
                    return Ok(Imported::Unchanged(cur));
                }
            }
            let imported_at = now_rfc3339();
            let id_rows = b.query(
                "INSERT INTO list_versions (list_code, info, format, content_hash, published, imported_at, entity_count, source, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'committed') RETURNING id",
                &[
                    new.list.into(),
                    info_json.clone().into(),
                    new.info.format.as_str().into(),
                    new.content_hash.into(),
                    new.info.published.as_deref().into(),
                    imported_at.as_str().into(),
                    Value::Int(rows.len() as i64),
                    new.source.into(),
                ],
            )?;
            let id = id_rows
                .first()
                .ok_or_else(|| self.data_err("INSERT … RETURNING gave no id".into()))?
                .int(0)?;
            b.insert_rows(
                "entities",
                &["version_id", "entity_id", "content_hash", "json"],
                "",
                &mut rows.iter().map(|(eid, h, j)| {
                    vec![
                        Value::Int(id),
                        eid.as_str().into(),
                        h.as_str().into(),
                        j.as_str().into(),
                    ]
                }),
            )?;
            Self::pause_for_tests();
            let v = current_version_in(b, new.list)?;
            let version = self.version_of(
                v.first()
                    .ok_or_else(|| self.data_err("the new version vanished".into()))?,
            )?;
            crate::audit_sql::append_in(b, &[AuditEntry::list_import(&version, &self.actor)])?;
            Ok(Imported::New {
                version,
                duplicates,
            })
        });
        result
    }

    fn versions(&self) -> Result<Vec<ListVersion>> {
        let rows = self.conn().query(
            &format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE status = 'committed' ORDER BY list_code, id"),
            &[],
        )?;
        rows.iter().map(|r| self.version_of(r)).collect()
    }

    fn current_versions(&self) -> Result<Vec<ListVersion>> {
        let rows = self.conn().query(
            &format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id IN ({CURRENT_IDS}) ORDER BY list_code"),
            &[],
        )?;
        rows.iter().map(|r| self.version_of(r)).collect()
    }

    fn version(&self, id: i64) -> Result<ListVersion> {
        let rows = self.conn().query(
            &format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = $1 AND status = 'committed'"),
            &[Value::Int(id)],
        )?;
        match rows.first() {
            Some(r) => self.version_of(r),
            None => Err(StoreError::NotFound(format!(
                "{}: no list version {id}",
                self.location
            ))),
        }
    }

    fn entities(&self, version_id: i64) -> Result<Vec<StoredEntity>> {
        let rows = self.conn().query(
            "SELECT entity_id, content_hash, json FROM entities WHERE version_id = $1 ORDER BY entity_id",
            &[Value::Int(version_id)],
        )?;
        rows.iter()
            .map(|r| {
                Ok(StoredEntity {
                    hash: r.text(1)?,
                    entity: self.entity_of(
                        &r.text(2)?,
                        &format!("version {version_id}, entity {}", r.text(0)?),
                    )?,
                })
            })
            .collect()
    }

    fn changed_entities(&self, from: Option<i64>, to: i64) -> Result<Vec<ChangedEntity>> {
        let Some(from) = from else {
            return Ok(self
                .entities(to)?
                .into_iter()
                .map(|now| ChangedEntity {
                    change: Change::Added,
                    now,
                })
                .collect());
        };
        let rows = self.conn().query(
            "SELECT e.entity_id, e.content_hash, e.json, CASE WHEN p.entity_id IS NULL THEN 1 ELSE 0 END \
             FROM entities e LEFT JOIN entities p ON p.version_id = $1 AND p.entity_id = e.entity_id \
             WHERE e.version_id = $2 AND (p.entity_id IS NULL OR p.content_hash <> e.content_hash) \
             ORDER BY e.entity_id",
            &[Value::Int(from), Value::Int(to)],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ChangedEntity {
                    change: if r.int(3)? == 1 {
                        Change::Added
                    } else {
                        Change::Changed
                    },
                    now: StoredEntity {
                        hash: r.text(1)?,
                        entity: self.entity_of(
                            &r.text(2)?,
                            &format!("version {to}, entity {}", r.text(0)?),
                        )?,
                    },
                })
            })
            .collect()
    }

    fn diff(&self, from: i64, to: i64) -> Result<ListDiff> {
        let fv = self.version(from)?;
        let tv = self.version(to)?;
        if fv.list != tv.list {
            return Err(StoreError::Invalid(format!(
                "version {from} is of list {}, version {to} of list {}: compare versions of one list",
                fv.list, tv.list
            )));
        }
        let mut conn = self.conn();
        let added_rows = conn.query(
            "SELECT e.entity_id, e.json FROM entities e LEFT JOIN entities p ON p.version_id = $1 AND p.entity_id = e.entity_id \
             WHERE e.version_id = $2 AND p.entity_id IS NULL ORDER BY e.entity_id",
            &[Value::Int(from), Value::Int(to)],
        )?;
        let removed_rows = conn.query(
            "SELECT p.entity_id, p.json FROM entities p LEFT JOIN entities e ON e.version_id = $2 AND e.entity_id = p.entity_id \
             WHERE p.version_id = $1 AND e.entity_id IS NULL ORDER BY p.entity_id",
            &[Value::Int(from), Value::Int(to)],
        )?;
        let changed_rows = conn.query(
            "SELECT e.entity_id, p.json, e.json FROM entities e JOIN entities p ON p.version_id = $1 AND p.entity_id = e.entity_id \
             WHERE e.version_id = $2 AND p.content_hash <> e.content_hash ORDER BY e.entity_id",
            &[Value::Int(from), Value::Int(to)],
        )?;
        drop(conn);
        let read = |rows: &[Row], col: usize, v: i64| -> Result<Vec<Entity>> {
            rows.iter()
                .map(|r| {
                    self.entity_of(
                        &r.text(col)?,
                        &format!("version {v}, entity {}", r.text(0)?),
                    )
                })
                .collect()
        };
        let added = read(&added_rows, 1, to)?;
        let removed = read(&removed_rows, 1, from)?;
        let before = read(&changed_rows, 1, from)?;
        let after = read(&changed_rows, 2, to)?;
        let changed = before
            .iter()
            .zip(&after)
            .map(|(b, a)| entity_change(b, a))
            // Equal JSON with different hashes cannot happen unless hashes were edited; such a
            // pair has no field to show.
            .filter(|c| !c.fields.is_empty())
            .collect();
        Ok(ListDiff {
            list: tv.list.clone(),
            from: fv,
            to: tv,
            added,
            removed,
            changed,
        })
    }

    fn current_entity(&self, entity_id: &str) -> Result<Option<StoredEntity>> {
        let rows = self.conn().query(
            &format!("SELECT content_hash, json FROM entities WHERE entity_id = $1 AND version_id IN ({CURRENT_IDS}) ORDER BY version_id DESC"),
            &[entity_id.into()],
        )?;
        match rows.first() {
            Some(r) => Ok(Some(StoredEntity {
                hash: r.text(0)?,
                entity: self.entity_of(&r.text(1)?, &format!("entity {entity_id}"))?,
            })),
            None => Ok(None),
        }
    }

    fn audit_append(&self, entries: &[AuditEntry]) -> Result<Vec<AuditRecord>> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.conn();
        in_transaction(conn.as_mut(), |b| crate::audit_sql::append_in(b, entries))
    }

    fn audit_records(&self, after_seq: i64, limit: usize) -> Result<Vec<AuditRecord>> {
        let rows = self.conn().query(
            "SELECT seq, at, who, kind, subject, list_versions, threshold, hits, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[
                Value::Int(after_seq),
                Value::Int(limit.min(i64::MAX as usize) as i64),
            ],
        )?;
        rows.iter().map(Self::audit_of).collect()
    }

    fn audit_search(
        &self,
        text: &str,
        before_seq: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>> {
        let mut sql = String::from(
            "SELECT seq, at, who, kind, subject, list_versions, threshold, hits, prev_hash, hash \
             FROM audit_log WHERE seq < $1",
        );
        let mut params = vec![
            Value::Int(before_seq.unwrap_or(i64::MAX)),
            Value::Int(limit.min(i64::MAX as usize) as i64),
        ];
        let text = text.trim();
        if !text.is_empty() {
            // Case-insensitive without copying every record in lower case: SQLite's LIKE
            // folds ASCII letters itself (as its lower() does), PostgreSQL has ILIKE.
            let like = match self.conn().engine() {
                Engine::Sqlite => "LIKE",
                Engine::Postgres => "ILIKE",
            };
            sql.push_str(&format!(
                " AND (who {like} $3 ESCAPE '\\' OR kind {like} $3 ESCAPE '\\' \
                 OR subject {like} $3 ESCAPE '\\' OR hits {like} $3 ESCAPE '\\')"
            ));
            params
                .push(crate::decision_records::contains_pattern(&text.to_ascii_lowercase()).into());
        }
        sql.push_str(" ORDER BY seq DESC LIMIT $2");
        let rows = self.conn().query(&sql, &params)?;
        rows.iter().map(Self::audit_of).collect()
    }

    fn decide(&self, d: &NewDecision) -> Result<Decision> {
        if d.reason.trim().is_empty() {
            return Err(StoreError::Invalid("a decision needs a reason".into()));
        }
        let entity_hash = match &d.entity_hash {
            Some(h) => h.clone(),
            None => match self.current_entity(&d.entity_id)? {
                Some(e) => e.hash,
                None => {
                    return Err(StoreError::NotFound(format!(
                        "entity {} is in no imported list version: import its list first (namesake import)",
                        d.entity_id
                    )))
                }
            },
        };
        let at = now_rfc3339();
        let mut conn = self.conn();
        in_transaction(conn.as_mut(), |b| {
            let rows = b.query(
                "INSERT INTO decisions (subject_key, entity_id, verdict, reason, decided_by, decided_at, entity_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    d.subject_key.as_str().into(),
                    d.entity_id.as_str().into(),
                    d.verdict.as_str().into(),
                    d.reason.as_str().into(),
                    d.by.as_str().into(),
                    at.as_str().into(),
                    entity_hash.as_str().into(),
                ],
            )?;
            let id = rows
                .first()
                .ok_or_else(|| self.data_err("INSERT … RETURNING gave no id".into()))?
                .int(0)?;
            let decision = Decision {
                id,
                subject_key: d.subject_key.clone(),
                entity_id: d.entity_id.clone(),
                verdict: d.verdict,
                reason: d.reason.clone(),
                by: d.by.clone(),
                at: at.clone(),
                entity_hash: Some(entity_hash.clone()),
            };
            // The decision and its audit record commit together.
            crate::audit_sql::append_in(b, &[AuditEntry::decision(&decision)])?;
            Ok(decision)
        })
    }

    fn decision_log(&self) -> Result<Vec<Decision>> {
        let rows = self.conn().query(
            "SELECT id, subject_key, entity_id, verdict, reason, decided_by, decided_at, entity_hash FROM decisions ORDER BY id",
            &[],
        )?;
        rows.iter().map(|r| self.decision_of(r)).collect()
    }

    fn import_subjects(
        &self,
        subjects: &[Subject],
        source: &str,
        replace: bool,
    ) -> Result<SubjectsImported> {
        // The last row of a key wins, as a later line in a file corrects an earlier one.
        let mut by_key: BTreeMap<&str, &Subject> = BTreeMap::new();
        for s in subjects {
            by_key.insert(s.key.as_str(), s);
        }
        let mut rows = Vec::with_capacity(by_key.len());
        for s in by_key.values() {
            let q = serde_json::to_string(&s.query)
                .map_err(|e| StoreError::Invalid(format!("subject {}: {e}", s.key)))?;
            rows.push((s.key.as_str(), s.row_id.as_deref(), q));
        }
        let at = now_rfc3339();
        let mut conn = self.conn();
        in_transaction(conn.as_mut(), |b| {
            b.lock_table("subjects")?;
            if replace {
                b.execute("DELETE FROM subjects", &[])?;
            }
            let g = b.query("SELECT COALESCE(MAX(generation), 0) FROM subjects", &[])?;
            let generation = g.first().map(|r| r.int(0)).transpose()?.unwrap_or(0) + 1;
            b.insert_rows(
                "subjects",
                &["subject_key", "row_id", "query", "source", "imported_at", "generation"],
                // An unchanged subject keeps its generation: re-importing the same file does
                // not make everyone new to the next re-screening.
                "ON CONFLICT (subject_key) DO UPDATE SET row_id = excluded.row_id, source = excluded.source, \
                 imported_at = excluded.imported_at, \
                 generation = CASE WHEN subjects.query = excluded.query THEN subjects.generation ELSE excluded.generation END, \
                 query = excluded.query",
                &mut rows.iter().map(|(k, id, q)| {
                    vec![
                        (*k).into(),
                        (*id).into(),
                        q.as_str().into(),
                        source.into(),
                        at.as_str().into(),
                        Value::Int(generation),
                    ]
                }),
            )?;
            let total = b.query("SELECT COUNT(*) FROM subjects", &[])?;
            let changed = b.query(
                "SELECT COUNT(*) FROM subjects WHERE generation = $1",
                &[Value::Int(generation)],
            )?;
            Ok(SubjectsImported {
                rows: rows.len() as u64,
                new_or_changed: changed.first().map(|r| r.int(0)).transpose()?.unwrap_or(0) as u64,
                total: total.first().map(|r| r.int(0)).transpose()?.unwrap_or(0) as u64,
                generation,
            })
        })
    }

    fn subjects(&self) -> Result<Vec<StoredSubject>> {
        let rows = self.conn().query(
            "SELECT subject_key, row_id, query, generation FROM subjects ORDER BY subject_key",
            &[],
        )?;
        rows.iter().map(|r| self.subject_of(r)).collect()
    }

    fn subjects_page(&self, after: Option<&str>, limit: usize) -> Result<Vec<StoredSubject>> {
        let limit = Value::Int(limit.min(i64::MAX as usize) as i64);
        let rows = match after {
            None => self.conn().query(
                "SELECT subject_key, row_id, query, generation FROM subjects ORDER BY subject_key LIMIT $1",
                &[limit],
            )?,
            Some(key) => self.conn().query(
                "SELECT subject_key, row_id, query, generation FROM subjects WHERE subject_key > $1 \
                 ORDER BY subject_key LIMIT $2",
                &[key.into(), limit],
            )?,
        };
        // Parsing the queries' JSON is most of a page's cost: on all cores, after the
        // connection is released.
        rows.par_iter().map(|r| self.subject_of(r)).collect()
    }

    fn subject_counts(&self, since: i64) -> Result<SubjectCounts> {
        let mut conn = self.conn();
        let count = |conn: &mut Box<dyn Backend>, sql: &str, params: &[Value]| -> Result<i64> {
            let rows = conn.query(sql, params)?;
            Ok(rows.first().map(|r| r.int(0)).transpose()?.unwrap_or(0))
        };
        let total = count(&mut conn, "SELECT COUNT(*) FROM subjects", &[])?;
        let newer = count(
            &mut conn,
            "SELECT COUNT(*) FROM subjects WHERE generation > $1",
            &[Value::Int(since)],
        )?;
        let max_generation = count(
            &mut conn,
            "SELECT COALESCE(MAX(generation), 0) FROM subjects",
            &[],
        )?;
        Ok(SubjectCounts {
            total: total.max(0) as u64,
            newer: newer.max(0) as u64,
            max_generation,
        })
    }

    fn decisions_in_key_range(&self, after: Option<&str>, up_to: &str) -> Result<Decisions> {
        const COLUMNS: &str =
            "id, subject_key, entity_id, verdict, reason, decided_by, decided_at, entity_hash";
        let rows = match after {
            None => self.conn().query(
                &format!("SELECT {COLUMNS} FROM decisions WHERE subject_key <= $1"),
                &[up_to.into()],
            )?,
            Some(after) => self.conn().query(
                &format!(
                    "SELECT {COLUMNS} FROM decisions WHERE subject_key > $1 AND subject_key <= $2"
                ),
                &[after.into(), up_to.into()],
            )?,
        };
        let all = rows
            .iter()
            .map(|r| self.decision_of(r))
            .collect::<Result<Vec<_>>>()?;
        Ok(Decisions::from_all(all))
    }

    fn last_rescreen(&self) -> Result<Option<RescreenRun>> {
        let rows = self.conn().query(
            "SELECT id, at, who, list_versions, threshold, subjects_generation, subjects, entities, alerts \
             FROM rescreen_runs ORDER BY id DESC LIMIT 1",
            &[],
        )?;
        rows.first().map(|r| self.run_of(r)).transpose()
    }

    fn record_rescreen(&self, run: &NewRescreenRun, alerts: &[Alert]) -> Result<RescreenRun> {
        let mut seen = HashSet::new();
        let alerts: Vec<&Alert> = alerts
            .iter()
            .filter(|a| seen.insert((a.subject_key.as_str(), a.entity_id.as_str())))
            .collect();
        let versions = serde_json::to_string(&run.list_versions)
            .map_err(|e| StoreError::Invalid(format!("list versions: {e}")))?;
        let at = now_rfc3339();
        let mut conn = self.conn();
        let id = in_transaction(conn.as_mut(), |b| {
            let rows = b.query(
                "INSERT INTO rescreen_runs (at, who, list_versions, threshold, subjects_generation, subjects, entities, alerts) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    at.as_str().into(),
                    run.who.as_str().into(),
                    versions.as_str().into(),
                    Value::Real(run.threshold),
                    Value::Int(run.subjects_generation),
                    Value::Int(run.subjects as i64),
                    Value::Int(run.entities as i64),
                    Value::Int(alerts.len() as i64),
                ],
            )?;
            let id = rows
                .first()
                .ok_or_else(|| self.data_err("INSERT … RETURNING gave no id".into()))?
                .int(0)?;
            b.insert_rows(
                "rescreen_alerts",
                &[
                    "run_id",
                    "subject_key",
                    "entity_id",
                    "entity_hash",
                    "score",
                    "reason",
                ],
                "",
                &mut alerts.iter().map(|a| {
                    vec![
                        Value::Int(id),
                        a.subject_key.as_str().into(),
                        a.entity_id.as_str().into(),
                        a.entity_hash.as_str().into(),
                        Value::Real(a.score),
                        a.reason.as_str().into(),
                    ]
                }),
            )?;
            let outbox = alerts
                .iter()
                .map(serde_json::to_string)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| StoreError::Invalid(format!("alert: {e}")))?;
            b.insert_rows(
                "rescreen_outbox",
                &["run_id", "position", "alert"],
                "",
                &mut outbox.iter().enumerate().map(|(i, json)| {
                    vec![Value::Int(id), Value::Int(i as i64), json.as_str().into()]
                }),
            )?;
            Ok(id)
        })?;
        Ok(RescreenRun {
            id,
            at,
            who: run.who.clone(),
            list_versions: run.list_versions.clone(),
            threshold: run.threshold,
            subjects_generation: run.subjects_generation,
            subjects: run.subjects,
            entities: run.entities,
            alerts: alerts.len() as u64,
        })
    }

    fn undelivered_alerts(&self) -> Result<Vec<Alert>> {
        let rows = self.conn().query(
            "SELECT alert FROM rescreen_outbox ORDER BY run_id, position",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let text = r.text(0)?;
                serde_json::from_str(&text)
                    .map_err(|e| self.data_err(format!("undelivered alert: {e}")))
            })
            .collect()
    }

    fn mark_delivered(&self, up_to: i64) -> Result<()> {
        self.conn().execute(
            "DELETE FROM rescreen_outbox WHERE run_id <= $1",
            &[Value::Int(up_to)],
        )?;
        Ok(())
    }
}
