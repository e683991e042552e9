//! Scoring a query against a listed entity, with explanations.
