//! The synthetic list written as FollowTheMoney JSON lines, for the streaming-ingest benchmark
//! (`namesake-bench ftm-ingest`): one entity a line, in the shape the FtM reader of
//! `namesake-sources` accepts (`id`, `schema`, `properties` of string lists, `datasets`).
//!
//! The synthetic list has people and organisations without identifiers; so that the file also
//! exercises vessels and identifier properties, every fifth organisation is written as a
//! `Vessel` with an `imoNumber`, the other organisations carry a `registrationNumber` and every
//! fourth person a `passportNumber`, all derived from the entity's key (no randomness).

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use namesake_index::Index;
use namesake_model::{Entity, Schema};
use serde_json::{json, Map, Value};

use crate::synth::synthetic_list;

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FtmWritten {
    /// Lines (entities) written.
    pub lines: usize,
    /// Of them, vessels.
    pub vessels: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes `entities` as FtM JSON lines to `out`, one entity a line.
pub fn write_ftm_lines<W: Write>(entities: &[Entity], mut out: W) -> io::Result<FtmWritten> {
    let mut written = FtmWritten::default();
    let mut orgs = 0usize;
    for (i, e) in entities.iter().enumerate() {
        let vessel = e.schema == Schema::Organization && {
            orgs += 1;
            orgs.is_multiple_of(5)
        };
        let line = serde_json::to_string(&ftm_value(e, i, vessel))?;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written.lines += 1;
        written.vessels += usize::from(vessel);
        written.bytes += line.len() as u64 + 1;
    }
    out.flush()?;
    Ok(written)
}

/// One entity as an FtM object; `i` is its position (identifiers are derived from it).
fn ftm_value(e: &Entity, i: usize, vessel: bool) -> Value {
    let mut props = Map::new();
    let strings = |v: Vec<String>| Value::from(v);
    let mut names = e.names.iter().map(|n| n.full.clone());
    props.insert("name".into(), strings(names.next().into_iter().collect()));
    let aliases: Vec<String> = names.collect();
    if !aliases.is_empty() {
        props.insert("alias".into(), strings(aliases));
    }
    let dates: Vec<String> = e.birth_dates.iter().map(|d| d.from.to_string()).collect();
    if !dates.is_empty() {
        props.insert("birthDate".into(), strings(dates));
    }
    let country_prop = match e.schema {
        Schema::Person => "nationality",
        _ => "country",
    };
    props.insert(country_prop.into(), strings(e.nationalities.clone()));
    let schema = match e.schema {
        Schema::Person => {
            if i.is_multiple_of(4) {
                props.insert("passportNumber".into(), json!([format!("P{i:08}")]));
            }
            "Person"
        }
        _ if vessel => {
            props.insert(
                "imoNumber".into(),
                json!([format!("IMO{:07}", i % 10_000_000)]),
            );
            "Vessel"
        }
        _ => {
            props.insert("registrationNumber".into(), json!([format!("R{i:09}")]));
            "Organization"
        }
    };
    json!({
        "id": format!("NK-synth-{}", e.key),
        "schema": schema,
        "properties": props,
        "datasets": ["synthetic"],
    })
}

/// The figures of one ingest run ([`ingest`]).
#[derive(Debug, Clone)]
pub struct IngestReport {
    /// What was written.
    pub written: FtmWritten,
    /// Generating the synthetic list and writing the file.
    pub write: Duration,
    /// Peak resident memory (MB) while generating and writing, before it was reset.
    pub write_peak_mb: f64,
    /// Whether the peak could be reset after writing (`/proc/self/clear_refs`); if not, the
    /// later peaks include the writing phase.
    pub peak_reset: bool,
    /// Entities read back.
    pub read_entities: usize,
    /// Lines the reader skipped.
    pub skipped: usize,
    /// Reading the file through `namesake_sources::load` (detection included).
    pub read: Duration,
    /// Peak resident memory (MB) at the end of reading.
    pub read_peak_mb: f64,
    /// Building the index from the entities read.
    pub build: Duration,
    /// Peak resident memory (MB) at the end of the build.
    pub build_peak_mb: f64,
    /// Names in the index.
    pub names: usize,
    /// Distinct tokens in the index.
    pub tokens: usize,
}

impl std::fmt::Display for IngestReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = &self.written;
        writeln!(f, "FtM file: {} entities ({} vessels), {:.0} MB; generated and written in {:.2?}, peak {:.0} MB",
            w.lines, w.vessels, w.bytes as f64 / 1e6, self.write, self.write_peak_mb)?;
        if !self.peak_reset {
            writeln!(
                f,
                "(peak memory could not be reset after writing: the peaks below include it)"
            )?;
        }
        writeln!(
            f,
            "read: {} entities, {} skipped, in {:.2?} ({:.1} s); peak memory (VmHWM) {:.0} MB",
            self.read_entities,
            self.skipped,
            self.read,
            self.read.as_secs_f64(),
            self.read_peak_mb
        )?;
        writeln!(
            f,
            "index build: {} names, {} tokens, in {:.2?} ({:.1} s); peak memory (VmHWM) {:.0} MB",
            self.names,
            self.tokens,
            self.build,
            self.build.as_secs_f64(),
            self.build_peak_mb
        )?;
        write!(
            f,
            "read + build: {:.1} s",
            (self.read + self.build).as_secs_f64()
        )
    }
}

