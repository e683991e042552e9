//! Scoring one listed name against one query reading, the evidence beyond names, and the hit an
//! analyst reads.

use std::sync::Arc;

use namesake_matcher::align::{align_with, Join, Side, MAX_TOKENS};
use namesake_matcher::similarity::joined_skeleton_similarity;
use namesake_matcher::{features, Alignment, Explanation, Feature, CJK_PARTIAL_FACTOR};
use namesake_model::{Entity, NameKind, NameQuality, Query, Schema};
use namesake_text::TokenKind;

use super::candidates::TokMatches;
use super::query::{PreparedQuery, QName};
use super::{Hit, Scored};
use crate::{kind_of, Index, TokId};
use rustc_hash::FxHashMap;

/// Two organisation or vessel names whose numbers differ ("BICENTENARIO I" / "BICENTENARIO X",
/// "Hotel 7" / "Hotel 8") name different things: the name score is held at most here.
pub const NUMBER_MISMATCH_CAP: f32 = 0.5;

/// The same organisation name under another legal form (… S.A. / … Ltd) is a probable match,
/// never a strong one: the name score is held below the strong band.
pub const OTHER_LEGAL_FORM_CAP: f32 = 0.89;

/// The most an acronym of a listed organisation's words ("PLA" for "People's Liberation Army")
/// scores: a possible match, never a probable or strong one.
pub const ACRONYM_CAP: f32 = 0.79;

/// Two organisation names whose most distinctive words both go unmatched ("… Bank of Chad" /
/// "… Bank of China", "State Establishment of Mosul Dam" / "… of Haditha Dam") name different
/// parties however many common words they share: the name score is held at most here.
pub const DISTINCTIVE_MISMATCH_CAP: f32 = 0.6;

/// Two people's names that differ in their fathers' names ("Vladimir Mikhailovich BOGDANOV" /
/// "Vladimir Leonidovich BOGDANOV"), along the same chain of forebears in their own given
/// names ("Uday Saddam Hussein al-Tikriti" / "Ali Saddam Hussein al-Tikriti": brothers), or in
/// a word each holds and the other lacks ("Julio Tomas BERMUDEZ VILLADA" / "Julio Tomas
/// BERMUDEZ OCAMPO") name two people: the name score is held below the alert threshold.
pub const OTHER_PERSON_CAP: f32 = 0.65;

/// A person's name of two parts both common among people at large ("Maria Lopez": see
/// `namesake_text::common_full_name`) met wholly inside a longer listed name: many people bear
/// it, and the listed one is told apart only by the words the query lacks. The name score is
/// multiplied by this; a date of birth that agrees lifts the hit back.
pub const COMMON_NAME_PARTIAL_FACTOR: f32 = 0.9;

/// One query reading as the scorer sees it.
pub(crate) struct Reading<'a> {
    pub qn: &'a QName,
    pub texts: Vec<&'a str>,
    pub weights: Vec<f32>,
    pub kinds: Vec<TokenKind>,
    pub filler: u32,
    pub matches: &'a TokMatches,
    /// The reading is two name parts both common among people at large
    /// (`namesake_text::common_full_name`): worked out once, not per listed name.
    pub common_pair: bool,
}

impl<'a> Reading<'a> {
    pub fn new(qn: &'a QName, matches: &'a TokMatches) -> Self {
        let n = qn.tokens.len().min(MAX_TOKENS);
        let mut texts = qn.texts();
        texts.truncate(n);
        let mut weights = qn.weights();
        weights.truncate(n);
        let kinds = qn.tokens.iter().take(n).map(|t| t.kind).collect();
        let common_pair = matches!(texts[..], [x, y] if namesake_text::common_full_name(x, y));
        Reading {
            common_pair,
            qn,
            texts,
            weights,
            kinds,
            filler: qn.filler(),
            matches,
        }
    }

