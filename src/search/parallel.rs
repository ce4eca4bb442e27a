//! Whether a search spreads an index's segments over the search threads (`index::folders`).
//! Handing a segment to another thread costs a wake-up or two, more than searching a small
//! segment does; and on a busy node the other threads are serving other readers. So a small
//! index, or one of a single segment, is searched on the calling thread; a large one of
//! several segments in parallel, which is what shortens a reader's wait there.
use tantivy::{
    Executor, Searcher,
    collector::Collector,
    query::{EnableScoring, Query},
};

/// Fewer documents than this and the segments are searched one after the other.
const PARALLEL_FROM_DOCS: u64 = 50_000;

/// Whether an index of `segments` segments and `docs` documents is searched in parallel.
fn in_parallel(segments: usize, docs: u64) -> bool {
    segments > 1 && docs >= PARALLEL_FROM_DOCS
}

/// Whether a query on this index is worth a thread of its own (a blocking thread, off the
/// server's async workers): only on an index large enough to be searched in parallel; on a
/// smaller one the whole query takes less than handing it over and back does.
pub fn worth_a_thread(searcher: &Searcher) -> bool {
    searcher.num_docs() >= PARALLEL_FROM_DOCS
}

/// `searcher.search`, on the calling thread unless the index is worth spreading.
pub fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    if in_parallel(searcher.segment_readers().len(), searcher.num_docs()) {
        return searcher.search(query, collector);
    }
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, &Executor::single_thread(), scoring)
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn only_a_large_index_of_several_segments_is_searched_in_parallel() {
        assert!(!in_parallel(1, 1_000_000));
        assert!(!in_parallel(4, 49_999));
        assert!(in_parallel(2, 50_000));
        assert!(in_parallel(8, 600_000));
    }
}
