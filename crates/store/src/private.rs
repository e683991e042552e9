//! The store's files hold customers' personal data: the directories it creates are 0700 and
//! the database file 0600 on Unix (existing ones are left as their owner set them).

use std::path::Path;

use crate::error::{Result, StoreError};

/// Creates `dir` and its missing parents, owner-only.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Creates `path` empty and owner-only when absent (an empty file is an empty SQLite
/// database); an existing file is untouched.
pub(crate) fn create_file(path: &Path) -> Result<()> {
    let mut o = crate::anchor::private_options();
    o.create_new(true);
    match o.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}