    fn has(&self, kind: TokenKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// What makes two listed names align alike with one query reading (see `Index::align_key`):
/// the same tokens, script classes (Han or Hangul; abjad, whose lone letters are no initials),
/// acronym flag and schema.
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct AlignKey<'s> {
    qname: usize,
    tokens: &'s [crate::TokId],
    cjk: bool,
    abjad: bool,
    acronym: bool,
    schema: Schema,
}

/// Explanation alignments already worked out in one screening.
pub(crate) type ExplainCache<'s> = FxHashMap<AlignKey<'s>, Arc<Alignment>>;

impl Index {
    /// Aligns one query reading with one listed name and applies the name rules (Chinese and
    /// Korean syllables, numbers, legal forms).
    pub(crate) fn score_name(&self, r: &Reading, ni: u32, explain: bool) -> Alignment {
        let rec = &self.names[ni as usize];
        let toks = &self.name_tokens[rec.start as usize..rec.start as usize + rec.len as usize];
        let m = toks.len().min(MAX_TOKENS);
        let mut ctexts: [&str; MAX_TOKENS] = [""; MAX_TOKENS];
        let mut cweights = [0f32; MAX_TOKENS];
        let mut ckinds = [TokenKind::Name; MAX_TOKENS];
        let mut rows = [None; MAX_TOKENS];
        let mut cfiller = 0u32;
        let cids = &toks[..m];
        for (j, &t) in toks.iter().take(m).enumerate() {
            let info = &self.tokens[t as usize];
            ctexts[j] = &info.keys.text;
            cweights[j] = self.weights[t as usize];
            ckinds[j] = kind_of(info.kind);
            if ckinds[j] == TokenKind::LegalForm {
                cfiller |= 1 << j;
            }
            rows[j] = r.matches.get(&t);
        }
        // Read out of an abjad, Han or Hangul: no initials, and words left unmet by the reading.
        let (query_read_out, listed_read_out) = (r.qn.abjad || r.qn.cjk, rec.abjad || rec.cjk);
        let mut a = align_with(
            Side {
                texts: &r.texts,
                weights: &r.weights,
                filler: r.filler,
                initials: !query_read_out,
            },
            Side {
                texts: &ctexts[..m],
                weights: &cweights[..m],
                filler: cfiller,
                initials: !listed_read_out,
            },
            // A one-letter token of a name not written in Han or Hangul ("I" of "I&S Holding")
            // is an initial: met as itself or as an initial, never as the Korean surname 이
            // ("i" / "lee").
            |i, j| {
                if !rec.cjk && ctexts[j].len() == 1 && r.texts[i] != ctexts[j] {
                    return None;
                }
                rows[j].and_then(|row| row.get(i as u8))
            },
            |j| self.joined_across_scripts(r, cids, j),
            explain,
        );
        if r.qn.cjk && a.unmatched.0 + a.unmatched.1 > 0 && a.score > 0.0 {
            a.score *= CJK_PARTIAL_FACTOR;
            if explain {
                a.notes.push(format!(
                    "a syllable of a Chinese/Korean name unmatched: ×{CJK_PARTIAL_FACTOR}"
                ));
            }
        }
        let both = |k: TokenKind| r.has(k) && ckinds[..m].contains(&k);
        let numbers = r.has(TokenKind::Number) || ckinds[..m].contains(&TokenKind::Number);
        let query = KindedTokens {
            texts: &r.texts,
            kinds: &r.kinds,
        };
        let listed = KindedTokens {
            texts: &ctexts[..m],
            kinds: &ckinds[..m],
        };
        if rec.schema != Schema::Person && (numbers || both(TokenKind::LegalForm)) {
            name_rules(&mut a, &query, &listed, explain);
        }
        let common_name_inside = rec.schema == Schema::Person
            && a.unmatched.0 == 0
            && a.unmatched.1 > 0
            && r.common_pair;
        if common_name_inside {
            a.score *= COMMON_NAME_PARTIAL_FACTOR;
            if explain {
                a.notes.push(format!(
                    "a name of two common parts inside a longer listed name: ×{COMMON_NAME_PARTIAL_FACTOR}"
                ));
            }
        }
        if rec.schema == Schema::Person && a.score > OTHER_PERSON_CAP {
            let read_out = query_read_out || listed_read_out;
            person_rules(&mut a, &query, &listed, read_out, explain);
        }
        if rec.schema != Schema::Person && r.qn.stems && a.score > DISTINCTIVE_MISMATCH_CAP {
            let q = heaviest_unmatched(&r.weights, &r.kinds, a.matched.0);
            let c = heaviest_unmatched(&cweights[..m], &ckinds[..m], a.matched.1);
            if let (Some(qi), Some(ci)) = (q, c) {
                a.score = DISTINCTIVE_MISMATCH_CAP;
                if explain {
                    a.notes.push(format!(
                        "the most distinctive words differ ({} / {}): at most {DISTINCTIVE_MISMATCH_CAP}",
                        r.texts[qi], ctexts[ci]
                    ));
                }
            }
        }
        if rec.acronym {
            // An acronym is met whole and exactly ("PLA"), never by a spelling of it or beside
            // other words ("Ben Sasse" is not "SASE").
            a.score = if a.score >= 1.0 { ACRONYM_CAP } else { 0.0 };
            if explain {
                a.notes.push(format!(
                    "the acronym of the listed name's words: met only exactly, at most a possible match ({ACRONYM_CAP})"
                ));
            }
        }
        a
    }

