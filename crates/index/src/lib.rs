//! The screening index: candidate generation over every listed name.
