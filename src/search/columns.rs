//! Each segment's fast-field columns, opened once while the segment lives. Opening a column
//! reads its header; a search on a small index opened a dozen per segment (scope, filters,
//! dates, kinds) in every pass, a few per cent of its time. A segment never changes, so what
//! was opened stays right until it is merged away.
use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex},
};

use tantivy::{SegmentReader, columnar::Column, index::SegmentId};

/// The columns of one segment that queries read (`None` where the segment has none).
pub struct SegmentColumns {
    pub scope: Option<Column<u64>>,
    pub org: Option<Column<u64>>,
    pub author: Option<Column<u64>>,
    pub label: Option<Column<u64>>,
    pub kind: Option<Column<u64>>,
    pub date: Option<Column<i64>>,
    pub id: Option<Column<u64>>,
}

/// Segments kept at most; past it the memory starts again (segments merged away are
/// forgotten so; reopening costs a header read each).
const KEPT_SEGMENTS: usize = 512;

/// Segment ids are random (UUIDs), so one memory serves every index in the process.
static KEPT: LazyLock<Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>> =
    LazyLock::new(Default::default);

/// The columns of `reader`'s segment.
pub fn of(reader: &SegmentReader) -> Arc<SegmentColumns> {
    let id = reader.segment_id();
    if let Some(kept) = KEPT.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
        return kept.clone();
    }
    let ff = reader.fast_fields();
    let opened = Arc::new(SegmentColumns {
        scope: ff.u64("scope_code").ok(),
        org: ff.u64("org").ok(),
        author: ff.u64("author").ok(),
        label: ff.u64("label").ok(),
        kind: ff.u64("kind_code").ok(),
        date: ff.i64("date").ok(),
        id: ff.u64("id").ok(),
    });
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() >= KEPT_SEGMENTS {
        kept.clear();
    }
    kept.insert(id, opened.clone());
    opened
}
