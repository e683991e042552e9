//! Name normalisation for screening.
//!
//! Any name, in any script, becomes lower-case ASCII Latin tokens plus the keys the matcher
//! compares. [`prepare`] is a pipeline of small steps, each in its own module:
//!
//! 1. script detection ([`detect_script`]);
//! 2. script-specific preparation before folding (the Arabic article, `عبد الله`);
//! 3. [`fold`]: NFKC, Turkish-aware casefolding, diacritics, transliteration, punctuation;
//! 4. honorifics and titles set aside;
//! 5. compound Arabic names split (`Abdulrahman` → `abd rahman`, `Salahuddin` → `salah din`);
//! 6. tokens classified: particle, patronymic, legal form (organisations), number, name;
//! 7. alternate readings (Han names also read as Sino-Korean, and in Japanese when their kanji
//!    are Japanese surnames and given names; Burmese with the other spellings in use of some
//!    letters).
//!
//! Reference data (name variants, particles, honorifics, legal forms, Hanja readings, Japanese
//! name readings) lives in `data/` and is compiled in.
//!
//! ```
//! use namesake_text::{prepare, NameSchema, TokenKind};
//! let p = prepare("Sheikh Abdulrahman al-Baghdadi", NameSchema::Person);
//! let texts: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
//! assert_eq!(texts, ["abd", "rahman", "al", "baghdadi"]);
//! assert_eq!(p.tokens[2].kind, TokenKind::Particle);
//! assert_eq!(p.set_aside, ["sheikh"]);
//! ```
#![warn(missing_docs)]

mod arabic;
mod belarusian;
mod data;
mod fold;
mod han;
mod hebrew;
mod indic;
mod japanese;
mod japanese_kanji;
mod keys;
mod myanmar;
mod org;
mod patronymic;
mod script;
mod table;
mod ukrainian;
mod wade_giles;

pub use fold::fold;
pub use japanese::{is_hepburn_shaped, liquids_may_merge, skeletons_meet_apart};
pub use keys::{
    final_h_heard, glides_agree, glides_agree_with, phonetic, skeleton, skeleton_alt, vowel_frame,
    written_as_an_abjad, VOWEL_FRAME_MIN,
};
pub use org::{acronym, stem};
pub use script::{char_script, detect_script, Script};

/// What a token is, which decides how much it weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A name part.
    Name,
    /// A particle (al, bin, van, de…).
    Particle,
    /// A patronymic (…ovich, …oglu).
    Patronymic,
    /// A canonical legal form (ltd, llc, jsc…), organisations only.
    LegalForm,
    /// A number.
    Number,
}

/// One normalised token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// `[a-z0-9]+`.
    pub text: String,
    /// Its kind.
    pub kind: TokenKind,
}

/// The kind of party a name belongs to (legal forms apply only to organisations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSchema {
    /// A person.
    Person,
    /// An organisation, vessel or aircraft.
    Organization,
    /// Not known.
    Any,
}

/// A name prepared for matching.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Main reading, in written order.
    pub tokens: Vec<Token>,
    /// Other readings of the same name (Han also read as Sino-Korean, Burmese with the other
    /// spellings of some letters); may be empty.
    pub alternates: Vec<Vec<Token>>,
    /// Script of the input.
    pub script: Script,
    /// Honorifics and titles set aside (folded).
    pub set_aside: Vec<String>,
}

/// Whether two name parts are a given name and a surname both common among people at large,
/// in either order ("Maria Lopez", "Taylor John"): the US Census Bureau's 1990 given names and
/// its 5,000 most frequent surnames (`data/common_*.txt`, made by `scripts/common_names.py`).
/// Many people bear such a name, so it tells little about which of them a record is.
///
/// ```
/// use namesake_text::common_full_name;
/// assert!(common_full_name("maria", "lopez") && common_full_name("lopez", "maria"));
/// assert!(!common_full_name("maria", "qadhafi"));
/// ```
pub fn common_full_name(a: &str, b: &str) -> bool {
    let (given, surnames) = (data::common_given_names(), data::common_surnames());
    (given.contains(a) && surnames.contains(b)) || (given.contains(b) && surnames.contains(a))
}

