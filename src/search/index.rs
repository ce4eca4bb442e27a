//! The search index of this node and its indexer: drains the outbox in batches into tantivy,
//! recording the last applied outbox position in each commit's payload, so a restart resumes
//! exactly there. An index without a payload (new, or of an older schema) is rebuilt from
//! the database.
use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::Duration,
};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term,
    directory::MmapDirectory,
    indexer::{LogMergePolicy, NoMergePolicy},
};

use super::{
    outbox::{self, Change},
    schema::{self, Analyser, Fields},
};
use crate::{
    entities::{
        comment, label, organization, post, post_label,
        tasks::{option, question, task},
        user, workshop, workshop_agenda_item,
    },
    i18n::Lang,
};

/// Outbox rows applied per tantivy commit.
const BATCH: u64 = 500;
/// How often the indexer looks at the outbox (and at the `current` pointer) without being
/// woken.
const POLL: Duration = Duration::from_secs(1);
const TRIM_EVERY: Duration = Duration::from_secs(3600);
/// Chunks of 200 posts (with their comments) per commit of a rebuild.
const CHUNKS_PER_COMMIT: usize = 10;
/// Memory for the index writer.
const WRITER_BYTES: usize = 50_000_000;
/// The search folder under the data folder: index folders, the `current` pointer, node id.
const SEARCH_DIR: &str = "search";
/// The file naming the index folder in use; replaced by an atomic rename.
const POINTER: &str = "current";
/// Index folders are named `<SCHEMA>-<analyser>-<time>`; another prefix (an older schema, or
/// the other Finnish analyser) is rebuilt.
const SCHEMA: &str = "v4";
/// The payload of the commits of a rebuild before its last: not a position.
const REBUILDING: &str = "rebuilding";

/// Why searching or indexing failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Query(#[from] tantivy::query::QueryParserError),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("opening the search index folder: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("the indexer task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl From<SearchError> for crate::error::AppError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Db(e) => e.into(),
            other => crate::error::AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// This node's index: cheap to clone, shared by handlers and the indexer.
#[derive(Clone)]
pub struct Search(Arc<Inner>);

struct Inner {
    db: DatabaseConnection,
    fields: Fields,
    /// Which analyser handles Finnish, on both the index and the query side.
    analyser: Analyser,
    /// `<data_dir>/search`.
    root: PathBuf,
    /// This node's name in `search_nodes`.
    node: String,
    /// The reader of the folder in use; replaced when `lupa reindex` swaps folders.
    reader: RwLock<IndexReader>,
    /// The writer with the position it has committed; one catch-up at a time.
    writer: tokio::sync::Mutex<Writer>,
    /// The position searchers see, announced after each commit.
    applied: tokio::sync::watch::Sender<i64>,
}

struct Writer {
    writer: Arc<Mutex<IndexWriter>>,
    /// The index folder (under `root`) this writer writes.
    folder: String,
    position: i64,
    /// Whether the index has never been filled (no payload): rebuild instead of replaying.
    fresh: bool,
}

/// An index folder opened: its writer, reader and the position in its last commit.
struct Opened {
    writer: IndexWriter,
    reader: IndexReader,
    position: Option<i64>,
}

/// Segments (id, documents) shared out into at most `groups` groups of about as many
/// documents each, largest first into the group with the fewest so far; the groups of more
/// than one segment, each to merge into one.
fn merge_groups<Id: Clone>(mut segments: Vec<(Id, u32)>, groups: usize) -> Vec<Vec<Id>> {
    if segments.len() <= groups.max(1) {
        return Vec::new();
    }
    segments.sort_by_key(|s| std::cmp::Reverse(s.1));
    let mut buckets: Vec<(u32, Vec<Id>)> = vec![(0, Vec::new()); groups.max(1)];
    for (id, docs) in segments {
        if let Some(bucket) = buckets.iter_mut().min_by_key(|b| b.0) {
            bucket.0 += docs;
            bucket.1.push(id);
        }
    }
    buckets
        .into_iter()
        .map(|(_, ids)| ids)
        .filter(|ids| ids.len() > 1)
        .collect()
}

/// Merging turned off on a writer for a rebuild, and tantivy's usual merge policy back when
/// dropped — also when the rebuild fails half-way.
struct MergingOff(Arc<Mutex<IndexWriter>>);

impl MergingOff {
    fn new(writer: &Arc<Mutex<IndexWriter>>) -> MergingOff {
        writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .set_merge_policy(Box::new(NoMergePolicy));
        MergingOff(writer.clone())
    }
}

