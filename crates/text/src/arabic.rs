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
                    out.push(ABD.to_string());
                    out.push("al".to_string());
                    out.push(r.to_string());
                    continue;
                }
            }
        }
        if let Some(rest) = w.strip_prefix(ARTICLE) {
            if rest.chars().count() >= 2 && !is_allah(w) {
                out.push("al".to_string());
                out.push(rest.to_string());
                continue;
            }
        }
        out.push(vowel_before_glide(w));
    }
    out.join(" ")
}

/// A word's opening alef or ʿayn written `a` when ي or و follows it: the transliteration table
/// drops both letters, which would leave the glide standing first, read as a consonant
/// ("أيمن" as "ymn"), where Latin spellings open with the vowel ("Ayman", "Ayyub", "Awni").
fn vowel_before_glide(w: &str) -> String {
    let mut chars = w.chars();
    let first = chars.next();
    let rest = chars.as_str();
    match (first, rest.chars().next()) {
        (Some('ا' | 'أ' | 'إ' | 'ع'), Some('ي' | 'ی' | 'و')) => format!("a{rest}"),
        _ => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_and_allah() {
        assert_eq!(prepare("البغدادي"), "al بغدادي");
        assert_eq!(prepare("عبد الله"), "عبدالله");
        assert_eq!(prepare("حبيب الله رشاد"), "حبيبالله رشاد");
        assert_eq!(prepare("الله داد"), "الله داد");
        assert_eq!(prepare("عبدالرحمن"), "عبد al رحمن");
        assert_eq!(prepare("الله"), "الله");
        assert_eq!(prepare("علي"), "علي");
    }

    #[test]
    fn an_opening_vowel_before_a_glide_is_written() {
        assert_eq!(prepare("أيمن"), "aيمن");
        assert_eq!(prepare("عوني"), "aوني");
        assert_eq!(prepare("أحمد"), "أحمد");
        assert_eq!(prepare("ي"), "ي");
    }
}