    /// A word met by two of the other side's in another script, by consonant skeletons
    /// ([`joined_skeleton_similarity`]); the index's candidates reach the same pairs (see
    /// `Index::skeleton_crosses`).
    fn joined_across_scripts(&self, r: &Reading, listed: &[TokId], j: Join) -> Option<f32> {
        if r.qn.cjk {
            return None;
        }
        let crosses = |t: TokId| self.skeleton_crosses(r.qn.abjad, t);
        let keys = |t: TokId| &self.tokens[t as usize].keys;
        match j {
            Join::Query { whole, first } => {
                let (a, b) = (listed[first], listed[first + 1]);
                if !(crosses(a) && crosses(b)) {
                    return None;
                }
                joined_skeleton_similarity(&r.qn.tokens[whole].keys, keys(a), keys(b))
            }
            Join::Listed { whole, first } => {
                let t = listed[whole];
                if !crosses(t) {
                    return None;
                }
                let (a, b) = (&r.qn.tokens[first].keys, &r.qn.tokens[first + 1].keys);
                joined_skeleton_similarity(keys(t), a, b)
            }
        }
    }

    pub(crate) fn features(&self, q: &Query, entity: &Entity) -> Vec<Feature> {
        let mut f = Vec::new();
        if let Some(x) = features::identifier(&q.identifiers, &entity.identifiers) {
            f.push(x);
        }
        if let Some(x) = features::birth_date(&q.birth_dates, &entity.birth_dates) {
            f.push(x);
        }
        if let Some(x) = features::nationality(&q.countries, entity) {
            f.push(x);
        }
        if let Some(x) = features::gender(q.gender, entity.gender) {
            f.push(x);
        }
        f
    }

    /// What listed name `ni` aligns with query reading `qname` by: names that share it align
    /// alike.
    pub(crate) fn align_key(&self, qname: usize, ni: u32) -> AlignKey<'_> {
        let rec = &self.names[ni as usize];
        AlignKey {
            qname,
            tokens: &self.name_tokens[rec.start as usize..rec.start as usize + rec.len as usize],
            cjk: rec.cjk,
            abjad: rec.abjad,
            acronym: rec.acronym,
            schema: rec.schema,
        }
    }

