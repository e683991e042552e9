//! Output files that appear whole or not at all: written to a temporary file in the same
//! folder (so the rename cannot cross file systems) and renamed over the target by
//! [`AtomicFile::commit`]. Dropped without a commit (an error, a panic), the temporary file is
//! removed; killed, it is left under a `.NAME.*.tmp` name, never at the target. On Unix the
//! file is created 0600: outputs hold customers' personal data.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;

/// A file being written; [`AtomicFile::commit`] puts it in place.
pub struct AtomicFile {
    target: PathBuf,
    tmp: Option<PathBuf>,
    out: BufWriter<File>,
}

impl AtomicFile {
    /// Starts writing what will become `target`.
    pub fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .with_context(|| format!("{} names no file", target.display()))?
            .to_string_lossy();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file =
            private_file(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            tmp: Some(tmp),
            out: BufWriter::new(file),
        })
    }

    /// Flushes, syncs and renames the file over the target.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let tmp = self.tmp.take().context("already committed")?;
        let done = self
            .out
            .flush()
            .and_then(|_| self.out.get_ref().sync_all())
            .and_then(|_| std::fs::rename(&tmp, &self.target));
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done.with_context(|| format!("cannot write {}", self.target.display()))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// An [`AtomicFile`] that a writer (a batch sink) can own while the caller keeps the right to
/// commit it once the writer is done.
pub struct SharedAtomic(Arc<Mutex<AtomicFile>>);

impl SharedAtomic {
    /// Starts writing what will become `target`; returns the writer and the handle to commit.
    pub fn create(target: &Path) -> anyhow::Result<(SharedAtomic, SharedAtomic)> {
        let f = Arc::new(Mutex::new(AtomicFile::create(target)?));
        Ok((SharedAtomic(f.clone()), SharedAtomic(f)))
    }

    /// Commits the file; every other handle must have been dropped.
    pub fn commit(self) -> anyhow::Result<()> {
        let f = Arc::try_unwrap(self.0)
            .map_err(|_| anyhow::anyhow!("output file still being written"))?
            .into_inner()
            .map_err(|_| anyhow::anyhow!("output writer panicked"))?;
        f.commit()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, AtomicFile> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Write for SharedAtomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.lock().flush()
    }
}

/// Creates a directory and its missing parents, those it creates readable by their owner only
/// (0700 on Unix).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Creates (truncating) a file readable by its owner only on Unix.
pub fn private_file(path: &Path) -> std::io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_at_the_target_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&target).unwrap();
        writeln!(f, "one").unwrap();
        assert!(!target.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "one\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn dropped_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "previous").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        writeln!(f, "half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
