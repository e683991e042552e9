//! East Slavic patronymics read as "son (or daughter) of" a known given name, so that one
//! father's name meets itself across the systems that romanise it.
//!
//! The lists write one patronymic in several systems at once: Russian ("Yevgenyevich",
//! "Nikolayevich"), Ukrainian ("Yevhenovych", "Mykolayovych"), Belarusian ("Mikalaevich",
//! "Aliaksandravich"), Swedish ("Aleksejevitj"), German ("Radschapowitsch") and Romanian
//! ("Iurievici"). The endings differ, and so do the stems, in the regular ways that make
//! Mykola of Nikolai and Yevhen of Yevgeny: the phonetic key cannot bridge both at once, the
//! variant table already bridges the stems. So a patronymic whose stem is a spelling of a given
//! name in the table gets a variant group of its own: that name's group and the ending's
//! gender.

/// Whether the ending makes a son's or a daughter's patronymic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Son,
    Daughter,
}

impl Gender {
    /// The Russian ending every spelling is read as in the phonetic key.
    fn russian_ending(self) -> &'static str {
        match self {
            Gender::Son => "ovich",
            Gender::Daughter => "ovna",
        }
    }
}

/// One patronymic ending as written in one romanisation.
struct Ending {
    text: &'static str,
    gender: Gender,
    /// It ends as many surnames as patronymics (Romanian "Popovici"): not taken as a sign that
    /// the word is a patronymic, though read like one.
    ends_surnames: bool,
}

const fn ending(text: &'static str, gender: Gender) -> Ending {
    Ending {
        text,
        gender,
        ends_surnames: false,
    }
}

const fn ending_of_surnames(text: &'static str, gender: Gender) -> Ending {
    Ending {
        ends_surnames: true,
        ..ending(text, gender)
    }
}

/// Patronymic endings after the stem, by romanisation: Russian, Ukrainian (-ovych, -ivna),
/// Belarusian (-avich, -auna, -avna), French (-ovitch), Swedish (-ovitj), German (-owitsch) and
/// Romanian (-ovici). Longest first within each family so that the longest ending is taken.
const ENDINGS: [Ending; 20] = [
    ending("ovitsch", Gender::Son),
    ending("evitsch", Gender::Son),
    ending("owitsch", Gender::Son),
    ending("ewitsch", Gender::Son),
    ending("ovitch", Gender::Son),
    ending("evitch", Gender::Son),
    ending("ovich", Gender::Son),
    ending("evich", Gender::Son),
    ending("ovych", Gender::Son),
    ending("evych", Gender::Son),
    ending("avich", Gender::Son),
    ending("ovitj", Gender::Son),
    ending("evitj", Gender::Son),
    ending_of_surnames("ovici", Gender::Son),
    ending_of_surnames("evici", Gender::Son),
    ending("ovna", Gender::Daughter),
    ending("evna", Gender::Daughter),
    ending("ivna", Gender::Daughter),
    ending("avna", Gender::Daughter),
    ending("auna", Gender::Daughter),
];

/// Turkic patronymics ("Aliyev oglu", "Nurlanuly"): marked as patronymics, not read further.
const TURKIC_ENDINGS: [&str; 6] = ["ogly", "oglu", "ogli", "kyzy", "qizi", "uly"];

/// The least letters a stem keeps: "Ilyich" and other short forms are left to the keys.
const STEM_MIN: usize = 3;

/// The least letters of a word taken as a patronymic by its ending.
const PATRONYMIC_MIN: usize = 7;

/// Patronymic groups sit above every group of the variant table.
const PATRONYMIC_GROUPS: u32 = 1 << 30;

/// A word split into the father's name and a patronymic ending.
pub(crate) struct Patronymic<'a> {
    stem: &'a str,
    ending: &'static Ending,
}

impl<'a> Patronymic<'a> {
    /// The word read as a Slavic patronymic, when it ends like one after a stem of three
    /// letters or more.
    pub(crate) fn of(token: &'a str) -> Option<Self> {
        ENDINGS.iter().find_map(|ending| {
            let stem = token.strip_suffix(ending.text)?;
            (stem.len() >= STEM_MIN).then_some(Patronymic { stem, ending })
        })
    }

    /// The stem without the final vowels the endings take or leave ("Nikolay-" and "Nikola-",
    /// "Aleksej-" and "Alekse-" are "Nikola-" and "Aleks-").
    fn base(&self) -> &'a str {
        let base = self.stem.trim_end_matches(['e', 'i', 'j', 'y']);
        if base.len() >= STEM_MIN {
            base
        } else {
            self.stem
        }
    }

    /// The word as the Russian spelling of the same ending would write it on the stem's base:
    /// what the phonetic key reads ("Borysovych" and "Borisovich", "Anatoljevitj" and
    /// "Anatolyevich" read alike).
    pub(crate) fn as_russian(&self) -> String {
        format!("{}{}", self.base(), self.ending.gender.russian_ending())
    }
}