    /// The alignment an explanation shows for listed name `ni` and query reading `qname`,
    /// worked out once per distinct listed name: names written with the same tokens, the same
    /// script class, schema and acronym flag align alike, and a common name over a large list
    /// ties a thousand entities on one such name.
    fn explained_alignment<'s>(
        &'s self,
        cache: &mut ExplainCache<'s>,
        qn: &QName,
        matches: &TokMatches,
        qname: usize,
        ni: u32,
    ) -> Arc<Alignment> {
        cache
            .entry(self.align_key(qname, ni))
            .or_insert_with(|| Arc::new(self.score_name(&Reading::new(qn, matches), ni, true)))
            .clone()
    }

    pub(crate) fn make_hit<'s>(
        &'s self,
        pq: &PreparedQuery,
        matches: &TokMatches,
        scored: Scored,
        explain: Option<&mut ExplainCache<'s>>,
    ) -> Hit {
        let entity = &self.entities[scored.entity as usize];
        let best = scored.best;
        let rec = &self.names[best.name as usize];
        let name = entity.names.get(rec.name as usize);
        let matched_name = name.map(|n| n.full.clone()).unwrap_or_default();
        let explanation = explain.map(|cache| {
            let qname = best.qname.min(pq.names.len().saturating_sub(1));
            let qn = &pq.names[qname];
            let mut alignment = self.explained_alignment(cache, qn, matches, qname, best.name);
            if scored.exact_name_floor {
                Arc::make_mut(&mut alignment)
                    .notes
                    .push(EXACT_NAME_NOTE.to_string());
            }
            let kind = match name.map(|n| n.kind) {
                Some(NameKind::Primary) | None => "primary",
                Some(NameKind::Alias) => "alias",
                Some(NameKind::Former) => "former",
                Some(NameKind::OriginalScript) => "original script",
            };
            let weak = name.is_some_and(|n| n.quality == NameQuality::Weak);
            let kind = if rec.acronym {
                format!("acronym of the {kind} name")
            } else {
                kind.to_string()
            };
            Explanation {
                query_name: pq.names_given.get(qn.source).cloned().unwrap_or_default(),
                matched_name: matched_name.clone(),
                name_kind: if weak { format!("{kind} (weak)") } else { kind },
                set_aside: qn.set_aside.clone(),
                name_score: best.name_score.max(0.0),
                alignment,
                features: scored.features,
            }
        });
        Hit {
            entity_id: entity.id.clone(),
            list: entity.list.clone(),
            list_name: self.list_name(&entity.list).to_string(),
            name: entity.primary_name().unwrap_or_default().to_string(),
            schema: entity.schema,
            score: scored.score,
            band: namesake_matcher::band(scored.score),
            matched_name,
            exact_name_floor: scored.exact_name_floor,
            details: details(entity),
            explanation,
            listed: crate::Listed::of(entity),
            also_on: Vec::new(),
            entity_index: scored.entity,
        }
    }
}

/// What a hit reported under the exact-name floor says.
pub const EXACT_NAME_NOTE: &str = "exact name; evidence disagrees";

/// An unmatched word of the name (not a legal form, number or particle) at least as heavy
/// (rare) as every word that found a partner: the word that tells this party from others went
/// unmet. `None` when there is none, or the name has a single word.
fn heaviest_unmatched(weights: &[f32], kinds: &[TokenKind], matched: u32) -> Option<usize> {
    let words: Vec<usize> = (0..weights.len().min(32))
        .filter(|&i| kinds[i] == TokenKind::Name)
        .collect();
    if words.len() < 2 {
        return None;
    }
    let is_matched = |i: usize| matched & (1 << i) != 0;
    let top_matched = words
        .iter()
        .filter(|&&i| is_matched(i))
        .map(|&i| weights[i])
        .fold(0.0f32, f32::max);
    words
        .iter()
        .copied()
        .filter(|&i| !is_matched(i) && weights[i] >= top_matched)
        .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
}

/// The tokens of one name with their kinds.
struct KindedTokens<'a> {
    texts: &'a [&'a str],
    kinds: &'a [TokenKind],
}

impl<'a> KindedTokens<'a> {
    /// Whether a token of this kind found no partner (`matched`: one bit per token).
    fn unmatched_of_kind(&self, kind: TokenKind, matched: u32) -> bool {
        self.kinds
            .iter()
            .take(32)
            .enumerate()
            .any(|(i, k)| *k == kind && matched & (1 << i) == 0)
    }

    /// Whether both names carry tokens of `kind` and none of them found a partner.
    fn conflict_of_kind(
        &self,
        mine: u32,
        other: &KindedTokens,
        theirs: u32,
        kind: TokenKind,
    ) -> bool {
        let unmet = |k: &KindedTokens, matched: u32| {
            let mut of_kind = k
                .kinds
                .iter()
                .take(32)
                .enumerate()
                .filter(|(_, x)| **x == kind);
            of_kind.clone().next().is_some() && of_kind.all(|(i, _)| matched & (1 << i) == 0)
        };
        unmet(self, mine) && unmet(other, theirs)
    }

