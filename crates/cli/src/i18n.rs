//! The CLI's messages in the user's language: Turkish when `--lang tr` is given or the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Turkish, English otherwise. The catalogue is data
//! (`i18n/messages.toml`), compiled in.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The languages messages exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    En,
    /// Turkish.
    Tr,
}

#[derive(Deserialize)]
struct Message {
    en: String,
    tr: String,
}

static LANG: OnceLock<Lang> = OnceLock::new();

fn catalogue() -> &'static HashMap<String, Message> {
    static CAT: OnceLock<HashMap<String, Message>> = OnceLock::new();
    CAT.get_or_init(|| {
        toml::from_str(include_str!("i18n/messages.toml")).expect("messages.toml is valid (tested)")
    })
}

/// The language a locale name or `--lang` value stands for (`tr`, `tr_TR.UTF-8` → Turkish).
pub fn lang_of(s: &str) -> Lang {
    if s.trim().to_ascii_lowercase().starts_with("tr") {
        Lang::Tr
    } else {
        Lang::En
    }
}

/// Chooses the language once, from `--lang` or else the locale's environment variables (the
/// first one set, as the C library reads them).
pub fn init(flag: Option<&str>) {
    let lang = match flag {
        Some(f) => lang_of(f),
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| lang_of(&v)),
    };
    let _ = LANG.set(lang);
}

/// The current language (English until [`init`]).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// The message `key` in the current language (the key itself if the catalogue lacks it).
pub fn t(key: &str) -> String {
    tl(key, lang())
}

/// The message `key` with its `{name}` placeholders filled in from `values`.
pub fn tf(key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values.iter().fold(t(key), |m, (name, v)| {
        m.replace(&format!("{{{name}}}"), &v.to_string())
    })
}

/// The message `key` in `lang`.
pub fn tl(key: &str, lang: Lang) -> String {
    match catalogue().get(key) {
        Some(m) => match lang {
            Lang::En => m.en.clone(),
            Lang::Tr => m.tr.clone(),
        },
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        assert!(!catalogue().is_empty());
        for (k, m) in catalogue() {
            assert!(!m.en.is_empty() && !m.tr.is_empty(), "{k} is empty");
            assert_eq!(
                placeholders(&m.en),
                placeholders(&m.tr),
                "{k}: placeholders differ"
            );
        }
    }

    #[test]
    fn locale_names() {
        assert_eq!(lang_of("tr_TR.UTF-8"), Lang::Tr);
        assert_eq!(lang_of("TR"), Lang::Tr);
        assert_eq!(lang_of("en_US.UTF-8"), Lang::En);
        assert_eq!(lang_of("C"), Lang::En);
        assert_eq!(tl("no_hit", Lang::Tr), "eşleşme yok");
    }
}
