//! Belarusian romanisations read as the Russian ones of the same name: per token for the
//! phonetic key, and as an alternate reading of the whole name.
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
//!
//! A second reading, of the whole name, undoes more of the spelling for a name that shows a
//! Belarusian form somewhere ([`russian_reading`]: a word ending in a consonant and -ou, -eu or
//! -au, in -enka or -chanka, or a patronymic in -avich, -auna, -euna or -ouna): the ў after o
//! and e too ("Shestakou", "Mashadziyeu", "Piatrouna"), e after a soft consonant written ia
//! ("Ziankevich" / "Zenkevich", "Karpiankou" / "Karpenkov"), a soft t written ts ("Tsertsel" /
//! "Tertel"), г written h. These would misread names of other languages if applied to every
//! token, so they make an alternate reading of the name, added beside it, never instead of it;
//! given names are left to the variant table.

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

/// Word endings that mark a Belarusian romanisation (besides a consonant and -ou, -eu, -au).
const NAME_ENDINGS: [&str; 8] = [
    "enka", "chanka", "shanka", "zhanka", "avich", "auna", "euna", "ouna",
];

/// Whether a folded word shows a Belarusian form.
fn marks_belarusian(word: &str) -> bool {
    let b = word.as_bytes();
    let n = b.len();
    if n < 5 {
        return false;
    }
    // -ou not in a romanised Japanese word ("Koudou", "Satou"), whose long o ends so too.
    let final_u = matches!(&b[n - 2..], b"ou" | b"eu" | b"au")
        && !crate::keys::is_vowel(b[n - 3])
        && !(b[n - 2] == b'o' && crate::is_hepburn_shaped(word));
    final_u || NAME_ENDINGS.iter().any(|e| word.ends_with(e))
}

/// One word in its Russian spelling (see the module documentation).
fn russian_word(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    let consonant = |i: usize| i < n && b[i].is_ascii_lowercase() && !crate::keys::is_vowel(b[i]);
    let mut out = String::with_capacity(n + 1);
    let mut i = 0;
    // Just read ts or dz as a soft t or d: the ia after it is the Russian я ("Tatsiana",
    // "Dziadkou"), not a soft consonant's e.
    let mut after_soft = false;
    while i < n {
        let rest = &b[i..];
        let soft = std::mem::take(&mut after_soft);
        // -ou, -eu, -au before a consonant or at the end: the ў of -оў, -еў, -аў (-ov, -ev).
        // At the end, only after a consonant ("Moreau" keeps its -au).
        if matches!(rest, [b'o' | b'e' | b'a', b'u', ..])
            && i > 0
            && (consonant(i + 2) || (i + 2 == n && !crate::keys::is_vowel(b[i - 1])))
        {
            out.push(if i + 2 == n && rest[0] == b'a' {
                'o'
            } else {
                rest[0] as char
            });
            out.push('v');
            i += 2;
            continue;
        }
        // ia / ya between consonants: a soft consonant's e ("Ziankevich", "Aliaksandr").
        if !soft
            && i > 0
            && consonant(i - 1)
            && matches!(rest, [b'i' | b'y', b'a', ..])
            && consonant(i + 2)
        {
            out.push('e');
            i += 2;
            continue;
        }
        // ts before i, e or y: a soft t ("Tsertsel", "Valiantsina"); dz, not dzh: a soft d.
        if matches!(rest, [b't', b's', b'i' | b'e' | b'y', ..]) {
            out.push('t');
            i += 2;
            after_soft = true;
            continue;
        }
        if matches!(rest, [b'd', b'z', ..]) && rest.get(2) != Some(&b'h') {
            out.push('d');
            i += 2;
            after_soft = true;
            continue;
        }
        out.push(b[i] as char);
        i += 1;
    }
    if let Some(stem) = out.strip_suffix("enka") {
        out = format!("{stem}enko");
    } else if out.ends_with("chanka") || out.ends_with("shanka") || out.ends_with("zhanka") {
        out.truncate(out.len() - 4);
        out.push_str("enko");
    }
    crate::ukrainian::g_for_h(&out)
}

/// The name, from its folded words, in its Russian spelling, when one of its words shows a
/// Belarusian form and the reading differs from it (`valiantsina mikalaeuna ziankevich` →
/// `"valiantsina mikalaevna zenkevich"`); `None` otherwise. A word of the variant table (a
/// given name: "Valiantsina", "Viachaslau") is kept as written: the table meets its Russian
/// spelling, and the rules would misread its я.
pub(crate) fn russian_reading<'w>(words: impl Iterator<Item = &'w str> + Clone) -> Option<String> {
    crate::marked_reading(words, marks_belarusian, |w| {
        if crate::variant_group(w).is_some() {
            w.to_string()
        } else {
            russian_word(w)
        }
    })
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

    fn reading(name: &str) -> Option<String> {
        russian_reading(name.split(' '))
    }

    #[test]
    fn belarusian_spellings_read_as_russian_ones() {
        for (by, ru) in [
            (
                "valiantsina mikalaeuna ziankevich",
                "valiantsina mikalaevna zenkevich",
            ),
            ("ivan stanislavavich tsertsel", "ivan stanislavavich tertel"),
            ("mikalai karpiankou", "mikalai karpenkov"),
            (
                "aleksandr mikhailavich radzkou",
                "aleksandr mikhailavich radkov",
            ),
            ("ryhor ivanau", "ryhor ivanov"),
            (
                "ruslan khikmetavich mashadziyeu",
                "ruslan khikmetavich mashadiyev",
            ),
            ("raman galouchanka", "raman galovchenko"),
            ("tatsiana piatrouna dziadkova", "tatsiana petrovna diadkova"),
            (
                "dzianis uladzislavavich harbatsevich",
                "dzianis uladislavavich garbatevich",
            ),
            ("henadz lukashenka", "henadz lukashenko"),
        ] {
            assert_eq!(reading(by).as_deref(), Some(ru), "{by}");
        }
    }

    #[test]
    fn names_without_a_belarusian_form_are_left_alone() {
        for name in [
            "john hall",
            "pierre moreau",
            "ahmed abou zeid",
            "ivan petrov",
            "dzhokhar tsarnaev",
            "maria sanchez",
            "tsai ing wen",
            "kenji koudou",
        ] {
            assert_eq!(reading(name), None, "{name}");
        }
    }
}
