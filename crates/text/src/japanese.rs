//! Japanese kana to modified Hepburn, so that a name written in katakana (バラク・オバマ) or
//! hiragana reaches the Latin spelling a list carries ("baraku obama"). Half-width katakana is
//! widened by NFKC first. The rules beyond the table (`data/kana_hepburn.tsv`):
//!
//! - small tsu (っ/ッ) doubles the next consonant (`tch` before `ch`), as Hepburn writes it;
//! - the long-vowel mark ー is dropped, as passports write long vowels (Ōno → Ono);
//! - the syllabic n is `m` before b, m and p (トランプ → torampu, like "Trump");
//! - the middle dot ・ and the double hyphen ゠/＝ separate words;
//! - the iteration marks ゝ/ヽ repeat the previous syllable.
//!
//! Kanji are left to the Han step; names written in kanji get their Japanese reading, in kana,
//! from the name dictionary of `japanese_kanji.rs`, and it is romanised here (see
//! docs/matching.md).

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::keys::{persian_reading, skeleton_with};
use crate::table::SeqTable;

const KANA: &str = include_str!("../data/kana_hepburn.tsv");

fn table() -> &'static SeqTable {
    static T: OnceLock<SeqTable> = OnceLock::new();
    T.get_or_init(|| SeqTable::parse(KANA))
}

const SMALL_TSU: [char; 2] = ['っ', 'ッ'];
const LONG_VOWEL: char = 'ー';
const SYLLABIC_N: &str = "n";
const WORD_SEPARATORS: [char; 3] = ['・', '゠', '='];
const ITERATION: [char; 4] = ['ゝ', 'ゞ', 'ヽ', 'ヾ'];

/// Katakana read as its hiragana twin (the table is written in hiragana); other chars unchanged.
fn to_hiragana(c: char) -> char {
    match c as u32 {
        0x30A1..=0x30F6 => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is a kana letter this module reads (not the marks handled as rules).
pub(crate) fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA)
}

/// What the next syllable's spelling must be preceded by.
#[derive(Default)]
struct Pending {
    gemination: bool,
    syllabic_n: bool,
}

/// Appends one syllable's Hepburn spelling, resolving a pending small tsu or syllabic n.
fn push_syllable(latin: &str, pending: &mut Pending, out: &mut String) {
    let first = latin.chars().next();
    if std::mem::take(&mut pending.syllabic_n) {
        let labial = matches!(first, Some('b' | 'm' | 'p'));
        out.push_str(if labial { "m" } else { SYLLABIC_N });
    }
    if std::mem::take(&mut pending.gemination) {
        match first {
            _ if latin.starts_with("ch") => out.push('t'),
            Some(c) if !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'n') => out.push(c),
            _ => {}
        }
    }
    if latin == SYLLABIC_N {
        pending.syllabic_n = true;
    } else {
        out.push_str(latin);
    }
}

/// Rewrites the kana of `name` in Hepburn; everything else passes through for [`crate::fold`].
pub(crate) fn romanise(name: &str) -> String {
    let chars: Vec<char> = name.nfkc().map(to_hiragana).collect();
    let table = table();
    let mut out = String::with_capacity(chars.len() * 2);
    let mut pending = Pending::default();
    let mut last = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if SMALL_TSU.contains(&c) {
            pending.gemination = true;
            i += 1;
            continue;
        }
        if c == LONG_VOWEL {
            i += 1;
            continue;
        }
        if ITERATION.contains(&c) {
            let repeat = last.clone();
            push_syllable(&repeat, &mut pending, &mut out);
            i += 1;
            continue;
        }
        let rest = chars.get(i..).unwrap_or_default();
        if let Some((entry, n)) = table.longest_match(rest).filter(|_| is_kana(c)) {
            push_syllable(&entry.latin, &mut pending, &mut out);
            last.clone_from(&entry.latin);
            i += n;
            continue;
        }
        // Not a syllable: a pending n is spelled out, gemination is lost.
        push_syllable("", &mut pending, &mut out);
        out.push(if WORD_SEPARATORS.contains(&c) { ' ' } else { c });
        last.clear();
        i += 1;
    }
    push_syllable("", &mut pending, &mut out);
    out
}

/// Consonant clusters a Hepburn spelling puts before a vowel.
const ONSETS: [&str; 36] = [
    "k", "g", "s", "sh", "z", "j", "t", "ch", "ts", "d", "n", "h", "f", "b", "p", "m", "y", "r",
    "w", "v", "ky", "gy", "ny", "hy", "by", "py", "my", "ry", "dy", "ty", "fy", "vy", "kw", "gw",
    "sy", "zy",
];

fn is_onset(cluster: &str) -> bool {
    if ONSETS.contains(&cluster) {
        return true;
    }
    // Gemination (kk, ssh, tch) and the syllabic n (m before b/m/p) before an onset.
    let Some(first) = cluster.chars().next() else {
        return false;
    };
    let rest = cluster.get(1..).unwrap_or_default();
    let geminate = rest.starts_with(first) || (first == 't' && rest.starts_with("ch"));
    let nasal = first == 'n' || (first == 'm' && rest.starts_with(['b', 'm', 'p']));
    (geminate || nasal) && ONSETS.contains(&rest)
}

