//! Japanese readings of names written in kanji, so that 山田太郎 reaches "Yamada Taro" as well as
//! its Mandarin (*shan tian tai lang*) and Sino-Korean readings. Kanji have many readings and
//! a name's are its own: they come from a table of surnames and given names
//! (`data/japanese_names.tsv`, from the mecab-ipadic name dictionary; regenerate it with
//! `scripts/gen_japanese_names.py`), never from per-character readings.
//!
//! Each run of kanji is cut into table words in the fewest pieces; among as few pieces, the
//! first piece of the name is preferably a surname and the others given names (山田太郎 =
//! 山田 + 太郎). A run that does not cut into table words gives the name no Japanese reading: a
//! Chinese name usually has a character no Japanese name has, and a reading of part of a name
//! would only meet other names.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::script::{char_script, Script};

const NAMES: &str = include_str!("../data/japanese_names.tsv");

/// The iteration mark 々 (佐々木), a kanji in names though not a CJK ideograph.
const ITERATION_MARK: char = '々';

/// Longest word in the table, in chars.
const MAX_WORD: usize = 4;

/// At most this many readings of one name.
const MAX_READINGS: usize = 3;

/// Word separators in a name besides white space.
const SEPARATORS: [char; 4] = ['・', '･', '゠', '='];

/// The part of a name a table word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Surname,
    Given,
}

/// A table word's readings (katakana, most common first) as a surname and as a given name.
#[derive(Debug, Default)]
struct Readings {
    surname: Vec<String>,
    given: Vec<String>,
}

impl Readings {
    fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Surname => &self.surname,
            Kind::Given => &self.given,
        }
    }
}

/// Parses the table: `word<TAB>surname|given<TAB>reading reading…`; `#` lines are comments. A
/// malformed row is skipped (the table is compiled in and checked by a test).
fn parse(text: &str) -> HashMap<String, Readings> {
    let mut m: HashMap<String, Readings> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(word), Some(kind), Some(readings)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let readings: Vec<String> = readings.split(' ').map(String::from).collect();
        let entry = m.entry(word.to_string()).or_default();
        match kind {
            "surname" => entry.surname = readings,
            "given" => entry.given = readings,
            _ => {}
        }
    }
    m
}

fn table() -> &'static HashMap<String, Readings> {
    static T: OnceLock<HashMap<String, Readings>> = OnceLock::new();
    T.get_or_init(|| parse(NAMES))
}

fn is_kanji(c: char) -> bool {
    c == ITERATION_MARK || char_script(c) == Some(Script::Han)
}

/// One piece of a segmented run: a table word read as one kind.
#[derive(Clone, Copy, Debug)]
struct Piece<'t> {
    readings: &'t [String],
}

/// The best cut of `run[i..]`: pieces, then pieces not of the preferred kind (fewer is better).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    pieces: usize,
    off_kind: usize,
}

/// Cuts a run of kanji into table words: fewest pieces, then the most pieces of the preferred
/// kind (a surname first when `name_start`, given names after). `None` when it does not cut.
fn segment<'t>(
    run: &[char],
    name_start: bool,
    table: &'t HashMap<String, Readings>,
) -> Option<Vec<Piece<'t>>> {
    let n = run.len();
    // best[i]: the cost of the best cut of run[i..] and its first piece (length, readings).
    let mut best: Vec<Option<(Cost, usize, &'t [String])>> = vec![None; n + 1];
    best[n] = Some((
        Cost {
            pieces: 0,
            off_kind: 0,
        },
        0,
        &[],
    ));
    for i in (0..n).rev() {
        let preferred = if i == 0 && name_start {
            Kind::Surname
        } else {
            Kind::Given
        };
        let other = match preferred {
            Kind::Surname => Kind::Given,
            Kind::Given => Kind::Surname,
        };
        // Longest piece first: among equal costs, the longer piece here wins.
        for len in (1..=MAX_WORD.min(n - i)).rev() {
            let Some((rest, _, _)) = best[i + len] else {
                continue;
            };
            let word: String = run[i..i + len].iter().collect();
            let Some(entry) = table.get(&word) else {
                continue;
            };
            let (readings, off) = if !entry.of(preferred).is_empty() {
                (entry.of(preferred), 0)
            } else if !entry.of(other).is_empty() {
                (entry.of(other), 1)
            } else {
                continue;
            };
            let cost = Cost {
                pieces: rest.pieces + 1,
                off_kind: rest.off_kind + off,
            };
            if best[i].is_none_or(|(c, _, _)| cost < c) {
                best[i] = Some((cost, len, readings));
            }
        }
    }
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < n {
        let (_, len, readings) = best[i]?;
        pieces.push(Piece { readings });
        i += len;
    }
    Some(pieces)
}

/// A name as a sequence of parts: kanji pieces to read, and text kept as it is.
enum Part<'t> {
    Kanji(Piece<'t>),
    Kept(String),
}

