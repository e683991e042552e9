//! Loading lists into an index, with a cache keyed by the lists' content.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use namesake_index::{Index, FORMAT_VERSION};
use sha2::{Digest, Sha256};

use crate::args::ListSource;

/// Where namesake keeps its data (see [`namesake_store::data_dir`]).
pub use namesake_store::data_dir;

fn cache_key(files: &[PathBuf]) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    h.update(FORMAT_VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for f in files {
        h.update(
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .as_bytes(),
        );
        hash_file(&mut h, f)?;
        h.update([0u8]);
    }
    Ok(namesake_store::hex(&h.finalize()[..16]))
}

/// Feeds the bytes of `f` to `h`; returns how many there were.
pub(crate) fn hash_file(h: &mut Sha256, f: &Path) -> anyhow::Result<u64> {
    let mut file =
        std::fs::File::open(f).with_context(|| format!("cannot read {}", f.display()))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut len: u64 = 0;
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", f.display()))?;
        if n == 0 {
            return Ok(len);
        }
        h.update(&buf[..n]);
        len += n as u64;
    }
}

/// The index cached at `path` if it loads; otherwise `build()`'s, saved there for next time (a
/// cache that cannot be written is only a warning). `what` names the source in verbose notes.
pub(crate) fn cached_index(
    path: Option<PathBuf>,
    what: &str,
    build: impl FnOnce() -> anyhow::Result<Index>,
) -> anyhow::Result<Index> {
    let started = Instant::now();
    if let Some(p) = path.as_ref().filter(|p| p.exists()) {
        match Index::load(p) {
            Ok(ix) => {
                note(&format!(
                    "loaded cached index {} in {:?}",
                    p.display(),
                    started.elapsed()
                ));
                return Ok(ix);
            }
            Err(e) => eprintln!("warning: ignoring cached index: {e}"),
        }
    }
    let index = build()?;
    if let Some(p) = &path {
        let written = p
            .parent()
            .map_or(Ok(()), crate::atomic::private_dir)
            .map_err(anyhow::Error::from)
            .and_then(|_| index.save(p).map_err(Into::into));
        if let Err(e) = written {
            eprintln!(
                "warning: could not write the index cache {}: {e}",
                p.display()
            );
        }
    }
    note(&format!("built index {what} in {:?}", started.elapsed()));
    Ok(index)
}

/// Parses the lists, reporting skipped records on stderr.
pub fn parse_lists(paths: &[PathBuf]) -> anyhow::Result<Vec<namesake_sources::ParsedList>> {
    let mut out = Vec::new();
    for p in paths {
        let parsed = namesake_sources::load(p)?;
        if !parsed.skipped.is_empty() {
            let kept = parsed.skipped.iter().filter(|s| s.field.is_some()).count();
            eprintln!(
                "warning: {}: {} record(s) skipped, {kept} field(s) unreadable in entries kept without them:",
                p.display(),
                parsed.skipped.len() - kept
            );
            for s in parsed.skipped.iter().take(20) {
                eprintln!("  {s}");
            }
            if parsed.skipped.len() > 20 {
                eprintln!("  … and {} more", parsed.skipped.len() - 20);
            }
        }
        out.push(parsed);
    }
    Ok(out)
}

/// Builds (or loads from the cache) the index over the given lists.
pub fn load_index(src: &ListSource) -> anyhow::Result<Index> {
    let mut files = Vec::new();
    for p in &src.lists {
        let fmt = namesake_sources::detect(p)?;
        files.extend(fmt.inputs(p).into_iter().filter(|f| f.exists()));
    }
    let key = cache_key(&files)?;
    let path = (!src.no_cache)
        .then(data_dir)
        .flatten()
        .map(|d| d.join("cache").join(format!("{key}.idx")));
    cached_index(path, "from the list files", || {
        let parsed = parse_lists(&src.lists)?;
        Ok(Index::build(
            parsed.into_iter().map(|p| (p.info, p.entities)).collect(),
        ))
    })
}

/// A line on stderr when `NAMESAKE_VERBOSE` is set.
pub(crate) fn note(msg: &str) {
    if std::env::var_os("NAMESAKE_VERBOSE").is_some() {
        eprintln!("{msg}");
    }
}

/// Whether the path looks like something a person typed by mistake (a directory).
pub fn check_paths(paths: &[PathBuf]) -> anyhow::Result<()> {
    for p in paths {
        if !p.exists() {
            anyhow::bail!("{}: no such list file", p.display());
        }
        if Path::new(p).is_dir() {
            anyhow::bail!(
                "{} is a directory: name the list files themselves",
                p.display()
            );
        }
    }
    Ok(())
}