/// The id of the group of known spellings of one name part (Mohammed/Muhammad/Mehmet…).
/// A patronymic whose stem is such a name part has a group of its own, the same for every
/// romanisation of one father's name ("Yevhenovych", "Yevgenyevich"; see `patronymic.rs`).
pub fn variant_group(token: &str) -> Option<u32> {
    let table = |t: &str| data::variants().get(t).copied();
    table(token).or_else(|| patronymic::patronymic_group(token, table))
}

/// Whether a folded token is a name particle.
pub fn is_particle(token: &str) -> bool {
    data::particles().contains(token)
}

const ALLAH_FORMS: [&str; 8] = [
    "lah", "llah", "lahi", "llahi", "la", "lla", "allah", "ullah",
];
/// What joins "abd" to the rest of the name: the article in its spellings, and Somali "i"
/// ("Abdiqadir", "Abdirahman", "Abdiwali" for Abd al-Qadir, Abd al-Rahman, Abd al-Wali).
const ABD_CONNECTORS: [&str; 11] = [
    "oul", "ul", "el", "al", "ol", "ur", "us", "ar", "as", "u", "i",
];
/// The length of a `-ud-din` ending ("religion"): a vowel or the article's l, one or two d, the
/// vowel written i, ee, e or ea, n, an optional e ("Salahuddin", "Nourredine", "Tajideen",
/// "Jallalouddin", "Badreddine", "Alaaldin"), so that each spelling splits the same way; `None`
/// when `t` has no such ending.
fn din_suffix_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let mut end = b.len();
    if end > 0 && b[end - 1] == b'e' {
        end -= 1;
    }
    if end == 0 || b[end - 1] != b'n' {
        return None;
    }
    end -= 1;
    let vowels = b[..end]
        .iter()
        .rev()
        .take_while(|&&c| matches!(c, b'i' | b'e' | b'a'))
        .count();
    if !(1..=2).contains(&vowels) || !matches!(b[end - 1], b'i' | b'e') {
        return None;
    }
    end -= vowels;
    let ds = b[..end].iter().rev().take_while(|&&c| c == b'd').count();
    if !(1..=2).contains(&ds) {
        return None;
    }
    end -= ds;
    // The connecting vowel ("u", "e", "ou") or the article's l with its vowel ("al").
    let before = |k: usize| end.checked_sub(k).map(|i| b[i]);
    let is_vowel = |c: Option<u8>| matches!(c, Some(b'a' | b'e' | b'i' | b'o' | b'u'));
    let link = match (before(2), before(1)) {
        (Some(b'o'), Some(b'u')) => 2,
        (v, Some(b'l')) if is_vowel(v) => 2,
        (_, v) if is_vowel(v) => 1,
        _ => return None,
    };
    Some(b.len() - end + link)
}

/// Whether a word is "din" with its article and nothing before ("Salah Eddine", "Nasr Uddin",
/// "Alaa Aldin"), written as the part of "Salaheddine" and "Salah al-Din" is: the d doubled by
/// the assimilated article, or the article's l written; not "Edin", "Odin".
fn article_and_din(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 5
        && matches!(b[0], b'a' | b'e' | b'u' | b'o')
        && (b[1..].starts_with(b"dd") || b[1..].starts_with(b"ld"))
}

