//! Name normalisation: Unicode, casefolding, transliteration, tokens.
