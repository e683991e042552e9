//! The options a caller sets on a screening (a threshold, a cutoff, a limit), checked by one rule
//! on every surface: the command line, the HTTP APIs, payments and Python refuse the same values
//! with the same reason.

/// A value given for a screening option that no screening can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A score (threshold, cutoff) outside 0–1, or not a number.
    #[error("{option} {}", self.reason())]
    Score {
        /// The option as the caller named it (`threshold`, `--threshold`, `cutoff`).
        option: String,
        /// The value as given.
        value: String,
    },
    /// A limit of 0 (it would answer "no hit" without screening), above the surface's most, or
    /// not a whole number.
    #[error("{option} {}", self.reason())]
    Limit {
        /// The option as the caller named it.
        option: String,
        /// The value as given.
        value: String,
        /// The most the surface allows.
        max: usize,
    },
}

impl OptionError {
    /// What is wrong, without the option's name ("must be a number between 0 and 1, got 2"),
    /// for surfaces that name the field their own way (`threshold: …`).
    pub fn reason(&self) -> String {
        match self {
            OptionError::Score { value, .. } => {
                format!("must be a number between 0 and 1, got {value}")
            }
            OptionError::Limit { value, max, .. } => {
                format!("must be a whole number from 1 to {max}, got {value}")
            }
        }
    }

    /// The option as the caller named it.
    pub fn option(&self) -> &str {
        match self {
            OptionError::Score { option, .. } | OptionError::Limit { option, .. } => option,
        }
    }
}

/// The most hits per subject a caller of the HTTP APIs or of the Python package may ask for.
pub const MAX_LIMIT: usize = 500;

/// A score option: a number from 0 to 1 (NaN refused).
pub fn score(option: &str, value: f64) -> Result<f32, OptionError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value as f32)
    } else {
        Err(OptionError::Score {
            option: option.to_string(),
            value: value.to_string(),
        })
    }
}

/// A score option given as text (a query parameter).
pub fn score_text(option: &str, text: &str) -> Result<f32, OptionError> {
    match text.trim().parse::<f64>() {
        Ok(v) => score(option, v),
        Err(_) => Err(OptionError::Score {
            option: option.to_string(),
            value: format!("{text:?}"),
        }),
    }
}

/// A limit: at least 1 and at most `max`.
pub fn limit(option: &str, value: u64, max: usize) -> Result<usize, OptionError> {
    match usize::try_from(value) {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(OptionError::Limit {
            option: option.to_string(),
            value: value.to_string(),
            max,
        }),
    }
}

/// A limit given as text (a query parameter).
pub fn limit_text(option: &str, text: &str, max: usize) -> Result<usize, OptionError> {
    match text.trim().parse::<u64>() {
        Ok(v) => limit(option, v, max),
        Err(_) => Err(OptionError::Limit {
            option: option.to_string(),
            value: format!("{text:?}"),
            max,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_numbers_from_zero_to_one() {
        assert_eq!(score("threshold", 0.0), Ok(0.0));
        assert_eq!(score("threshold", 1.0), Ok(1.0));
        for bad in [-0.01, 1.01, f64::NAN, f64::INFINITY] {
            let e = score("threshold", bad).unwrap_err();
            assert!(e
                .to_string()
                .starts_with("threshold must be a number between 0 and 1, got"));
        }
        assert_eq!(score_text("cutoff", " 0.5 "), Ok(0.5));
        assert_eq!(
            score_text("cutoff", "high").unwrap_err().to_string(),
            "cutoff must be a number between 0 and 1, got \"high\""
        );
    }

    #[test]
    fn limits_are_whole_numbers_from_one_to_the_most() {
        assert_eq!(limit("limit", 1, 500), Ok(1));
        assert_eq!(limit("limit", 500, 500), Ok(500));
        assert_eq!(
            limit("limit", 0, 500).unwrap_err().to_string(),
            "limit must be a whole number from 1 to 500, got 0"
        );
        assert!(limit("limit", 501, 500).is_err());
        assert!(limit_text("limit", "-3", 500).is_err());
        assert_eq!(limit_text("limit", "7", 500), Ok(7));
    }
}
