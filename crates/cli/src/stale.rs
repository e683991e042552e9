//! The stale-list warning: screening from the store says when a list's current version is
//! older than the age its users accept, naming the list and its age, so a run against a list
//! that `update` stopped refreshing is not mistaken for a run against today's list.
//!
//! A list's age counts from its publication date (its import into the store when it states
//! none: importing an old file today does not make it current), or from the last fetch by
//! `namesake update` when later: a publisher that has nothing to amend does not republish, and
//! having checked is what makes the copy current.
//!
//! The limit: `[screen] stale_after_days` in the config file (default 30, 0 turns the warning
//! off) for the lists `update` knows; `[screen.stale_after_days_by_list]` per list code, which
//! also covers own lists; `NAMESAKE_STALE_DAYS` overrides the default.

use std::collections::BTreeMap;

use anyhow::Context;
use namesake_store::ListVersion;
use serde::Serialize;

use crate::i18n::t;

/// Days after which a list `update` knows is stale, unless configured.
pub const DEFAULT_STALE_DAYS: u32 = 30;

/// Environment variable overriding `stale_after_days`.
pub const STALE_DAYS_ENV: &str = "NAMESAKE_STALE_DAYS";

/// How old each list may be.
#[derive(Debug, Clone, PartialEq)]
pub struct StalePolicy {
    /// For the lists `update` knows (0: never stale).
    pub default_days: u32,
    /// Per list code, for any list (0: never stale).
    pub by_list: BTreeMap<String, u32>,
}

impl StalePolicy {
    /// The policy of the config file (`config.toml` in the data directory when present) and
    /// the environment.
    pub fn load() -> anyhow::Result<StalePolicy> {
        let file = crate::config_file::ConfigFile::load(None)?;
        let env = std::env::var(STALE_DAYS_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        let env_days = env
            .map(|v| {
                v.trim()
                    .parse::<u32>()
                    .with_context(|| format!("{STALE_DAYS_ENV}={v:?} is not a number of days"))
            })
            .transpose()?;
        Ok(StalePolicy {
            default_days: env_days
                .or(file.screen.stale_after_days)
                .unwrap_or(DEFAULT_STALE_DAYS),
            by_list: file.screen.stale_after_days_by_list,
        })
    }

    /// The limit for `code`, if it has one.
    fn limit(&self, code: &str) -> Option<u32> {
        let known = || crate::update::catalogue().iter().any(|s| s.code == code);
        let days = match self.by_list.get(code) {
            Some(d) => *d,
            None if known() => self.default_days,
            None => return None,
        };
        (days > 0).then_some(days)
    }
}

/// A list older than its limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleList {
    /// Its code.
    pub list: String,
    /// Its full name.
    pub name: String,
    /// Days since `since`.
    pub age_days: i64,
    /// The date its age counts from (UTC).
    pub since: String,
    /// The limit it is over.
    pub limit_days: u32,
}

impl StaleList {
    /// The warning, in the user's language.
    pub fn message(&self) -> String {
        t("stale_list")
            .replace("{list}", &self.list)
            .replace("{name}", &self.name)
            .replace("{age}", &self.age_days.to_string())
            .replace("{since}", &self.since)
            .replace("{limit}", &self.limit_days.to_string())
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` text.
fn day_number(s: &str) -> Option<i64> {
    let mut it = s.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(namesake_model::date::days_from_civil(y, m, d))
}

/// The lists of `current` older than the policy allows on `today` (`YYYY-MM-DD…`);
/// `fetched(code)` is when `update` last found the list unchanged, if ever.
pub fn stale_lists(
    current: &[ListVersion],
    policy: &StalePolicy,
    today: &str,
    fetched: &dyn Fn(&str) -> Option<String>,
) -> Vec<StaleList> {
    let Some(now) = day_number(today) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for v in current {
        let Some(limit) = policy.limit(&v.list) else {
            continue;
        };
        let dated = v.published.clone().unwrap_or_else(|| v.imported_at.clone());
        let latest = [Some(dated), fetched(&v.list)]
            .into_iter()
            .flatten()
            .filter_map(|s| day_number(&s).map(|n| (n, s)))
            .max_by_key(|(n, _)| *n);
        let Some((day, since)) = latest else {
            continue;
        };
        let age = now - day;
        if age > i64::from(limit) {
            out.push(StaleList {
                list: v.list.clone(),
                name: v.info.name.clone(),
                age_days: age,
                since: since.get(..10).unwrap_or(&since).to_string(),
                limit_days: limit,
            });
        }
    }
    out
}

/// The stale lists among the store's current versions now, each warned about on stderr.
pub fn warn(current: &[ListVersion]) -> anyhow::Result<Vec<StaleList>> {
    let policy = StalePolicy::load()?;
    let today = namesake_store::now_rfc3339();
    let stale = stale_lists(current, &policy, &today, &crate::update::last_fetched);
    for s in &stale {
        eprintln!("{}: {}", t("warning"), s.message());
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::ListInfo;

    fn version(list: &str, published: Option<&str>, imported: &str) -> ListVersion {
        ListVersion {
            id: 1,
            list: list.into(),
            info: ListInfo {
                code: list.into(),
                name: format!("{list} list"),
                format: "x".into(),
                published: published.map(Into::into),
            },
            content_hash: "h".into(),
            published: published.map(Into::into),
            imported_at: imported.into(),
            entity_count: 1,
            source: "f".into(),
            status: "committed".into(),
        }
    }

    fn policy() -> StalePolicy {
        StalePolicy {
            default_days: 30,
            by_list: BTreeMap::from([("blocklist".to_string(), 7), ("ca".to_string(), 0)]),
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-11-27T14:00:00.000Z"), Some(20_784));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("27/11/2026"), None);
        assert_eq!(day_number("2026-13-01"), None);
    }

    #[test]
    fn age_counts_from_the_latest_of_publication_import_and_fetch() {
        let current = [
            version("un", Some("2026-02-27"), "2026-03-01T10:00:00.000Z"),
            version("ofac-sdn", None, "2026-11-20T10:00:00.000Z"),
            version("uk", Some("2026-01-01"), "2026-01-02T00:00:00.000Z"),
            version("blocklist", None, "2026-11-10T00:00:00.000Z"),
            version("mylist", None, "2020-01-01T00:00:00.000Z"),
            version("ca", None, "2020-01-01T00:00:00.000Z"),
        ];
        let fetched = |code: &str| (code == "uk").then(|| "2026-11-26T08:00:00.000Z".to_string());
        let stale = stale_lists(&current, &policy(), "2026-11-27T12:00:00.000Z", &fetched);
        let got: Vec<(&str, i64, &str)> = stale
            .iter()
            .map(|s| (s.list.as_str(), s.age_days, s.since.as_str()))
            .collect();
        // un: 273 days since its publication (its import does not count); uk fetched
        // yesterday; ofac-sdn (no date) imported within 30 days; an own list only with a limit
        // of its own; `ca` turned off.
        assert_eq!(
            got,
            [("un", 273, "2026-02-27"), ("blocklist", 17, "2026-11-10")]
        );
        assert!(
            stale[0].message().contains("273 days"),
            "{}",
            stale[0].message()
        );
    }

    #[test]
    fn zero_turns_the_warning_off() {
        let p = StalePolicy {
            default_days: 0,
            by_list: BTreeMap::new(),
        };
        let current = [version("un", Some("2000-01-01"), "2000-01-01T00:00:00Z")];
        assert!(stale_lists(&current, &p, "2026-11-27", &|_| None).is_empty());
    }
}
