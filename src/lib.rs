//! asklint: an offline linter for Alexa skill packages and Skill Management API (SMAPI) payloads.
//!
//! ```text
//! bytes ──► parse ──► kind ──► schema ──► rules ──► Vec<Diagnostic> ──► output
//!                                           ▲
//!                          the skill package around the file (package.rs)
//! ```
//! One pass, one direction: a file is read once, parsed into serde_json values, told apart by its
//! shape, checked against its kind's schema and by the rules, and its diagnostics are resolved to
//! positions and handed to one output format. Checks report JSON Pointers; the span index turns
//! them into byte ranges, from a second parse (jsonc-parser) made only for files with findings.
//! Every read of the program goes through [`read`](mod@read) (bounded, never waiting to open), every write
//! through [`write`](mod@write) (atomic, and never replacing what is not a regular file).

pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod data_rule;
pub mod diagnostic;
pub mod docs;
pub mod facts;
pub mod files;
pub mod fix;
pub mod inline;
pub mod kind;
pub mod output;
pub mod package;
pub mod parse;
pub mod read;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod selection;
pub mod server;
pub mod source;
pub mod span_index;
pub mod submit;
pub mod suggest;
pub mod target;
pub mod value;
pub mod walk;
pub mod write;