impl Drop for MergingOff {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .set_merge_policy(Box::new(LogMergePolicy::default()));
    }
}

/// Threads a search uses: one per core, at most four.
fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

fn open_folder(dir: &Path) -> Result<Opened, SearchError> {
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
    let writer: IndexWriter = index.writer(WRITER_BYTES)?;
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

/// The start of this schema's folder names for an analyser: `v4-voikko-`.
fn prefix(analyser: &Analyser) -> String {
    format!("{SCHEMA}-{}-", analyser.tag())
}

/// The folder the pointer names, if it names one of this schema and analyser that exists.
fn read_pointer(root: &Path, analyser: &Analyser) -> Option<String> {
    let name = std::fs::read_to_string(root.join(POINTER)).ok()?;
    let name = name.trim();
    (name.starts_with(&prefix(analyser)) && root.join(name).is_dir()).then(|| name.to_owned())
}

/// Point `current` at `folder`: write a temporary file, sync it, rename it over the pointer
/// (a rename within one folder is atomic, so a reader sees the old name or the new one).
fn write_pointer(root: &Path, folder: &str) -> Result<(), std::io::Error> {
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
fn new_folder_name(analyser: &Analyser) -> String {
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
fn remove_other_folders(root: &Path, keep: &str) {
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
fn node_id(root: &Path) -> Result<String, std::io::Error> {
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

impl Search {
    /// Open (or create) the index the pointer `<data_dir>/search/current` names, for this
    /// Finnish analyser; an index made with the other one is replaced by a fresh one, which
    /// the indexer fills from the database.
    pub fn open(
        db: DatabaseConnection,
        data_dir: &Path,
        analyser: Analyser,
    ) -> Result<Search, SearchError> {
        let root = data_dir.join(SEARCH_DIR);
        std::fs::create_dir_all(&root)?;
        let folder = match read_pointer(&root, &analyser) {
            Some(folder) => folder,
            None => {
                let folder = new_folder_name(&analyser);
                std::fs::create_dir_all(root.join(&folder))?;
                write_pointer(&root, &folder)?;
                folder
            }
        };
        remove_other_folders(&root, &folder);
        Self::open_at(db, root, folder, analyser)
    }

    fn open_at(
        db: DatabaseConnection,
        root: PathBuf,
        folder: String,
        analyser: Analyser,
    ) -> Result<Search, SearchError> {
        let opened = open_folder(&root.join(&folder))?;
        let (_, fields) = schema::schema();
        let position = opened.position;
        Ok(Search(Arc::new(Inner {
            db,
            fields,
            analyser,
            node: node_id(&root)?,
            root,
            reader: RwLock::new(opened.reader),
            writer: tokio::sync::Mutex::new(Writer {
                writer: Arc::new(Mutex::new(opened.writer)),
                folder,
                position: position.unwrap_or(0),
                fresh: position.is_none(),
            }),
            applied: tokio::sync::watch::Sender::new(position.unwrap_or(0)),
        })))
    }

    /// `lupa reindex`: rebuild from the database into a fresh folder beside the one in use,
    /// then point `current` at it. A running node notices on its next poll, reopens, applies
    /// what changed since, and removes the old folder. Returns the position reached.
    pub async fn rebuild_fresh(
        db: DatabaseConnection,
        data_dir: &Path,
        analyser: Analyser,
        progress: impl Fn(usize, usize),
    ) -> Result<i64, SearchError> {
        let root = data_dir.join(SEARCH_DIR);
        std::fs::create_dir_all(&root)?;
        let folder = new_folder_name(&analyser);
        let fresh = Self::open_at(db, root.clone(), folder.clone(), analyser)?;
        let position = fresh.rebuild(progress).await?;
        // Let go of the writer (and its lock) before anyone else opens the folder.
        drop(fresh);
        write_pointer(&root, &folder)?;
        Ok(position)
    }

    /// The index folder this node uses now.
    pub async fn folder(&self) -> String {
        self.0.writer.lock().await.folder.clone()
    }

    /// If `current` names another folder than the one in use, switch to it: searches already
    /// running finish on the old reader, new ones use the new folder. Returns whether it
    /// switched.
    pub async fn follow_pointer(&self) -> Result<bool, SearchError> {
        let Some(named) = read_pointer(&self.0.root, &self.0.analyser) else {
            return Ok(false);
        };
        let mut w = self.0.writer.lock().await;
        if named == w.folder {
            return Ok(false);
        }
        let opened = open_folder(&self.0.root.join(&named))?;
        *self.0.reader.write().unwrap_or_else(|e| e.into_inner()) = opened.reader;
        let old = std::mem::replace(
            &mut *w,
            Writer {
                writer: Arc::new(Mutex::new(opened.writer)),
                folder: named.clone(),
                position: opened.position.unwrap_or(0),
                fresh: opened.position.is_none(),
            },
        );
        self.0.applied.send_replace(w.position);
        drop(w);
        tracing::info!(folder = %named, "switched to the rebuilt search index");
        // Let the old writer finish its merges (they write into the old folder) and release
        // its lock, then remove the folder.
        let root = self.0.root.clone();
        tokio::task::spawn_blocking(move || {
            if let Ok(writer) = Arc::try_unwrap(old.writer) {
                let writer = writer.into_inner().unwrap_or_else(|e| e.into_inner());
                if let Err(e) = writer.wait_merging_threads() {
                    tracing::warn!(error = %e, "the old search index's merges failed");
                }
            }
            remove_other_folders(&root, &named);
        })
        .await?;
        Ok(true)
    }

    pub fn fields(&self) -> &Fields {
        &self.0.fields
    }

    /// The analyser handling Finnish in this index and its queries.
    pub fn analyser(&self) -> &Analyser {
        &self.0.analyser
    }

    pub fn searcher(&self) -> tantivy::Searcher {
        self.0
            .reader
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .searcher()
    }

    fn reload(&self) -> Result<(), SearchError> {
        self.0
            .reader
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .reload()?;
        Ok(())
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.0.db
    }

    /// The last outbox position applied to the index.
    pub async fn position(&self) -> i64 {
        self.0.writer.lock().await.position
    }

    /// Wait until the index has applied the outbox up to `position` (for tests and for
    /// read-your-writes; the indexer task does the work).
    pub async fn applied(&self, position: i64) {
        let mut rx = self.0.applied.subscribe();
        let _ = rx.wait_for(|&p| p >= position).await;
    }

    /// The newest outbox position in the database, after numbering every change committed
    /// so far (so a write that has returned is at or below it).
    pub async fn outbox_position(&self) -> Result<i64, SearchError> {
        outbox::sequence(&self.0.db).await?;
        Ok(outbox::last_position(&self.0.db).await?)
    }

    /// Apply everything in the outbox that the index has not seen, in batches, each its own
    /// tantivy commit carrying its position. Returns the position reached. Tests call this to
    /// make the index current; the indexer task calls it when woken.
    pub async fn catch_up(&self) -> Result<i64, SearchError> {
        let mut w = self.0.writer.lock().await;
        let first = outbox::first_position(&self.0.db).await?;
        if first.is_some_and(|first| first > w.position + 1) {
            // Rows this node had not applied were trimmed (it was away too long).
            w.fresh = true;
        }
        if w.fresh {
            drop(w);
            self.rebuild(|_, _| {}).await?;
            w = self.0.writer.lock().await;
        }
        loop {
            outbox::sequence(&self.0.db).await?;
            let batch = outbox::after(&self.0.db, w.position, BATCH).await?;
            let Some(&(last, _)) = batch.last() else {
                return Ok(w.position);
            };
            let changes: Vec<Change> = batch.into_iter().filter_map(|(_, c)| c).collect();
            let targets = affected(&self.0.db, &changes).await?;
            let docs = self.documents(&targets).await?;
            self.commit(&w.writer, false, &targets, docs, &last.to_string())
                .await?;
            w.position = last;
            self.0.applied.send_replace(last);
        }
    }

    /// Rebuild the whole index from the database, reporting (done, total) as it goes.
    pub async fn rebuild(&self, progress: impl Fn(usize, usize)) -> Result<i64, SearchError> {
        let mut w = self.0.writer.lock().await;
        // Changes after this position are applied again afterwards: applying twice is harmless.
        // Everything numbered up to it committed before the rows below are read.
        outbox::sequence(&self.0.db).await?;
        let position = outbox::last_position(&self.0.db).await?;
        let post_ids: Vec<i32> = post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .into_tuple()
            .all(&self.0.db)
            .await?;
        let total = post_ids.len();
        let chunks: Vec<&[i32]> = post_ids.chunks(200).collect();
        // Workshops (their minutes and outcomes) go with the first commit (the one that
        // clears the index).
        let mut workshops: BTreeSet<i32> = workshop::Entity::find()
            .select_only()
            .column(workshop::Column::Id)
            .into_tuple::<i32>()
            .all(&self.0.db)
            .await?
            .into_iter()
            .collect();
        let mut tasks: BTreeSet<i32> = task::Entity::find()
            .select_only()
            .column(task::Column::Id)
            .into_tuple::<i32>()
            .all(&self.0.db)
            .await?
            .into_iter()
            .collect();
        // No merging while the segments pile up (the rebuild's commits delete nothing, so
        // many segments cost nothing); one merge into a few segments at the end.
        let merging_off = MergingOff::new(&w.writer);
        let mut done = 0;
        let mut pending = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let comments: Vec<i32> = comment::Entity::find()
                .select_only()
                .column(comment::Column::Id)
                .filter(comment::Column::PostId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&self.0.db)
                .await?;
            let targets = Targets {
                posts: chunk.iter().copied().collect(),
                comments: comments.into_iter().collect(),
                workshops: std::mem::take(&mut workshops),
                tasks: std::mem::take(&mut tasks),
            };
            pending.extend(self.documents(&targets).await?);
            done += chunk.len();
            let last = i + 1 == chunks.len();
            if last || (i + 1) % CHUNKS_PER_COMMIT == 0 {
                // Only the last commit records a position: a rebuild cut short starts over.
                // The first clears the index; nothing else needs deleting, as every document
                // is new to it.
                let payload = if last {
                    position.to_string()
                } else {
                    REBUILDING.to_owned()
                };
                let docs = std::mem::take(&mut pending);
                let clear = i < CHUNKS_PER_COMMIT;
                self.commit(&w.writer, clear, &Targets::default(), docs, &payload)
                    .await?;
            }
            progress(done, total);
        }
        self.compact(&w.writer).await?;
        drop(merging_off);
        if chunks.is_empty() {
            let targets = Targets {
                workshops,
                tasks,
                ..Targets::default()
            };
            let docs = self.documents(&targets).await?;
            self.commit(&w.writer, true, &targets, docs, &position.to_string())
                .await?;
        }
        w.position = position;
        w.fresh = false;
        self.0.applied.send_replace(position);
        Ok(position)
    }

    /// Merge the index into as many segments as a search uses threads (after a rebuild, with
    /// merging off). Fewer segments
    /// make every query cheaper: each looks its terms up per segment, and each segment's
    /// search must fill its own top before it can skip anything.
    async fn compact(&self, writer: &Arc<Mutex<IndexWriter>>) -> Result<(), SearchError> {
        let writer = writer.clone();
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
            let segments: Vec<_> = writer
                .index()
                .searchable_segment_metas()?
                .iter()
                .map(|m| (m.id(), m.num_docs()))
                .collect();
            let merges: Vec<_> = merge_groups(segments, search_threads())
                .iter()
                .map(|group| writer.merge(group))
                .collect();
            for merge in merges {
                merge.wait()?;
            }
            Ok(())
        })
        .await??;
        self.reload()
    }

    /// Replace the documents of these targets with `docs` and commit at `position`.
    async fn commit(
        &self,
        writer: &Arc<Mutex<IndexWriter>>,
        clear: bool,
        targets: &Targets,
        docs: Vec<TantivyDocument>,
        payload: &str,
    ) -> Result<(), SearchError> {
        let payload = payload.to_owned();
        let writer = writer.clone();
        let key = self.0.fields.key;
        let keyed = |kind: &'static str, ids: &BTreeSet<i32>| -> Vec<Term> {
            ids.iter()
                .map(|id| Term::from_field_text(key, &format!("{kind}:{id}")))
                .collect()
        };
        let mut deletes = keyed("post", &targets.posts);
        deletes.extend(keyed("comment", &targets.comments));
        deletes.extend(keyed("workshop", &targets.workshops));
        deletes.extend(keyed("task", &targets.tasks));
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
            if clear {
                writer.delete_all_documents()?;
            }
            for term in deletes {
                writer.delete_term(term);
            }
            for doc in docs {
                writer.add_document(doc)?;
            }
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            Ok(())
        })
        .await??;
        self.reload()?;
        Ok(())
    }

    /// The documents of these targets as they are now; nothing for a draft, a removed or
    /// hidden comment, a comment on a draft, or a cancelled workshop or one without minutes.
    async fn documents(&self, targets: &Targets) -> Result<Vec<TantivyDocument>, SearchError> {
        let db = &self.0.db;
        let post_ids = &targets.posts;
        let comment_ids = &targets.comments;
        let workshops = workshop::Entity::find()
            .filter(workshop::Column::Id.is_in(targets.workshops.iter().copied()))
            .filter(workshop::Column::CancelledAt.is_null())
            .all(db)
            .await?;
        let outcomes = workshop_agenda_item::Entity::find()
            .filter(workshop_agenda_item::Column::WorkshopId.is_in(workshops.iter().map(|w| w.id)))
            .filter(workshop_agenda_item::Column::OutcomeMd.is_not_null())
            .order_by_asc(workshop_agenda_item::Column::Position)
            .all(db)
            .await?;
        let comments = comment::Entity::find()
            .filter(comment::Column::Id.is_in(comment_ids.iter().copied()))
            .all(db)
            .await?;
        let mut all_posts: BTreeSet<i32> = post_ids.clone();
        all_posts.extend(comments.iter().map(|c| c.post_id));
        let posts = post::Entity::find()
            .filter(post::Column::Id.is_in(all_posts))
            .all(db)
            .await?;
        let tasks = task::Entity::find()
            .filter(task::Column::Id.is_in(targets.tasks.iter().copied()))
            .all(db)
            .await?;
        let questions = question::Entity::find()
            .filter(question::Column::TaskId.is_in(tasks.iter().map(|t| t.id)))
            .order_by_asc(question::Column::Position)
            .all(db)
            .await?;
        let options = option::Entity::find()
            .filter(option::Column::QuestionId.is_in(questions.iter().map(|q| q.id)))
            .order_by_asc(option::Column::Position)
            .all(db)
            .await?;
        let mut people: BTreeSet<i32> = posts.iter().map(|p| p.author_id).collect();
        people.extend(comments.iter().map(|c| c.author_id));
        people.extend(workshops.iter().filter_map(|w| w.minutes_by));
        people.extend(tasks.iter().map(|t| t.created_by));
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(people))
            .all(db)
            .await?;
        let orgs = organization::Entity::find().all(db).await?;
        let post_ids_all: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let links = post_label::Entity::find()
            .filter(post_label::Column::PostId.is_in(post_ids_all))
            .all(db)
            .await?;
        // Panel discussion topics (and their replies) belong to their panel's scope only.
        let panel_of: std::collections::HashMap<i32, i32> =
            crate::entities::panel_topic::Entity::find()
                .filter(
                    crate::entities::panel_topic::Column::PostId.is_in(posts.iter().map(|p| p.id)),
                )
                .all(db)
                .await?
                .into_iter()
                .map(|t| (t.post_id, t.panel_id))
                .collect();
        let label_rows = label::Entity::find()
            .filter(
                label::Column::Id.is_in(links.iter().map(|l| l.label_id).collect::<BTreeSet<_>>()),
            )
            .all(db)
            .await?;
        let labels_of = |post: i32| -> Vec<(i32, String)> {
            links
                .iter()
                .filter(|l| l.post_id == post)
                .filter_map(|l| label_rows.iter().find(|x| x.id == l.label_id))
                .map(|x| (x.id, x.name.clone()))
                .collect()
        };
        let org_of = |author: i32| -> Option<i32> {
            people
                .iter()
                .find(|p| p.id == author)
                .and_then(|p| p.organization_id)
        };
        let byline = |author: i32| -> String {
            let person = people.iter().find(|p| p.id == author);
            let org = person
                .and_then(|p| p.organization_id)
                .and_then(|o| orgs.iter().find(|x| x.id == o));
            format!(
                "{} {}",
                person.map_or("", |p| p.display_name.as_str()),
                org.map_or("", |o| o.name.as_str())
            )
        };
        let f = &self.0.fields;
        let analyser = &self.0.analyser;
        let mut docs = Vec::new();
        for p in posts.iter().filter(|p| post_ids.contains(&p.id)) {
            if p.status != "published" {
                continue;
            }
            let body = crate::markdown::excerpt(&p.body_md, usize::MAX);
            let date = p.published_at.unwrap_or(p.created_at).timestamp_millis();
            docs.push(document(
                f,
                analyser,
                Doc {
                    key: format!("post:{}", p.id),
                    kind: "post",
                    id: p.id,
                    post: p,
                    panel: panel_of.get(&p.id).copied(),
                    title: &p.title,
                    body: &body,
                    byline: &byline(p.author_id),
                    date,
                    author: p.author_id,
                    org: org_of(p.author_id),
                    labels: &labels_of(p.id),
                },
            ));
        }
        for c in &comments {
            let Some(p) = posts.iter().find(|p| p.id == c.post_id) else {
                continue;
            };
            if p.status != "published" || c.deleted_at.is_some() || c.hidden_at.is_some() {
                continue;
            }
            let body = crate::markdown::excerpt(&c.body_md, usize::MAX);
            docs.push(document(
                f,
                analyser,
                Doc {
                    key: format!("comment:{}", c.id),
                    kind: "comment",
                    id: c.id,
                    post: p,
                    panel: panel_of.get(&p.id).copied(),
                    title: "",
                    body: &body,
                    byline: &byline(c.author_id),
                    date: c.created_at.timestamp_millis(),
                    author: c.author_id,
                    org: org_of(c.author_id),
                    labels: &labels_of(p.id),
                },
            ));
        }
        // A workshop's minutes, readable by the panel's members: Finnish (the panel's working
        // language; a workshop has no language of its own), dated by the workshop.
        for w in &workshops {
            // The minutes, then each agenda item with its outcome.
            let mut body = w
                .minutes
                .as_deref()
                .map(|m| crate::markdown::excerpt(m, usize::MAX))
                .unwrap_or_default();
            for item in outcomes.iter().filter(|i| i.workshop_id == w.id) {
                let outcome = item.outcome_md.as_deref().unwrap_or_default();
                body.push_str(&format!(
                    "\n\n{}: {}",
                    item.title,
                    crate::markdown::excerpt(outcome, usize::MAX)
                ));
            }
            if body.trim().is_empty() {
                continue;
            }
            let author = w.minutes_by.unwrap_or(w.created_by);
            docs.push(panel_document(
                f,
                analyser,
                PanelDoc {
                    key: format!("workshop:{}", w.id),
                    kind: "minutes",
                    kind_code: schema::KIND_MINUTES,
                    id: w.id,
                    panel: w.panel_id,
                    title: &w.title,
                    body: &body,
                    byline: &byline(author),
                    author,
                    org: org_of(author),
                    date: w.starts_at.timestamp_millis(),
                },
            ));
        }
        // A panel task: its title, introduction, questions and options (never answers).
        for t in &tasks {
            let mut body = crate::markdown::excerpt(&t.intro_md, usize::MAX);
            for q in questions.iter().filter(|q| q.task_id == t.id) {
                body.push_str("\n\n");
                body.push_str(&q.prompt);
                for o in options.iter().filter(|o| o.question_id == q.id) {
                    body.push('\n');
                    body.push_str(&o.label);
                }
            }
            docs.push(panel_document(
                f,
                analyser,
                PanelDoc {
                    key: format!("task:{}", t.id),
                    kind: "task",
                    kind_code: schema::KIND_TASK,
                    id: t.id,
                    panel: t.panel_id,
                    title: &t.title,
                    body: &body,
                    byline: &byline(t.created_by),
                    author: t.created_by,
                    org: org_of(t.created_by),
                    date: t.opens_at.timestamp_millis(),
                },
            ));
        }
        Ok(docs)
    }

    /// Run the indexer until the process ends: woken by new outbox rows, and polling (a
    /// wake-up can come just before the writer's commit; the poll picks that row up). Each
    /// poll also follows the `current` pointer (a `lupa reindex` swap) and reports this
    /// node's position in `search_nodes`; once an hour it trims the outbox below every live
    /// node's position.
    pub fn spawn_indexer(&self) {
        let search = self.clone();
        crate::clock::spawn(async move {
            let mut last_trim = tokio::time::Instant::now();
            loop {
                if let Err(e) = search.tick(last_trim.elapsed() >= TRIM_EVERY).await {
                    tracing::warn!(error = %e, "search indexer could not catch up");
                }
                if last_trim.elapsed() >= TRIM_EVERY {
                    last_trim = tokio::time::Instant::now();
                }
                tokio::select! {
                    _ = outbox::woken() => {},
                    _ = tokio::time::sleep(POLL) => {},
                }
            }
        });
    }

    /// One round of the indexer: follow a swapped folder, catch up, report, maybe trim.
    pub async fn tick(&self, trim: bool) -> Result<i64, SearchError> {
        self.follow_pointer().await?;
        let position = self.catch_up().await?;
        outbox::report(&self.0.db, &self.0.node, position).await?;
        if trim {
            let deleted = outbox::trim(&self.0.db, NODE_STALE_DAYS).await?;
            tracing::debug!(deleted, "trimmed the search outbox");
        }
        Ok(position)
    }

    /// This node's name in `search_nodes`.
    pub fn node(&self) -> &str {
        &self.0.node
    }
}

