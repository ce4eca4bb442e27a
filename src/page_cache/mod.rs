//! The page cache for visitors: the public pages and feeds a reader without a session gets,
//! rendered once per path, query and language and then served from this node's memory, with
//! an `ETag` that turns a repeat visit into a `304`.
//!
//! What may be cached is decided in `layer`: only the routes named there, only `GET`, only
//! for a request with no session cookie and no `Authorization` header, and only a `200`
//! answer without a `Set-Cookie`, without a form token and not marked private by its
//! handler. A signed-in reader never reaches a cached page.
//!
//! What invalidates it is decided in `cache`: every write that can change a page records a
//! change in the search outbox, in its own transaction (`search::outbox`); each node's
//! indexer applies them and announces its position; any move of that position drops every
//! page this node holds. So a write on one node reaches every node within the indexer's poll
//! interval, and a restarted node starts with an empty cache. A write on this node also drops
//! everything as soon as its request has answered (read-your-writes), and a page is never kept
//! longer than `LUPA_PAGE_CACHE__MAX_AGE_SECONDS`.
pub mod cache;
pub mod layer;

pub use cache::PageCache;