/// Splits compound Arabic names so every spelling reaches the same tokens.
fn split_compound(t: &str, out: &mut Vec<String>) {
    if let Some(r) = t.strip_prefix("abd") {
        if matches!(
            r,
            "ul" | "el"
                | "al"
                | "ol"
                | "oul"
                | "u"
                | "ur"
                | "us"
                | "ar"
                | "as"
                | "un"
                | "ud"
                | "ush"
        ) {
            out.push("abd".into());
            return;
        }
        for c in ABD_CONNECTORS {
            if let Some(rest) = r.strip_prefix(c) {
                if ALLAH_FORMS.contains(&rest) {
                    out.push(t.into());
                    return;
                }
                // "Abdollah" and a further part written on to it (Persian "Abdollahpour",
                // "Abdollahizadeh"): the name and the part, as "Abdollah-Pour" is written.
                let allah_then_more = ALLAH_FORMS
                    .iter()
                    .filter(|f| f.ends_with('h') || f.ends_with("hi"))
                    .filter(|f| rest.starts_with(**f) && rest.len() >= f.len() + 3)
                    .map(|f| f.len())
                    .max();
                if let Some(n) = allah_then_more {
                    let cut = t.len() - rest.len() + n;
                    out.push(t[..cut].into());
                    split_compound(&t[cut..], out);
                    return;
                }
                if rest.len() >= 3 {
                    out.push("abd".into());
                    split_compound(rest, out);
                    return;
                }
            }
        }
    }
    if let Some(n) = din_suffix_len(t) {
        let stem = &t[..t.len() - n];
        if stem.is_empty() && article_and_din(t) {
            out.push("din".into());
            return;
        }
        if stem.len() >= 3
            && stem
                .bytes()
                .any(|c| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
        {
            split_compound(stem, out);
            out.push("din".into());
            return;
        }
    }
    out.push(t.into());
}

fn ordinal(t: &str) -> Option<String> {
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t[digits.len()..];
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th"))
    .then(|| digits.to_string())
}

/// Sets aside titles and honorifics ("Mufti", "Dr.", "Lieutenant General") at the start of each
/// comma-separated part ("RAHIM, Mufti Abdul", "ZAKIR, Qari"), while at least one other token
/// remains: a title neither matches nor penalises. Not at the end: "Bishop", "General" and
/// "Major" end many family names.
fn strip_honorifics(parts: Vec<Vec<String>>, titles: &[Vec<String>]) -> (Vec<String>, Vec<String>) {
    let total: usize = parts.iter().map(Vec::len).sum();
    let mut left = total;
    let mut set_aside = Vec::new();
    let mut words = Vec::with_capacity(total);
    for mut part in parts {
        'lead: loop {
            for h in titles {
                if left > h.len() && part.len() >= h.len() && part[..h.len()] == h[..] {
                    set_aside.push(h.join(" "));
                    part.drain(..h.len());
                    left -= h.len();
                    continue 'lead;
                }
            }
            break;
        }
        words.extend(part);
    }
    (words, set_aside)
}

/// Replaces legal forms at the end (repeatedly) and at the start of an organisation's name by
/// their canonical token.
fn legal_forms(words: Vec<String>) -> Vec<Token> {
    let forms = data::legal_forms();
    let mut tail: Vec<Token> = Vec::new();
    let mut w = words;
    'tail: while w.len() > 1 {
        for f in forms {
            let form = &f.words;
            if form.len() < w.len() && w[w.len() - form.len()..] == form[..] {
                w.truncate(w.len() - form.len());
                tail.push(Token {
                    text: f.canon.clone(),
                    kind: TokenKind::LegalForm,
                });
                continue 'tail;
            }
        }
        break;
    }
    let mut head = None;
    for f in forms.iter().filter(|f| f.at_start) {
        let form = &f.words;
        if form.len() < w.len() && w[..form.len()] == form[..] {
            w.drain(..form.len());
            head = Some(Token {
                text: f.canon.clone(),
                kind: TokenKind::LegalForm,
            });
            break;
        }
    }
    let mut out: Vec<Token> = head.into_iter().collect();
    out.extend(w.into_iter().map(|text| Token {
        text,
        kind: TokenKind::Name,
    }));
    tail.reverse();
    out.extend(tail);
    out
}