/// Whether a word is a patronymic by its ending (not one that ends surnames as often).
pub(crate) fn is_patronymic(t: &str) -> bool {
    t.len() >= PATRONYMIC_MIN
        && (Patronymic::of(t).is_some_and(|p| !p.ending.ends_surnames)
            || TURKIC_ENDINGS.iter().any(|e| t.ends_with(e)))
}

/// The variant group of a patronymic whose stem is a known given name: the same for every
/// spelling of one father's name and one gender ("yevhenovych" and "evgenevich"); `None` for
/// other tokens.
pub(crate) fn patronymic_group(
    token: &str,
    given_group: impl Fn(&str) -> Option<u32>,
) -> Option<u32> {
    let p = Patronymic::of(token)?;
    let group = stem_readings(&p).iter().find_map(|s| given_group(s))?;
    let bit = match p.ending.gender {
        Gender::Son => 0,
        Gender::Daughter => 1,
    };
    Some(PATRONYMIC_GROUPS | (group << 1) | bit)
}

/// The given names a stem may be written for. The ending takes the name's final vowel or
/// semivowel in one spelling and keeps it in another ("Nikolay-evich", "Nikola-evich";
/// "Yuri-evich", "Yur-evich"; "Aleksej-evitj", "Aleks-eevich"), and Ukrainian writes an initial
/// ye as e ("Evhen"). So the stem is read as written, without its final vowels, and with each
/// final vowel the table's spellings use.
fn stem_readings(p: &Patronymic) -> Vec<String> {
    const FINALS: [&str; 9] = ["", "i", "y", "ei", "ey", "ii", "iy", "a", "o"];
    let (stem, base) = (p.stem, p.base());
    let mut out = vec![stem.to_string()];
    out.extend(FINALS.iter().map(|f| format!("{base}{f}")));
    if stem.starts_with('e') {
        out.push(format!("y{stem}"));
        out.extend(FINALS.iter().map(|f| format!("y{base}{f}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(t: &str) -> Option<u32> {
        patronymic_group(t, crate::variant_group)
    }

    #[test]
    fn one_fathers_name_in_every_romanisation_is_one_group() {
        let sets: [&[&str]; 5] = [
            &["yevgenyevich", "evgenevich", "yevhenovych", "evhenovych"],
            &["nikolayevich", "nikolaevich", "mykolayovych", "mikalaevich"],
            &[
                "alekseevich",
                "alekseyevich",
                "aleksejevitj",
                "oleksiyovych",
            ],
            &[
                "yurievich",
                "yuryevich",
                "yurevich",
                "jurievitj",
                "iurievici",
            ],
            &[
                "aleksandrovich",
                "aliaksandravich",
                "oleksandrovych",
                "alexandrowitsch",
            ],
        ];
        for set in sets {
            let first = group(set[0]);
            assert!(first.is_some(), "{} has a group", set[0]);
            for t in &set[1..] {
                assert_eq!(group(t), first, "{t} / {}", set[0]);
            }
        }
    }

    #[test]
    fn another_father_or_a_daughter_is_another_group() {
        assert_ne!(group("nikolayevich"), group("yevgenyevich"));
        assert_ne!(group("nikolaevich"), group("nikolaevna"));
        assert_eq!(group("mykolaivna"), group("nikolaevna"));
    }

    #[test]
    fn romanian_endings_are_read_but_do_not_make_a_patronymic() {
        assert!(!is_patronymic("iurievici") && group("iurievici").is_some());
        assert!(is_patronymic("yevhenovych") && is_patronymic("nurlanuly"));
        assert!(!is_patronymic("ivanov"));
    }

    #[test]
    fn every_spelling_is_read_as_the_russian_one() {
        let read = |t: &str| Patronymic::of(t).map(|p| p.as_russian());
        assert_eq!(read("borysovych").as_deref(), Some("borysovich"));
        assert_eq!(read("anatoljevitj"), read("anatolyevich"));
        assert_eq!(read("sergeevna"), read("sergeyevna"));
        assert_eq!(read("lvovich"), None, "a stem of two letters");
    }

    #[test]
    fn other_tokens_have_no_patronymic_group() {
        assert_eq!(
            group("popovici"),
            None,
            "a stem that is no known given name"
        );
        assert_eq!(group("ivanov"), None, "a surname");
        assert_eq!(group("ilyich"), None);
        assert_eq!(group(""), None);
    }
}
