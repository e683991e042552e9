//! The server's configuration file and its API keys.
//!
//! ```toml
//! addr = "127.0.0.1:8000"          # optional; --addr wins
//! lists = ["/data/un.xml"]          # optional; --list wins
//! max_body_bytes = 2097152          # optional request body limit
//! max_batch = 500                   # optional limit on subjects per request
//!
//! [limits]                          # optional; see the limits module for every limit
//! rate_per_minute = 600
//! header_read_timeout_ms = 10000
//!
//! [ui]                              # optional; the analyst's web UI under /ui
//! four_eyes = true                  # a true match needs a second reviewer
//!
//! [[api_keys]]
//! name = "onboarding"               # recorded as the caller in the audit trail
//! role = "screen"                   # screen (default), review (decisions) or admin (reload)
//! sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
//! ```
//!
//! Keys are stored only as SHA-256 digests (`printf %s KEY | sha256sum`). Keys may also come from
//! the `NAMESAKE_API_KEYS` environment variable: comma-separated `name:role:key` items (a bare
//! `key` is named `env-1`, `env-2`… in order, with the `screen` role), hashed at startup.
//! Presented keys are hashed and compared in constant time.
//!
//! Roles are ordered: `review` may do what `screen` may, `admin` what `review` may.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ServerError;

/// Default request body limit: 2 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Default limit on subjects in one request.
pub const DEFAULT_MAX_BATCH: usize = 500;
/// Shortest plaintext key accepted from the environment.
pub const MIN_KEY_LEN: usize = 16;

/// The configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Address to listen on.
    #[serde(default)]
    pub addr: Option<String>,
    /// List files to load.
    #[serde(default)]
    pub lists: Vec<PathBuf>,
    /// Request body limit in bytes.
    #[serde(default)]
    pub max_body_bytes: Option<usize>,
    /// Most subjects (queries) in one request.
    #[serde(default)]
    pub max_batch: Option<usize>,
    /// API keys, by name and SHA-256 digest.
    #[serde(default)]
    pub api_keys: Vec<KeyConfig>,
    /// Limits on connections, time and work (see [`crate::limits`]).
    #[serde(default)]
    pub limits: crate::Limits,
    /// The web UI (`[ui]`: `four_eyes`, `session_minutes`, `secure_cookies`).
    #[serde(default)]
    pub ui: crate::UiOptions,
}

/// What a key may do. Each role includes the ones before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Screen subjects, read lists and entities.
    #[default]
    Screen,
    /// Also record and read analysts' decisions.
    Review,
    /// Also reload the lists.
    Admin,
}

impl Role {
    /// `screen`, `review` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Screen => "screen",
            Role::Review => "review",
            Role::Admin => "admin",
        }
    }
    /// Reads [`Role::as_str`]'s output.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "screen" => Some(Role::Screen),
            "review" => Some(Role::Review),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    /// Whether this role may do what `needed` allows.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// One `[[api_keys]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Who uses the key (recorded with every screening).
    pub name: String,
    /// What the key may do (default `screen`).
    #[serde(default)]
    pub role: Role,
    /// SHA-256 of the key, 64 hex digits.
    pub sha256: String,
}

