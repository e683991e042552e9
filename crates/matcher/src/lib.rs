//! Scoring a screening query against a listed entity.
//!
//! The matcher knows no list format and no index: it compares prepared tokens (see
//! `namesake-text`), aligns them independent of order, weighs them by rarity, adds the evidence
//! of dates of birth, nationality, gender and identifiers, and explains every step.
//!
//! ```
//! use namesake_matcher::{align::{align, Side}, similarity::{token_similarity, Channels, TokenKeys}};
//! let q = ["ozgur", "altun"];
//! let c = ["altun", "ozgur"];
//! let (qk, ck): (Vec<_>, Vec<_>) = (q.iter().map(|t| TokenKeys::new(t)).collect(), c.iter().map(|t| TokenKeys::new(t)).collect());
//! let w = [1.0, 1.0];
//! let a = align(Side::new(&q, &w), Side::new(&c, &w),
//!               |i, j| token_similarity(&qk[i], &ck[j], Channels::LATIN), true);
//! assert_eq!(a.score, 1.0);
//! ```
#![warn(missing_docs)]

pub mod align;
pub mod features;
pub mod similarity;

use serde::{Deserialize, Serialize};

pub use align::{Alignment, TokenPair};
pub use features::{Feature, FeatureName};
pub use similarity::{Channels, How, TokenKeys};

/// The calibrated default threshold: a score at or above it is an alert to review.
///
/// Bands (docs/matching.md): ≥ 0.90 strong match, 0.80–0.90 probable, 0.70–0.80 possible,
/// below 0.70 no alert.
pub const DEFAULT_THRESHOLD: f32 = 0.70;

/// Discount on a weak ("low quality") alias.
pub const WEAK_ALIAS_FACTOR: f32 = 0.92;

/// A Chinese or Korean name written in its own script is a few syllables, each a distinct part
/// (family name, generation name, given name): when one of them finds no partner, the rest
/// matching is much weaker evidence than for alphabetic names, whose extra tokens are often
/// middle names; a given name of one syllable is another name than one of two (*Yu* /
/// *Yu-pao*). The name score is multiplied by this: two syllables of three met exactly fall
/// under the default threshold.
pub const CJK_PARTIAL_FACTOR: f32 = 0.80;

/// How strong a match is, by its score (docs/matching.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Below the default threshold: no alert.
    None,
    /// 0.70–0.80.
    Possible,
    /// 0.80–0.90.
    Probable,
    /// 0.90 and above.
    Strong,
}

impl Band {
    /// `strong`, `probable`, `possible` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Strong => "strong",
            Band::Probable => "probable",
            Band::Possible => "possible",
            Band::None => "none",
        }
    }
}

impl std::fmt::Display for Band {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The band a score falls in.
pub fn band(score: f32) -> Band {
    if score >= 0.90 {
        Band::Strong
    } else if score >= 0.80 {
        Band::Probable
    } else if score >= DEFAULT_THRESHOLD {
        Band::Possible
    } else {
        Band::None
    }
}

/// Why an entity scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The query name that matched best (as given).
    pub query_name: String,
    /// The listed name it met (as published).
    pub matched_name: String,
    /// Primary, alias, former or original-script name, and whether it is weak.
    pub name_kind: String,
    /// Titles and honorifics set aside from the query.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<String>,
    /// The name score before other evidence.
    pub name_score: f32,
    /// Token alignment, shared by the tied hits of one listed name (a common name over a
    /// large list ties a thousand entities), serialised as the alignment itself.
    pub alignment: std::sync::Arc<Alignment>,
    /// Evidence beyond the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
}

impl Explanation {
    /// A one-line summary for terminals: `name 0.93 (ali=ali exact, …); birth_date +0.08 (…)`.
    pub fn summary(&self) -> String {
        let mut s = format!("name {:.2} [", self.name_score);
        for (i, p) in self.alignment.pairs.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let how = serde_json::to_string(&p.how).unwrap_or_default();
            s.push_str(&format!(
                "{}~{} {}",
                p.query,
                p.listed,
                how.trim_matches('"')
            ));
        }
        s.push(']');
        if !self.alignment.unmatched_query.is_empty() {
            s.push_str(&format!(
                " query-only: {}",
                self.alignment.unmatched_query.join(" ")
            ));
        }
        if !self.alignment.unmatched_listed.is_empty() {
            s.push_str(&format!(
                " listed-only: {}",
                self.alignment.unmatched_listed.join(" ")
            ));
        }
        for n in &self.alignment.notes {
            s.push_str(&format!(" ({n})"));
        }
        for f in &self.features {
            if f.decisive {
                s.push_str(&format!("; {} decisive ({})", f.name, f.detail));
            } else {
                s.push_str(&format!("; {} {:+.2} ({})", f.name, f.delta, f.detail));
            }
        }
        s
    }
}

/// Applies the features to a name score: the final score in 0..=1.
pub fn final_score(name_score: f32, features: &[Feature]) -> f32 {
    if features.iter().any(|f| f.decisive) {
        return name_score.max(features::IDENTIFIER_SCORE);
    }
    (name_score + features.iter().map(|f| f.delta).sum::<f32>()).clamp(0.0, 1.0)
}
