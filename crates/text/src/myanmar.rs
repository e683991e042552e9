//! Burmese is written without spaces between syllables, and a Burmese name is spelled in Latin
//! one word per syllable (အောင်ဆန်းစုကြည် → Aung San Suu Kyi). The syllables are set apart
//! here, so that each becomes a token of its own, as Han characters do, instead of one long
//! token that meets nothing.

/// Whether `c` begins a syllable unless a killer (asat) or the stacking sign follows it:
/// the consonants and the independent vowels.
fn may_begin_syllable(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{102A}' | '\u{103F}' | '\u{104E}')
}

/// Asat (the vowel killer) and the virama that stacks the next consonant.
fn closes_previous(c: char) -> bool {
    matches!(c, '\u{103A}' | '\u{1039}')
}

/// `name` with a space before every Burmese syllable.
pub(crate) fn split_syllables(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let next_closes = chars.get(i + 1).is_some_and(|&n| closes_previous(n));
        let stacked = i > 0 && chars[i - 1] == '\u{1039}';
        if may_begin_syllable(c) && !next_closes && !stacked {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_splits_into_its_syllables() {
        let split = split_syllables("အောင်ဆန်းစုကြည်");
        assert_eq!(split.split_whitespace().count(), 4, "{split}");
    }

    #[test]
    fn other_text_passes_through() {
        assert_eq!(split_syllables("Aung San").trim(), "Aung San");
    }
}