/// A temporary directory removed on drop, so that the generated file never outlives the run.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Resets the process's peak resident size (Linux: writing 5 to `/proc/self/clear_refs`).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Writes the synthetic list of `n` entities (`seed`) as FtM JSON lines to a temporary file,
/// frees it, then reads the file through the sources' reader and builds the index, timing each
/// step; `peak_mb` reads the peak resident memory.
pub fn ingest(n: usize, seed: u64, peak_mb: fn() -> f64) -> anyhow::Result<IngestReport> {
    let dir = TempDir(std::env::temp_dir().join(format!("namesake-ftm-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0)?;
    let path = dir.0.join("synthetic.ftm.json");
    let t = Instant::now();
    let written = {
        let (_, ents) = synthetic_list(n, seed);
        let file = std::fs::File::create(&path).with_context(|| path.display().to_string())?;
        write_ftm_lines(&ents, io::BufWriter::new(file))?
    };
    let write = t.elapsed();
    let write_peak_mb = peak_mb();
    let peak_reset = reset_peak_rss();
    let t = Instant::now();
    let parsed = namesake_sources::load(&path).with_context(|| path.display().to_string())?;
    let read = t.elapsed();
    let read_peak_mb = peak_mb();
    let (read_entities, skipped) = (parsed.entities.len(), parsed.skipped.len());
    let t = Instant::now();
    let index = Index::build(vec![(parsed.info, parsed.entities)]);
    let build = t.elapsed();
    Ok(IngestReport {
        written,
        write,
        write_peak_mb,
        peak_reset,
        read_entities,
        skipped,
        read,
        read_peak_mb,
        build,
        build_peak_mb: peak_mb(),
        names: index.name_count(),
        tokens: index.token_count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn written_lines_read_back_through_the_ftm_reader() {
        let (_, ents) = synthetic_list(300, 3);
        let mut buf = Vec::new();
        let w = write_ftm_lines(&ents, &mut buf).unwrap();
        assert_eq!(w.lines, 300);
        assert_eq!(w.bytes, buf.len() as u64);
        assert!(w.vessels > 0, "some organisations are written as vessels");
        let back = namesake_sources::ftm::parse_bytes(&buf, Path::new("synth.ftm.json")).unwrap();
        assert!(back.skipped.is_empty(), "{:?}", back.skipped);
        assert_eq!(back.entities.len(), ents.len());
        for (a, b) in ents.iter().zip(&back.entities) {
            let names = |e: &Entity| e.names.iter().map(|n| n.full.clone()).collect::<Vec<_>>();
            assert_eq!(names(a), names(b), "{}", a.id);
            assert_eq!(a.birth_dates, b.birth_dates, "{}", a.id);
        }
        let vessels = back
            .entities
            .iter()
            .filter(|e| e.schema == Schema::Vessel)
            .count();
        assert_eq!(vessels, w.vessels);
    }
}
