//! Argument checks that clap cannot express: values that would make a command answer "no hit"
//! without having screened anything are refused (exit 2) with the reason.

use anyhow::bail;

use namesake_screening::options;

use crate::args::ScreenArgs;
use crate::i18n::t;

/// Refuses `--limit 0`, a threshold outside 0–1 (or not a number) and a name with no letter
/// or digit.
pub fn screen_args(a: &ScreenArgs) -> anyhow::Result<()> {
    if options::limit("--limit", a.limit as u64, usize::MAX).is_err() {
        bail!(t("bad_limit"));
    }
    if let Some(th) = a.threshold {
        if options::score("--threshold", f64::from(th)).is_err() {
            bail!(t("bad_threshold").replace("{value}", &th.to_string()));
        }
    }
    if let Some(name) = &a.name {
        if !name.trim().is_empty() && !has_letter_or_digit(name) {
            bail!(t("bad_name").replace("{name}", &format!("{name:?}")));
        }
    }
    Ok(())
}

pub use namesake_screening::has_letter_or_digit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_no_name() {
        assert!(!has_letter_or_digit("-- ., ;"));
        assert!(!has_letter_or_digit("«»"));
        assert!(has_letter_or_digit("Ö."));
        assert!(has_letter_or_digit("أسامة"));
    }
}