fn classify(words: Vec<String>, schema: NameSchema) -> Vec<Token> {
    let mut split = Vec::with_capacity(words.len() + 2);
    for w in &words {
        split_compound(w, &mut split);
    }
    let mut tokens = if schema != NameSchema::Organization {
        split
            .into_iter()
            .map(|text| Token {
                text,
                kind: TokenKind::Name,
            })
            .collect()
    } else {
        legal_forms(split)
    };
    let n = tokens.len();
    let canon = data::legal_canon();
    for t in &mut tokens {
        if t.kind == TokenKind::LegalForm {
            continue;
        }
        if let Some(d) = ordinal(&t.text) {
            t.text = d;
            t.kind = TokenKind::Number;
        } else if t.text.bytes().all(|b| b.is_ascii_digit()) {
            t.kind = TokenKind::Number;
        } else if schema == NameSchema::Organization && canon.contains(&t.text) && n > 1 {
            t.kind = TokenKind::LegalForm;
        }
        if t.kind == TokenKind::Name && n > 1 {
            if is_particle(&t.text) {
                t.kind = TokenKind::Particle;
            } else if patronymic::is_patronymic(&t.text) {
                t.kind = TokenKind::Patronymic;
            }
        }
    }
    // A name that is nothing but legal forms ("N.V. Co") is still a name: its words carry it.
    if tokens.iter().all(|t| t.kind == TokenKind::LegalForm) {
        for t in &mut tokens {
            t.kind = TokenKind::Name;
        }
    }
    if schema == NameSchema::Organization {
        org::trailing_roman(&mut tokens);
    }
    tokens
}

fn words_of(folded: &str) -> Vec<String> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The alternate readings among `readings` that are readings at all and differ from the name's
/// own `tokens` and from each other, in order.
fn other_readings(tokens: &[Token], readings: impl Iterator<Item = Vec<Token>>) -> Vec<Vec<Token>> {
    let mut v: Vec<Vec<Token>> = Vec::new();
    for t in readings {
        if !t.is_empty() && t != tokens && !v.contains(&t) {
            v.push(t);
        }
    }
    v
}

/// A name's folded words, each rewritten by `word` and joined, when one of them shows the form
/// `marks` looks for (a Ukrainian or Belarusian spelling) and the rewrite changes something;
/// `None` otherwise, and for a name with a word not in ASCII. Only the marks are checked on a
/// name without the form: every Latin name a screening prepares passes through here.
fn marked_reading<'w>(
    words: impl Iterator<Item = &'w str> + Clone,
    marks: impl Fn(&str) -> bool,
    word: impl Fn(&str) -> String,
) -> Option<String> {
    if !words.clone().any(|w| w.is_ascii() && marks(w)) {
        return None;
    }
    let mut changed = false;
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !w.is_ascii() {
            return None;
        }
        let r = word(w);
        changed |= r != w;
        out.push(r);
    }
    changed.then(|| out.join(" "))
}

