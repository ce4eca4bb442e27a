//! The search index of this node and its indexer: drains the outbox in batches into tantivy,
//! recording the last applied outbox position in each commit's payload, so a restart resumes
//! exactly there. An index without a payload (new, or of an older schema) is rebuilt from
//! the database.
use std::{
    collections::BTreeSet,
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, directory::MmapDirectory,
};

use super::{
    outbox::{self, Change},
    schema::{self, Fields},
};
use crate::{
    entities::{comment, organization, post, user},
    i18n::Lang,
};

/// Outbox rows applied per tantivy commit.
const BATCH: u64 = 500;
/// How often the indexer looks at the outbox without being woken.
const POLL: Duration = Duration::from_secs(1);
/// Outbox rows applied by this node are deleted after this many days.
pub const TRIM_DAYS: i64 = 7;
const TRIM_EVERY: Duration = Duration::from_secs(3600);
/// Memory for the index writer.
const WRITER_BYTES: usize = 50_000_000;
/// The folder of the index under the data folder; the number changes with the schema.
const INDEX_DIR: &str = "search/v1";
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
    reader: IndexReader,
    fields: Fields,
    /// The writer with the position it has committed; one catch-up at a time.
    writer: tokio::sync::Mutex<Writer>,
    /// The position searchers see, announced after each commit.
    applied: tokio::sync::watch::Sender<i64>,
}

struct Writer {
    writer: Arc<Mutex<IndexWriter>>,
    position: i64,
    /// Whether the index has never been filled (no payload): rebuild instead of replaying.
    fresh: bool,
}

impl Search {
    /// Open (or create) the index in `<data_dir>/search/`.
    pub fn open(db: DatabaseConnection, data_dir: &Path) -> Result<Search, SearchError> {
        Self::open_at(db, &data_dir.join(INDEX_DIR))
    }

