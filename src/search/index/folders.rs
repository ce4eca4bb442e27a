//! The index's folders under `<data_dir>/search/`: opening one, the `current` pointer that
//! names the one in use, removing the others, and this node's id.
use std::path::Path;

use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, directory::MmapDirectory, indexer::NoMergePolicy,
};

use super::{
    super::schema::{self, Analyser},
    POINTER, SCHEMA, SearchError, WRITER_BYTES_PER_THREAD,
};

/// An index folder opened: its writer, reader and the position in its last commit.
pub(super) struct Opened {
    pub(super) writer: IndexWriter,
    pub(super) reader: IndexReader,
    pub(super) position: Option<i64>,
}

/// Memory for each indexing thread: `WRITER_BYTES_PER_THREAD`, but never more than a quarter
/// of the machine's memory shared among the threads (on a small server a large rebuild writes
/// more segments and merges them, rather than running out of memory), and at least the
/// 15 MB tantivy asks of a thread.
fn writer_bytes(machine: Option<u64>, threads: usize) -> usize {
    const FLOOR: usize = 15 << 20;
    let share = machine.map_or(WRITER_BYTES_PER_THREAD, |total| {
        usize::try_from(total / 4 / threads.max(1) as u64).unwrap_or(usize::MAX)
    });
    share.clamp(FLOOR, WRITER_BYTES_PER_THREAD)
}

/// The machine's memory in bytes, from `/proc/meminfo` (`None` where there is none).
fn memory_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Threads a search uses: one per core, at most four.
pub(super) fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

pub(super) fn open_folder(dir: &Path) -> Result<Opened, SearchError> {
    std::fs::create_dir_all(dir)?;
    let (schema, _) = schema::schema();
    let mut index = Index::open_or_create(MmapDirectory::open(dir)?, schema)?;
    // Search the segments in parallel, one thread per core (at most four): a query's latency,
    // not the node's throughput, is what a reader waits for.
    let threads = search_threads();
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    }
    schema::register_analyzers(&index);
    let payload = index.load_metas()?.payload;
    let position = payload.as_deref().and_then(|p| p.parse::<i64>().ok());
    // Tantivy's own choice of threads (one per core, at most eight), each with room for a
    // whole rebuild's share, so a rebuild writes one segment per thread and needs no merge.
    let writers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let writer: IndexWriter =
        index.writer_with_num_threads(writers, writers * writer_bytes(memory_bytes(), writers))?;
    // Segments are merged only by whoever holds the writer, and waited for (`writer::tidy`).
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(Opened {
        writer,
        reader,
        position,
    })
}

/// The start of this schema's folder names for an analyser: `v5-voikko-`.
fn prefix(analyser: &Analyser) -> String {
    format!("{SCHEMA}-{}-", analyser.tag())
}

/// The folder the pointer names, if it names one of this schema and analyser that exists.
pub(super) fn read_pointer(root: &Path, analyser: &Analyser) -> Option<String> {
    let name = std::fs::read_to_string(root.join(POINTER)).ok()?;
    let name = name.trim();
    (name.starts_with(&prefix(analyser)) && root.join(name).is_dir()).then(|| name.to_owned())
}

/// Point `current` at `folder`: write a temporary file, sync it, rename it over the pointer
/// (a rename within one folder is atomic, so a reader sees the old name or the new one).
pub(super) fn write_pointer(root: &Path, folder: &str) -> Result<(), std::io::Error> {
    use std::io::Write;
    let tmp = root.join(format!("{POINTER}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(folder.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, root.join(POINTER))?;
    if let Ok(dir) = std::fs::File::open(root) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A new folder name; names sort by creation time.
pub(super) fn new_folder_name(analyser: &Analyser) -> String {
    format!(
        "{}{}-{}",
        prefix(analyser),
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        std::process::id()
    )
}

/// Whether an index writer holds the folder's writer lock: a `lupa reindex` still building it
/// (in this process or another; the lock is the operating system's, so a killed process
/// holds none).
fn writer_holds(dir: &Path) -> bool {
    use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
    match MmapDirectory::open(dir) {
        Ok(directory) => directory.acquire_lock(&INDEX_WRITER_LOCK).is_err(),
        Err(_) => false,
    }
}

/// Remove every index folder but `keep`: those a swap left behind, older schemas, the other
/// analyser's, and the half-built folders of a reindex that was killed. A folder whose writer
/// lock is held belongs to a reindex still running and stays. Searches still running on a
/// removed folder finish undisturbed: their files stay readable until they let go of them.
pub(super) fn remove_other_folders(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with('v') && entry.path().is_dir();
        if !ours || name == keep || writer_holds(&entry.path()) {
            continue;
        }
        match std::fs::remove_dir_all(entry.path()) {
            Ok(()) => tracing::info!(folder = %name, "removed an old search index folder"),
            Err(e) => {
                tracing::warn!(folder = %name, error = %e, "could not remove an old search index")
            }
        }
    }
}

/// This node's id: made once and kept in `<data_dir>/search/node-id`.
pub(super) fn node_id(root: &Path) -> Result<String, std::io::Error> {
    let path = root.join("node-id");
    if let Ok(id) = std::fs::read_to_string(&path)
        && !id.trim().is_empty()
    {
        return Ok(id.trim().to_owned());
    }
    let id = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    std::fs::write(&path, &id)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_gets_the_most_tantivy_may_use_but_no_more_than_a_quarter_of_memory_shared() {
        let gib: u64 = 1 << 30;
        // 24 GiB, 2 threads: 3 GiB each (a quarter would allow 3 GiB too).
        assert_eq!(writer_bytes(Some(24 * gib), 2), 3 << 30);
        // 4 GiB, 2 threads: half a GiB each.
        assert_eq!(writer_bytes(Some(4 * gib), 2), 512 << 20);
        // Tiny machines still give tantivy its minimum; unknown memory: the constant.
        assert_eq!(writer_bytes(Some(64 << 20), 8), 15 << 20);
        assert_eq!(writer_bytes(None, 2), 3 << 30);
    }
}