/// Prepares a name for matching (see the crate documentation for the steps).
pub fn prepare(name: &str, schema: NameSchema) -> Prepared {
    let script = detect_script(name);
    let (tokens, set_aside) = reading(name, script, schema);
    let mut alternates: Vec<Vec<Token>> = if script == Script::Han
        || (script == Script::Kana && name.chars().any(|c| char_script(c) == Some(Script::Han)))
    {
        // Korean readings first, then Japanese (a name with kanji not all of Japanese names
        // has none).
        let korean = han::korean_readings(name)
            .into_iter()
            .map(|hangul| reading(&hangul, Script::Hangul, schema).0);
        let japanese = japanese_kanji::japanese_readings(name)
            .into_iter()
            .map(|kana| reading(&kana, Script::Kana, schema).0);
        other_readings(&tokens, korean.chain(japanese))
    } else if script == Script::Hebrew {
        // Letters of two sounds read with the other one (ש sh, ח ch, ב v…): "Shlomo", "Chai".
        other_readings(
            &tokens,
            hebrew::latin_spellings(name)
                .into_iter()
                .map(|latin| reading(&latin, Script::Hebrew, schema).0),
        )
    } else if script == Script::Myanmar {
        // The other spellings in use of some Burmese letters (Hsan, Tun, Ne), read as Latin.
        let variant = myanmar::romanise(name, myanmar::Spelling::Variant);
        other_readings(
            &tokens,
            std::iter::once(reading(&variant, Script::Latin, schema).0),
        )
    } else if script == Script::Cyrillic {
        // A Belarusian name in Cyrillic, transliterated, in its Russian spelling too
        // ("Шэстакоў": "shestakou", "shestakov").
        other_readings(
            &tokens,
            belarusian::russian_reading(tokens.iter().map(|t| t.text.as_str()))
                .into_iter()
                .map(|other| reading(&other, Script::Latin, schema).0),
        )
    } else if script == Script::Latin {
        // A Chinese name in Wade–Giles, read in pinyin as well ("Mao Tse-tung": "mao zedong");
        // a Ukrainian or Belarusian one in its Russian spelling ("Oleh Hryhorenko": "oleg
        // grygorenko"; "Mikalai Karpiankou": "mikalai karpenkov").
        let others = [
            wade_giles::pinyin_reading(name),
            ukrainian::russian_reading(tokens.iter().map(|t| t.text.as_str())),
            belarusian::russian_reading(tokens.iter().map(|t| t.text.as_str())),
        ];
        other_readings(
            &tokens,
            others
                .into_iter()
                .flatten()
                .map(|other| reading(&other, Script::Latin, schema).0),
        )
    } else {
        Vec::new()
    };
    // A name of unknown kind is read as a person's; when it reads as an organisation's too (a
    // legal form, a dotted abbreviation, a number in words), that reading is added.
    if schema == NameSchema::Any {
        let org = reading(name, script, NameSchema::Organization).0;
        let texts_differ =
            org.len() != tokens.len() || org.iter().zip(&tokens).any(|(a, b)| a.text != b.text);
        let company = org
            .iter()
            .any(|t| t.kind == TokenKind::LegalForm && !data::is_generic_org_word(&t.text));
        if (texts_differ || company) && !org.is_empty() && !alternates.contains(&org) {
            alternates.push(org);
        }
    }
    Prepared {
        tokens,
        alternates,
        script,
        set_aside,
    }
}

