//! Comparison keys of a folded token: a consonant skeleton for names that reached Latin through
//! an abjad, and a light phonetic key for Latin transliteration variants.

pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Consonant skeleton: letters as written (an abjad's transliteration puts an h after z, s, k, t
/// or d for two letters as often as for one: "زاهد" is "zhd"), q and c to k, ch to sh (French
/// spellings of ش), dj to j, dh to d (ذ, ض, ظ), gh to k (غ, and ق as Persian spellings write
/// it), l to r, vowels dropped, w and y dropped except at the start, an
/// initial v read as w, repeated consonants collapsed, a final h dropped. Arabic, Hebrew and Thai
/// transliterations carry (almost) no vowels, so this is where "محمد" (mhmd) and "Mohammed" meet.
///
/// ```
/// use namesake_text::{fold, skeleton};
/// assert_eq!(skeleton("mohammed"), skeleton(&fold("محمد")));
/// assert_eq!(skeleton("moshe"), skeleton(&fold("משה")));
/// assert_eq!(skeleton("zahid"), skeleton(&fold("زاهد")));
/// ```
pub fn skeleton(token: &str) -> String {
    skeleton_with(token, true)
}

/// The skeleton of a token's Persian, Urdu and Turkish reading, where it differs from
/// [`skeleton`]'s: ذ, ض and ظ (dh) read z, ث (th) read s, so that "رضا" meets "Reza" and
/// "Morteza", "نظر" meets "Nazar", and "عثمان" meets "Osman" as it meets "Othman"; empty when
/// the token holds neither.
///
/// ```
/// use namesake_text::{fold, skeleton, skeleton_alt};
/// assert_eq!(skeleton_alt(&fold("رضا")), skeleton("reza"));
/// assert_eq!(skeleton(&fold("رضا")), skeleton("rida"));
/// assert_eq!(skeleton_alt("ahmed"), "");
/// ```
pub fn skeleton_alt(token: &str) -> String {
    let Some(persian) = persian_reading(token) else {
        return String::new();
    };
    let alt = skeleton(&persian);
    if alt == skeleton(token) {
        String::new()
    } else {
        alt
    }
}

/// Two letters the skeleton reads as one consonant: dj as j; ch as sh (French spellings of ش);
/// dh as d (ذ, ض and ظ are dh to the transliterator and to Arabic spellings, "Ramadhan", d to as
/// many, "Ramadan", "Fadl"; their z reading is [`skeleton_alt`]'s); gh as k (ق is q to the
/// transliterator, gh in Persian spellings, "Bagher", "Sadegh", and غ is gh everywhere: the two
/// meet, as q and k do).
fn skeleton_digraph(a: u8, b: u8) -> Option<&'static [u8]> {
    Some(match (a, b) {
        (b'd', b'j') => b"j",
        (b'c', b'h') => b"sh",
        (b'd', b'h') => b"d",
        (b'g', b'h') => b"k",
        _ => return None,
    })
}

/// A token with dh read z and th read s, when it holds either (see [`skeleton_alt`]).
pub(crate) fn persian_reading(token: &str) -> Option<String> {
    (token.contains("dh") || token.contains("th"))
        .then(|| token.replace("dh", "z").replace("th", "s"))
}

/// [`skeleton`], with l and r kept apart when `merge_liquids` is false.
pub(crate) fn skeleton_with(token: &str, merge_liquids: bool) -> String {
    skeleton_walk(token, merge_liquids, None)
}

/// The glides and vowels a skeleton drops between its consonants, one set per gap: before each
/// consonant, and after the last (see [`glides_agree`]).
type Gap = u8;
const GAP_W: Gap = 1;
const GAP_Y: Gap = 2;
const GAP_BACK: Gap = 4; // o, u
const GAP_FRONT: Gap = 8; // e, i
const GAP_A: Gap = 16;

fn gap_of(c: u8) -> Gap {
    match c {
        b'w' => GAP_W,
        b'y' => GAP_Y,
        b'o' | b'u' => GAP_BACK,
        b'e' | b'i' => GAP_FRONT,
        b'a' => GAP_A,
        _ => 0,
    }
}

