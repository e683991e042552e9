//! Belarusian romanisations read as the Russian ones of the same name, for the phonetic key.
//!
//! The lists write one Belarusian official both ways: the EU and the UK from the Belarusian form
//! ("Uladzimir Uladzimiravich NAUMAU", "Sviatlana Aliaksandrauna BANDARENKA"), OFAC and older
//! entries from the Russian one ("Vladimir Vladimirovich NAUMOV", "Svetlana Aleksandrovna
//! BONDARENKO"). The differences are regular sound rules of Belarusian, so they are rules here,
//! not a table of names:
//! - дз for a soft д: "dz" is read "d" ("Dzmitry" / "Dmitry", "Vadzim" / "Vadim");
//! - ў (a u-like v) after a at the end of a word: "-au" is "-ov" ("Naumau" / "Naumov"), for
//!   words of six letters or more. Not "-ou" ("Shatrou" / "Shatrov"): Japanese long vowels end
//!   words that way too ("Koudou", "Satou");
//! - у for an initial в before a consonant: "Ulad-" is "Vlad-";
//! - akanne (an unstressed o written a) in the patronymic endings: "-avich", "-auna", "-avna" are
//!   "-ovich", "-ovna";
//! - the surname ending "-enka" is the "-enko" of Ukrainian and Russian spellings.
//!
//! The stems' own vowel changes ("Leanid" / "Leonid", "Aliaksandr" / "Aleksandr") are left to the
//! edit budget of the keys.

use std::borrow::Cow;

/// The token with the Belarusian endings and letters above read as Russian ones; the token
/// itself when none applies.
pub(crate) fn as_russian(token: &str) -> Cow<'_, str> {
    let applies = token.contains("dz")
        || token.starts_with("ulad")
        || ENDINGS
            .iter()
            .any(|(from, _, min)| token.len() >= *min && token.ends_with(from));
    if !applies || !token.is_ascii() {
        return Cow::Borrowed(token);
    }
    let mut s = token.to_string();
    if let Some(rest) = s.strip_prefix("ulad") {
        s = format!("vlad{rest}");
    }
    if let Some((from, to, _)) = ENDINGS
        .iter()
        .find(|(from, _, min)| s.len() >= *min && s.ends_with(from))
    {
        let at = s.len() - from.len();
        // "-au" only after a consonant: "Naumau", not "Bureau".
        let after_consonant = at > 0 && !is_vowel(s.as_bytes()[at - 1]);
        if from.len() > 2 || after_consonant {
            s.replace_range(at.., to);
        }
    }
    // "dzh" is Cyrillic дж (j), handled by the phonetic key itself.
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'd' && b.get(i + 1) == Some(&b'z') && b.get(i + 2) != Some(&b'h') {
            out.push('d');
            i += 2;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// (Belarusian ending, Russian ending, least token length for the rule).
const ENDINGS: &[(&str, &str, usize)] = &[
    ("avich", "ovich", 7),
    ("auna", "ovna", 7),
    ("avna", "ovna", 7),
    ("enka", "enko", 6),
    ("au", "ov", 6),
];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belarusian_forms_read_as_russian() {
        for (by, ru) in [
            ("uladzimiravich", "vladimirovich"),
            ("dzmitry", "dmitry"),
            ("vadzim", "vadim"),
            ("naumau", "naumov"),
            ("bandarenka", "bandarenko"),
            ("aliaksandrauna", "aliaksandrovna"),
        ] {
            assert_eq!(as_russian(by), ru, "{by}");
        }
    }

    #[test]
    fn other_words_are_left_alone() {
        for w in [
            "abou", "daou", "koudou", "satou", "mahmoud", "dzhabar", "ivan", "ahmad", "bureau",
        ] {
            assert_eq!(as_russian(w), w, "{w}");
        }
    }
}
