//! Full-text search over posts and comments: the outbox that records changes, the tantivy
//! index each node keeps in `<data_dir>/search/`, the indexer that drains the outbox into it,
//! and queries filtered by the reader's access scopes inside tantivy.
pub mod api;
pub mod collect;
pub mod columns;
pub mod conjunction;
pub mod facets;
pub mod handlers;
pub mod index;
mod lower_case;
mod names;
pub mod outbox;
mod outside_ascii;
pub mod parallel;
pub mod params;
pub mod query;
pub mod routes;
pub mod schema;
pub mod scope;
mod stem_cache;
pub mod suggest;
pub mod voikko;

pub use facets::{Filters, Kind};
pub use index::{Building, Search, SearchError};
pub use query::{Facets, Hit, Request, Results, Sort};
pub use schema::Analyser;
pub use scope::Scope;
