//! Searching: the query language (words ANDed, "phrases", -excluded), the reader's access
//! scopes as a filter inside the tantivy query, snippets with safe highlights, and hits read
//! back from the database by id.
mod build;
mod lexicon;
mod load;
mod parse;
mod results;
mod run;

pub(crate) use build::scope_filter;
pub use build::{build, build_match, grams_first};
pub use lexicon::{Lexicon, PresentFields};
pub use parse::{Part, parse};
pub use results::{FacetValue, Facets, Hit, Request, Results, SnippetPart, Sort};
pub use run::TOTAL_CAP;
