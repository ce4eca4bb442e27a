//! The indexer: applying the outbox in batches (each change to the documents it touches),
//! rebuilding from the database, committing with the position reached, and compacting.
use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex, PoisonError},
};

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use tantivy::{
    IndexWriter, TantivyDocument, Term,
    indexer::{LogMergePolicy, MergePolicy},
};

use super::{
    super::outbox::{self, Change},
    BATCH, NODE_STALE_DAYS, POLL, Search, SearchError, TRIM_EVERY,
    folders::search_threads,
    words::Words,
};
use crate::entities::{comment, post, tasks::task, user, workshop};

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

/// Segments of fewer documents than this count as one layer and are merged as soon as there
/// are two.
const SMALL_SEGMENT_DOCS: u32 = 1_000;

/// Segments of more documents than this are never merged by `tidy`: a rebuild's segments are
/// that large only on an index big enough to be searched in parallel, one thread per
/// segment (`compact`), and merging them would take seconds in the indexer's way.
const LARGE_SEGMENT_DOCS: usize = 50_000;

/// Which segments of the live index to merge after a commit. Every commit of the outbox
/// writes a segment, often of one document, and a query does part of its work once per
/// segment (dictionaries, columns, weights): with tantivy's default of merging eight
/// segments of a layer at a time, a small site's searches paid for six segments where one
/// would do. Merging two at a time, with everything under `SMALL_SEGMENT_DOCS` one layer,
/// folds recent documents into the rest at the next commit, at the cost of writing a small
/// segment again.
fn tidy_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_num_segments(2);
    policy.set_min_layer_size(SMALL_SEGMENT_DOCS);
    policy.set_max_docs_before_merge(LARGE_SEGMENT_DOCS);
    policy
}

/// Merge what `tidy_policy` picks, and wait. Every merge of the index is made this way, by
/// the holder of the writer (tantivy's background merging is off, `folders::open_folder`):
/// a merge tantivy started by itself could hold segments that an erasure's `merge_all` or a
/// rebuild's `compact` then also merged, and one of the two would fail.
fn tidy(writer: &mut IndexWriter) -> Result<(), SearchError> {
    let segments = writer.index().searchable_segment_metas()?;
    for candidate in tidy_policy().compute_merge_candidates(&segments) {
        writer.merge(&candidate.0).wait()?;
    }
    Ok(())
}

impl Search {
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
            if changes.iter().any(|c| matches!(c, Change::Erasure(_))) {
                // The erased person's old documents are deleted, but their terms stay in
                // the segment files until a merge rewrites them: on every node, not only
                // on the one where the erasure was made.
                merge_all(w.writer.clone()).await?;
                self.reload()?;
            }
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
        self.note_progress(0, total);
        let progress = |done, total| {
            self.note_progress(done, total);
            progress(done, total);
        };
        let chunks: Vec<&[i32]> = post_ids.chunks(200).collect();
        // Workshops (their minutes and outcomes) and tasks go with the first chunk.
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
        // One commit at the end (only it records a position: a rebuild cut short starts
        // over), then one merge into a few segments. Rows are read while the texts of the
        // rows before them are analysed and indexed.
        {
            let writer = w.writer.clone();
            tokio::task::spawn_blocking(move || {
                writer
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .delete_all_documents()
            })
            .await??;
        }
        let (rows_tx, rows_rx) = tokio::sync::mpsc::channel(2);
        let read = async {
            for chunk in &chunks {
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
                let rows = self.rows(&targets).await?;
                if rows_tx.send((chunk.len(), rows)).await.is_err() {
                    break;
                }
            }
            drop(rows_tx);
            Ok::<_, SearchError>(())
        };
        // The analysis threads live for the whole rebuild: each takes the next chunk read,
        // makes its documents with its own memory of the words it analysed, and hands them to
        // the writer, so no thread waits for another between chunks.
        let rows_rx = Arc::new(Mutex::new(rows_rx));
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
        let threads: Vec<_> = (0..search_threads())
            .map(|_| {
                let rows_rx = rows_rx.clone();
                let done_tx = done_tx.clone();
                let fields = self.0.fields.clone();
                let analyser = self.0.analyser.clone();
                let writer = w.writer.clone();
                tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
                    let mut words = Words::new(&analyser);
                    loop {
                        let next = rows_rx
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .blocking_recv();
                        let Some((posts, rows)) = next else {
                            return Ok(());
                        };
                        let docs = rows.documents_here(&fields, &analyser, &mut words);
                        drop(rows);
                        let writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
                        for doc in docs {
                            writer.add_document(doc)?;
                        }
                        drop(writer);
                        let _ = done_tx.send(posts);
                    }
                })
            })
            .collect();
        // Only the threads hold the channel's ends now: if they all stop, reading stops too.
        drop((rows_rx, done_tx));
        let index = async {
            for thread in threads {
                thread.await??;
            }
            Ok::<_, SearchError>(())
        };
        let report = async {
            let mut done = 0;
            while let Some(posts) = done_rx.recv().await {
                done += posts;
                progress(done, total);
            }
            Ok::<_, SearchError>(())
        };
        tokio::try_join!(read, index, report)?;
        if !chunks.is_empty() {
            self.commit(
                &w.writer,
                false,
                &Targets::default(),
                Vec::new(),
                &position.to_string(),
            )
            .await?;
            self.set_building(None);
        }
        self.compact(&w.writer).await?;
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
        self.set_building(None);
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
            // A merge only makes searching cheaper: one that fails leaves the commit made
            // (and the indexer's position moving on), to be tried again after the next one.
            if let Err(e) = tidy(&mut writer) {
                tracing::warn!(error = %e, "merging the search index's segments failed");
            }
            Ok(())
        })
        .await??;
        self.reload()?;
        Ok(())
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
}

