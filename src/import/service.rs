//! `lupa import blogger|wordpress FILE`: bring an old blog in, in three passes over the file
//! (check it all, then posts, then comments), each post and comment written through the
//! blog's and the comments' own services and queued for the search index. What was
//! imported is recorded, so a second run brings nothing twice.
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    fmt,
    path::Path,
};

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};
use sha2::{Digest, Sha256};

use super::{
    blogger::BloggerReader,
    model::{ExportedComment, ExportedPerson, ExportedPost, Format, Item, Kind, SkipReason},
    store,
    wordpress::WordPressReader,
    xml::ExportReader,
};
use crate::{
    auth::Role,
    blog::{
        model::{Labels, PostStatus, PostTitle, Visibility},
        service::{self as blog, ImportedPost},
    },
    comments::{
        model::{CommentBody, CommentId},
        service as comments,
    },
    db::{begin_write, now},
    i18n::{Lang, Tr},
    markdown::{self, MarkdownError, SafeHtml},
    people::{
        model::{DisplayName, Email, ShortName},
        service as people, store as people_store,
    },
};

/// Items written per transaction.
const BATCH: usize = 100;

pub use super::model::ImportError;

/// How imported posts are published and where placeholder authors belong.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The organisation of authors who have no account here.
    pub org: ShortName,
    /// The posts' language, and the language of the note saying they were imported.
    pub language: Lang,
    /// Who may read the imported posts (drafts stay drafts either way).
    pub visibility: Visibility,
}

/// A stage of the import, for its progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Check,
    Posts,
    Comments,
}

impl Stage {
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Check => "1/3 checking the file",
            Stage::Posts => "2/3 posts",
            Stage::Comments => "3/3 comments",
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub posts: usize,
    pub comments: usize,
    pub labels_created: usize,
    pub authors_created: usize,
    pub authors_matched: usize,
    pub redirects: usize,
    pub skipped: BTreeMap<SkipReason, usize>,
}

impl Summary {
    fn skip(&mut self, reason: SkipReason) {
        *self.skipped.entry(reason).or_default() += 1;
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "posts imported:        {}", self.posts)?;
        writeln!(f, "comments imported:     {}", self.comments)?;
        writeln!(f, "labels created:        {}", self.labels_created)?;
        writeln!(f, "authors created:       {}", self.authors_created)?;
        writeln!(f, "authors matched:       {}", self.authors_matched)?;
        writeln!(f, "old addresses kept:    {}", self.redirects)?;
        let skipped: usize = self.skipped.values().sum();
        write!(f, "skipped:               {skipped}")?;
        for (reason, n) in &self.skipped {
            write!(f, "\n  {n:>6}  {}", reason.describe())?;
        }
        Ok(())
    }
}

/// An export being read, whichever its format.
enum Items {
    Blogger(BloggerReader),
    WordPress(WordPressReader),
}

impl Items {
    fn open(format: Format, path: &Path) -> Result<Items, ImportError> {
        let xml = ExportReader::open(path)?;
        Ok(match format {
            Format::Blogger => Items::Blogger(BloggerReader::new(xml)),
            Format::WordPress => Items::WordPress(WordPressReader::new(xml)),
        })
    }

    fn next(&mut self) -> Result<Option<Vec<Item>>, ImportError> {
        match self {
            Items::Blogger(r) => r.next_items(),
            Items::WordPress(r) => r.next_items(),
        }
    }

    fn xml(&self) -> &ExportReader {
        match self {
            Items::Blogger(r) => r.xml(),
            Items::WordPress(r) => r.xml(),
        }
    }
}

