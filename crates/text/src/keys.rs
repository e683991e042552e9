//! Comparison keys of a folded token: a consonant skeleton for names that reached Latin through
//! an abjad, and a light phonetic key for Latin transliteration variants.

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn collapse(v: &mut Vec<u8>) {
    v.dedup();
}

/// Consonant skeleton: digraphs to one class (kh, sh, ch, th, dh, gh, ph, zh), q and c to k,
/// l to r, vowels dropped, w and y dropped except at the start, doubled letters collapsed, a final h
/// dropped. Arabic, Hebrew and Thai transliterations carry (almost) no vowels, so this is where
/// "محمد" (mhmd) and "Mohammed" meet.
///
/// ```
/// use namesake_text::{fold, skeleton};
/// assert_eq!(skeleton("mohammed"), skeleton(&fold("محمد")));
/// assert_eq!(skeleton("moshe"), skeleton(&fold("משה")));
/// ```
pub fn skeleton(token: &str) -> String {
    skeleton_with(token, true)
}

/// [`skeleton`], with l and r kept apart when `merge_liquids` is false.
pub(crate) fn skeleton_with(token: &str, merge_liquids: bool) -> String {
    let b = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        // A doubled digraph is one consonant, like a doubled letter (Hepburn "busshu", "matchi").
        if b.get(i + 2) == Some(&b'h') && (next == Some(c) || (c, next) == (b't', Some(b'c'))) {
            i += 1;
            continue;
        }
        if next == Some(b'h') {
            let class = match c {
                b'k' => Some(b'x'),
                b's' => Some(b'$'),
                b'c' => Some(b'c'),
                b't' => Some(b't'),
                b'd' => Some(b'd'),
                b'g' => Some(b'g'),
                b'p' => Some(b'f'),
                b'z' => Some(b'j'),
                _ => None,
            };
            if let Some(cl) = class {
                out.push(cl);
                i += 2;
                continue;
            }
        }
        match c {
            _ if is_vowel(c) => {}
            b'w' | b'y' if i > 0 => {}
            b'q' | b'c' => out.push(b'k'),
            // Kana and Thai write l and r with one letter ("Merkel" → merukeru).
            b'l' if merge_liquids => out.push(b'r'),
            _ => out.push(c),
        }
        i += 1;
    }
    collapse(&mut out);
    if out.len() > 1 && out.last() == Some(&b'h') {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Light phonetic key for Latin spellings of one name: dzh/dj/zh → j, kh → h, ph → f, ck/q → k,
/// x → ks, w → v, y → i, ou/oo → u, ee → i, c → s before e/i and k elsewhere, gh → g, th → t,
/// doubled letters collapsed, a final h dropped.
///
/// ```
/// use namesake_text::phonetic;
/// assert_eq!(phonetic("mukhammad"), phonetic("muhammad"));
/// assert_eq!(phonetic("khuseyn"), phonetic("hussein"));
/// ```
pub fn phonetic(token: &str) -> String {
    let b = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    let at = |k: usize| b.get(k).copied();
    while i < b.len() {
        let c = b[i];
        let n1 = at(i + 1);
        let n2 = at(i + 2);
        let (emit, adv): (&[u8], usize) = match (c, n1, n2) {
            (b'd', Some(b'z'), Some(b'h')) => (b"j", 3),
            (b'd', Some(b'j'), _) => (b"j", 2),
            (b'z', Some(b'h'), _) => (b"j", 2),
            (b's', Some(b'c'), Some(b'h')) => (b"sh", 3),
            (b't', Some(b'c'), Some(b'h')) => (b"ch", 3),
            (b'k', Some(b'h'), _) => (b"h", 2),
            (b'p', Some(b'h'), _) => (b"f", 2),
            (b'g', Some(b'h'), _) => (b"g", 2),
            (b't', Some(b'h'), _) => (b"t", 2),
            (b'c', Some(b'k'), _) => (b"k", 2),
            (b'c', Some(b'h'), _) => (b"ch", 2),
            (b'q', Some(b'u'), _) => (b"k", 2),
            (b'q', _, _) => (b"k", 1),
            (b'x', _, _) => (b"ks", 1),
            (b'w', _, _) => (b"v", 1),
            (b'y', _, _) => (b"i", 1),
            (b'o', Some(b'u'), _) | (b'o', Some(b'o'), _) => (b"u", 2),
            (b'e', Some(b'e'), _) => (b"i", 2),
            (b'c', Some(b'e' | b'i' | b'y'), _) => (b"s", 1),
            (b'c', _, _) => (b"k", 1),
            _ => (std::slice::from_ref(&b[i]), 1),
        };
        out.extend_from_slice(emit);
        i += adv;
    }
    collapse(&mut out);
    if out.len() > 2 && out.last() == Some(&b'h') {
        out.pop();
    }
    // A silent final e after a consonant, as French and English spellings add it ("Dibe" /
    // "Dib", "Anne" / "Ann").
    if out.len() >= 3 && out.last() == Some(&b'e') && !is_vowel(out[out.len() - 2]) {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    /// The rules, checked on names that should meet across scripts (not a table of names: the
    /// functions know none of them).
    #[test]
    fn abjad_skeletons_meet_latin_spellings() {
        let pairs = [
            ("mohammed", "محمد"),
            ("mohamed", "محمد"),
            ("muhammad", "محمد"),
            ("ali", "علي"),
            ("ahmed", "أحمد"),
            ("hassan", "حسن"),
            ("khaled", "خالد"),
            ("mahmoud", "محمود"),
            ("osama", "أسامة"),
            ("ibrahim", "إبراهيم"),
            ("yusuf", "يوسف"),
            ("moshe", "משה"),
            ("david", "דוד"),
            ("somchai", "สมชาย"),
        ];
        for (latin, other) in pairs {
            assert_eq!(
                skeleton(latin),
                skeleton(&fold(other)),
                "{latin} vs {other} ({})",
                fold(other)
            );
        }
    }

    #[test]
    fn skeletons_keep_different_names_apart() {
        for (a, b) in [
            ("hassan", "hashim"),
            ("karim", "rahim"),
            ("david", "daoud"),
            ("khalid", "walid"),
        ] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn phonetic_meets_transliteration_variants() {
        assert_eq!(phonetic("yusuf"), phonetic("jusuf").replacen('j', "i", 1));
        assert_eq!(phonetic("hussein"), phonetic("husein"));
        assert_eq!(phonetic("dzhokhar"), phonetic("jokhar"));
        assert_eq!(phonetic("philip"), phonetic("filip"));
        assert_eq!(phonetic("alexander"), "aleksander");
        assert_eq!(phonetic("cecilia"), "sesilia");
        assert_eq!(phonetic("dibe"), phonetic("dib"));
        assert_eq!(phonetic("anne"), phonetic("ann"));
        assert_eq!(phonetic(""), "");
    }
}
