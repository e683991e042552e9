//! Folding any string to lower-case ASCII Latin: NFKC, Turkish-aware casefolding, diacritics
//! removed, other scripts transliterated, punctuation to spaces.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::script::{char_script, Script};

/// Apostrophe-like marks: deleted, so "Mu'ammar" and "Muammar" meet and the Arabic ʿayn and
/// hamza leave no trace.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '´' | 'ʻ' | 'ʹ' | '′' | 'ʽ'
    )
}

/// Invisible marks inside a word that join or lengthen, never divide: the zero-width
/// non-joiner of Persian and Urdu ("حسن\u{200c}زاده", Hassanzadeh), the zero-width joiner, the
/// word joiner, the byte-order mark, the soft hyphen and the Arabic tatweel.
fn joins_word(c: char) -> bool {
    matches!(
        c,
        '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' | '\u{0640}'
    )
}

/// Letters that do not decompose into a base letter and a mark.
fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ı' | 'İ' => "i",
        'ø' | 'Ø' => "o",
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŋ' | 'Ŋ' => "ng",
        'ĸ' => "k",
        'ſ' => "s",
        _ => return None,
    })
}

/// Appends the folded form of `c` to `out` (which may receive any ASCII; cleaned later).
fn push_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    if is_apostrophe(c) || joins_word(c) {
        return;
    }
    if let Some(s) = special_latin(c) {
        out.push_str(s);
        return;
    }
    match char_script(c) {
        None => {
            // Latin with diacritics, or punctuation/symbols.
            let mut any = false;
            for d in c.nfd() {
                if d.is_ascii() {
                    out.push(d);
                    any = true;
                } else if !is_combining_mark(d) {
                    if let Some(s) = special_latin(d) {
                        out.push_str(s);
                        any = true;
                    }
                }
            }
            if !any && !is_combining_mark(c) {
                let t = any_ascii::any_ascii_char(c);
                if t.is_empty() {
                    out.push(' ');
                } else {
                    out.push_str(t);
                }
            }
        }
        Some(Script::Han) | Some(Script::Hangul) => {
            // One syllable per character: a token each, so "金正恩" → "jin zheng en".
            out.push(' ');
            out.push_str(any_ascii::any_ascii_char(c));
            out.push(' ');
        }
        // ض is d to the transliteration table, but Latin spellings write it as they write ذ
        // and ظ: dh, d or z ("Ramadhan", "Ramadan", "Ramazan"; "Fadl", "Fazl").
        Some(Script::Arabic) if c == 'ض' => out.push_str("dh"),
        // ئ, a hamza on the seat of ي, is the glide Latin spellings write as i, e or y after a
        // long a ("Wael", "Qaid", "Al-Tai"): y, a letter of the abjad's skeleton like ي, where the
        // table's i would read as a written vowel.
        Some(Script::Arabic) if c == 'ئ' => out.push('y'),
        Some(script) => {
            if !(script.drops_marks() && is_combining_mark(c)) {
                out.push_str(any_ascii::any_ascii_char(c));
            }
        }
    }
}

/// Lower-case ASCII letters and digits, every other run of characters one space, apostrophes
/// deleted, trimmed.
fn clean_into(raw: &str, out: &mut String) {
    let mut space = true; // suppress leading spaces
    for b in raw.bytes() {
        let c = b.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c as char);
            space = false;
        } else if c == b'\'' || c == b'`' {
            continue;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// Folds a string to `[a-z0-9 ]`: NFKC; Turkish İ, I, ı, i all to "i"; diacritics removed;
/// other scripts transliterated (Han and Hangul one syllable per token); apostrophes deleted;
/// all else to single spaces. Idempotent.
///
/// ```
/// use namesake_text::fold;
/// assert_eq!(fold("İLHAMİ"), "ilhami");
/// assert_eq!(fold("ılhami"), "ilhami");
/// assert_eq!(fold("ALTUN, Özgür"), "altun ozgur");
/// assert_eq!(fold("Mu'ammar al-Qadhafi"), "muammar al qadhafi");
/// assert_eq!(fold("Владимир Путин"), "vladimir putin");
/// assert_eq!(fold("金正恩"), "jin zheng en");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    if s.is_ascii() {
        clean_into(s, &mut out);
        return out;
    }
    let mut raw = String::with_capacity(s.len() * 2);
    for c in s.nfkc() {
        push_char(c, &mut raw);
    }
    clean_into(&raw, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_i_forms_meet() {
        for s in ["İLHAMİ", "Ilhami", "ılhami", "ILHAMI", "İlhami"] {
            assert_eq!(fold(s), "ilhami", "{s}");
        }
        assert_eq!(fold("ŞEYMA GÜLŞEN ÇAĞLAR"), "seyma gulsen caglar");
    }

    #[test]
    fn scripts_to_latin() {
        assert_eq!(fold("محمد علي"), "mhmd ly");
        // ئ after a long a is the glide y (Wael, Qaid, Al-Tai), a letter of the skeleton.
        assert_eq!(fold("وائل الطائي"), "wyl ltyy");
        assert_eq!(fold("Дмитрий Медведев"), "dmitriy medvedev");
        assert_eq!(fold("김정은"), "gim jeong eun");
        assert_eq!(fold("习近平"), "xi jin ping");
        assert_eq!(fold("Αλέξανδρος"), "alexandros");
        assert_eq!(fold("משה"), "msh");
    }

    #[test]
    fn invisible_joiners_keep_one_word() {
        assert_eq!(fold("حسن\u{200c}زاده"), fold("حسنزاده"));
        assert_eq!(fold("Hassan\u{00ad}zadeh"), "hassanzadeh");
        assert_eq!(fold("مـحـمـد"), fold("محمد"));
    }

    #[test]
    fn punctuation_and_width() {
        assert_eq!(fold("  O'NEIL--SMITH, J.  "), "oneil smith j");
        assert_eq!(fold("ｆｕｌｌ　ｗｉｄｔｈ"), "full width");
        assert_eq!(
            fold("‘ABD AL-RAHMAN BIN ‘UMAYR AL-NU’AYMI"),
            "abd al rahman bin umayr al nuaymi"
        );
        assert_eq!(fold(""), "");
        assert_eq!(fold("---"), "");
    }
}