    /// Whether the first word of each name (the own given name, written first on both sides)
    /// went unmet while every other word of both names met, two of them at least: one chain of
    /// forebears and family, two people.
    fn first_name_alone_differs(&self, mine: u32, other: &KindedTokens, theirs: u32) -> bool {
        let shape = |k: &KindedTokens, matched: u32| {
            let words = || (0..k.kinds.len().min(32)).filter(|&i| k.kinds[i] == TokenKind::Name);
            let met = words().filter(|&i| matched & (1 << i) != 0).count();
            k.kinds.first() == Some(&TokenKind::Name)
                && matched & 1 == 0
                && met + 1 == words().count()
                && met >= 2
        };
        shape(self, mine) && shape(other, theirs)
    }

    /// The positions of the name's words (not particles, legal forms, numbers) that found no
    /// partner.
    fn unmatched_words(&self, matched: u32) -> impl Iterator<Item = usize> + '_ {
        (0..self.kinds.len().min(32))
            .filter(move |&i| self.kinds[i] == TokenKind::Name && matched & (1 << i) == 0)
    }

    /// The words of the name that found no partner.
    fn unmatched_names(&self, matched: u32) -> Vec<&'a str> {
        self.unmatched_words(matched)
            .map(|i| self.texts[i])
            .collect()
    }

    /// Whether each name holds a word the other lacks, and no such word of one is a spelling
    /// of one of the other's ("Rafael Julio BERMUDEZ" / "Julio Tomas BERMUDEZ", "… BERMUDEZ
    /// VILLADA" / "… BERMUDEZ OCAMPO"): two people of one family.
    fn each_lacks_a_word_of(&self, mine: u32, other: &KindedTokens, theirs: u32) -> bool {
        self.unmatched_words(mine).next().is_some()
            && other.unmatched_words(theirs).next().is_some()
            && self.unmatched_words(mine).all(|i| {
                other
                    .unmatched_words(theirs)
                    .all(|j| names_far_apart(self.texts[i], other.texts[j]))
            })
    }

    fn of_kind(&self, kind: TokenKind) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .texts
            .iter()
            .zip(self.kinds)
            .filter(|(_, k)| **k == kind)
            .map(|(t, _)| *t)
            .collect();
        v.sort_unstable();
        v
    }
}

/// Rules for the names of organisations, vessels and aircraft: numbers that differ are
/// decisive against, and so is a number on one side only that stands where the other side has
/// a word of its own ("RUNG RA 2" / "RUNG RA DO": two ships of one series; "HAPPINESS I" /
/// "HAPPINESS" is left alone); another legal form keeps the match below strong.
fn name_rules(a: &mut Alignment, q: &KindedTokens, c: &KindedTokens, explain: bool) {
    let (qn, cn) = (q.of_kind(TokenKind::Number), c.of_kind(TokenKind::Number));
    let differ = !qn.is_empty() && !cn.is_empty() && qn != cn;
    let (mq, mc) = a.matched;
    let in_place_of_word = |nums: &KindedTokens, m_nums: u32, words: &KindedTokens, m_words| {
        // The word may read as a particle in people's names ("da", "do": "of" in Portuguese
        // ones): in a number's place it is a word of the name.
        nums.unmatched_of_kind(TokenKind::Number, m_nums)
            && (words.unmatched_of_kind(TokenKind::Name, m_words)
                || words.unmatched_of_kind(TokenKind::Particle, m_words))
    };
    let one_side = (cn.is_empty() && in_place_of_word(q, mq, c, mc))
        || (qn.is_empty() && in_place_of_word(c, mc, q, mq));
    if (differ || one_side) && a.score > NUMBER_MISMATCH_CAP {
        a.score = NUMBER_MISMATCH_CAP;
        if explain {
            let shown = |v: &[&str]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(" ")
                }
            };
            a.notes.push(format!(
                "numbers differ ({} / {}): at most {NUMBER_MISMATCH_CAP}",
                shown(&qn),
                shown(&cn)
            ));
        }
    }
    let (ql, cl) = (
        q.of_kind(TokenKind::LegalForm),
        c.of_kind(TokenKind::LegalForm),
    );
    let shared = ql.iter().any(|t| cl.contains(t));
    if !ql.is_empty() && !cl.is_empty() && !shared && a.score > OTHER_LEGAL_FORM_CAP {
        a.score = OTHER_LEGAL_FORM_CAP;
        if explain {
            a.notes.push(format!(
                "another legal form ({} / {}): at most {OTHER_LEGAL_FORM_CAP}",
                ql.join(" "),
                cl.join(" ")
            ));
        }
    }
}