/// The skeleton, and when `gaps` is given the letters it drops between its consonants: one
/// entry per consonant (what came before it) and one for what follows the last.
fn skeleton_walk(token: &str, merge_liquids: bool, mut gaps: Option<&mut Vec<Gap>>) -> String {
    let b = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut pending: Gap = 0;
    let mut push = |out: &mut Vec<u8>, pending: &mut Gap, c: u8| {
        // Repeated consonants collapse: what stood between them joins the next gap.
        if out.last() == Some(&c) {
            return;
        }
        out.push(c);
        if let Some(g) = gaps.as_deref_mut() {
            g.push(*pending);
        }
        *pending = 0;
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        // A doubled digraph is one consonant, like a doubled letter (Hepburn "busshu", "matchi").
        if b.get(i + 2) == Some(&b'h') && (next == Some(c) || (c, next) == (b't', Some(b'c'))) {
            i += 1;
            continue;
        }
        if let Some(one) = next.and_then(|n| skeleton_digraph(c, n)) {
            for &x in one {
                push(&mut out, &mut pending, x);
            }
            i += 2;
            continue;
        }
        let emit: &[u8] = match (c, next) {
            _ if is_vowel(c) => b"",
            (b'w' | b'y', _) if i > 0 => b"",
            // Persian و is written v in Latin ("Vahidi"), w by the transliterator.
            (b'v', _) if i == 0 => b"w",
            (b'q' | b'c', _) => b"k",
            // Kana and Thai write l and r with one letter ("Merkel" → merukeru).
            (b'l', _) if merge_liquids => b"r",
            _ => std::slice::from_ref(&b[i]),
        };
        if emit.is_empty() {
            pending |= gap_of(c);
        }
        for &x in emit {
            push(&mut out, &mut pending, x);
        }
        i += 1;
    }
    if out.len() > 1 && out.last() == Some(&b'h') {
        out.pop();
        if let Some(g) = gaps.as_deref_mut() {
            pending |= g.pop().unwrap_or(0);
        }
    }
    if let Some(g) = gaps {
        g.push(pending);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Whether the glides two tokens write between the consonants of a skeleton they share agree.
/// An abjad writes its long vowels with و and ي (w and y to the transliterator), which the
/// skeleton drops: where one spelling has a w, the other must have w, o or u at the same place
/// (محمود, "mhmwd", is Mahmoud, not Mohammadi); where one has a y, the other y, e or i
/// (ريان, "ryn", is Rayan, not Rana; سعيد is Said or Saeed, not Saad). A final y may also meet a
/// final a (ي written for ى, "مصطفي"); a final w asks nothing (the silent و of عمرو, "Amr").
/// In a skeleton of three consonants or fewer, a name that opens on a vowel (an abjad's alef or
/// ʿayn) is not one that opens on its consonant: عمر ("amr") is Umar or Omar, not Maria; عابد is
/// Abid, not Badi (unless the article is glued on: "Essabar" is الصبار). Each token is read
/// as written and in its Persian reading ([`skeleton_alt`]); any reading whose skeleton meets
/// the other's and whose glides agree will do.
///
/// ```
/// use namesake_text::{fold, glides_agree};
/// assert!(glides_agree(&fold("محمود"), "mahmoud"));
/// assert!(!glides_agree(&fold("محمود"), "mohammadi"));
/// assert!(glides_agree(&fold("حسين"), "hussein"));
/// assert!(!glides_agree(&fold("ريان"), "rana"));
/// assert!(glides_agree("amr", "umar"));
/// assert!(!glides_agree("amr", "maria"));
/// assert!(glides_agree("sbar", "essabar"));
/// ```
pub fn glides_agree(a: &str, b: &str) -> bool {
    glides_agree_with(a, b, true)
}

/// [`glides_agree`] with l and r one consonant (`merge_liquids`, as kana and Thai write them)
/// or two. Kept apart, the one walk also says what
/// [`skeletons_meet_apart`](crate::skeletons_meet_apart) says: the skeletons meet with l and r
/// apart.
///
/// ```
/// use namesake_text::glides_agree_with;
/// assert!(glides_agree_with("karim", "krym", false));
/// assert!(!glides_agree_with("yare", "yal", false));
/// assert!(glides_agree_with("yare", "yal", true));
/// ```
pub fn glides_agree_with(a: &str, b: &str, merge_liquids: bool) -> bool {
    let readings = |t: &str| {
        let persian = persian_reading(t);
        let mut out = Vec::with_capacity(2);
        for r in std::iter::once(t).chain(persian.as_deref()) {
            let mut gaps = Vec::new();
            let skeleton = skeleton_walk(r, merge_liquids, Some(&mut gaps));
            out.push((skeleton, gaps));
        }
        out
    };
    let (ra, rb) = (readings(a), readings(b));
    let opening = !glued_sun_article(a) && !glued_sun_article(b);
    ra.iter().any(|(sa, ga)| {
        rb.iter().any(|(sb, gb)| {
            sa == sb
                && (!opening || opens_on_vowel(ga, gb))
                && gaps_agree(ga, gb)
                && gaps_agree(gb, ga)
        })
    })
}

/// Whether a final h that one spelling writes without vowels, as an abjad does (ة, the feminine
/// ending, or ه), is heard in the other spelling: that one ends on a, e, h or t, or on h and a
/// vowel; o too for Hebrew's final ה (*שלמה*, *Shlomo*). *عالية* (alyh) is *Aliya*, not *Ali*;
/// *عطفة* (atfh) is *Atfa*, not *Atef*; *حمزة* is *Hamza* and *عبد الله* *Abdullahi*. Two
/// vowelless spellings, or two with vowels, always agree.
///
/// ```
/// use namesake_text::{final_h_heard, fold};
/// assert!(!final_h_heard(&fold("عالية"), "ali"));
/// assert!(final_h_heard(&fold("عالية"), "aliya"));
/// assert!(final_h_heard(&fold("حمزة"), "hamzah"));
/// assert!(final_h_heard("abdallh", "abdullahi"));
/// assert!(final_h_heard("mhmd", "muhammad"));
/// assert!(final_h_heard(&fold("فيض"), "faiz"));
/// ```
pub fn final_h_heard(a: &str, b: &str) -> bool {
    fn heard(t: &[u8]) -> bool {
        match t {
            [.., b'a' | b'e' | b'o' | b'h' | b't'] => true,
            [.., b'h', v] => is_vowel(*v),
            _ => false,
        }
    }
    // The h of a digraph the transliteration writes for one letter (ض dh, ظ zh, ش sh, خ kh)
    // is no ending.
    let ending_h = |t: &str| match t.as_bytes() {
        [.., x, b'h'] => !b"dtkszgcp".contains(x),
        _ => false,
    };
    let unheard = |abjad: &str, other: &str| {
        abjad.len() >= 3
            && ending_h(abjad)
            && written_as_an_abjad(abjad)
            && !written_as_an_abjad(other)
            && !heard(other.as_bytes())
    };
    !unheard(a, b) && !unheard(b, a)
}

/// Whether a token is spelt as an abjad's transliteration is: no vowel after an opening a
/// (which `prepare` writes for an opening alef or ʿayn). "amr", "mhmd", "alyh"; not "a", "ali".
///
/// ```
/// use namesake_text::written_as_an_abjad;
/// assert!(written_as_an_abjad("amr") && written_as_an_abjad("mhmd"));
/// assert!(!written_as_an_abjad("ali") && !written_as_an_abjad("a"));
/// ```
pub fn written_as_an_abjad(t: &str) -> bool {
    let core = t.strip_prefix('a').unwrap_or(t);
    !core.is_empty() && !core.bytes().any(is_vowel)
}

/// Whether a spelling opens with the Arabic article glued on and assimilated to a sun letter
/// ("Essabar", "Assaadi", "Ennahda"): its opening vowel is the article's, not the name's.
fn glued_sun_article(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 5 && is_vowel(b[0]) && b[1] == b[2] && b"tdrzsln".contains(&b[1])
}

/// The most consonants a skeleton holds for an opening vowel to count in it: a short
/// skeleton says little, and whether the name opens on a vowel is much of what it says.
const OPENING_VOWEL_SKELETON: usize = 3;

/// In a short skeleton, whether both spellings open on a vowel or both on a consonant.
fn opens_on_vowel(a: &[Gap], b: &[Gap]) -> bool {
    let opens = |g: &[Gap]| g.first().is_some_and(|&x| x != 0);
    a.len() > OPENING_VOWEL_SKELETON + 1 || opens(a) == opens(b)
}

/// Whether every glide in `a`'s gaps is answered in `b`'s (see [`glides_agree`]).
fn gaps_agree(a: &[Gap], b: &[Gap]) -> bool {
    let last = a.len().saturating_sub(1);
    a.iter().zip(b).enumerate().all(|(k, (&x, &y))| {
        let trailing = k == last;
        let w = x & GAP_W == 0 || trailing || y & (GAP_W | GAP_BACK) != 0;
        let front = if trailing {
            GAP_Y | GAP_FRONT | GAP_A
        } else {
            GAP_Y | GAP_FRONT
        };
        let yy = x & GAP_Y == 0 || y & front != 0;
        w && yy
    })
}

/// Light phonetic key for Latin spellings of one name: dzh/dj/zh → j, kh → h, ph → f, ck/q → k
/// (que/qui → ke/ki),
/// x → ks, w → v, y → i, ou/oo → u (ou → v before a vowel, after a vowel or at the start:
/// French spellings of w), au → av before a consonant (not at the start: "Taufik" / "Tawfiq"),
/// ee → i, c → s before e/i and k elsewhere, gh → g, th → t,
/// doubled letters collapsed, a final h dropped; German, Swedish and Dutch spellings of Russian
/// sounds (tsch, sch, tj, zj → ch, sh, ch, j; j after a consonant before a vowel → i, as y is;
/// j after e/i/o/y and before no vowel → i, "Sergej"); dh between vowels in words of six
/// letters or more → d (Arabic ذ, ض: "Qadhafi"); a silent final e after a consonant dropped;
/// Serbo-Croatian -vić → -vich. A patronymic in any romanisation is read as the Russian
/// spelling on its stem ("Borysovych", "Anatoljevitj", "Iurievici": `patronymic.rs`).
/// Belarusian romanisations are read as Russian ones first
/// (`belarusian.rs`: "Uladzimiravich" is "Vladimirovich").
///
/// ```
/// use namesake_text::phonetic;
/// assert_eq!(phonetic("naumau"), phonetic("naumov"));
/// assert_eq!(phonetic("ramadhan"), phonetic("ramadan"));
/// assert_eq!(phonetic("mukhammad"), phonetic("muhammad"));
/// assert_eq!(phonetic("khuseyn"), phonetic("hussein"));
/// assert_eq!(phonetic("taufik"), phonetic("tawfiq"));
/// ```
pub fn phonetic(token: &str) -> String {
    match crate::patronymic::Patronymic::of(token) {
        Some(p) => phonetic_word(&p.as_russian()),
        None => phonetic_word(token),
    }
}

/// [`phonetic`] of a word not read as a patronymic.
fn phonetic_word(token: &str) -> String {
    let token = &*crate::belarusian::as_russian(token);
    let token = &*without_iotation(token);
    let b = token.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    let at = |k: usize| b.get(k).copied();
    while i < b.len() {
        let c = b[i];
        let n1 = at(i + 1);
        let n2 = at(i + 2);
        let (emit, adv): (&[u8], usize) = match (c, n1, n2) {
            (b'd', Some(b'z'), Some(b'h')) => (b"j", 3),
            (b'd', Some(b'j'), _) => (b"j", 2),
            (b'z', Some(b'h'), _) => (b"j", 2),
            // German "tsch" is Cyrillic ч ("Alexandrowitsch").
            (b't', Some(b's'), Some(b'c')) if at(i + 3) == Some(b'h') => (b"ch", 4),
            (b's', Some(b'c'), Some(b'h')) => (b"sh", 3),
            // Swedish and Dutch spellings of ч and ж: "Geljevitj", "Nozjkin".
            (b't', Some(b'j'), _) if !n2.is_some_and(is_vowel) => (b"ch", 2),
            (b'z', Some(b'j'), _) => (b"j", 2),
            (b't', Some(b'c'), Some(b'h')) => (b"ch", 3),
            // Arabic ذ and ض written dh between vowels ("Qadhafi", "Ramadhan", "Fadhil"), as
            // often as d; not in short words, where d and h are two letters ("Adham").
            (b'd', Some(b'h'), Some(v))
                if i > 0 && is_vowel(b[i - 1]) && is_vowel(v) && b.len() >= 6 =>
            {
                (b"d", 2)
            }
            (b'k', Some(b'h'), _) => (b"h", 2),
            (b'p', Some(b'h'), _) => (b"f", 2),
            (b'g', Some(b'h'), _) => (b"g", 2),
            (b't', Some(b'h'), _) => (b"t", 2),
            (b'c', Some(b'k'), _) => (b"k", 2),
            (b'c', Some(b'h'), _) => (b"ch", 2),
            // The silent u of Spanish and French "que", "qui" ("Quintero", "Vasquez"); the u
            // of Arabic names is a vowel ("Qureishi", "Qudsi").
            (b'q', Some(b'u'), Some(b'e' | b'i' | b'y')) => (b"k", 2),
            (b'q', _, _) => (b"k", 1),
            (b'x', _, _) => (b"ks", 1),
            (b'w', _, _) => (b"v", 1),
            (b'y', _, _) => (b"i", 1),
            // Cyrillic й written j after a vowel ("Sergej", "Dmitrij"), as English writes y.
            (b'j', _, _)
                if i > 0
                    && matches!(b[i - 1], b'e' | b'i' | b'o' | b'y')
                    && !n1.is_some_and(is_vowel) =>
            {
                (b"i", 1)
            }
            // Cyrillic я, ю, ё, е after a consonant written with j in German, Scandinavian
            // and Polish spellings ("Rjauzow", "Ljubov", "Kirjanov"), as English writes y; not
            // the Turkic and Persian "-jan" / "-jon" of "Alimjan", "Nurjon" (Alimzhan).
            (b'j', Some(v), _)
                if i > 0
                    && is_vowel(v)
                    && matches!(
                        b[i - 1],
                        b'b' | b'f' | b'k' | b'l' | b'm' | b'n' | b'p' | b'r' | b'v'
                    )
                    && !matches!(&b[i + 1..], b"an" | b"on") =>
            {
                (b"i", 1)
            }
            // French spellings write w as ou before a vowel, after a vowel or at the start
            // ("Sahraoui" / "Sahrawi", "Jaouad" / "Jawad", "Ouali" / "Wali"); not after a
            // consonant, where it is a vowel ("Louis", "Mouaz").
            (b'o', Some(b'u'), Some(v)) if is_vowel(v) && (i == 0 || is_vowel(b[i - 1])) => {
                (b"v", 2)
            }
            (b'o', Some(b'u'), _) | (b'o', Some(b'o'), _) => (b"u", 2),
            // Arabic, Persian and Malay aw written au before a consonant ("Taufik" / "Tawfiq",
            // "Shaukat" / "Shawkat", "Fauzi" / "Fawzi", "Maulana" / "Mawlana").
            (b'a', Some(b'u'), Some(c)) if i > 0 && !is_vowel(c) => (b"av", 2),
            (b'e', Some(b'e'), _) => (b"i", 2),
            (b'c', Some(b'e' | b'i' | b'y'), _) => (b"s", 1),
            (b'c', _, _) => (b"k", 1),
            _ => (std::slice::from_ref(&b[i]), 1),
        };
        out.extend_from_slice(emit);
        i += adv;
    }
    // Serbo-Croatian and Czech "-ović" folded is the "-ovich" of Russian patronymics.
    if token.ends_with("vic") && out.ends_with(b"vik") {
        out.pop();
        out.extend_from_slice(b"ch");
    }
    out.dedup();
    if out.len() > 2 && out.last() == Some(&b'h') {
        out.pop();
    }
    // A silent final e after a consonant, as French and English spellings add it ("Dibe" /
    // "Dib", "Anne" / "Ann").
    if out.len() >= 3 && out.last() == Some(&b'e') && !is_vowel(out[out.len() - 2]) {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Russian е written "ye" where English spellings iotate it and others do not: at the start
/// before a consonant ("Yeliseyev" / "Eliseev", "Yermakov" / "Ermakov") and in the "-yev"
/// ending after a vowel ("Andreyev" / "Andreev", "Dmitriyev" / "Dmitriev"). Not before another
/// letter after a vowel, where y is a consonant of other names ("Meyer", "Boyer").
fn without_iotation(token: &str) -> std::borrow::Cow<'_, str> {
    let b = token.as_bytes();
    let opening = b.len() > 3 && b.starts_with(b"ye") && !is_vowel(b[2]);
    let ending =
        (1..b.len().saturating_sub(2)).any(|i| b[i..].starts_with(b"yev") && is_vowel(b[i - 1]));
    if !opening && !ending {
        return std::borrow::Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    for (i, c) in token.char_indices() {
        let drop = c == 'y'
            && ((i == 0 && opening) || (i > 0 && b[i..].starts_with(b"yev") && is_vowel(b[i - 1])));
        if !drop {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The least consonants a token's [`vowel_frame`] must hold to be compared by it.
pub const VOWEL_FRAME_MIN: usize = 2;

/// A phonetic key with every run of vowels written as one `a`: the consonants and where the
/// vowels fall, not which vowels they are ("zafar"/"zafer", "kusiuk"/"kysyuk", "fedor"/"fiodor",
/// "haidar"/"heidar"). Empty when the key holds fewer than [`VOWEL_FRAME_MIN`] consonants or the
/// frame is shorter than four letters: short names that differ in a vowel are usually two names
/// (Dan/Don).
///
/// ```
/// use namesake_text::{phonetic, vowel_frame};
/// assert_eq!(vowel_frame(&phonetic("zaffer")), vowel_frame(&phonetic("zafar")));
/// assert_eq!(vowel_frame(&phonetic("don")), "");
/// ```
pub fn vowel_frame(phonetic: &str) -> String {
    let mut out = String::with_capacity(phonetic.len());
    let mut consonants = 0;
    for c in phonetic.chars() {
        if is_vowel(c as u8) && c.is_ascii() {
            if !out.ends_with('a') {
                out.push('a');
            }
        } else {
            consonants += 1;
            out.push(c);
        }
    }
    if consonants < VOWEL_FRAME_MIN || out.len() < 4 {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_soft_vowel_written_with_j_after_a_consonant_is_written_with_y() {
        assert_eq!(phonetic("rjauzow"), phonetic("ryauzov"));
        assert_eq!(phonetic("kirjanov"), phonetic("kiryanov"));
        assert_eq!(phonetic("bliznjuk"), phonetic("blizniuk"));
        // Not an initial j ("Jamal"), nor the "-jan" of Central Asian names.
        assert_ne!(phonetic("jamal"), phonetic("yamal"));
        assert_eq!(phonetic("alimjan"), phonetic("alimzhan"));
    }
    use crate::fold;

    /// The rules, checked on names that should meet across scripts (not a table of names: the
    /// functions know none of them).
    #[test]
    fn abjad_skeletons_meet_latin_spellings() {
        let pairs = [
            ("mohammed", "محمد"),
            ("mohamed", "محمد"),
            ("muhammad", "محمد"),
            ("ali", "علي"),
            ("ahmed", "أحمد"),
            ("hassan", "حسن"),
            ("khaled", "خالد"),
            ("mahmoud", "محمود"),
            ("osama", "أسامة"),
            ("ibrahim", "إبراهيم"),
            ("yusuf", "يوسف"),
            ("moshe", "משה"),
            ("david", "דוד"),
            ("somchai", "สมชาย"),
        ];
        for (latin, other) in pairs {
            assert_eq!(
                skeleton(latin),
                skeleton(&fold(other)),
                "{latin} vs {other} ({})",
                fold(other)
            );
        }
    }

    /// The glides an abjad writes must be heard in the other spelling, at the same place; the
    /// short vowels it leaves out ask nothing.
    #[test]
    fn glides_are_heard_where_they_are_written() {
        // As `prepare` reads an Arabic word: an opening vowel before a glide written.
        let read = |w: &str| fold(&crate::arabic::prepare(w));
        for (abjad, latin) in [
            ("محمود", "mahmoud"),
            ("محمود", "mahmud"),
            ("يوسف", "yusuf"),
            ("يوسف", "yosef"),
            ("حسين", "hussein"),
            ("حسين", "husayn"),
            ("سعيد", "saeed"),
            ("داود", "daud"),
            ("مروان", "marwan"),
            ("علي", "ali"),
            ("مهدي", "mehdi"),
            ("حبيب", "habib"),
            ("عمرو", "amr"),
            ("مصطفي", "mustafa"),
            ("محمد", "mohammed"),
            ("أيمن", "ayman"),
            ("إيمان", "iman"),
        ] {
            let t = read(abjad);
            assert!(glides_agree(&t, latin), "{abjad} ({t}) / {latin}");
            assert!(glides_agree(latin, &t), "{latin} / {abjad} ({t})");
        }
        for (abjad, latin) in [
            ("محمود", "mohammadi"),
            ("ريان", "rana"),
            ("سعيد", "saad"),
            ("حميد", "hamada"),
            ("سهلي", "suhayl"),
            ("باي", "abu"),
            ("إيمان", "manan"),
            ("وليد", "villada"),
        ] {
            let t = read(abjad);
            assert!(!glides_agree(&t, latin), "{abjad} ({t}) / {latin}");
        }
        // Between two abjad spellings too: محمود is not محمد.
        assert!(!glides_agree(&read("محمود"), &read("محمد")));
        assert!(glides_agree(&read("حسين"), &read("حسين")));
        // Skeletons that differ never agree.
        assert!(!glides_agree("karim", "rahim"));
    }

    /// The skeleton read with its gaps is the skeleton.
    #[test]
    fn the_walk_with_gaps_gives_the_skeleton() {
        for t in [
            "mohammed", "busshu", "matchi", "ftmh", "allah", "yahya", "khwjh", "kiselyov",
        ] {
            let mut gaps = Vec::new();
            let s = skeleton_walk(t, true, Some(&mut gaps));
            assert_eq!(s, skeleton(t), "{t}");
            assert_eq!(gaps.len(), s.len() + 1, "{t}: {gaps:?}");
        }
    }

    #[test]
    fn skeletons_keep_different_names_apart() {
        for (a, b) in [
            ("hassan", "hashim"),
            ("karim", "rahim"),
            ("david", "daoud"),
            ("khalid", "walid"),
        ] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn phonetic_meets_transliteration_variants() {
        assert_eq!(phonetic("yusuf"), phonetic("jusuf").replacen('j', "i", 1));
        assert_eq!(phonetic("hussein"), phonetic("husein"));
        assert_eq!(phonetic("dzhokhar"), phonetic("jokhar"));
        assert_eq!(phonetic("philip"), phonetic("filip"));
        assert_eq!(phonetic("alexander"), "aleksander");
        assert_eq!(phonetic("cecilia"), "sesilia");
        assert_eq!(phonetic("dibe"), phonetic("dib"));
        assert_eq!(phonetic("anne"), phonetic("ann"));
        assert_eq!(phonetic("sergej"), phonetic("sergey"));
        assert_eq!(phonetic("dmitrij"), phonetic("dmitriy"));
        assert_eq!(phonetic("aleksandrowitsch"), phonetic("aleksandrovich"));
        assert_eq!(phonetic("ivanovic"), phonetic("ivanovich"));
        assert_eq!(phonetic("petrovitj"), phonetic("petrovich"));
        assert_eq!(phonetic("nozjkin"), phonetic("nozhkin"));
        assert_eq!(phonetic("borysovych"), phonetic("borisovich"));
        assert_eq!(phonetic("anatoljevitj"), phonetic("anatolyevich"));
        assert_eq!(phonetic("iurievici"), phonetic("yurievich"));
        assert_ne!(phonetic("ivanovna"), phonetic("ivanovich"));
        assert_eq!(phonetic("jose"), "jos", "a j before a vowel stays");
        assert_eq!(phonetic("quintero"), phonetic("kintero"));
        assert_eq!(phonetic("vasquez"), phonetic("vaskez"));
        assert_eq!(phonetic("qureishi"), phonetic("kureishi"));
        assert_eq!(phonetic(""), "");
    }

    #[test]
    fn russian_ye_meets_the_spelling_without_y() {
        assert_eq!(phonetic("yeliseyev"), phonetic("eliseev"));
        assert_eq!(phonetic("yermakov"), phonetic("ermakov"));
        assert_eq!(phonetic("andreyev"), phonetic("andreev"));
        assert_eq!(phonetic("dmitriyev"), phonetic("dmitriev"));
        assert_eq!(phonetic("alekseyeva"), phonetic("alekseeva"));
        assert_ne!(
            phonetic("meyer"),
            phonetic("mir"),
            "y before r is a consonant"
        );
        assert_ne!(
            phonetic("yeoman"),
            phonetic("eoman"),
            "ye before a vowel stays"
        );
        assert_eq!(phonetic("ye"), phonetic("ye"));
    }

    #[test]
    fn french_ou_before_a_vowel_is_w() {
        assert_eq!(phonetic("sahraoui"), phonetic("sahrawi"));
        assert_eq!(phonetic("jaouad"), phonetic("jawad"));
        assert_eq!(phonetic("ouali"), phonetic("wali"));
        assert_eq!(
            phonetic("louis"),
            phonetic("luis"),
            "after a consonant, a vowel"
        );
        assert_eq!(
            phonetic("oumar"),
            phonetic("umar"),
            "before a consonant, a vowel"
        );
    }
}
