//! `config.toml`, the data directory's config file: every section and key it may hold, read in
//! one place. A section or key namesake does not know is an error that names it (a misspelt
//! `[updte]` or `stale_after_day` would otherwise be ignored without a word, and the list
//! selection or the stale-list limit silently left at its default).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::update::SourceConfig;

/// The whole file. All sections are optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// `[update]`: what `namesake update` fetches without arguments.
    #[serde(default)]
    pub update: UpdateSection,
    /// `[eu]`: the EU's Financial Sanctions Files token.
    #[serde(default)]
    pub eu: EuSection,
    /// `[[sources]]`: mirrors of catalogued lists, and lists of one's own.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// `[screen]`: the stale-list limits.
    #[serde(default)]
    pub screen: ScreenSection,
}

/// `[update] lists = […]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateSection {
    #[serde(default)]
    pub lists: Option<Vec<String>>,
}

/// `[eu] token = "…"`: the EU's Financial Sanctions Files are served to registered users only.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EuSection {
    #[serde(default)]
    pub token: Option<String>,
}

/// `[screen] stale_after_days = N`, `[screen.stale_after_days_by_list] code = N`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScreenSection {
    #[serde(default)]
    pub stale_after_days: Option<u32>,
    #[serde(default)]
    pub stale_after_days_by_list: BTreeMap<String, u32>,
}

impl ConfigFile {
    /// The file at `path`, or `config.toml` in the data directory when there is one, or the
    /// defaults.
    pub(crate) fn load(path: Option<&Path>) -> anyhow::Result<ConfigFile> {
        let path = match path {
            Some(p) => Some(p.to_path_buf()),
            None => crate::loading::data_dir()
                .map(|d| d.join("config.toml"))
                .filter(|p| p.is_file()),
        };
        match path {
            Some(p) => Self::read(&p),
            None => Ok(ConfigFile::default()),
        }
    }

    fn read(p: &Path) -> anyhow::Result<ConfigFile> {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("cannot read the config file {}", p.display()))?;
        toml::from_str(&text).with_context(|| {
            format!(
                "{}: not a valid namesake config file (its sections and keys are in docs/config.md)",
                p.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn every_documented_section_is_read() {
        let c = parse(
            r#"
[update]
lists = ["un", "tr"]
[eu]
token = "t"
[screen]
stale_after_days = 3
[screen.stale_after_days_by_list]
masak = 10
[[sources]]
code = "own"
url = "https://example.org/own.csv"
"#,
        )
        .unwrap();
        assert_eq!(c.update.lists.unwrap(), ["un", "tr"]);
        assert_eq!(c.eu.token.as_deref(), Some("t"));
        assert_eq!(c.screen.stale_after_days, Some(3));
        assert_eq!(c.screen.stale_after_days_by_list["masak"], 10);
        assert_eq!(c.sources[0].code, "own");
    }

    #[test]
    fn an_unknown_section_or_key_is_named() {
        for (text, name) in [
            ("[updte]\nlists = [\"un\"]\n", "updte"),
            ("[screen]\nstale_after_day = 3\n", "stale_after_day"),
            (
                "[[sources]]\ncode = \"x\"\nurl = \"u\"\nfromat = \"own-csv\"\n",
                "fromat",
            ),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(name), "{text}: {e}");
        }
    }
}