/// Splits `name` into words and cuts each word's kanji runs into pieces; `None` when a run
/// does not cut or the name has no kanji.
fn parts(name: &str) -> Option<Vec<Part<'static>>> {
    let table = table();
    let mut out = Vec::new();
    let mut kanji_seen = false;
    for word in name
        .split(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(Part::Kept(" ".into()));
        }
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let kanji = is_kanji(chars[i]);
            let end = chars[i..]
                .iter()
                .position(|&c| is_kanji(c) != kanji)
                .map_or(chars.len(), |p| i + p);
            let run = &chars[i..end];
            if kanji {
                let pieces = segment(run, !kanji_seen, table)?;
                for (k, p) in pieces.into_iter().enumerate() {
                    if k > 0 {
                        out.push(Part::Kept(" ".into()));
                    }
                    out.push(Part::Kanji(p));
                }
                kanji_seen = true;
            } else {
                out.push(Part::Kept(run.iter().collect()));
            }
            i = end;
        }
    }
    kanji_seen.then_some(out)
}

/// Katakana renderings of a name written in kanji (山田太郎 → "ヤマダ タロー"), each table word
/// a word: every word at its first reading, then one rendering per other reading of the first
/// word (the surname), then of the next words. At most three; none when a kanji run is not
/// made of table words. Kana and other text are kept as they are.
pub(crate) fn japanese_readings(name: &str) -> Vec<String> {
    let Some(parts) = parts(name) else {
        return Vec::new();
    };
    let render = |choice: Option<(usize, usize)>| -> String {
        let mut out = String::new();
        let mut k = 0;
        for part in &parts {
            match part {
                Part::Kept(s) => out.push_str(s),
                Part::Kanji(p) => {
                    let r = match choice {
                        Some((piece, alt)) if piece == k => alt,
                        _ => 0,
                    };
                    out.push_str(&p.readings[r]);
                    k += 1;
                }
            }
        }
        out
    };
    let mut v = vec![render(None)];
    let alternatives = parts.iter().filter_map(|p| match p {
        Part::Kanji(p) => Some(p.readings.len()),
        Part::Kept(_) => None,
    });
    'pieces: for (k, count) in alternatives.enumerate() {
        for alt in 1..count {
            if v.len() == MAX_READINGS {
                break 'pieces;
            }
            let r = render(Some((k, alt)));
            if !v.contains(&r) {
                v.push(r);
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::japanese::is_kana;

    fn readings(name: &str) -> Vec<String> {
        japanese_readings(name)
    }

    #[test]
    fn table_loads_with_both_kinds() {
        let t = table();
        assert!(
            t.len() > 20_000,
            "japanese_names.tsv too small: {}",
            t.len()
        );
        assert_eq!(
            t["山田"].surname.first().map(String::as_str),
            Some("ヤマダ")
        );
        assert_eq!(t["太郎"].given.first().map(String::as_str), Some("タロー"));
        assert!(t
            .values()
            .all(|r| r.surname.len() <= 3 && r.given.len() <= 3));
        assert!(t
            .values()
            .flat_map(|r| r.surname.iter().chain(&r.given))
            .all(|r| !r.is_empty() && r.chars().all(|c| is_kana(c) || c == 'ー')));
    }

    #[test]
    fn surname_then_given_name() {
        assert_eq!(readings("山田太郎")[0], "ヤマダ タロー");
        assert_eq!(readings("田中花子")[0], "タナカ ハナコ");
        assert_eq!(readings("森田 健二")[0], "モリタ ケンジ");
        assert_eq!(readings("中村・美咲")[0], "ナカムラ ミサキ");
    }

    #[test]
    fn fewest_pieces_win() {
        // 佐々木 is one surname, not 佐 + 々木.
        assert_eq!(readings("佐々木")[0], "ササキ");
    }

    #[test]
    fn kana_is_kept() {
        assert_eq!(readings("山田 ハナコ")[0], "ヤマダ ハナコ");
    }

    #[test]
    fn surname_alternatives_follow_the_first_reading() {
        // 東 is Azuma, then Higashi, as a surname; 金 is Kimu, Kin, Kon.
        assert_eq!(readings("東健二"), ["アズマ ケンジ", "ヒガシ ケンジ"]);
        assert_eq!(
            readings("金 健二"),
            ["キム ケンジ", "キン ケンジ", "コン ケンジ"]
        );
        // 金太郎 is one given name (Kintaro): fewest pieces first.
        assert_eq!(readings("金太郎"), ["キンタロー"]);
    }

    #[test]
    fn a_character_no_japanese_name_has_gives_no_reading() {
        // 习 (simplified) is in no Japanese name.
        assert!(readings("习近平").is_empty());
        assert!(readings("山田龘").is_empty());
        assert!(readings("ハナコ").is_empty(), "kana alone is japanese.rs's");
        assert!(readings("").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\\u{4E00}-\\u{4FFF}\\u{3005}\\u{30A0}-\\u{30FF} ・a-z]{0,12}") {
            let r = japanese_readings(&s);
            proptest::prop_assert!(r.len() <= MAX_READINGS);
            proptest::prop_assert!(r.iter().all(|x| !x.chars().any(is_kanji)), "{r:?}");
        }
    }
}
