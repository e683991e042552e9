//! Steps that apply to the names of organisations, vessels and aircraft: dotted and spaced
//! abbreviations joined ("S.A.", "P.L.C.", "M & S"), number words and Roman numerals read as
//! numbers ("forty-four", "Forty 4", "BICENTENARIO X").
//!
//! Person names keep their initials ("J. R. Smith" is two initials and a surname).

use std::borrow::Cow;

use crate::data;
use crate::{Token, TokenKind};

/// Joins abbreviations written with a dot after each letter: "S.A. de C.V." → "SA de CV",
/// "U.M.V." → "UMV", "e.V." → "eV". A run needs two letters or more; the last dot may be
/// missing ("S.A"). Works on the raw name, before folding, since folding drops the dots.
pub(crate) fn join_dotted(raw: &str) -> Cow<'_, str> {
    if !raw.contains('.') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut changed = false;
    for (i, chunk) in raw.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match dotted_letters(chunk) {
            Some(joined) => {
                out.push_str(&joined);
                changed = true;
            }
            None => out.push_str(chunk),
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(raw)
    }
}

/// `(S.A.),` → `(SA),`: the letters of a dotted abbreviation inside its surrounding
/// punctuation, or `None` when the chunk is not one.
fn dotted_letters(chunk: &str) -> Option<String> {
    let is_wrap = |c: char| matches!(c, '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']');
    let core = chunk.trim_matches(is_wrap);
    if core.is_empty() {
        return None;
    }
    let chars: Vec<char> = core.chars().collect();
    let mut letters = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphabetic() {
            return None;
        }
        letters.push(c);
        match chars.get(i + 1) {
            Some('.') => i += 2,
            None => i += 1,
            Some(_) => return None,
        }
    }
    if letters.chars().count() < 2 || !core.contains('.') {
        return None;
    }
    let start = chunk.find(core).unwrap_or(0);
    let prefix = chunk.get(..start).unwrap_or("");
    let suffix = chunk.get(start + core.len()..).unwrap_or("");
    Some(format!("{prefix}{letters}{suffix}"))
}

/// Runs of one-letter words are one abbreviation: "a b c" → "abc", "m s syndicate" →
/// "ms syndicate" (from "M & S SYNDICATE"); a connector word between two letters is the `&`
/// written out ("I AND S HOLDING"). A one-letter connector ("G Y G") is a letter of the run.
pub(crate) fn join_letter_runs(words: &mut Vec<String>) {
    let letter = |w: &str| w.len() == 1 && w.bytes().all(|b| b.is_ascii_lowercase());
    if words.iter().filter(|w| letter(w)).count() < 2 {
        return;
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut run = String::new();
    let taken = std::mem::take(words);
    for (i, w) in taken.iter().enumerate() {
        if letter(w) {
            run.push_str(w);
            continue;
        }
        if !run.is_empty()
            && CONNECTORS.contains(&w.as_str())
            && taken.get(i + 1).is_some_and(|n| letter(n))
        {
            continue;
        }
        let w = w.clone();
        flush_run(&mut run, &mut out);
        out.push(w);
    }
    flush_run(&mut run, &mut out);
    *words = out;
}

fn flush_run(run: &mut String, out: &mut Vec<String>) {
    if !run.is_empty() {
        out.push(std::mem::take(run));
    }
}

/// Words that join two number words ("forty and four", "vingt et un", "cuarenta y cuatro",
/// "vier und vierzig", Arabic "wa").
const CONNECTORS: [&str; 6] = ["and", "et", "y", "und", "wa", "va"];

/// A number word or digits: its value and whether it may stand alone.
#[derive(Clone, Copy)]
struct NumWord {
    value: u32,
    alone: bool,
}

fn num_word(w: &str) -> Option<NumWord> {
    if !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok().map(|value| NumWord { value, alone: true });
    }
    if let Some(&(value, alone)) = data::numbers().get(w) {
        return Some(NumWord { value, alone });
    }
    // German compounds: "vierundvierzig" = vier + und + vierzig.
    let (a, b) = w.split_once("und")?;
    let (x, y) = (data::numbers().get(a)?, data::numbers().get(b)?);
    (x.0 < 10 && y.0 >= 20 && y.0 % 10 == 0).then_some(NumWord {
        value: x.0 + y.0,
        alone: true,
    })
}

