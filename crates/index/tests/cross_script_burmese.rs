//! Issue 11, item 7: Burmese names meet the conventional Latin spelling lists carry (one word
//! per syllable: Min Aung Hlaing, Than Shwe, Mya Tun Oo) through the normal matching path, in
//! both directions. Pairs are public figures' names as the Myanmar government and press spell
//! them.

mod common;

use common::{options, score};
use namesake_index::Index;
use namesake_model::Query;

/// Burmese spelling and the Latin spelling in use.
const PAIRS: [(&str, &str); 30] = [
    ("အောင်ဆန်းစုကြည်", "Aung San Suu Kyi"),
    ("မင်းအောင်လှိုင်", "Min Aung Hlaing"),
    ("သန်းရွှေ", "Than Shwe"),
    ("စိုးဝင်း", "Soe Win"),
    ("ဝင်းမြင့်", "Win Myint"),
    ("သိန်းစိန်", "Thein Sein"),
    ("ထင်ကျော်", "Htin Kyaw"),
    ("မောင်အေး", "Maung Aye"),
    ("ခင်ညွန့်", "Khin Nyunt"),
    ("မြထွန်းဦး", "Mya Tun Oo"),
    ("တင်အောင်မြင့်ဦး", "Tin Aung Myint Oo"),
    ("မြင့်ဆွေ", "Myint Swe"),
    ("နေဝင်း", "Ne Win"),
    ("မင်းကိုနိုင်", "Min Ko Naing"),
    ("တေဇ", "Tay Za"),
    ("လှထေးဝင်း", "Hla Htay Win"),
    ("ဇော်မင်းထွန်း", "Zaw Min Tun"),
    ("မိုးမြင့်ထွန်း", "Moe Myint Tun"),
    ("အောင်လင်းဒွေး", "Aung Lin Dwe"),
    ("ကျော်စွာလင်း", "Kyaw Swar Lin"),
    ("သူရရွှေမန်း", "Thura Shwe Mann"),
    ("စိုးထွဋ်", "Soe Htut"),
    ("ရဲထွဋ်", "Ye Htut"),
    ("သန်းလှိုင်", "Than Hlaing"),
    ("စိန်ဝင်း", "Sein Win"),
    ("မောင်မောင်ကျော်", "Maung Maung Kyaw"),
    ("ဦးသန့်", "U Thant"),
    ("မြင့်ဦး", "Myint Oo"),
    ("ဖြိုးဇော်", "Phyo Zaw"),
    ("ခင်မောင်ဝင်း", "Khin Maung Win"),
];

#[test]
fn burmese_names_meet_their_latin_spelling() {
    let mut low = Vec::new();
    for (burmese, latin) in PAIRS {
        for (q, l) in [(burmese, latin), (latin, burmese)] {
            let s = score(q, l);
            eprintln!("{q} vs {l}: {s:.3}");
            if s < 0.8 {
                low.push(format!("{q} vs {l}: {s:.3}"));
            }
        }
    }
    assert!(low.is_empty(), "{}", low.join("\n"));
}

/// OFAC SDN entries of the Burma programme, by their SDN id, with the Burmese spelling of the
/// name.
const OFAC_BURMA: [(&str, &str); 31] = [
    ("27225", "မင်းအောင်လှိုင်"),
    ("27226", "စိုးဝင်း"),
    ("31127", "မြင့်ဆွေ"),
    ("31128", "စိန်ဝင်း"),
    ("31129", "စိုးထွဋ်"),
    ("31130", "ရဲအောင်"),
    ("31131", "မြထွန်းဦး"),
    ("31133", "တင်အောင်ဆန်း"),
    ("31134", "ရဲဝင်းဦး"),
    ("31137", "အောင်လင်းဒွေး"),
    ("31171", "မိုးမြင့်ထွန်း"),
    ("31172", "မောင်မောင်ကျော်"),
    ("31315", "အောင်ပြည့်စုံ"),
    ("31474", "သန်းလှိုင်"),
    ("31512", "အောင်စိုး"),
    ("31758", "သိန်းညွန့်"),
    ("31772", "ခင်မောင်ဆွေ"),
    ("31775", "ထွန်းထွန်းနောင်"),
    ("31776", "သိန်းစိုး"),
    ("31793", "သန်းငြိမ်း"),
    ("31923", "သက်ခိုင်ဝင်း"),
    ("31924", "ခင်မောင်ရီ"),
    ("31925", "ကိုကိုလှိုင်"),
    ("31927", "ပွင့်ဆန်း"),
    ("31933", "ဟိန်းထက်"),
    ("31939", "ကောင်းထက်"),
    ("31945", "ဝင်းရှိန်"),
    ("31946", "ထွန်းအောင်မြင့်"),
    ("31316", "ခင်သီရိသက်မွန်"),
    ("31773", "မန်းငြိမ်းမောင်"),
    ("31942", "ယဉ်မင်းသူ"),
];

/// The OFAC SDN list, or `None` (a skip note; a failure under CI) when the data is absent.
fn ofac_sdn() -> Option<Index> {
    let path = namesake_testdata::require_list("ofac_sdn.csv")?;
    let l = namesake_sources::load(&path).expect("the OFAC SDN list loads");
    Some(Index::build(vec![(l.info, l.entities)]))
}

#[test]
fn burmese_spellings_find_ofac_burma_designations() {
    let Some(ix) = ofac_sdn() else { return };
    let mut missed = Vec::new();
    for (id, burmese) in OFAC_BURMA {
        let hits = ix.screen(&Query::name(burmese), &options(3));
        let own = hits
            .iter()
            .position(|h| h.entity_id.ends_with(&format!(":{id}")));
        let top: Vec<String> = hits
            .iter()
            .map(|h| format!("{} {:.3}", h.name, h.score))
            .collect();
        eprintln!("{burmese} (SDN {id}): rank {own:?}; {top:?}");
        let found = own.is_some_and(|r| r == 0 && hits[r].score >= 0.8);
        if !found {
            missed.push(format!("{burmese} (SDN {id}): {top:?}"));
        }
    }
    assert!(
        missed.is_empty(),
        "not the top hit at 0.8 or more:\n{}",
        missed.join("\n")
    );
}

#[test]
fn burmese_names_do_not_meet_latin_names_by_consonants_alone() {
    // Found while romanising Burmese: compared by consonant skeleton as well, ရန်ကုန် (yan
    // kone) met OFAC's "KINAYEH, Lina" (kn, rn) at 0.84.
    for (burmese, latin) in [("ရန်ကုန်", "KINAYEH, Lina"), ("မြန်မာ", "Uthman AL-DHUBHANI")]
    {
        let s = score(burmese, latin);
        assert!(s < 0.7, "{burmese} vs {latin}: {s}");
    }
}