/// Merge every searchable segment into one and delete the files no longer used, so that
/// deleted documents' terms leave the index folder.
async fn merge_all(writer: Arc<Mutex<IndexWriter>>) -> Result<(), SearchError> {
    tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
        let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
        let segments = writer.index().searchable_segment_ids()?;
        if !segments.is_empty() {
            writer.merge(&segments).wait()?;
        }
        writer.garbage_collect_files().wait()?;
        Ok(())
    })
    .await?
}

/// What an outbox batch (or a rebuild chunk) touches.
#[derive(Debug, Default)]
pub(super) struct Targets {
    pub(super) posts: BTreeSet<i32>,
    pub(super) comments: BTreeSet<i32>,
    pub(super) workshops: BTreeSet<i32>,
    pub(super) tasks: BTreeSet<i32>,
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
            Change::Person(id) | Change::Erasure(id) => {
                people.insert(id);
            }
            Change::Workshop(id) => {
                workshops.insert(id);
            }
            Change::Task(id) => {
                tasks.insert(id);
            }
            // Pages only: the page caches drop everything, the index has nothing to do.
            Change::Site => {}
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
    use tantivy::{
        Index, IndexWriter, TantivyDocument,
        indexer::NoMergePolicy,
        schema::{FAST, Schema},
    };

    use super::{LARGE_SEGMENT_DOCS, merge_groups, tidy};

    /// Segments' sizes after committing each batch and tidying, largest first.
    fn tidied(batches: &[usize]) -> Vec<u32> {
        let mut schema = Schema::builder();
        let n = schema.add_u64_field("n", FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for &docs in batches {
            for i in 0..docs {
                let mut doc = TantivyDocument::new();
                doc.add_u64(n, i as u64);
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
            tidy(&mut writer).unwrap();
        }
        let mut sizes: Vec<u32> = index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.num_docs())
            .collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        sizes
    }

    #[test]
    fn documents_committed_one_at_a_time_join_a_small_index_at_once() {
        // The demo site: one batch of 93 documents, then five commits of one each.
        assert_eq!(tidied(&[93, 1, 1, 1, 1, 1]), [98]);
    }

    #[test]
    fn a_segment_large_enough_for_a_thread_of_its_own_is_left_whole() {
        let large = LARGE_SEGMENT_DOCS + 1;
        assert_eq!(
            tidied(&[large, large, 10, 1, 1]),
            [large as u32, large as u32, 12]
        );
    }

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
