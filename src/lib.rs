//! asklint: an offline linter for Alexa skill packages and Skill Management API (SMAPI) payloads.
//!
//! ```text
//! bytes ──► parse (serde_json values + jsonc-parser spans) ──► kind ──► schema ──► Vec<Diagnostic> ──► output
//! ```
//! One pass, one direction: a file is read once, parsed once for values and once for positions,
//! checked, and its diagnostics are resolved to positions and handed to one output format.

pub mod check;
pub mod cli;
pub mod data_rule;
pub mod diagnostic;
pub mod docs;
pub mod files;
pub mod kind;
pub mod output;
pub mod package;
pub mod parse;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod selection;
pub mod source;
pub mod span_index;
pub mod suggest;
pub mod value;
