//! The search index of this node and its indexer: drains the outbox in batches into tantivy,
//! recording the last applied outbox position in each commit's payload, so a restart resumes
//! exactly there. An index without a payload (new, or of an older schema) is rebuilt from
//! the database.
mod documents;
mod folders;
mod words;
mod writer;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::Duration,
};

use sea_orm::{DatabaseConnection, DbErr};
use tantivy::{IndexReader, IndexWriter};

use self::folders::{
    new_folder_name, node_id, open_folder, read_pointer, remove_other_folders, write_pointer,
};
use super::{
    outbox,
    schema::{self, Analyser, Fields},
};

/// Outbox rows applied per tantivy commit.
const BATCH: u64 = 500;
/// How often the indexer looks at the outbox (and at the `current` pointer) without being
/// woken.
const POLL: Duration = Duration::from_secs(1);
const TRIM_EVERY: Duration = Duration::from_secs(3600);
/// Memory for each of the index writer's threads: the most a segment may take before it is
/// written out. Taken only as it fills (an outbox batch takes a few megabytes); a rebuild
/// fills it, so that each thread writes one segment and no merge is needed afterwards
/// (tantivy's limit is 4 GiB; the search benchmark's whole process peaked at 0.7 GiB with
/// 120,000 documents and 1.8 GiB with 600,000, on two threads). A larger site writes more
/// segments, merged at the end of the rebuild as before.
const WRITER_BYTES_PER_THREAD: usize = 3 << 30;
/// The search folder under the data folder: index folders, the `current` pointer, node id.
const SEARCH_DIR: &str = "search";
/// The file naming the index folder in use; replaced by an atomic rename.
const POINTER: &str = "current";
/// Index folders are named `<SCHEMA>-<analyser>-<time>`; another prefix (an older schema, or
/// the other Finnish analyser) is rebuilt.
const SCHEMA: &str = "v7";

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
    /// Where the names results show are kept (`search::names`); unset, they are read each time.
    names: std::sync::OnceLock<crate::page_cache::PageCache>,
    /// The fields each segment has (`query::lexicon`).
    present: super::query::PresentFields,
    /// The analysers snippets are made with.
    snippets: super::schema::SnippetAnalyzers,
    /// Set while the index searches read has never been filled: a search of it finds
    /// nothing until the rebuild filling it commits, and the search page says so.
    building: Mutex<Option<Building>>,
}

/// How far the first filling of an index has come: posts done of posts in all (0 of 0 before
/// the rebuild has counted them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Building {
    pub done: usize,
    pub total: usize,
}

impl Building {
    /// How much is done, in whole percent (0 before the posts are counted). Readers are shown
    /// this, not the counts: those include posts they may not open.
    pub fn percent(&self) -> u8 {
        if self.total == 0 {
            return 0;
        }
        u8::try_from(self.done.min(self.total) * 100 / self.total).unwrap_or(100)
    }
}

struct Writer {
    writer: Arc<Mutex<IndexWriter>>,
    /// The index folder (under `root`) this writer writes.
    folder: String,
    position: i64,
    /// Whether the index has never been filled (no payload): rebuild instead of replaying.
    fresh: bool,
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
            names: std::sync::OnceLock::new(),
            present: Default::default(),
            snippets: Default::default(),
            building: Mutex::new(position.is_none().then(Building::default)),
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
        self.set_building(opened.position.is_none().then(Building::default));
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

    /// `Some` while the index searches read has never been filled (a first start, or the
    /// first start after an upgrade that changed the index): it finds nothing until the
    /// rebuild filling it commits.
    pub fn building(&self) -> Option<Building> {
        *self.0.building.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Record how far the filling has come (nothing if the index searched was filled before).
    fn note_progress(&self, done: usize, total: usize) {
        let mut building = self.0.building.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(b) = building.as_mut() {
            *b = Building { done, total };
        }
    }

    fn set_building(&self, building: Option<Building>) {
        *self.0.building.lock().unwrap_or_else(|e| e.into_inner()) = building;
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

    /// Which fields the segments of this index's searchers have.
    pub fn present_fields(&self) -> &super::query::PresentFields {
        &self.0.present
    }

    /// The analysers snippets are made with (`schema::SnippetAnalyzers`).
    pub fn snippet_analyzers(&self) -> &super::schema::SnippetAnalyzers {
        &self.0.snippets
    }

    /// Keep the names of people, organisations and labels that results show in `cache`
    /// (dropped with its pages). Set once, at start-up; later calls change nothing.
    pub fn keep_names_in(&self, cache: crate::page_cache::PageCache) {
        let _ = self.0.names.set(cache);
    }

    pub(crate) fn names_memory(&self) -> Option<&crate::page_cache::PageCache> {
        self.0.names.get()
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

    /// The positions this node's index has applied, as they are announced: the page cache
    /// drops what it holds whenever this moves.
    pub fn applied_feed(&self) -> tokio::sync::watch::Receiver<i64> {
        self.0.applied.subscribe()
    }

    /// The newest outbox position in the database, after numbering every change committed
    /// so far (so a write that has returned is at or below it).
    pub async fn outbox_position(&self) -> Result<i64, SearchError> {
        outbox::sequence(&self.0.db).await?;
        Ok(outbox::last_position(&self.0.db).await?)
    }

    /// This node's name in `search_nodes`.
    pub fn node(&self) -> &str {
        &self.0.node
    }
}

/// A node that has not reported for this many days no longer holds back outbox trimming.
pub const NODE_STALE_DAYS: i64 = 7;
