//! The OS account running namesake, for "who" in the audit log and decisions when `$USER`,
//! `$LOGNAME` and `$USERNAME` are unset (cron, containers, systemd units).

static GIVEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records the name a command's `--by` gives, which then stands for the OS user.
pub fn set_given(name: Option<&str>) {
    if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
        let _ = GIVEN.set(n.to_string());
    }
}

/// The name `--by` gave, if any.
pub fn given() -> Option<String> {
    GIVEN.get().cloned()
}

/// The account name of the process's user: the owner of `/proc/self` looked up in
/// `/etc/passwd` (`uid N` when the name is not there); `None` where neither exists.
pub fn account() -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").ok()?.uid();
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        Some(name_of(&passwd, uid).unwrap_or_else(|| format!("uid {uid}")))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The name `passwd` (the `/etc/passwd` format) gives `uid`.
fn name_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id = f.nth(1)?;
        (id.parse::<u32>().ok()? == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_found_by_uid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nana:x:1000:1000::/home/ana:/bin/sh\n";
        assert_eq!(name_of(passwd, 1000).as_deref(), Some("ana"));
        assert_eq!(name_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_of(passwd, 7), None);
    }
}
