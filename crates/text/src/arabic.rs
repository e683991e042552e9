//! Arabic-script names before folding: the definite article is split off (`البغدادي` →
//! `al بغدادي`, as Latin lists write "al-Baghdadi"), and a word followed by `الله` is joined
//! with it into one word as Latin lists write "Abdullah", "Habibullah".

const ARTICLE: &str = "ال";
const ABD: &str = "عبد";

fn is_allah(w: &str) -> bool {
    matches!(w, "الله" | "لله" | "اللہ")
}

/// Rewrites an Arabic-script name word by word; other words pass through.
pub(crate) fn prepare(name: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in name.split_whitespace() {
        // "عبد الله", "حبيب الله", "هدايت الله": Latin lists write one word ("Abdullah",
        // "Habibullah", "Hidayatullah").
        if is_allah(w) {
            if let Some(prev) = out.last_mut().filter(|p| *p != "al" && !is_allah(p)) {
                prev.push_str(ARTICLE);
                prev.push_str("له");
                continue;
            }
        }
        // "عبدالرحمن" written joined: abd + article + rest.
        if let Some(rest) = w.strip_prefix(ABD) {
            if let Some(r) = rest.strip_prefix(ARTICLE) {
                if r.chars().count() >= 2 && !is_allah(rest) {
                    out.push(opening_vowel(ABD));
                    out.push("al".to_string());
                    out.push(opening_vowel(r));
                    continue;
                }
            }
        }
        if let Some(rest) = w.strip_prefix(ARTICLE) {
            if rest.chars().count() >= 2 && !is_allah(w) {
                out.push("al".to_string());
                out.push(opening_vowel(rest));
                continue;
            }
        }
        out.push(opening_vowel(w));
    }
    out.join(" ")
}

/// A word's opening alef or ʿayn written `a`: the transliteration table drops both letters,
/// which would leave the word opening on its first consonant ("عمر" as "mr", "علي" as "ly",
/// "أيمن" as "ymn", the glide read as a consonant), where Latin spellings open with the vowel
/// ("Umar", "Ali", "Ayman"). The skeleton still drops it; the opening vowel it leaves in the
/// key is what tells "Umar" from "Maria" (see `namesake_text::glides_agree`).
fn opening_vowel(w: &str) -> String {
    vowel_carrier_written(w, &['ا', 'أ', 'إ', 'ع'])
}

/// A word whose first letter is one of an abjad's vowel carriers (`carriers`: Arabic alef and
/// ʿayn, Hebrew alef and ayin), followed by more, with that letter written `a`; other words as
/// they are.
pub(crate) fn vowel_carrier_written(w: &str, carriers: &[char]) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if carriers.contains(&c) && !chars.as_str().is_empty() => {
            format!("a{}", chars.as_str())
        }
        _ => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_and_allah() {
        assert_eq!(prepare("البغدادي"), "al بغدادي");
        assert_eq!(prepare("عبد الله"), "aبدالله");
        assert_eq!(prepare("حبيب الله رشاد"), "حبيبالله رشاد");
        assert_eq!(prepare("الله داد"), "aلله داد");
        assert_eq!(prepare("عبدالرحمن"), "aبد al رحمن");
        assert_eq!(prepare("الله"), "aلله");
        assert_eq!(prepare("علي"), "aلي");
    }

    #[test]
    fn an_opening_vowel_is_written() {
        assert_eq!(prepare("أيمن"), "aيمن");
        assert_eq!(prepare("عوني"), "aوني");
        assert_eq!(prepare("أحمد"), "aحمد");
        assert_eq!(prepare("عمر"), "aمر");
        assert_eq!(prepare("ي"), "ي");
        assert_eq!(prepare("ع"), "ع");
    }
}