impl ConfigFile {
    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<ConfigFile, ServerError> {
        let text = std::fs::read_to_string(path).map_err(|source| ServerError::ConfigRead {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses configuration text (`path` is for messages).
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ServerError> {
        toml::from_str(text).map_err(|e| ServerError::ConfigParse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}

/// One usable key: a name and the digest of the key.
#[derive(Clone)]
struct KeyEntry {
    name: String,
    role: Role,
    digest: [u8; 32],
}

impl std::fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print digests: they are as good as the keys against an offline guess.
        f.debug_struct("KeyEntry")
            .field("name", &self.name)
            .finish()
    }
}

/// The API keys the server accepts.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    keys: Vec<KeyEntry>,
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

fn parse_hex_digest(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        let hex = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(hex, 16).ok()?;
    }
    Some(out)
}

/// The SHA-256 of a key as 64 lower-case hex digits: what goes in the config file.
pub fn key_digest_hex(key: &str) -> String {
    digest(key).iter().map(|b| format!("{b:02x}")).collect()
}

impl ApiKeys {
    /// No keys.
    pub fn new() -> Self {
        ApiKeys::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds a plaintext key under a name (hashing it), with the `screen` role.
    pub fn add_plain(&mut self, name: &str, key: &str) {
        self.add_with_role(name, Role::Screen, key);
    }

    /// Adds a plaintext key under a name with a role (hashing it).
    pub fn add_with_role(&mut self, name: &str, role: Role, key: &str) {
        self.keys.push(KeyEntry {
            name: name.to_string(),
            role,
            digest: digest(key),
        });
    }

    /// Adds the `[[api_keys]]` entries of a configuration file.
    pub fn add_config(&mut self, file: &ConfigFile, origin: &str) -> Result<(), ServerError> {
        for k in &file.api_keys {
            let bad = |message: &str| ServerError::BadKey {
                origin: origin.to_string(),
                name: k.name.clone(),
                message: message.to_string(),
            };
            if k.name.trim().is_empty() {
                return Err(bad("the name is empty"));
            }
            let d = parse_hex_digest(&k.sha256)
                .ok_or_else(|| bad("sha256 must be 64 hex digits (printf %s KEY | sha256sum)"))?;
            self.keys.push(KeyEntry {
                name: k.name.trim().to_string(),
                role: k.role,
                digest: d,
            });
        }
        Ok(())
    }

    /// Adds the keys of a `NAMESAKE_API_KEYS` value: comma-separated `name:role:key` items, or
    /// bare keys (named `env-1`, `env-2`… by position, role `screen`). Empty items are skipped;
    /// short keys and unknown roles are refused.
    pub fn add_env_value(&mut self, value: &str) -> Result<(), ServerError> {
        for (i, item) in value
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .enumerate()
        {
            let bad = |name: &str, message: String| ServerError::BadKey {
                origin: "NAMESAKE_API_KEYS".into(),
                name: name.to_string(),
                message,
            };
            let (name, role, key) = match item.splitn(3, ':').collect::<Vec<_>>()[..] {
                [name, role, key] => {
                    let role = Role::parse(role).ok_or_else(|| {
                        bad(
                            name,
                            format!("unknown role {role:?}: expected screen, review or admin"),
                        )
                    })?;
                    (name.trim().to_string(), role, key)
                }
                _ => (format!("env-{}", i + 1), Role::Screen, item),
            };
            if name.is_empty() {
                return Err(bad(&name, "the name is empty (name:role:key)".into()));
            }
            if key.chars().count() < MIN_KEY_LEN || key.chars().any(char::is_whitespace) {
                return Err(bad(
                    &name,
                    format!("keys must be at least {MIN_KEY_LEN} characters without spaces"),
                ));
            }
            self.add_with_role(&name, role, key);
        }
        Ok(())
    }

    /// The name of the key, if `presented` is one of the keys. Every stored digest is compared
    /// in constant time, so the time taken says nothing about which digest came close.
    pub fn verify(&self, presented: &str) -> Option<&str> {
        self.verify_role(presented).map(|(name, _)| name)
    }

    /// The name and role of the key, if `presented` is one of the keys (compared as
    /// [`ApiKeys::verify`] does).
    pub fn verify_role(&self, presented: &str) -> Option<(&str, Role)> {
        let d = digest(presented);
        let mut found: Option<(&str, Role)> = None;
        for k in &self.keys {
            let eq: bool = k.digest.ct_eq(&d).into();
            if eq && found.is_none() {
                found = Some((&k.name, k.role));
            }
        }
        found
    }
}

/// The key in an `Authorization: ApiKey <key>` or `Authorization: Bearer <key>` header value.
pub fn key_from_header(value: &str) -> Option<&str> {
    let value = value.trim();
    let (scheme, rest) = value.split_once(char::is_whitespace)?;
    if scheme.eq_ignore_ascii_case("apikey") || scheme.eq_ignore_ascii_case("bearer") {
        let key = rest.trim();
        (!key.is_empty()).then_some(key)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_verify_by_digest() {
        let text = format!(
            "[[api_keys]]\nname = \"onboarding\"\nsha256 = \"{}\"\n",
            key_digest_hex("correct horse battery staple")
        );
        let cfg = ConfigFile::parse(&text, Path::new("t.toml")).unwrap();
        let mut keys = ApiKeys::new();
        keys.add_config(&cfg, "t.toml").unwrap();
        assert_eq!(
            keys.verify("correct horse battery staple"),
            Some("onboarding")
        );
        assert_eq!(keys.verify("correct horse battery stapl"), None);
        assert_eq!(keys.verify(""), None);
    }

    #[test]
    fn bad_digest_and_unknown_keys_are_reported() {
        let cfg = ConfigFile::parse(
            "[[api_keys]]\nname = \"x\"\nsha256 = \"abc\"\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let err = ApiKeys::new().add_config(&cfg, "t.toml").unwrap_err();
        assert!(err.to_string().contains("64 hex digits"), "{err}");
        let err = ConfigFile::parse("api_key = 1\n", Path::new("t.toml")).unwrap_err();
        assert!(err.to_string().contains("t.toml"), "{err}");
    }

    #[test]
    fn env_keys_are_named_in_order_and_short_ones_refused() {
        let mut keys = ApiKeys::new();
        keys.add_env_value(" first-key-0123456789 ,, second-key-0123456789")
            .unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys.verify("second-key-0123456789"), Some("env-2"));
        let err = ApiKeys::new().add_env_value("short").unwrap_err();
        assert!(err.to_string().contains("at least"), "{err}");
    }

    #[test]
    fn env_keys_carry_names_and_roles() {
        let mut keys = ApiKeys::new();
        keys.add_env_value("ops:admin:ops-key-0123456789,bot:screen:bot-key-0123456789")
            .unwrap();
        assert_eq!(
            keys.verify_role("ops-key-0123456789"),
            Some(("ops", Role::Admin))
        );
        assert_eq!(
            keys.verify_role("bot-key-0123456789"),
            Some(("bot", Role::Screen))
        );
        let err = ApiKeys::new()
            .add_env_value("x:boss:key-0123456789abcdef")
            .unwrap_err();
        assert!(err.to_string().contains("unknown role"), "{err}");
        assert!(Role::Admin.allows(Role::Review) && !Role::Screen.allows(Role::Review));
    }

    #[test]
    fn authorization_schemes() {
        assert_eq!(key_from_header("ApiKey abc"), Some("abc"));
        assert_eq!(key_from_header("Bearer  abc "), Some("abc"));
        assert_eq!(key_from_header("bearer abc"), Some("abc"));
        assert_eq!(key_from_header("Basic abc"), None);
        assert_eq!(key_from_header("ApiKey"), None);
        assert_eq!(key_from_header("abc"), None);
    }
}