/// Whether a folded token could be the Hepburn spelling of kana: consonant clusters are onsets
/// before a vowel, and only n ends a syllable. Kana has no l.
pub fn is_hepburn_shaped(token: &str) -> bool {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut cluster = String::new();
    for c in token.chars() {
        if vowel(c) {
            if !cluster.is_empty() && !is_onset(&cluster) {
                return false;
            }
            cluster.clear();
        } else if c.is_ascii_lowercase() && c != 'l' {
            cluster.push(c);
        } else {
            return false;
        }
    }
    cluster.is_empty() || cluster == "n"
}

/// Whether two tokens whose consonant skeletons meet only because l and r are one class there
/// may meet so: one must read as romanised kana (which writes both as r) and the other carry
/// its vowels (a Latin spelling, not an abjad's consonants). Tokens whose skeletons meet with l
/// and r kept apart always may.
///
/// ```
/// use namesake_text::liquids_may_merge;
/// assert!(liquids_may_merge("merukeru", "merkel"));
/// assert!(!liquids_may_merge("ocalan", "qryn"));
/// ```
pub fn liquids_may_merge(a: &str, b: &str) -> bool {
    if skeletons_meet_apart(a, b) {
        return true;
    }
    let vowelled = |t: &str| {
        let v = t.bytes().filter(|b| b"aeiou".contains(b)).count();
        v * 4 >= t.len()
    };
    (is_hepburn_shaped(a) && vowelled(b)) || (is_hepburn_shaped(b) && vowelled(a))
}

/// Whether two tokens' consonant skeletons meet with l and r kept apart, either read as
/// written or in its Persian reading ("fdhl" / "fazl").
///
/// ```
/// use namesake_text::skeletons_meet_apart;
/// assert!(skeletons_meet_apart("karim", "krym"));
/// assert!(!skeletons_meet_apart("yare", "yal"));
/// ```
pub fn skeletons_meet_apart(a: &str, b: &str) -> bool {
    let apart = |a: &str, b: &str| skeleton_with(a, false) == skeleton_with(b, false);
    if apart(a, b) {
        return true;
    }
    let (pa, pb) = (persian_reading(a), persian_reading(b));
    if pa.is_none() && pb.is_none() {
        return false;
    }
    let (pa, pb) = (pa.as_deref().unwrap_or(a), pb.as_deref().unwrap_or(b));
    apart(pa, b) || apart(a, pb) || apart(pa, pb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katakana_and_hiragana_to_hepburn() {
        let cases = [
            ("バラク・オバマ", "baraku obama"),
            ("ﾊﾞﾗｸ･ｵﾊﾞﾏ", "baraku obama"),
            ("ドナルド・トランプ", "donarudo torampu"),
            ("ジョージ", "joji"),
            ("きゃりーぱみゅぱみゅ", "kyaripamyupamyu"),
            ("さっぽろ", "sapporo"),
            ("マッチ", "matchi"),
            ("しんいち", "shinichi"),
            ("ヴィクトリア", "vikutoria"),
            ("ナレンドラ・モディ", "narendora modi"),
            ("ジャン＝ポール", "jan poru"),
            ("こゝろ", "kokoro"),
        ];
        for (kana, want) in cases {
            assert_eq!(
                romanise(kana),
                want,
                "{kana}: the kana table or a rule broke"
            );
        }
    }

    #[test]
    fn marks_without_a_syllable_are_harmless() {
        assert_eq!(romanise("ッ"), "");
        assert_eq!(romanise("ー"), "");
        assert_eq!(romanise("ン"), "n");
        assert_eq!(romanise("ゝ"), "");
        assert_eq!(romanise("山田 ハナコ"), "山田 hanako");
        assert_eq!(romanise("ABC"), "ABC");
    }

    #[test]
    fn table_is_complete_for_basic_kana() {
        for c in ('ぁ'..='ゖ').chain('ァ'..='ヺ') {
            if SMALL_TSU.contains(&c) {
                continue;
            }
            assert!(
                table().longest_match(&[to_hiragana(c)]).is_some(),
                "{c} (U+{:04X}) has no row in kana_hepburn.tsv",
                c as u32
            );
        }
    }

    #[test]
    fn hepburn_shape() {
        for t in [
            "baraku",
            "torampu",
            "sapporo",
            "matchi",
            "kyaripamyupamyu",
            "shinichi",
            "n",
        ] {
            assert!(is_hepburn_shaped(t), "{t}");
        }
        for t in ["barack", "merkel", "qryn", "asir", "slh", "trump"] {
            assert!(!is_hepburn_shaped(t), "{t}");
        }
    }

    #[test]
    fn liquids_merge_only_between_kana_and_latin() {
        assert!(liquids_may_merge("donarudo", "donald"));
        assert!(liquids_may_merge("hirari", "hillary"));
        assert!(
            !liquids_may_merge("eraldo", "rwdy"),
            "an abjad's r is not an l"
        );
        assert!(!liquids_may_merge("asir", "slh"));
        assert!(liquids_may_merge("karim", "karim"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\\u{3040}-\\u{30FF}\\u{FF61}-\\u{FF9F} a-z]{0,30}") {
            let r = romanise(&s);
            proptest::prop_assert!(!r.chars().any(is_kana), "{r}");
        }
    }
}