/// Folds `next` into the number read so far, when the two make one number ("forty" + "four",
/// "quatre" + "vingt", "vier" + "und" + "vierzig", "seven" + "hundred").
fn combine(acc: u32, next: u32, connected: bool) -> Option<u32> {
    match (acc, next) {
        (1..=9, 100) => Some(acc * 100),
        (4, 20) => Some(80),
        (a, n) if a >= 10 && a % 10 == 0 && a < 100 && n < 10 => Some(a + n),
        (60 | 80, 10..=19) => Some(acc + next),
        (1..=9, n) if connected && (20..100).contains(&n) && n % 10 == 0 => Some(acc + n),
        (a, n) if a >= 100 && a % 100 == 0 && n < 100 => Some(a + n),
        _ => None,
    }
}

/// Number words and digits to one number token each: "forty four", "forty-four" and
/// "Forty 4" → "44"; "quatre vingt dix" → "90". A word that is also a common name ("kirk",
/// "on") counts only beside another number.
pub(crate) fn numbers(words: Vec<String>) -> Vec<String> {
    if !words.iter().any(|w| num_word(w).is_some()) {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let Some(first) = num_word(&words[i]) else {
            out.push(words[i].clone());
            i += 1;
            continue;
        };
        let (mut acc, mut parts, mut j) = (first.value, 1, i + 1);
        loop {
            let connected = words
                .get(j)
                .is_some_and(|w| CONNECTORS.contains(&w.as_str()));
            let at = if connected { j + 1 } else { j };
            let Some(next) = words.get(at).and_then(|w| num_word(w)) else {
                break;
            };
            let Some(v) = combine(acc, next.value, connected) else {
                break;
            };
            acc = v;
            parts += 1;
            j = at + 1;
        }
        if parts == 1 && !first.alone {
            out.push(words[i].clone());
        } else {
            out.push(acc.to_string());
        }
        i = j;
    }
    out
}