/// A node that has not reported for this many days no longer holds back outbox trimming.
pub const NODE_STALE_DAYS: i64 = 7;

/// What an outbox batch (or a rebuild chunk) touches.
#[derive(Debug, Default)]
struct Targets {
    posts: BTreeSet<i32>,
    comments: BTreeSet<i32>,
    workshops: BTreeSet<i32>,
    tasks: BTreeSet<i32>,
}

/// A document of a panel's own (a workshop's minutes, a task), readable by the panel.
struct PanelDoc<'a> {
    key: String,
    kind: &'static str,
    kind_code: u64,
    id: i32,
    panel: i32,
    title: &'a str,
    body: &'a str,
    byline: &'a str,
    author: i32,
    org: Option<i32>,
    date: i64,
}

/// Panels work in Finnish (minutes and tasks have no language of their own).
fn panel_document(f: &Fields, analyser: &Analyser, d: PanelDoc<'_>) -> TantivyDocument {
    let lang = Lang::Fi;
    let (title_field, body_field) = f.text_of(lang);
    let scope = super::scope::Scope::Panel(d.panel).term();
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &d.key);
    doc.add_text(f.kind, d.kind);
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.scope_code, super::scope::Scope::code_of_term(&scope));
    doc.add_text(f.scope, scope);
    doc.add_text(f.lang, lang.code());
    doc.add_text(title_field, d.title);
    doc.add_text(body_field, d.body);
    doc.add_text(f.words, d.title);
    doc.add_text(f.words, d.body);
    doc.add_u64(f.author, d.author as u64);
    if let Some(org) = d.org {
        doc.add_u64(f.org, org as u64);
    }
    doc.add_u64(f.kind_code, d.kind_code);
    doc.add_text(f.byline, d.byline);
    doc.add_text(f.folded, d.title);
    doc.add_text(f.folded, d.body);
    doc.add_text(f.pairs_title, schema::pairs_text(lang, d.title));
    doc.add_text(f.pairs_body, schema::pairs_text(lang, d.body));
    add_finnish_analysis(&mut doc, f, analyser, lang, d.title, d.body);
    doc.add_i64(f.date, d.date);
    doc
}

