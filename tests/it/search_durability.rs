//! Search: kill -9, reindex with swap, outbox trimming across nodes.
