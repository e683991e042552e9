//! Ukrainian romanisations read as Russian ones, as an alternate reading of the whole name.
//!
//! Ukrainian writes Cyrillic г as h where Russian has g, so one person reaches the lists as
//! "Oleh Hryhorenko" (Ukrainian passport, EU and UK lists) and "Oleg Grigorenko" (Russian
//! spelling, older entries): "Serhiy" / "Sergei", "Bohdan" / "Bogdan", "Olha" / "Olga",
//! "Yehor" / "Egor". Two edits in a short name are beyond the typo budget, and h cannot be g
//! in every name ("Hall" is not "Gall"), so the swap is made only in a name that shows a
//! Ukrainian form somewhere: a surname in -enko, -chuk, -iuk/-yuk; a patronymic in -ovych,
//! -evych or -ivna; a given name in -iy or -ii (six letters or more: "Serhii", not "Fujii");
//! an adjective surname in -yy or -skyi; or a
//! word opening with "hr" or "hl" (Hryhoriy, Hlib), which no English or Romance name does.
//! The reading is added beside the name as written, never instead of it.

/// Word endings that mark a Ukrainian romanisation.
const ENDINGS: [&str; 10] = [
    "enko", "chuk", "iuk", "yuk", "ovych", "evych", "ivna", "iy", "yy", "skyi",
];

/// Word openings that mark one.
const OPENINGS: [&str; 2] = ["hr", "hl"];

/// The letters before an h that make it part of a digraph (kh, zh, ch, sh, th, ph, dh, gh).
fn in_digraph(before: u8) -> bool {
    matches!(
        before,
        b'k' | b'z' | b'c' | b's' | b't' | b'p' | b'd' | b'g'
    )
}

/// Whether a folded word shows a Ukrainian form.
fn marks_ukrainian(word: &str) -> bool {
    word.len() >= 4
        && (ENDINGS.iter().any(|e| word.ends_with(e))
            || (word.len() >= 6 && word.ends_with("ii"))
            || OPENINGS.iter().any(|o| word.starts_with(o)))
}

/// The name, from its folded words, with every h that is Cyrillic г read as g, when one of
/// its words shows a Ukrainian form and some word holds such an h (`oleh hryhorenko` →
/// `"oleg grygorenko"`); `None` otherwise.
pub(crate) fn russian_reading<'w>(words: impl Iterator<Item = &'w str> + Clone) -> Option<String> {
    crate::marked_reading(words, marks_ukrainian, g_for_h)
}

/// `text` (folded ASCII) with every h that is not the second letter of a digraph (kh, zh, ch,
/// sh, th, ph, dh, gh) read as g: Cyrillic г as Russian spellings write it.
pub(crate) fn g_for_h(text: &str) -> String {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == b'h' && (i == 0 || !in_digraph(b[i - 1])) {
                'g'
            } else {
                c as char
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str) -> std::str::Split<'_, char> {
        name.split(' ')
    }

    #[test]
    fn ukrainian_h_reads_as_russian_g() {
        assert_eq!(
            russian_reading(words("oleh hryhorenko")).as_deref(),
            Some("oleg grygorenko")
        );
        assert_eq!(
            russian_reading(words("serhiy bohdanovych")).as_deref(),
            Some("sergiy bogdanovych")
        );
        // Digraphs keep their h: "Mykhailo", "Shevchenko".
        assert_eq!(
            russian_reading(words("mykhailo shevchenko")).as_deref(),
            None,
            "no lone h"
        );
        assert_eq!(
            russian_reading(words("olha mykhailivna")).as_deref(),
            Some("olga mykhailivna")
        );
    }

    #[test]
    fn names_without_a_ukrainian_form_are_left_alone() {
        for name in [
            "john hall",
            "hugh grant",
            "ahmed hassan",
            "heather holland",
            "huang zhiyi",
            "hiroshi fujii",
        ] {
            assert_eq!(russian_reading(words(name)), None, "{name}");
        }
    }
}