/// Rules for people's names: another father's name, another given name along one chain of
/// forebears, or a word on each side that the other lacks, is another person (see
/// [`OTHER_PERSON_CAP`]). `read_out`: either name was written in an abjad, Han or Hangul.
fn person_rules(
    a: &mut Alignment,
    q: &KindedTokens,
    c: &KindedTokens,
    read_out: bool,
    explain: bool,
) {
    let (mq, mc) = a.matched;
    let (qf, cf) = (q.texts.first(), c.texts.first());
    // The fathers' names are gathered only when both sides carry one and neither met.
    let fathers = q
        .conflict_of_kind(mq, c, mc, TokenKind::Patronymic)
        .then(|| {
            (
                q.of_kind(TokenKind::Patronymic),
                c.of_kind(TokenKind::Patronymic),
            )
        })
        .filter(|(qp, cp)| patronymics_far_apart(qp, cp));
    let other = if let Some((qp, cp)) = fathers {
        Some(("another father's name", qp.join(" "), cp.join(" ")))
    } else if q.first_name_alone_differs(mq, c, mc) && given_names_far_apart(qf, cf) {
        let word = |w: Option<&&str>| w.map(|w| w.to_string()).unwrap_or_default();
        Some((
            "another given name with the same forebears",
            word(qf),
            word(cf),
        ))
    } else if !read_out && q.each_lacks_a_word_of(mq, c, mc) {
        // Not for names read out of an abjad, Han or Hangul: their reading leaves a word unmet
        // on both sides more often than it tells two people apart.
        Some((
            "a name on each side the other lacks",
            q.unmatched_names(mq).join(" "),
            c.unmatched_names(mc).join(" "),
        ))
    } else {
        None
    };
    if let Some((why, mine, theirs)) = other {
        a.score = OTHER_PERSON_CAP;
        if explain {
            a.notes.push(format!(
                "{why} ({mine} / {theirs}): at most {OTHER_PERSON_CAP}"
            ));
        }
    }
}

/// Whether every father's name on one side is far from every one on the other (see
/// [`names_far_apart`]).
fn patronymics_far_apart(q: &[&str], c: &[&str]) -> bool {
    q.iter().all(|a| c.iter().all(|b| names_far_apart(a, b)))
}

/// Whether two given names are not one name spelled two ways ("Uday" / "Ali", not "Mikel" /
/// "Miguel").
fn given_names_far_apart(q: Option<&&str>, c: Option<&&str>) -> bool {
    matches!((q, c), (Some(a), Some(b)) if names_far_apart(a, b))
}

/// Whether two name words are not one name spelled two ways: their phonetic keys, less the
/// ending they share ("-ovich"), more edits apart than half the longer rest, or two thirds when
/// they open alike ("Ivan-" / "Petr-", "Mikhail-" / "Leonid-"; not "Velent-" / "Valentin-",
/// "Iosif-" / "Josef-", "Mikel" / "Miguel").
fn names_far_apart(a: &str, b: &str) -> bool {
    let (a, b) = (namesake_text::phonetic(a), namesake_text::phonetic(b));
    let shared = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (
        &a.as_bytes()[..a.len() - shared],
        &b.as_bytes()[..b.len() - shared],
    );
    let longer = a.len().max(b.len());
    // Opening alike, the rests must differ in two letters of three ("Viktor-" / "Vladimir-",
    // not "Serge-" / "Siarhe-").
    let budget = if a.first() == b.first() {
        longer * 2 / 3
    } else {
        longer / 2
    };
    namesake_matcher::similarity::osa_distance(a, b, budget).is_none()
}

/// Facts shown with every hit.
const SHOWN_FACTS: [&str; 3] = ["category", "organisation", "legal_basis"];

fn details(e: &Entity) -> std::collections::BTreeMap<String, String> {
    let mut d: std::collections::BTreeMap<String, String> = SHOWN_FACTS
        .iter()
        .filter_map(|k| e.facts.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    if !e.programs.is_empty() {
        d.insert("programs".into(), e.programs.join("; "));
    }
    d
}