/// Import the export at `path`; `progress(stage, bytes read, bytes in all)` is called as the
/// file is read.
#[tracing::instrument(skip(db, progress))]
pub async fn run(
    db: &DatabaseConnection,
    format: Format,
    path: &Path,
    options: &ImportOptions,
    mut progress: impl FnMut(Stage, u64, u64),
) -> Result<Summary, ImportError> {
    let org = people_store::organization_by_short(db, options.org.as_str())
        .await?
        .ok_or_else(|| ImportError::UnknownOrganization(options.org.as_str().to_owned()))?;
    check(format, path, &mut progress)?;
    let mut run = Run {
        options,
        org_id: org.id,
        summary: Summary::default(),
        authors: HashMap::new(),
        pending: 0,
        matched: HashSet::new(),
    };
    // Posts first, so that every comment finds its post whatever the order of the file.
    let mut items = Items::open(format, path)?;
    let mut txn = begin_write(db).await?;
    let mut bar = Bar::default();
    while let Some(batch) = items.next()? {
        for item in batch {
            match item {
                Item::Post(post) => run.post(&txn, post).await?,
                Item::Skipped(Kind::Post, reason) => run.summary.skip(reason),
                _ => {}
            }
        }
        txn = run.maybe_commit(db, txn).await?;
        bar.show(Stage::Posts, items.xml(), &mut progress);
    }
    txn.commit().await?;
    let mut items = Items::open(format, path)?;
    let mut txn = begin_write(db).await?;
    // Replies met before the comment they answer (Blogger lists the newest first).
    let mut waiting = Vec::new();
    while let Some(batch) = items.next()? {
        for item in batch {
            match item {
                Item::Comment(c) => {
                    if let Some(later) = run.comment(&txn, c, false).await? {
                        waiting.push(later);
                    }
                }
                Item::Skipped(Kind::Comment, reason) => run.summary.skip(reason),
                _ => {}
            }
        }
        txn = run.maybe_commit(db, txn).await?;
        bar.show(Stage::Comments, items.xml(), &mut progress);
    }
    // Each round places the replies whose comment is there now; the last places the rest
    // at the top level rather than lose them.
    let mut last_round = false;
    while !waiting.is_empty() {
        let before = waiting.len();
        let mut still = Vec::new();
        for c in waiting {
            if let Some(later) = run.comment(&txn, c, last_round).await? {
                still.push(later);
            }
        }
        last_round = still.len() == before;
        waiting = still;
        txn = run.maybe_commit(db, txn).await?;
    }
    txn.commit().await?;
    Ok(run.summary)
}

/// The first pass: read the whole file without writing, so a broken or hostile file is
/// refused before anything is imported.
fn check(
    format: Format,
    path: &Path,
    progress: &mut impl FnMut(Stage, u64, u64),
) -> Result<(), ImportError> {
    let mut items = Items::open(format, path)?;
    let mut bar = Bar::default();
    while items.next()?.is_some() {
        bar.show(Stage::Check, items.xml(), progress);
    }
    let expected = match format {
        Format::Blogger => "feed",
        Format::WordPress => "rss",
    };
    let found = items.xml().root().unwrap_or_default();
    if found != expected {
        return Err(ImportError::NotAnExport {
            expected: format.name(),
            found: found.to_owned(),
        });
    }
    Ok(())
}

/// Calls the progress callback when the percentage changes.
#[derive(Default)]
struct Bar {
    last: Option<(Stage, u64)>,
}

impl Bar {
    fn show(
        &mut self,
        stage: Stage,
        xml: &ExportReader,
        progress: &mut impl FnMut(Stage, u64, u64),
    ) {
        let (done, total) = xml.progress();
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if self.last != Some((stage, percent)) {
            self.last = Some((stage, percent));
            progress(stage, done, total);
        }
    }
}

/// One import's state: its options, the people found so far, and its counts.
struct Run<'a> {
    options: &'a ImportOptions,
    org_id: i32,
    summary: Summary,
    /// People by who they are in the export (writer or not, name, address).
    authors: HashMap<(bool, String, String), i32>,
    /// Items written in the open transaction.
    pending: usize,
    /// Existing people found for the export's people.
    matched: HashSet<i32>,
}

