//! Which script a name is written in.

/// The writing systems namesake distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin (and anything with no letters).
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic, including Persian and Urdu letters.
    Arabic,
    /// Hebrew.
    Hebrew,
    /// CJK ideographs (Chinese, Hanja, Kanji).
    Han,
    /// Korean Hangul.
    Hangul,
    /// Japanese kana.
    Kana,
    /// Georgian.
    Georgian,
    /// Armenian.
    Armenian,
    /// Devanagari.
    Devanagari,
    /// Thai.
    Thai,
    /// Khmer.
    Khmer,
    /// Lao.
    Lao,
    /// Myanmar (Burmese).
    Myanmar,
    /// Any other script.
    Other,
}

impl Script {
    /// Scripts whose transliteration loses the vowels (abjads), spells them unlike the Latin
    /// spellings in use (Thai, Khmer and Lao through any_ascii: ហ៊ុន សែន → "hon saen" for Hun
    /// Sen), or invents them (kana writes "Barack" as ba-ra-ku): names in them are also compared
    /// by consonant skeleton. Not Burmese, romanised as its names are spelled in Latin: the
    /// skeleton only brought false alarms (ရန်ကုန် against an Arabic name's "kinayeh").
    pub fn is_vowelless(self) -> bool {
        matches!(
            self,
            Script::Arabic
                | Script::Hebrew
                | Script::Thai
                | Script::Khmer
                | Script::Lao
                | Script::Kana
        )
    }

    /// Scripts that write l and r with one letter (kana) or whose romanisations trade them
    /// (Thai): a name in them may meet a Latin spelling whose skeleton differs only in l and r
    /// ("Merkel" / メルケル, merukeru). Not the abjads, which keep the two apart.
    pub fn merges_liquids(self) -> bool {
        matches!(self, Script::Kana | Script::Thai)
    }

    /// Abjads, whose vowel marks (harakat, niqqud) are optional and mostly left out: dropped,
    /// so that a vocalised and a plain spelling meet. Every other script's combining marks are
    /// its vowels (Khmer, Lao, Burmese, Thai vowel signs) and are transliterated.
    pub fn drops_marks(self) -> bool {
        matches!(self, Script::Arabic | Script::Hebrew)
    }
}

/// The script of one character, or `None` for non-letters and Latin.
pub fn char_script(c: char) -> Option<Script> {
    let s = match c as u32 {
        0x0000..=0x024F | 0x1E00..=0x1EFF => return None,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0900..=0x097F => Script::Devanagari,
        0x0E00..=0x0E7F => Script::Thai,
        0x0E80..=0x0EFF => Script::Lao,
        0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Script::Myanmar,
        0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmer,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Han,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    };
    Some(s)
}

/// The dominant non-Latin script of `s` by letter count; Latin when it has no such letters.
pub fn detect_script(s: &str) -> Script {
    if s.is_ascii() {
        return Script::Latin;
    }
    let mut counts: [(Script, usize); 15] = [
        (Script::Cyrillic, 0),
        (Script::Greek, 0),
        (Script::Arabic, 0),
        (Script::Hebrew, 0),
        (Script::Han, 0),
        (Script::Hangul, 0),
        (Script::Kana, 0),
        (Script::Georgian, 0),
        (Script::Armenian, 0),
        (Script::Devanagari, 0),
        (Script::Thai, 0),
        (Script::Khmer, 0),
        (Script::Lao, 0),
        (Script::Myanmar, 0),
        (Script::Other, 0),
    ];
    let mut latin = 0;
    for c in s.chars() {
        match char_script(c) {
            Some(sc) => {
                if let Some(slot) = counts.iter_mut().find(|(k, _)| *k == sc) {
                    slot.1 += 1;
                }
            }
            None if c.is_alphabetic() => latin += 1,
            None => {}
        }
    }
    // Kanji with kana is Japanese: report kana.
    let kana = counts[6].1;
    let best = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .copied()
        .unwrap_or((Script::Latin, 0));
    if best.1 == 0 || latin > best.1 * 3 {
        return Script::Latin;
    }
    if best.0 == Script::Han && kana > 0 {
        return Script::Kana;
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(detect_script("Özgür Altun"), Script::Latin);
        assert_eq!(detect_script("محمد علي"), Script::Arabic);
        assert_eq!(detect_script("Владимир Путин"), Script::Cyrillic);
        assert_eq!(detect_script("金正恩"), Script::Han);
        assert_eq!(detect_script("김정은"), Script::Hangul);
        assert_eq!(detect_script("משה"), Script::Hebrew);
        assert_eq!(detect_script("สมชาย"), Script::Thai);
        assert_eq!(detect_script("Αλέξανδρος"), Script::Greek);
        assert_eq!(detect_script("123 -"), Script::Latin);
        assert_eq!(detect_script("ហ៊ុន សែន"), Script::Khmer);
        assert_eq!(detect_script("ທອງລຸນ ສີສຸລິດ"), Script::Lao);
        assert_eq!(detect_script("အောင်ဆန်းစုကြည်"), Script::Myanmar);
    }
}