/// The Finnish analyser's fields: Voikko's base forms and compound parts (Finnish text
/// only), or the n-grams of the fallback.
fn add_finnish_analysis(
    doc: &mut TantivyDocument,
    f: &Fields,
    analyser: &Analyser,
    lang: Lang,
    title: &str,
    body: &str,
) {
    match analyser {
        // Swedish and English need neither: their stems are in the language fields.
        Analyser::Voikko(voikko) => {
            if lang == Lang::Fi {
                let title = schema::voikko_texts(voikko, title);
                let body = schema::voikko_texts(voikko, body);
                doc.add_text(f.base_title, title.bases);
                doc.add_text(f.base_body, body.bases);
                doc.add_text(f.parts, format!("{} {}", title.parts, body.parts));
                doc.add_text(
                    f.grams,
                    format!("{} {}", title.unknown_grams, body.unknown_grams),
                );
            }
        }
        Analyser::Snowball => doc.add_text(f.grams, schema::grams_text(&format!("{title} {body}"))),
    }
}

/// What goes into one document.
struct Doc<'a> {
    key: String,
    kind: &'static str,
    id: i32,
    post: &'a post::Model,
    /// The panel whose discussion topic the post is, if it is one.
    panel: Option<i32>,
    title: &'a str,
    body: &'a str,
    byline: &'a str,
    date: i64,
    author: i32,
    org: Option<i32>,
    /// The post's labels (a comment carries its post's), id and name.
    labels: &'a [(i32, String)],
}

