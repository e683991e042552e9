//! The summary printed at the end of every batch: rows, rows with hits by their best band,
//! suppressed, warnings, time.

use std::time::Duration;

use crate::output::record::ScreenedRow;

/// Counts over a screened batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    /// Data rows screened.
    pub rows: usize,
    /// Rows with at least one hit not suppressed by a decision.
    pub with_hits: usize,
    /// Of those, by the band of their best such hit.
    pub strong: usize,
    /// Best hit probable.
    pub probable: usize,
    /// Best hit possible (or any other band).
    pub possible: usize,
    /// Rows whose every hit is suppressed by a decision.
    pub suppressed_only: usize,
    /// Rows with a value that could not be read.
    pub rows_with_warnings: usize,
}

impl BatchSummary {
    /// Counts `rows`.
    pub fn of(rows: &[ScreenedRow]) -> BatchSummary {
        let mut s = BatchSummary {
            rows: rows.len(),
            ..BatchSummary::default()
        };
        for r in rows {
            if !r.warnings.is_empty() {
                s.rows_with_warnings += 1;
            }
            let best = r
                .hits
                .iter()
                .zip(&r.suppressed)
                .find(|(_, &sup)| !sup)
                .map(|(h, _)| h.band.as_str());
            match best {
                Some("strong") => s.strong += 1,
                Some("probable") => s.probable += 1,
                Some(_) => s.possible += 1,
                None if !r.hits.is_empty() => s.suppressed_only += 1,
                None => {}
            }
        }
        s.with_hits = s.strong + s.probable + s.possible;
        s
    }

    /// The summary line, in the user's language.
    pub fn line(&self, took: Duration) -> String {
        crate::i18n::t("batch_summary")
            .replace("{rows}", &self.rows.to_string())
            .replace("{secs}", &format!("{:.1}", took.as_secs_f64()))
            .replace("{with_hits}", &self.with_hits.to_string())
            .replace("{strong}", &self.strong.to_string())
            .replace("{probable}", &self.probable.to_string())
            .replace("{possible}", &self.possible.to_string())
            .replace("{suppressed}", &self.suppressed_only.to_string())
            .replace("{warnings}", &self.rows_with_warnings.to_string())
    }
}
