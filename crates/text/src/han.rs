//! Han (Chinese characters) in names also read as Sino-Korean, since Korean names reach lists
//! written in Hanja (金正恩 = 김정은 = Kim Jong Un).

use crate::data::hanja;
use crate::script::{char_script, Script};

const SBASE: u32 = 0xAC00;
const VCOUNT: u32 = 21;
const TCOUNT: u32 = 28;

/// The initial-sound rule (두음법칙) for the first syllable of a name: ㄹ becomes ㅇ before i/y
/// vowels and ㄴ otherwise; ㄴ becomes ㅇ before i/y vowels (리 → 이, 류 → 유, 로 → 노).
fn initial_sound_rule(c: char) -> char {
    let code = c as u32;
    if !(SBASE..SBASE + 11172).contains(&code) {
        return c;
    }
    let s = code - SBASE;
    let (l, v, t) = (
        s / (VCOUNT * TCOUNT),
        (s % (VCOUNT * TCOUNT)) / TCOUNT,
        s % TCOUNT,
    );
    let iy = matches!(v, 2 | 3 | 6 | 7 | 12 | 17 | 20);
    let new_l = match (l, iy) {
        (5, true) | (2, true) => 11, // ㄹ/ㄴ → ㅇ
        (5, false) => 2,             // ㄹ → ㄴ
        _ => l,
    };
    char::from_u32(SBASE + (new_l * VCOUNT + v) * TCOUNT + t).unwrap_or(c)
}

/// Hangul renderings of a Han name: every character at its first reading, and, where the first
/// character (the surname) has other readings, one rendering per other reading. At most three.
pub(crate) fn korean_readings(name: &str) -> Vec<String> {
    let table = hanja();
    let render = |first_choice: usize| -> Option<String> {
        let mut out = String::new();
        let mut word_start = true;
        let mut used_choice = first_choice == 0;
        for c in name.chars() {
            if char_script(c) == Some(Script::Han) {
                let readings = table.get(&c)?;
                let idx = if word_start && first_choice < readings.len() {
                    used_choice = true;
                    first_choice
                } else {
                    0
                };
                let r = readings[idx];
                out.push(if word_start { initial_sound_rule(r) } else { r });
                word_start = false;
            } else {
                if c.is_whitespace() {
                    word_start = true;
                }
                out.push(c);
            }
        }
        used_choice.then_some(out)
    };
    let mut v = Vec::new();
    for choice in 0..3 {
        if let Some(r) = render(choice) {
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

    #[test]
    fn readings() {
        let r = korean_readings("金正恩");
        assert!(r.contains(&"김정은".to_string()), "{r:?}");
        assert_eq!(initial_sound_rule('리'), '이');
        assert_eq!(initial_sound_rule('로'), '노');
        assert_eq!(initial_sound_rule('김'), '김');
        assert_eq!(korean_readings("李明")[0], "이명");
    }
}