fn document(f: &Fields, analyser: &Analyser, d: Doc<'_>) -> TantivyDocument {
    let lang = Lang::parse(&d.post.language).unwrap_or_default();
    let (title_field, body_field) = f.text_of(lang);
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &d.key);
    doc.add_text(f.kind, d.kind);
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.post_id, d.post.id as u64);
    let scope = scope_of(d.post, d.panel);
    doc.add_u64(f.scope_code, super::scope::Scope::code_of_term(&scope));
    doc.add_text(f.scope, scope);
    doc.add_text(f.lang, lang.code());
    if !d.title.is_empty() {
        doc.add_text(title_field, d.title);
    }
    doc.add_text(body_field, d.body);
    for (id, name) in d.labels {
        doc.add_u64(f.label, *id as u64);
        if d.kind == "post" {
            doc.add_text(f.labels_of(lang), name);
            doc.add_text(f.words, name);
        }
    }
    doc.add_text(f.words, d.title);
    doc.add_text(f.words, d.body);
    doc.add_u64(f.author, d.author as u64);
    if let Some(org) = d.org {
        doc.add_u64(f.org, org as u64);
    }
    doc.add_u64(
        f.kind_code,
        if d.kind == "post" {
            schema::KIND_POST
        } else {
            schema::KIND_COMMENT
        },
    );
    doc.add_text(f.byline, d.byline);
    doc.add_text(f.folded, d.title);
    doc.add_text(f.folded, d.body);
    doc.add_text(f.pairs_title, schema::pairs_text(lang, d.title));
    doc.add_text(f.pairs_body, schema::pairs_text(lang, d.body));
    add_finnish_analysis(&mut doc, f, analyser, lang, d.title, d.body);
    doc.add_i64(f.date, d.date);
    doc
}

