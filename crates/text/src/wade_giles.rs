//! Chinese names written in Wade–Giles (Taiwan, and older Western usage: "Hsi Chin-p'ing",
//! "Mao Tse-tung", "Teng Hsiao-p'ing") read again in Hanyu Pinyin, as most lists write them
//! ("Xi Jinping", "Mao Zedong", "Deng Xiaoping").
//!
//! A name is read so only when every word of it is made of Wade–Giles syllables (a given name's
//! syllables joined by hyphens) and at least one syllable is Wade–Giles only (*hs*, *ts*, *tz*,
//! an apostrophe, *-ieh*, *-ien*, *-ung*, *-ih*, *ch* before *in*…): "Chou En-lai", which pinyin
//! also spells so, and "Kim Jong Un" or "Ho Chi Minh", which are not Chinese syllables, are left
//! alone. Wade–Giles marks aspiration with an apostrophe (*p'ing* is pinyin *ping*, *ping* is
//! *bing*); lists often drop it, and a syllable without one is read unaspirated.

/// Initials, longest first (the apostrophe marks aspiration).
const INITIALS: [&str; 26] = [
    "ch'", "ts'", "tz'", "k'", "p'", "t'", "ch", "hs", "ts", "tz", "ss", "sz", "sh", "k", "p", "t",
    "j", "m", "f", "n", "l", "h", "s", "y", "w", "",
];

/// Finals Wade–Giles writes (ü folded to u), with their pinyin.
const FINALS: &[(&str, &str)] = &[
    ("a", "a"),
    ("ai", "ai"),
    ("an", "an"),
    ("ang", "ang"),
    ("ao", "ao"),
    ("e", "e"),
    ("eh", "e"),
    ("ei", "ei"),
    ("en", "en"),
    ("eng", "eng"),
    ("erh", "er"),
    ("o", "o"),
    ("ou", "ou"),
    ("ung", "ong"),
    ("i", "i"),
    ("ia", "ia"),
    ("iang", "iang"),
    ("iao", "iao"),
    ("ieh", "ie"),
    ("ien", "ian"),
    ("in", "in"),
    ("ing", "ing"),
    ("iu", "iu"),
    ("iung", "iong"),
    ("u", "u"),
    ("ua", "ua"),
    ("uai", "uai"),
    ("uan", "uan"),
    ("uang", "uang"),
    ("uei", "ui"),
    ("ui", "ui"),
    ("un", "un"),
    ("uo", "uo"),
    ("ueh", "ue"),
    ("ih", "i"),
];

/// Finals pinyin never writes (after any initial).
const WADE_GILES_ONLY_FINALS: [&str; 8] = ["eh", "erh", "ung", "ieh", "ien", "iung", "uei", "ih"];

/// One syllable in pinyin, and whether it is written so in Wade–Giles only.
fn syllable(s: &str) -> Option<(String, bool)> {
    let (initial, fin) = INITIALS
        .iter()
        .find_map(|i| s.strip_prefix(i).map(|rest| (*i, rest)))?;
    let &(_, py_final) = FINALS.iter().find(|(wg, _)| *wg == fin)?;
    let front = fin.starts_with('i');
    let only = initial.contains('\'')
        || matches!(initial, "hs" | "ts" | "tz" | "ss" | "sz")
        || WADE_GILES_ONLY_FINALS.contains(&fin)
        || (initial == "j" && !fin.starts_with('u'))
        || (initial == "ch" && front && fin != "i")
        || (matches!(initial, "k" | "h") && fin == "o")
        || (initial == "y" && matches!(fin, "en" | "eh"));
    // Which finals an initial takes in Wade–Giles, where the pinyin differs.
    let py = match (initial, fin) {
        ("ch" | "ch'" | "sh" | "j", "ih") => {
            let i = match initial {
                "ch" => "zh",
                "ch'" => "ch",
                "sh" => "sh",
                _ => "r",
            };
            format!("{i}i")
        }
        ("tz" | "tz'" | "ss" | "sz", "u") => match initial {
            "tz" => "zi".to_string(),
            "tz'" => "ci".to_string(),
            _ => "si".to_string(),
        },
        ("k" | "k'" | "h", "o") => format!("{}e", pinyin_initial(initial, false)),
        ("y", "en") => "yan".to_string(),
        ("y", "eh") => "ye".to_string(),
        ("y", "ung") => "yong".to_string(),
        ("", "i" | "in" | "ing") => format!("y{fin}"),
        ("", "u") => "wu".to_string(),
        ("", "eh") => "e".to_string(),
        (_, "ih") => return None,
        _ => format!("{}{py_final}", pinyin_initial(initial, front)),
    };
    Some((py, only))
}