/// One reading of a name under one schema: its tokens and the titles set aside.
fn reading(name: &str, script: Script, schema: NameSchema) -> (Vec<Token>, Vec<String>) {
    let org = schema == NameSchema::Organization;
    let raw = if org {
        org::join_dotted(name)
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    let fold_part = |part: &str| match script {
        Script::Arabic => words_of(&fold(&arabic::prepare(part))),
        Script::Hebrew => words_of(&fold(&hebrew::opening_vowel(part))),
        Script::Kana => words_of(&fold(&japanese::romanise(part))),
        Script::Devanagari => words_of(&fold(&indic::romanise(part))),
        Script::Myanmar => words_of(&fold(&myanmar::romanise(part, myanmar::Spelling::Common))),
        _ => words_of(&fold(part)),
    };
    let (mut words, set_aside) = if org {
        (fold_part(&raw), Vec::new())
    } else {
        // An Arabic-script name's titles are its own: its skeleton romanisation would meet
        // Latin abbreviations (a short word read without its vowels).
        let titles = match script {
            Script::Arabic => data::arabic_honorifics(),
            _ => data::honorifics(),
        };
        strip_honorifics(raw.split(',').map(fold_part).collect(), titles)
    };
    if org {
        org::join_letter_runs(&mut words);
        words = org::numbers(words);
    }
    (classify(words, schema), set_aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &[Token]) -> Vec<&str> {
        p.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn every_spelling_of_a_din_name_splits_alike() {
        for (a, b) in [
            ("Nourreddine", "Nourredine"),
            ("Tajeddine", "Tajideen"),
            ("Jallalouddin", "Jallaluddin"),
            ("Salahuddin", "Salaheddine"),
            ("Alaeddine", "Alaeddin"),
        ] {
            let (pa, pb) = (
                prepare(a, NameSchema::Person),
                prepare(b, NameSchema::Person),
            );
            let (ta, tb) = (texts(&pa.tokens), texts(&pb.tokens));
            assert_eq!(ta, tb, "{a} / {b}");
            assert_eq!(ta.last(), Some(&"din"), "{a}");
        }
        for kept in ["Nadine", "Edin", "Aladdin", "Bernardine"] {
            assert_eq!(prepare(kept, NameSchema::Person).tokens.len(), 1, "{kept}");
        }
    }

    #[test]
    fn din_written_apart_with_its_article_is_din() {
        for (apart, together) in [
            ("Salah Eddine", "Salaheddine"),
            ("Nasr Uddin", "Nasruddin"),
            ("Badr Eddine", "Badreddine"),
        ] {
            let (pa, pb) = (
                prepare(apart, NameSchema::Person),
                prepare(together, NameSchema::Person),
            );
            assert_eq!(texts(&pa.tokens), texts(&pb.tokens), "{apart} / {together}");
        }
        let p = prepare("Kamal Aldin", NameSchema::Person);
        assert_eq!(texts(&p.tokens), ["kamal", "din"]);
        for kept in ["Edin Hasic", "Odin Berg"] {
            let p = prepare(kept, NameSchema::Person);
            assert_ne!(texts(&p.tokens)[0], "din", "{kept}");
        }
    }

    #[test]
    fn compound_arabic_names_meet() {
        let want = ["abd", "rahman"];
        for s in [
            "Abdulrahman",
            "Abdul Rahman",
            "Abdel Rahman",
            "Abdurrahman",
            "ABDELRAHMAN",
        ] {
            assert_eq!(texts(&prepare(s, NameSchema::Person).tokens), want, "{s}");
        }
        // Somali writes the article as "i": Abdirahman, Abdiqadir. "Abdi" alone is a name,
        // and "Abdillahi" is Abdullahi.
        for (s, want) in [
            ("Abdirahman", vec!["abd", "rahman"]),
            ("Abdiqadir Mumin", vec!["abd", "qadir", "mumin"]),
            ("Abdi Farah", vec!["abdi", "farah"]),
            ("Abdillahi", vec!["abdillahi"]),
            ("Abdiel", vec!["abdiel"]),
        ] {
            assert_eq!(texts(&prepare(s, NameSchema::Person).tokens), want, "{s}");
        }
        let p = prepare("Abd al-Rahman", NameSchema::Person);
        assert_eq!(texts(&p.tokens), ["abd", "al", "rahman"]);
        assert_eq!(
            texts(&prepare("Abdullah", NameSchema::Person).tokens),
            ["abdullah"]
        );
        assert_eq!(
            texts(&prepare("Abdallah", NameSchema::Person).tokens),
            ["abdallah"]
        );
        for s in ["ABDOLLAHPOUR", "Abdollah-Pour", "Abdollah Pour"] {
            assert_eq!(
                texts(&prepare(s, NameSchema::Person).tokens),
                ["abdollah", "pour"],
                "{s}"
            );
        }
        assert_eq!(
            texts(&prepare("Abdollahizadeh", NameSchema::Person).tokens),
            ["abdollahi", "zadeh"]
        );
        assert_eq!(
            texts(&prepare("Abdullateef", NameSchema::Person).tokens),
            ["abd", "lateef"]
        );
        assert_eq!(
            texts(&prepare("Salahuddin", NameSchema::Person).tokens),
            ["salah", "din"]
        );
    }

    #[test]
    fn honorifics_set_aside_but_not_the_only_token() {
        let p = prepare("Mullah Mohammed Omar", NameSchema::Person);
        assert_eq!(texts(&p.tokens), ["mohammed", "omar"]);
        assert_eq!(p.set_aside, ["mullah"]);
        assert_eq!(
            texts(&prepare("Sheikh", NameSchema::Person).tokens),
            ["sheikh"]
        );
        assert_eq!(
            prepare("Lieutenant General Ali Hassan", NameSchema::Person).set_aside,
            ["lieutenant general"]
        );
    }

    #[test]
    fn an_arabic_script_name_keeps_a_skeleton_that_reads_as_a_latin_title() {
        // عمر (Omar), read without its vowels, is a name, not "Mr".
        let p = prepare("عمر محمد أحمد", NameSchema::Person);
        assert_eq!(p.tokens.len(), 3, "{:?}", texts(&p.tokens));
        assert!(p.set_aside.is_empty(), "{:?}", p.set_aside);
    }

    #[test]
    fn arabic_script_titles_are_set_aside() {
        for (name, kept) in [
            ("الشيخ أسامة", 1),
            ("الحاج محمد علي", 2),
            ("ملا محمد عمر", 2),
            ("آية الله علي خامنئي", 2),
            ("اللواء قاسم سليماني", 2),
        ] {
            let p = prepare(name, NameSchema::Person);
            assert_eq!(p.tokens.len(), kept, "{name}: {:?}", texts(&p.tokens));
            assert_eq!(p.set_aside.len(), 1, "{name}: {:?}", p.set_aside);
        }
        // A title alone stays the name.
        assert_eq!(prepare("الشيخ", NameSchema::Person).tokens.len(), 2);
    }

    #[test]
    fn legal_forms_for_organisations_only() {
        let p = prepare(
            "Romashka Limited Liability Company",
            NameSchema::Organization,
        );
        assert_eq!(texts(&p.tokens), ["romashka", "llc"]);
        assert_eq!(p.tokens[1].kind, TokenKind::LegalForm);
        assert_eq!(
            texts(&prepare("ООО Ромашка", NameSchema::Organization).tokens),
            ["llc", "romashka"]
        );
        assert_eq!(
            texts(&prepare("Anadolu Ticaret A.Ş.", NameSchema::Organization).tokens),
            ["anadolu", "ticaret", "as"]
        );
        assert_eq!(
            texts(&prepare("Deniz Ltd. Şti.", NameSchema::Organization).tokens),
            ["deniz", "ltd"]
        );
        assert_eq!(
            texts(
                &prepare(
                    "Public Joint Stock Company Sberbank",
                    NameSchema::Organization
                )
                .tokens
            ),
            ["jsc", "sberbank"]
        );
        assert_eq!(
            prepare("Ao Li", NameSchema::Person).tokens[0].kind,
            TokenKind::Name
        );
    }

    #[test]
    fn kinds() {
        let p = prepare("Vladimir Vladimirovich Putin", NameSchema::Person);
        assert_eq!(p.tokens[1].kind, TokenKind::Patronymic);
        let p = prepare("Abu Bakr al-Baghdadi", NameSchema::Person);
        assert_eq!(p.tokens[0].kind, TokenKind::Particle);
        assert_eq!(p.tokens[1].kind, TokenKind::Name);
        let p = prepare("Bank 1st Street", NameSchema::Organization);
        assert_eq!(texts(&p.tokens), ["bank", "1", "street"]);
        assert_eq!(p.tokens[1].kind, TokenKind::Number);
    }

    #[test]
    fn arabic_article_and_allah() {
        assert_eq!(
            texts(&prepare("أبو بكر البغدادي", NameSchema::Person).tokens),
            ["abw", "bkr", "al", "bghddy"]
        );
        let joined = prepare("عبد الله", NameSchema::Person);
        assert_eq!(joined.tokens.len(), 1, "{:?}", joined.tokens);
        assert_eq!(skeleton(&joined.tokens[0].text), skeleton("abdullah"));
        assert_eq!(
            texts(&prepare("عبد الرحمن", NameSchema::Person).tokens),
            ["abd", "al", "rhmn"]
        );
    }

    #[test]
    fn han_names_also_read_as_korean() {
        let p = prepare("金正恩", NameSchema::Person);
        assert_eq!(texts(&p.tokens), ["jin", "zheng", "en"]);
        assert!(
            p.alternates
                .iter()
                .any(|a| texts(a) == ["gim", "jeong", "eun"]),
            "{:?}",
            p.alternates
        );
        assert_eq!(variant_group("gim"), variant_group("kim"));
        assert_eq!(variant_group("jeong"), variant_group("jong"));
        assert_eq!(variant_group("eun"), variant_group("un"));
    }

    #[test]
    fn kanji_names_also_read_in_japanese() {
        let alternates = |name: &str| -> Vec<Vec<String>> {
            prepare(name, NameSchema::Person)
                .alternates
                .iter()
                .map(|a| texts(a).into_iter().map(String::from).collect())
                .collect()
        };
        let p = prepare("山田太郎", NameSchema::Person);
        assert_eq!(texts(&p.tokens), ["shan", "tian", "tai", "lang"]);
        // Long vowels as passports write them: タロー is "taro", not "tarou".
        assert!(
            alternates("山田太郎").contains(&vec!["yamada".into(), "taro".into()]),
            "{:?}",
            p.alternates
        );
        // Kana beside kanji, and the Korean reading kept first.
        assert!(alternates("山田 ハナコ").contains(&vec!["yamada".into(), "hanako".into()]));
        assert_eq!(alternates("金正恩")[0], ["geum", "jeong", "eun"]);
        // A Chinese name in simplified characters reads in pinyin and Korean only.
        let xi = prepare("习近平", NameSchema::Person);
        assert_eq!(texts(&xi.tokens), ["xi", "jin", "ping"]);
        assert!(
            xi.alternates
                .iter()
                .all(|a| a.iter().all(|t| t.text != "ping")),
            "{:?}",
            xi.alternates
        );
        assert_eq!(xi.alternates.len(), han::korean_readings("习近平").len());
    }

    #[test]
    fn hangul_syllables_are_tokens() {
        assert_eq!(
            texts(&prepare("박지성", NameSchema::Person).tokens),
            ["bag", "ji", "seong"]
        );
        assert_eq!(variant_group("bag"), variant_group("park"));
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent_and_clean(s in "\\PC{0,60}") {
            let f = fold(&s);
            proptest::prop_assert_eq!(fold(&f), f.clone());
            proptest::prop_assert!(f.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '));
            proptest::prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
        }

        #[test]
        fn fold_any_string(s in proptest::prelude::any::<String>()) {
            let f = fold(&s);
            proptest::prop_assert_eq!(fold(&f), f);
        }

        #[test]
        fn prepare_never_panics_and_tokens_are_clean(s in "\\PC{0,60}") {
            for schema in [NameSchema::Person, NameSchema::Organization, NameSchema::Any] {
                let p = prepare(&s, schema);
                for t in p.tokens.iter().chain(p.alternates.iter().flatten()) {
                    proptest::prop_assert!(!t.text.is_empty());
                    proptest::prop_assert!(t.text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{:?}", t.text);
                }
            }
        }

        #[test]
        fn prepare_is_idempotent_on_its_output(s in "[A-Za-z ,.'-]{0,40}") {
            let p = prepare(&s, NameSchema::Person);
            let again = prepare(&p.tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "), NameSchema::Person);
            proptest::prop_assert_eq!(texts(&again.tokens), texts(&p.tokens));
        }
    }
}