/// The access scope of a post and its comments: a panel topic's is its panel's alone.
fn scope_of(post: &post::Model, panel: Option<i32>) -> String {
    use super::scope::Scope;
    match (panel, post.visibility.as_str()) {
        (Some(id), _) => Scope::Panel(id).term(),
        (None, "public") => Scope::Public.term(),
        (None, _) => Scope::Members.term(),
    }
}

/// The posts and comments whose documents these changes touch.
async fn affected(db: &impl ConnectionTrait, changes: &[Change]) -> Result<Targets, DbErr> {
    let mut posts = BTreeSet::new();
    let mut comments = BTreeSet::new();
    let mut workshops = BTreeSet::new();
    let mut tasks = BTreeSet::new();
    let mut people = BTreeSet::new();
    for change in changes {
        match *change {
            Change::Post(id) => {
                posts.insert(id);
            }
            Change::Comment(id) => {
                comments.insert(id);
            }
            Change::Person(id) => {
                people.insert(id);
            }
            Change::Workshop(id) => {
                workshops.insert(id);
            }
            Change::Task(id) => {
                tasks.insert(id);
            }
            Change::Organization(org) => {
                let members: Vec<i32> = user::Entity::find()
                    .select_only()
                    .column(user::Column::Id)
                    .filter(user::Column::OrganizationId.eq(org))
                    .into_tuple()
                    .all(db)
                    .await?;
                people.extend(members);
                let org_posts: Vec<i32> = post::Entity::find()
                    .select_only()
                    .column(post::Column::Id)
                    .filter(post::Column::OrganizationId.eq(org))
                    .into_tuple()
                    .all(db)
                    .await?;
                posts.extend(org_posts);
            }
        }
    }
    if !people.is_empty() {
        let by_people: Vec<i32> = post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .filter(post::Column::AuthorId.is_in(people.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        posts.extend(by_people);
        let their_comments: Vec<i32> = comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .filter(comment::Column::AuthorId.is_in(people.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        comments.extend(their_comments);
        let their_minutes: Vec<i32> = workshop::Entity::find()
            .select_only()
            .column(workshop::Column::Id)
            .filter(workshop::Column::MinutesBy.is_in(people.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        workshops.extend(their_minutes);
        let their_tasks: Vec<i32> = task::Entity::find()
            .select_only()
            .column(task::Column::Id)
            .filter(task::Column::CreatedBy.is_in(people.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        tasks.extend(their_tasks);
    }
    if !posts.is_empty() {
        // A post's visibility and status are its comments' too.
        let under: Vec<i32> = comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .filter(comment::Column::PostId.is_in(posts.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        comments.extend(under);
    }
    Ok(Targets {
        posts,
        comments,
        workshops,
        tasks,
    })
}

#[cfg(test)]
mod tests {
    use super::merge_groups;

    #[test]
    fn segments_merge_into_groups_of_about_equal_size() {
        let segments: Vec<(u32, u32)> = (0..50).map(|i| (i, 100 + i * 10)).collect();
        let total: u32 = segments.iter().map(|s| s.1).sum();
        let groups = merge_groups(segments, 2);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 50);
        let sizes: Vec<u32> = groups
            .iter()
            .map(|g| g.iter().map(|id| 100 + id * 10).sum())
            .collect();
        assert_eq!(sizes.iter().sum::<u32>(), total);
        assert!(sizes[0].abs_diff(sizes[1]) <= 590, "{sizes:?}");
        // Already few enough: nothing to merge.
        assert!(merge_groups(vec![(1, 5), (2, 7)], 2).is_empty());
        // Three segments into two groups: one pair to merge, one left alone.
        assert_eq!(
            merge_groups(vec![(1, 10), (2, 4), (3, 5)], 2),
            vec![vec![3, 2]]
        );
    }
}
