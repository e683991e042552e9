//! A query's names prepared against one index: tokens, keys and weights.

use namesake_matcher::align::MAX_TOKENS;
use namesake_matcher::similarity::TokenKeys;
use namesake_model::Query;
use namesake_text::TokenKind;

use crate::{is_abjad, is_cjk, kind_code, kind_factor, name_schema, Index, TokId};

/// A query token, with its keys and weight.
#[derive(Debug, Clone)]
pub(crate) struct QToken {
    pub keys: TokenKeys,
    pub weight: f32,
    pub kind: TokenKind,
    /// A one-letter name part of an alphabetic name: met as itself or as an initial.
    pub initial: bool,
    /// The dictionary token written as this one is, if any.
    pub id: Option<TokId>,
}

/// One prepared reading of one of the query's names.
#[derive(Debug, Clone)]
pub(crate) struct QName {
    /// Which of the query's names this reading came from.
    pub source: usize,
    pub tokens: Vec<QToken>,
    pub abjad: bool,
    /// Written in kana or Thai: l and r may be one class.
    pub liquids: bool,
    pub cjk: bool,
    /// The query may name an organisation: word stems are compared.
    pub stems: bool,
    pub set_aside: Vec<String>,
}

impl QName {
    /// The token texts, as the aligner takes them.
    pub fn texts(&self) -> Vec<&str> {
        self.tokens.iter().map(|t| t.keys.text.as_str()).collect()
    }

    /// The token weights.
    pub fn weights(&self) -> Vec<f32> {
        self.tokens.iter().map(|t| t.weight).collect()
    }

    /// One bit per legal-form token (they cannot make a match alone).
    pub fn filler(&self) -> u32 {
        self.tokens
            .iter()
            .take(32)
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::LegalForm)
            .fold(0, |m, (i, _)| m | (1 << i))
    }
}

/// A query prepared against one index (tokens, weights): reusable for several screenings.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    pub(crate) query: Query,
    pub(crate) names_given: Vec<String>,
    pub(crate) names: Vec<QName>,
}

impl Index {
    /// Prepares a query's names against this index's dictionary.
    pub fn prepare_query(&self, query: &Query) -> PreparedQuery {
        let names_given = query.all_names();
        let schema = name_schema(query.schema);
        let mut names: Vec<QName> = Vec::new();
        for (si, n) in names_given.iter().enumerate() {
            let p = namesake_text::prepare(n, schema);
            let abjad = is_abjad(p.script);
            let cjk = is_cjk(p.script);
            // A space typed one letter off, read where it belongs (Latin names only).
            let shifted = (!abjad && !cjk)
                .then(|| self.space_shifted(&p.tokens))
                .flatten();
            let readings = std::iter::once(&p.tokens)
                .chain(p.alternates.iter())
                .chain(shifted.as_ref());
            for reading in readings {
                let tokens: Vec<QToken> = reading
                    .iter()
                    .take(MAX_TOKENS)
                    .map(|t| self.query_token(t, cjk))
                    .collect();
                if tokens.is_empty() || names.iter().any(|q| same_tokens(&q.tokens, &tokens)) {
                    continue;
                }
                names.push(QName {
                    source: si,
                    tokens,
                    abjad,
                    liquids: p.script.merges_liquids(),
                    cjk,
                    stems: schema != namesake_text::NameSchema::Person,
                    set_aside: p.set_aside.clone(),
                });
            }
        }
        PreparedQuery {
            query: query.clone(),
            names_given,
            names,
        }
    }

    /// The words as they were meant when a space was typed one letter off ("AnerD aar" for
    /// "Aner Daar", "Boe lJaar" for "Boel Jaar"): where two neighbouring words are not both on
    /// the lists and moving one letter across the space between them makes two words that are,
    /// the words so moved; `None` when no such pair is found.
    fn space_shifted(&self, words: &[namesake_text::Token]) -> Option<Vec<namesake_text::Token>> {
        let known = |t: &str| t.len() >= 2 && self.token_id(t).is_some();
        let mut out: Option<Vec<namesake_text::Token>> = None;
        for i in 0..words.len().saturating_sub(1) {
            let (a, b) = (words[i].text.as_str(), words[i + 1].text.as_str());
            if (known(a) && known(b)) || a.len() < 2 || b.len() < 2 {
                continue;
            }
            // The folded text is ASCII: one byte, one letter.
            let (a_last, b_first) = (a.len() - 1, 1);
            let moved = [
                (a[..a_last].to_string(), format!("{}{b}", &a[a_last..])),
                (format!("{a}{}", &b[..b_first]), b[b_first..].to_string()),
            ];
            if let Some((x, y)) = moved.into_iter().find(|(x, y)| known(x) && known(y)) {
                let w = out.get_or_insert_with(|| words.to_vec());
                w[i].text = x;
                w[i + 1].text = y;
            }
        }
        out
    }

    fn query_token(&self, t: &namesake_text::Token, cjk: bool) -> QToken {
        let keys = TokenKeys::new(&t.text);
        // A one-letter syllable of a Chinese or Korean name (이 → "i") is a name, not an initial.
        let initial = !cjk && t.text.len() == 1 && t.kind == TokenKind::Name;
        let id = self.token_id(&t.text);
        let weight = if initial {
            crate::build::INITIAL_WEIGHT
        } else {
            let kind = kind_code(t.kind);
            match id {
                // The query's own reading says what the token is: "holding" in "George Holding"
                // read as a person's name weighs as a name part, not as a company word.
                Some(id) if self.tokens[id as usize].kind != kind => {
                    self.weights[id as usize] / kind_factor(self.tokens[id as usize].kind)
                        * kind_factor(kind)
                }
                Some(id) => self.weights[id as usize],
                None => kind_factor(kind),
            }
        };
        QToken {
            keys,
            weight,
            kind: t.kind,
            initial,
            id,
        }
    }
}

fn same_tokens(a: &[QToken], b: &[QToken]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.keys.text == y.keys.text)
}