/// The value of a Roman numeral from 1 to 39 ("ii", "xiv"), written with i, v and x only.
pub(crate) fn roman(t: &str) -> Option<u32> {
    if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    let val = |b: u8| match b {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let b = t.as_bytes();
    let mut total = 0i32;
    for k in 0..b.len() {
        let v = val(b[k]);
        if b.get(k + 1).is_some_and(|&n| val(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    // Only the canonical spelling: "iiii" or "vx" are not numerals.
    (total > 0 && to_roman(total as u32) == t).then_some(total as u32)
}

fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The last name part of an organisation's name (before any legal form) read as a Roman
/// numeral when it is one and another name part comes before it: "BICENTENARIO X" → 10.
pub(crate) fn trailing_roman(tokens: &mut [Token]) {
    let Some(last) = tokens.iter().rposition(|t| t.kind != TokenKind::LegalForm) else {
        return;
    };
    if last == 0 || tokens[..last].iter().all(|t| t.kind != TokenKind::Name) {
        return;
    }
    if let Some(v) = roman(&tokens[last].text) {
        tokens[last].text = v.to_string();
        tokens[last].kind = TokenKind::Number;
    }
}

/// Connecting words an acronym leaves out ("Foreign Trade Bank *of the* DPRK").
const ACRONYM_SKIPS: [&str; 14] = [
    "of", "the", "and", "for", "de", "del", "des", "du", "la", "le", "et", "und", "fur", "y",
];

/// The acronym of an organisation's name: the initials of its words, leaving out legal forms,
/// numbers, particles and connecting words ("People's Liberation Army" → `pla`). `None` when
/// fewer than three words remain (two letters name too many things) or more than eight.
pub fn acronym(tokens: &[Token]) -> Option<String> {
    let initials: String = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Name && !ACRONYM_SKIPS.contains(&t.text.as_str()))
        .filter_map(|t| t.text.chars().next())
        .collect();
    ((3..=8).contains(&initials.len())
        && initials.bytes().all(|b| b.is_ascii_lowercase())
        && !tokens.iter().any(|t| t.text == initials))
    .then_some(initials)
}

/// Word endings of the common words of organisation names, longest first ("Iranian" / "Iran",
/// "Financial" / "Finance", "Management" / "Managing", "Metallurgical" / "Metallurgy").
const ENDINGS: &[&str] = &[
    "izations", "isations", "ization", "isation", "ations", "ation", "ments", "ment", "ings",
    "ing", "ancy", "ance", "ants", "ant", "ical", "ial", "ian", "ies", "ary", "ery", "ic", "al",
    "es", "s", "y", "e",
];

/// The stem of a word of an organisation's name: one ending from [`ENDINGS`] taken off when at
/// least four letters remain, then a final `e` and a doubled last letter ("shipping" → "ship"),
/// `z` read as `s` ("organization" / "organisation"). Empty for words shorter than four letters
/// or not in `[a-z]`: they are compared as written.
///
/// ```
/// use namesake_text::stem;
/// assert_eq!(stem("iranian"), stem("iran"));
/// assert_eq!(stem("management"), stem("managing"));
/// assert_eq!(stem("metallurgical"), stem("metallurgy"));
/// assert_eq!(stem("revolutionary"), stem("revolution"));
/// assert_eq!(stem("consultancy"), stem("consultants"));
/// assert_eq!(stem("bank"), "bank");
/// assert_eq!(stem("co"), "");
/// ```
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return String::new();
    }
    let mut s = word;
    if let Some(rest) = ENDINGS
        .iter()
        .find_map(|e| s.strip_suffix(e).filter(|r| r.len() >= 4))
    {
        s = rest;
    }
    if s.len() > 4 && s.ends_with('e') {
        s = &s[..s.len() - 1];
    }
    let b = s.as_bytes();
    if b.len() > 4 && b[b.len() - 1] == b[b.len() - 2] {
        s = &s[..s.len() - 1];
    }
    s.replace('z', "s")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn dotted_abbreviations_join() {
        assert_eq!(join_dotted("PLAYA MAR S.A. DE C.V."), "PLAYA MAR SA DE CV");
        assert_eq!(
            join_dotted("INMOBILIARIA U.M.V. S.A."),
            "INMOBILIARIA UMV SA"
        );
        assert_eq!(
            join_dotted("FIRST EAST EXPORT BANK, P.L.C."),
            "FIRST EAST EXPORT BANK, PLC"
        );
        assert_eq!(join_dotted("Anadolu A.Ş."), "Anadolu AŞ");
        assert_eq!(join_dotted("X (S.A.),"), "X (SA),");
        assert_eq!(join_dotted("S.A"), "SA");
        assert_eq!(join_dotted("Co. Ltd."), "Co. Ltd.");
        assert_eq!(join_dotted("J. Smith"), "J. Smith");
        assert_eq!(join_dotted("..."), "...");
    }

    #[test]
    fn letter_runs_join() {
        let mut w = words("m s syndicate pvt ltd");
        join_letter_runs(&mut w);
        assert_eq!(w, ["ms", "syndicate", "pvt", "ltd"]);
        let mut w = words("a b c co");
        join_letter_runs(&mut w);
        assert_eq!(w, ["abc", "co"]);
        let mut w = words("x trading");
        join_letter_runs(&mut w);
        assert_eq!(w, ["x", "trading"]);
        let mut w = words("i and s holding");
        join_letter_runs(&mut w);
        assert_eq!(w, ["is", "holding"]);
        let mut w = words("b and c and sons");
        join_letter_runs(&mut w);
        assert_eq!(w, ["bc", "and", "sons"]);
    }

    #[test]
    fn number_words_in_several_languages() {
        for (s, n) in [
            ("forty four", "44"),
            ("forty 4", "44"),
            ("cuarenta y cuatro", "44"),
            ("quarante quatre", "44"),
            ("vierundvierzig", "44"),
            ("vier und vierzig", "44"),
            ("kirk dort", "44"),
            ("sorok chetyre", "44"),
            ("quatre vingt dix", "90"),
            ("soixante et onze", "71"),
            ("three", "3"),
            ("dix sept", "17"),
            ("on bir", "11"),
            ("seven hundred", "700"),
        ] {
            let f = crate::fold(s);
            assert_eq!(numbers(words(&f)), [n], "{s}");
        }
        assert_eq!(numbers(words("kirk holdings")), ["kirk", "holdings"]);
        assert_eq!(numbers(words("on track")), ["on", "track"]);
        assert_eq!(numbers(words("first east bank")), ["1", "east", "bank"]);
        assert_eq!(numbers(words("3 4")), ["3", "4"]);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("x"), Some(10));
        assert_eq!(roman("xiv"), Some(14));
        assert_eq!(roman("ii"), Some(2));
        assert_eq!(roman("iiii"), None);
        assert_eq!(roman("vx"), None);
        assert_eq!(roman("mix"), None);
    }

    proptest::proptest! {
        #[test]
        fn join_dotted_never_panics(s in "\\PC{0,40}") {
            let _ = join_dotted(&s);
        }

        #[test]
        fn numbers_never_panic(s in "[a-z0-9 ]{0,40}") {
            let w: Vec<String> = s.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
            let _ = numbers(w);
        }
    }

    #[test]
    fn acronyms_of_organisation_names() {
        let of = |s: &str| acronym(&crate::prepare(s, crate::NameSchema::Organization).tokens);
        assert_eq!(of("People's Liberation Army").as_deref(), Some("pla"));
        assert_eq!(
            of("Foreign Trade Bank of the DPRK Ltd").as_deref(),
            Some("ftbd")
        );
        assert_eq!(of("Hamas"), None);
        assert_eq!(of("Bank Melli"), None, "two letters name too many things");
    }
}