    fn open_at(db: DatabaseConnection, dir: &Path) -> Result<Search, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::schema();
        let index = Index::open_or_create(MmapDirectory::open(dir)?, schema)?;
        schema::register_analyzers(&index);
        let payload = index.load_metas()?.payload;
        let position = payload.as_deref().and_then(|p| p.parse::<i64>().ok());
        let writer: IndexWriter = index.writer(WRITER_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Search(Arc::new(Inner {
            db,
            reader,
            fields,
            writer: tokio::sync::Mutex::new(Writer {
                writer: Arc::new(Mutex::new(writer)),
                position: position.unwrap_or(0),
                fresh: position.is_none(),
            }),
            applied: tokio::sync::watch::Sender::new(position.unwrap_or(0)),
        })))
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.0.fields
    }

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.0.reader.searcher()
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

    /// The newest outbox position in the database.
    pub async fn outbox_position(&self) -> Result<i64, SearchError> {
        Ok(outbox::last_position(&self.0.db).await?)
    }

    /// Apply everything in the outbox that the index has not seen, in batches, each its own
    /// tantivy commit carrying its position. Returns the position reached. Tests call this to
    /// make the index current; the indexer task calls it when woken.
    pub async fn catch_up(&self) -> Result<i64, SearchError> {
        let mut w = self.0.writer.lock().await;
        if w.fresh {
            drop(w);
            self.rebuild(|_, _| {}).await?;
            w = self.0.writer.lock().await;
        }
        loop {
            let batch = outbox::after(&self.0.db, w.position, BATCH).await?;
            let Some(&(last, _)) = batch.last() else {
                return Ok(w.position);
            };
            let changes: Vec<Change> = batch.into_iter().filter_map(|(_, c)| c).collect();
            let (posts, comments) = affected(&self.0.db, &changes).await?;
            let docs = self.documents(&posts, &comments).await?;
            self.commit(&w.writer, false, &posts, &comments, docs, &last.to_string())
                .await?;
            w.position = last;
            self.0.applied.send_replace(last);
        }
    }

    /// Rebuild the whole index from the database, reporting (done, total) as it goes.
    pub async fn rebuild(&self, progress: impl Fn(usize, usize)) -> Result<i64, SearchError> {
        let mut w = self.0.writer.lock().await;
        // Changes after this position are applied again afterwards: applying twice is harmless.
        let position = outbox::last_position(&self.0.db).await?;
        let post_ids: Vec<i32> = post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .into_tuple()
            .all(&self.0.db)
            .await?;
        let total = post_ids.len();
        let chunks: Vec<&[i32]> = post_ids.chunks(200).collect();
        let mut done = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let comments: Vec<i32> = comment::Entity::find()
                .select_only()
                .column(comment::Column::Id)
                .filter(comment::Column::PostId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&self.0.db)
                .await?;
            let posts: BTreeSet<i32> = chunk.iter().copied().collect();
            let comments: BTreeSet<i32> = comments.into_iter().collect();
            let docs = self.documents(&posts, &comments).await?;
            // Only the last commit records a position: a rebuild cut short starts over.
            let payload = if i + 1 == chunks.len() {
                position.to_string()
            } else {
                REBUILDING.to_owned()
            };
            self.commit(&w.writer, i == 0, &posts, &comments, docs, &payload)
                .await?;
            done += chunk.len();
            progress(done, total);
        }
        if chunks.is_empty() {
            let none = BTreeSet::new();
            self.commit(
                &w.writer,
                true,
                &none,
                &none,
                Vec::new(),
                &position.to_string(),
            )
            .await?;
        }
        w.position = position;
        w.fresh = false;
        self.0.applied.send_replace(position);
        Ok(position)
    }

    /// Replace the documents of these posts and comments with `docs` and commit at `position`.
    async fn commit(
        &self,
        writer: &Arc<Mutex<IndexWriter>>,
        clear: bool,
        posts: &BTreeSet<i32>,
        comments: &BTreeSet<i32>,
        docs: Vec<TantivyDocument>,
        payload: &str,
    ) -> Result<(), SearchError> {
        let payload = payload.to_owned();
        let writer = writer.clone();
        let key = self.0.fields.key;
        let deletes: Vec<Term> = posts
            .iter()
            .map(|id| Term::from_field_text(key, &format!("post:{id}")))
            .chain(
                comments
                    .iter()
                    .map(|id| Term::from_field_text(key, &format!("comment:{id}"))),
            )
            .collect();
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
        self.0.reader.reload()?;
        Ok(())
    }

    /// The documents of these posts and comments as they are now; nothing for a draft, a
    /// removed or hidden comment, or a comment on a draft.
    async fn documents(
        &self,
        post_ids: &BTreeSet<i32>,
        comment_ids: &BTreeSet<i32>,
    ) -> Result<Vec<TantivyDocument>, SearchError> {
        let db = &self.0.db;
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
        let mut people: BTreeSet<i32> = posts.iter().map(|p| p.author_id).collect();
        people.extend(comments.iter().map(|c| c.author_id));
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(people))
            .all(db)
            .await?;
        let orgs = organization::Entity::find().all(db).await?;
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
        let mut docs = Vec::new();
        for p in posts.iter().filter(|p| post_ids.contains(&p.id)) {
            if p.status != "published" {
                continue;
            }
            let body = crate::markdown::excerpt(&p.body_md, usize::MAX);
            let date = p.published_at.unwrap_or(p.created_at).timestamp();
            docs.push(document(
                f,
                Doc {
                    key: format!("post:{}", p.id),
                    kind: "post",
                    id: p.id,
                    post: p,
                    title: &p.title,
                    body: &body,
                    byline: &byline(p.author_id),
                    date,
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
                Doc {
                    key: format!("comment:{}", c.id),
                    kind: "comment",
                    id: c.id,
                    post: p,
                    title: "",
                    body: &body,
                    byline: &byline(c.author_id),
                    date: c.created_at.timestamp(),
                },
            ));
        }
        Ok(docs)
    }

    /// Run the indexer until the process ends: woken by new outbox rows, and polling (a
    /// wake-up can come just before the writer's commit; the poll picks that row up). Once
    /// an hour it trims outbox rows older than `TRIM_DAYS` that this node has applied.
    pub fn spawn_indexer(&self) {
        let search = self.clone();
        tokio::spawn(async move {
            let mut last_trim = tokio::time::Instant::now();
            loop {
                match search.catch_up().await {
                    Ok(position) if last_trim.elapsed() >= TRIM_EVERY => {
                        last_trim = tokio::time::Instant::now();
                        if let Err(e) = outbox::trim(&search.0.db, position, TRIM_DAYS).await {
                            tracing::warn!(error = %e, "could not trim the search outbox");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "search indexer could not catch up"),
                }
                tokio::select! {
                    _ = outbox::woken() => {},
                    _ = tokio::time::sleep(POLL) => {},
                }
            }
        });
    }
}

/// What goes into one document.
struct Doc<'a> {
    key: String,
    kind: &'static str,
    id: i32,
    post: &'a post::Model,
    title: &'a str,
    body: &'a str,
    byline: &'a str,
    date: i64,
}

fn document(f: &Fields, d: Doc<'_>) -> TantivyDocument {
    let lang = Lang::parse(&d.post.language).unwrap_or_default();
    let (title_field, body_field) = f.text_of(lang);
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &d.key);
    doc.add_text(f.kind, d.kind);
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.post_id, d.post.id as u64);
    doc.add_text(f.scope, scope_of(d.post));
    doc.add_text(f.lang, lang.code());
    if !d.title.is_empty() {
        doc.add_text(title_field, d.title);
    }
    doc.add_text(body_field, d.body);
    doc.add_text(f.byline, d.byline);
    doc.add_text(f.folded, d.title);
    doc.add_text(f.folded, d.body);
    doc.add_text(
        f.grams,
        schema::grams_text(&format!("{} {}", d.title, d.body)),
    );
    doc.add_i64(f.date, d.date);
    doc
}

/// The access scope of a post and its comments.
fn scope_of(post: &post::Model) -> &'static str {
    match post.visibility.as_str() {
        "public" => super::query::Scope::Public.as_str(),
        _ => super::query::Scope::Members.as_str(),
    }
}

/// The posts and comments whose documents these changes touch.
async fn affected(
    db: &impl ConnectionTrait,
    changes: &[Change],
) -> Result<(BTreeSet<i32>, BTreeSet<i32>), DbErr> {
    let mut posts = BTreeSet::new();
    let mut comments = BTreeSet::new();
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
    Ok((posts, comments))
}
