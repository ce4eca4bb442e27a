//! Full-text search over posts and comments: the outbox that records changes, the tantivy
//! index each node keeps in `<data_dir>/search/`, the indexer that drains the outbox into it,
//! and queries filtered by the reader's access scopes inside tantivy.
pub mod handlers;
pub mod index;
pub mod outbox;
pub mod query;
pub mod schema;

pub use index::{Search, SearchError};
pub use query::{Hit, Results, Scope};