/// The pinyin of a Wade–Giles initial; `front`: before i or ü.
fn pinyin_initial(initial: &str, front: bool) -> &'static str {
    match initial {
        "p" => "b",
        "p'" => "p",
        "t" => "d",
        "t'" => "t",
        "k" => "g",
        "k'" => "k",
        "ch" if front => "j",
        "ch" => "zh",
        "ch'" if front => "q",
        "ch'" => "ch",
        "hs" => "x",
        "ts" | "tz" => "z",
        "ts'" | "tz'" => "c",
        "ss" | "sz" | "s" => "s",
        "j" => "r",
        "sh" => "sh",
        "m" => "m",
        "f" => "f",
        "n" => "n",
        "l" => "l",
        "h" => "h",
        "y" => "y",
        "w" => "w",
        _ => "",
    }
}

/// The pinyin reading of `name`, or `None` when it is not a Wade–Giles name (see the module
/// documentation). Words keep their order and commas; a hyphenated given name is written as one
/// word, as pinyin writes it ("Chin-p'ing" → "jinping").
pub(crate) fn pinyin_reading(name: &str) -> Option<String> {
    let lowered: String = name
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' | 'ʻ' | 'ʼ' | '´' => '\'',
            'ü' | 'Ü' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let mut out = String::with_capacity(name.len() + 4);
    let mut any_only = false;
    let mut words = 0;
    for (i, part) in lowered.split(',').enumerate() {
        if i > 0 {
            out.push(',');
        }
        for word in part.split_whitespace() {
            words += 1;
            out.push(' ');
            for syl in word.split('-') {
                let (py, only) = syllable(syl)?;
                any_only |= only;
                out.push_str(&py);
            }
        }
    }
    (any_only && words > 0).then(|| out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wade_giles_names_read_in_pinyin() {
        for (wg, py) in [
            ("Hsi Chin-p'ing", "xi jinping"),
            ("Mao Tse-tung", "mao zedong"),
            ("Teng Hsiao-p’ing", "deng xiaoping"),
            ("Li Hsien-nien", "li xiannian"),
            ("Chiang Ching-kuo", "jiang jingguo"),
            ("Ch'en Shui-pien", "chen shuibian"),
            ("Hsieh Chang-t'ing", "xie zhangting"),
            ("Chu Jung-chi", "zhu rongji"),
            ("Yen Chia-kan", "yan jiagan"),
            ("Liu Shao-ch'i", "liu shaoqi"),
            ("Ts'ai Ying-wen", "cai yingwen"),
            ("K'ung Hsiang-hsi", "kong xiangxi"),
            ("Chang Tzu-ch'ien", "zhang ziqian"),
            ("KUO, Hsiao-ming", "guo, xiaoming"),
        ] {
            assert_eq!(pinyin_reading(wg).as_deref(), Some(py), "{wg}");
        }
    }

    #[test]
    fn other_names_are_left_alone() {
        for name in [
            "Chou En-lai",
            "Xi Jinping",
            "Kim Jong Un",
            "Ho Chi Minh",
            "Sun Yat-sen",
            "John Smith",
            "Ali Hassan",
            "Chiang Kai-shek",
            "",
        ] {
            assert_eq!(pinyin_reading(name), None, "{name}");
        }
    }
}