impl Run<'_> {
    async fn maybe_commit(
        &mut self,
        db: &DatabaseConnection,
        txn: DatabaseTransaction,
    ) -> Result<DatabaseTransaction, DbErr> {
        if self.pending < BATCH {
            return Ok(txn);
        }
        txn.commit().await?;
        self.pending = 0;
        begin_write(db).await
    }

    fn tr(&self) -> Tr {
        Tr::new(self.options.language)
    }

    async fn post(
        &mut self,
        txn: &DatabaseTransaction,
        post: ExportedPost,
    ) -> Result<(), ImportError> {
        if store::imported(txn, Kind::Post, &post.key).await?.is_some() {
            self.summary.skip(SkipReason::AlreadyImported);
            return Ok(());
        }
        let html = match self.post_html(&post) {
            Ok(html) => html,
            Err(reason) => {
                self.summary.skip(reason);
                return Ok(());
            }
        };
        let title = PostTitle::parse(&post.title)
            .or_else(|_| PostTitle::parse(&markdown::excerpt(html.as_str(), 80)))
            .or_else(|_| PostTitle::parse(&self.tr().get("import-untitled")))
            .map_err(|e| ImportError::Person(e.message_key.to_owned()))?;
        let labels = Labels::parse_list(
            post.labels
                .iter()
                .map(|l| l.as_str())
                .filter(|l| l.chars().count() <= 50)
                .take(20),
        )
        .unwrap_or_default();
        let (status, published_at) = if post.draft {
            (PostStatus::Draft, None)
        } else {
            let at = post.published.or(post.updated).unwrap_or_else(now);
            (PostStatus::Published, Some(at))
        };
        let updated_at = post.updated.or(post.published).unwrap_or_else(now);
        let author_id = self.author(txn, &post.author, true).await?;
        let (saved, new_labels) = blog::import_post(
            txn,
            ImportedPost {
                title,
                html,
                labels,
                language: self.options.language,
                visibility: self.options.visibility,
                status,
                author_id,
                organization_id: self.org_id,
                published_at,
                updated_at,
            },
        )
        .await?;
        store::record(txn, Kind::Post, &post.key, saved.id).await?;
        for old in &post.old_paths {
            if store::add_redirect(txn, old, saved.id).await? {
                self.summary.redirects += 1;
            }
        }
        self.summary.posts += 1;
        self.summary.labels_created += new_labels;
        self.pending += 1;
        Ok(())
    }

    /// The post's body, cleaned, with the note that says where it came from.
    fn post_html(&self, post: &ExportedPost) -> Result<SafeHtml, SkipReason> {
        let tr = self.tr();
        let source = match post.key.split(':').next() {
            Some("wordpress") => "WordPress",
            _ => "Blogger",
        };
        let mut note = tr.arg("import-note", "source", source);
        if let Some(old) = post.old_paths.first() {
            note.push(' ');
            note.push_str(&tr.get("import-note-address"));
            note.push(' ');
            note.push_str(old.as_str());
        }
        let raw = format!(
            "{}\n<p><em>{}</em></p>",
            post.html.trim(),
            SafeHtml::escape_text(&note)
        );
        let html = markdown::clean_html(&raw).map_err(|e| match e {
            MarkdownError::TooLong { .. } | MarkdownError::TooDeep { .. } => SkipReason::TooLarge,
        })?;
        if post.html.trim().is_empty() {
            return Err(SkipReason::Empty);
        }
        Ok(html)
    }

    /// Import a comment, or give it back when the comment it answers is not there yet (and
    /// this is not the last round).
    async fn comment(
        &mut self,
        txn: &DatabaseTransaction,
        c: ExportedComment,
        last_round: bool,
    ) -> Result<Option<ExportedComment>, ImportError> {
        if store::imported(txn, Kind::Comment, &c.key).await?.is_some() {
            self.summary.skip(SkipReason::AlreadyImported);
            return Ok(None);
        }
        let Some(post_id) = store::imported(txn, Kind::Post, &c.post_key).await? else {
            self.summary.skip(SkipReason::PostMissing);
            return Ok(None);
        };
        let parent = match &c.parent_key {
            None => None,
            Some(key) => match store::imported(txn, Kind::Comment, key).await? {
                Some(id) => Some(CommentId(id)),
                None if !last_round => return Ok(Some(c)),
                None => None,
            },
        };
        let body = match CommentBody::from_imported_html(&c.html) {
            Ok(body) => body,
            Err(e) => {
                self.summary.skip(if e.message_key == "field-required" {
                    SkipReason::Empty
                } else {
                    SkipReason::TooLarge
                });
                return Ok(None);
            }
        };
        let author_id = self.author(txn, &c.author, false).await?;
        let at = c.published.unwrap_or_else(now);
        let saved = comments::import_comment(txn, post_id, author_id, parent, &body, at).await?;
        store::record(txn, Kind::Comment, &c.key, saved.id).await?;
        self.summary.comments += 1;
        self.pending += 1;
        Ok(None)
    }

    /// The person who wrote something: someone here with the same address; for a post's
    /// author (or a commenter who had an account on the old blog), someone with the same
    /// name; else a placeholder (in the organisation named on the command line for authors,
    /// in none for commenters) that later items and later runs find again.
    async fn author(
        &mut self,
        txn: &DatabaseTransaction,
        person: &ExportedPerson,
        writer: bool,
    ) -> Result<i32, ImportError> {
        let email = person.email.as_deref().and_then(|e| Email::parse(e).ok());
        let key = (
            writer || person.account,
            person.name.trim().to_owned(),
            email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        );
        if let Some(&id) = self.authors.get(&key) {
            return Ok(id);
        }
        let id = self
            .find_or_create(txn, person, email.as_ref(), writer)
            .await?;
        self.authors.insert(key, id);
        Ok(id)
    }

    async fn find_or_create(
        &mut self,
        txn: &DatabaseTransaction,
        person: &ExportedPerson,
        email: Option<&Email>,
        writer: bool,
    ) -> Result<i32, ImportError> {
        if let Some(email) = email
            && let Some(user) = people_store::user_by_email(txn, email.as_str()).await?
            && user.removed_at.is_none()
        {
            self.matched(user.id);
            return Ok(user.id);
        }
        let name = DisplayName::parse(&person.name)
            .or_else(|_| DisplayName::parse(&self.tr().get("import-anonymous")))
            .map_err(|e| ImportError::Person(e.message_key.to_owned()))?;
        if writer || person.account {
            let named = people_store::users_named(txn, name.as_str()).await?;
            let (placeholders, people): (Vec<_>, Vec<_>) =
                named.into_iter().partition(|u| is_placeholder(&u.email));
            if let [only] = people.as_slice() {
                self.matched(only.id);
                return Ok(only.id);
            }
            // The same author met before without an address (or with another one).
            let ours: Vec<_> = placeholders
                .into_iter()
                .filter(|u| u.organization_id == Some(self.org_id))
                .collect();
            if let [only] = ours.as_slice() {
                return Ok(only.id);
            }
        }
        let address = placeholder_email(writer, &name, email);
        if let Some(user) = people_store::user_by_email(txn, address.as_str()).await? {
            return Ok(user.id);
        }
        let created = people::create_placeholder(
            txn,
            people::Placeholder {
                name: &name,
                email: &address,
                org_id: writer.then_some(self.org_id),
                role: if writer { Role::Writer } else { Role::Customer },
            },
        )
        .await
        .map_err(|e| ImportError::Person(e.to_string()))?;
        self.summary.authors_created += 1;
        Ok(created.id)
    }

    /// Count an existing person found for the export's people (once each).
    fn matched(&mut self, id: i32) {
        if self.matched.insert(id) {
            self.summary.authors_matched += 1;
        }
    }
}

/// The domain of placeholder people's made-up addresses (`.invalid` never delivers).
const PLACEHOLDER_DOMAIN: &str = "@import.invalid";

fn is_placeholder(email: &str) -> bool {
    email.ends_with(PLACEHOLDER_DOMAIN)
}

/// A placeholder's address: the same for the same person in every run, by their address
/// in the export when it has one, else by their name (authors and commenters apart).
fn placeholder_email(writer: bool, name: &DisplayName, email: Option<&Email>) -> Email {
    let mut hash = Sha256::new();
    match email {
        Some(email) => hash.update(format!("email\n{}", email.as_str())),
        None if writer => hash.update(format!("author\n{}", name.as_str().to_lowercase())),
        None => hash.update(format!("commenter\n{}", name.as_str().to_lowercase())),
    }
    let digest = hex::encode(hash.finalize());
    let address = format!("imported-{}{PLACEHOLDER_DOMAIN}", &digest[..20]);
    Email::parse(&address).expect("a made-up address of hex digits is valid")
}
