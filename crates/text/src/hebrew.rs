//! Hebrew letters read as Latin spellings of Israeli names write them, as an alternate reading.
//!
//! Unpointed Hebrew does not say which of two sounds some letters stand for, and the
//! transliteration (`any_ascii`) takes one: ש is s, ח is h, ב is b, ו is v. Latin spellings of
//! names, on passports and on the lists, take the other as often: ש is *sh* in *Shlomo*,
//! *Moshe*, *Shimon* (s in *Sarid*); ח is *ch* in *Chaim*, *Chai*, *Menachem*; ב inside a word is
//! *v* in *Avraham*, *Yaakov*; כ inside or at the end of a word is *ch* (*Mordechai*, *Baruch*);
//! פ inside or at the end is *f* (*Yosef*); ו inside a word is mostly the vowel *o* or *u*
//! (*Yosef*, *Shaul*), and צ is written *tz* (*Yitzhak*); alef and ayin, which the
//! transliteration drops, carry a vowel (*Avraham*, *Yaakov*). The reading with these letters is
//! added beside the transliteration, never instead of it, and is compared by consonant skeleton
//! like the name itself.

/// Whether `c` is a Hebrew letter.
fn is_letter(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

/// The Latin spelling of a letter in an alternate reading, where it differs from the
/// transliteration's (which reads פ as f): `initial` when it opens a word, `doubled` beside the same letter, `soft`
/// for the reading where ב, כ and פ inside a word are v, ch and f (they are b, k and p as often:
/// *Shapira*, *Rabin*).
fn spelling(c: char, initial: bool, doubled: bool, soft: bool) -> Option<&'static str> {
    Some(match c {
        // Alef and ayin carry a vowel in names (Avraham, Amos, Yaakov).
        'א' | 'ע' => "a",
        'ש' => "sh",
        'ח' => "ch",
        'ך' => "ch",
        'ף' => "f",
        'צ' | 'ץ' => "tz",
        'ו' if !initial && !doubled => "o",
        'כ' if soft && !initial => "ch",
        'ב' if soft && !initial => "v",
        'פ' if soft && !initial => "f",
        'כ' => "k",
        'ב' => "b",
        'פ' => "p",
        _ => return None,
    })
}

/// The most spellings of a name [`latin_spellings`] gives.
const MOST_SPELLINGS: usize = 16;

/// One word with the letters above spelt as Israeli names are in Latin script (ב, כ and פ
/// inside it soft when `soft`); `None` when it holds none of them.
fn spell_word(word: &str, soft: bool) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() * 2);
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let initial = i == 0 || !is_letter(chars[i - 1]);
        let doubled = chars.get(i + 1) == Some(&c) || (i > 0 && chars[i - 1] == c);
        match spelling(c, initial, doubled, soft) {
            Some(s) => {
                out.push_str(s);
                changed = true;
            }
            None => out.push(c),
        }
    }
    changed.then_some(out)
}

/// The name with the letters above spelt as Israeli names are in Latin script: every word with
/// ב, כ and פ inside words hard, then soft, then each word as transliterated or in either
/// spelling of its own, for Latin spellings take the other sound word by word (*Shlomo Sarid*:
/// ש is *sh*, then *s*; *David Chai*: ו is *v*, ח is *ch*). At most `MOST_SPELLINGS`; empty
/// when the name holds none of the letters.
pub(crate) fn latin_spellings(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let options: Vec<Vec<String>> = words
        .iter()
        .map(|&w| {
            let mut o = vec![w.to_string()];
            for soft in [false, true] {
                if let Some(s) = spell_word(w, soft).filter(|s| !o.contains(s)) {
                    o.push(s);
                }
            }
            o
        })
        .collect();
    let mut v: Vec<String> = Vec::new();
    let mut push = |pick: &dyn Fn(usize) -> usize| {
        let spelt: Vec<&str> = options
            .iter()
            .enumerate()
            .map(|(i, o)| o[pick(i).min(o.len() - 1)].as_str())
            .collect();
        let s = spelt.join(" ");
        if s != words.join(" ") && !v.contains(&s) && v.len() < MOST_SPELLINGS {
            v.push(s);
        }
    };
    // Every word hard, then every word soft.
    push(&|_| 1);
    push(&|i| if options[i].len() > 2 { 2 } else { 1 });
    // Then each word's own choice, in mixed-radix order.
    let combos: usize = options
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |acc, n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    for k in 1..combos.min(MOST_SPELLINGS * 4) {
        push(&|i| {
            let radix = options[..i]
                .iter()
                .fold(1usize, |r, o| r.saturating_mul(o.len()));
            (k / radix) % options[i].len()
        });
    }
    v
}

/// The name with each word's opening alef or ayin written `a` (the transliteration drops both
/// letters): Latin spellings open such names with the vowel (*Avraham*, *Eden*, *Amos*), and a
/// short skeleton tells a name that opens on a vowel from one that opens on a consonant.
pub(crate) fn opening_vowel(name: &str) -> String {
    name.split_whitespace()
        .map(|w| crate::arabic::vowel_carrier_written(w, &['א', 'ע']))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_alef_or_ayin_is_written() {
        assert_eq!(opening_vowel("עדן לוי"), "aדן לוי");
        assert_eq!(opening_vowel("אברהם"), "aברהם");
        assert_eq!(opening_vowel("א"), "א");
    }

    #[test]
    fn letters_of_two_sounds_take_the_other() {
        assert_eq!(latin_spellings("שלמה"), ["shלמה"]);
        assert_eq!(latin_spellings("חי"), ["chי"]);
        // Hard, then soft: Shapira, Avraham.
        assert_eq!(latin_spellings("שפירא"), ["shpירa", "shfירa"]);
        assert_eq!(latin_spellings("אברהם"), ["abרהם", "avרהם"]);
        // A word's first letter keeps its own sound: ב of Baruch, כ of Cohen, פ of Peretz.
        assert_eq!(latin_spellings("ברוך"), ["bרoch"]);
        assert_eq!(latin_spellings("כהן"), ["kהן"]);
        assert_eq!(latin_spellings("פרץ"), ["pרtz"]);
        // A doubled vav is a consonant.
        assert!(latin_spellings("דווד").is_empty());
        // Word by word: Shlomo Sarid (ש sh, then s), David Chai (ו v, ח ch).
        assert!(latin_spellings("שלמה שריד").contains(&"shלמה שריד".to_string()));
        assert!(latin_spellings("דוד חי").contains(&"דוד chי".to_string()));
        // A long name is read in a bounded number of spellings.
        let long = ["שלום"; 60].join(" ");
        let many = latin_spellings(&long);
        assert!(!many.is_empty() && many.len() <= MOST_SPELLINGS);
    }
}
