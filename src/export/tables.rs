//! Which tables an export holds, in an order the import can insert them (a row's foreign
//! keys point to tables earlier in the list), and which tables it leaves out and why. A test
//! compares both lists with the schema, so a table added later cannot be forgotten.
use std::{cmp::Ordering, marker::PhantomData};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ColumnType, DatabaseTransaction, DbErr, EntityTrait, IdenStatic,
    Iterable, ModelTrait, PaginatorTrait, PrimaryKeyToColumn, PrimaryKeyTrait, QueryOrder,
};
use serde_json::{Map, Value as Json};

use super::value::{self, ValueError};
use crate::{
    actions::entities::{action, action_reminder, action_update},
    entities::{
        api_token, audit_entry, calendar_feed, comment, contribution, email_confirmation,
        email_opt_out, flag, invitation, label, organization, panel, panel_application,
        panel_invitation, panel_log, panel_member, panel_rules_acceptance, panel_rules_version,
        panel_topic, post, post_label, post_revision, scheduling_answer, scheduling_poll,
        scheduling_slot, sent_reminder, site_settings,
        tasks::{
            answer_set, idea, idea_comment, idea_credit, idea_task, option, participation,
            question, task,
        },
        user, workshop, workshop_agenda_item, workshop_attachment, workshop_attendance,
        workshop_registration,
    },
    entities::{import_item, post_redirect},
    feedback::entities::{feedback_item, feedback_note, feedback_topic},
    notifications::entities::{
        follow, handle, notification, notification_delivery, notification_prefs, sent_digest,
    },
    year::milestone,
};

/// One row: column name → value.
pub type Row = Map<String, Json>;

/// What a table holds, for the export's `--with-credentials` switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Content and settings: always exported.
    Content,
    /// Rows that exist for a secret (token hashes behind links and API tokens): exported
    /// only with `--with-credentials`.
    Credentials,
}

/// An exported table.
pub struct Table {
    pub kind: Kind,
    /// Columns that hold a secret in a content table, and what stands in for it without
    /// `--with-credentials` (an empty password hash signs no one in, as for a removed
    /// account).
    pub secret_columns: &'static [(&'static str, &'static str)],
    pub io: &'static dyn TableIo,
}

impl Table {
    pub fn name(&self) -> &'static str {
        self.io.name()
    }
}

const fn content(io: &'static dyn TableIo) -> Table {
    Table {
        kind: Kind::Content,
        secret_columns: &[],
        io,
    }
}

const fn credentials(io: &'static dyn TableIo) -> Table {
    Table {
        kind: Kind::Credentials,
        secret_columns: &[],
        io,
    }
}

/// Every exported table, parents before children.
pub static EXPORTED: &[Table] = &[
    content(&Io::<organization::Entity>::NEW),
    Table {
        kind: Kind::Content,
        secret_columns: &[("password_hash", "")],
        io: &Io::<user::Entity>::NEW,
    },
    content(&Io::<site_settings::Entity>::NEW),
    content(&Io::<handle::Entity>::NEW),
    content(&Io::<notification_prefs::Entity>::NEW),
    content(&Io::<notification_delivery::Entity>::NEW),
    content(&Io::<label::Entity>::NEW),
    content(&Io::<post::Entity>::NEW),
    content(&Io::<post_label::Entity>::NEW),
    content(&Io::<post_revision::Entity>::NEW),
    content(&Io::<comment::Entity>::NEW),
    content(&Io::<post_redirect::Entity>::NEW),
    content(&Io::<import_item::Entity>::NEW),
    content(&Io::<contribution::Entity>::NEW),
    content(&Io::<flag::Entity>::NEW),
    content(&Io::<email_opt_out::Entity>::NEW),
    content(&Io::<panel::Entity>::NEW),
    content(&Io::<panel_member::Entity>::NEW),
    content(&Io::<panel_application::Entity>::NEW),
    content(&Io::<panel_topic::Entity>::NEW),
    content(&Io::<panel_log::Entity>::NEW),
    content(&Io::<panel_rules_version::Entity>::NEW),
    content(&Io::<panel_rules_acceptance::Entity>::NEW),
    content(&Io::<task::Entity>::NEW),
    content(&Io::<question::Entity>::NEW),
    content(&Io::<option::Entity>::NEW),
    // Anonymous answer sets have random ids and neither respondent nor time; the rows are
    // written in id order, never in the order they were given, so the separate list of who
    // answered cannot be matched to them.
    content(&Io::<answer_set::Entity>::NEW),
    content(&Io::<participation::Entity>::NEW),
    // An anonymous task's ideas and comments keep neither author nor time, and ideas have
    // random ids, as anonymous answer sets do.
    content(&Io::<idea_task::Entity>::NEW),
    content(&Io::<idea::Entity>::NEW),
    content(&Io::<idea_credit::Entity>::NEW),
    content(&Io::<idea_comment::Entity>::NEW),
    content(&Io::<workshop::Entity>::NEW),
    content(&Io::<workshop_registration::Entity>::NEW),
    content(&Io::<scheduling_poll::Entity>::NEW),
    content(&Io::<scheduling_slot::Entity>::NEW),
    content(&Io::<scheduling_answer::Entity>::NEW),
    content(&Io::<workshop_agenda_item::Entity>::NEW),
    content(&Io::<workshop_attachment::Entity>::NEW),
    content(&Io::<workshop_attendance::Entity>::NEW),
    content(&Io::<sent_reminder::Entity>::NEW),
    content(&Io::<feedback_topic::Entity>::NEW),
    content(&Io::<feedback_item::Entity>::NEW),
    content(&Io::<feedback_note::Entity>::NEW),
    content(&Io::<action::Entity>::NEW),
    content(&Io::<action_update::Entity>::NEW),
    content(&Io::<action_reminder::Entity>::NEW),
    content(&Io::<milestone::Entity>::NEW),
    content(&Io::<follow::Entity>::NEW),
    content(&Io::<notification::Entity>::NEW),
    content(&Io::<sent_digest::Entity>::NEW),
    content(&Io::<audit_entry::Entity>::NEW),
    credentials(&Io::<invitation::Entity>::NEW),
    credentials(&Io::<panel_invitation::Entity>::NEW),
    credentials(&Io::<api_token::Entity>::NEW),
    credentials(&Io::<calendar_feed::Entity>::NEW),
    credentials(&Io::<email_confirmation::Entity>::NEW),
];

/// The tables an export leaves out, each with the reason.
pub static NOT_EXPORTED: &[(&str, &str)] = &[
    (
        "seaql_migrations",
        "the schema's own bookkeeping: the importing Lupa migrates its database itself",
    ),
    (
        "sessions",
        "sign-ins to the old site: people sign in again on the new one",
    ),
    (
        "search_outbox",
        "a change feed for the search index, which is derived: the import queues every post, comment, workshop and task again",
    ),
    (
        "search_nodes",
        "which nodes of the old site indexed how far",
    ),
    (
        "email_outbox",
        "the old site's mail queue, with links to its address",
    ),
    (
        "login_attempts",
        "a throttle on signing in: short-lived, and names addresses",
    ),
    (
        "feedback_sendings",
        "a throttle on the feedback form: short-lived client addresses",
    ),
    (
        "data_exports",
        "a person's prepared download of their data behind a secret link: short-lived, and made again on request",
    ),
    (
        "retention_runs",
        "which days the old site's retention pass ran: its own bookkeeping",
    ),
    (
        "feedback_keys",
        "the secret that signs the feedback form's start time; a new one is made on first use",
    ),
];

/// The table of this name, if exported.
pub fn exported(name: &str) -> Option<&'static Table> {
    EXPORTED.iter().find(|t| t.name() == name)
}

/// What the export and the import do with one table, whatever its entity.
#[async_trait::async_trait]
pub trait TableIo: Send + Sync {
    fn name(&self) -> &'static str;
    /// The column names, in the entity's order.
    fn columns(&self) -> Vec<&'static str>;
    /// The single auto-numbered key column, whose PostgreSQL sequence the import moves on.
    fn serial_key(&self) -> Option<&'static str>;
    async fn count(&self, db: &DatabaseTransaction) -> Result<u64, DbErr>;
    /// Every row, ordered by primary key (compared as numbers, or as UTF-8 bytes for text,
    /// whatever the database's collation), handed to `out` one by one.
    async fn rows(
        &self,
        db: &DatabaseTransaction,
        out: &mut (dyn FnMut(Row) -> Result<(), RowError> + Send),
    ) -> Result<u64, RowError>;
    /// Insert rows with their stored ids.
    async fn insert(&self, db: &DatabaseTransaction, rows: Vec<Row>) -> Result<(), RowError>;
}

/// A row that could not be read, written or inserted.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("column {0} is missing")]
    MissingColumn(&'static str),
}

/// The `TableIo` of entity `E`.
pub struct Io<E>(PhantomData<fn() -> E>);

impl<E> Io<E> {
    const NEW: Io<E> = Io(PhantomData);
}

/// Rows read per query.
const PAGE: u64 = 500;

/// Bound parameters per insert statement, below both databases' limits.
const PARAMETERS: usize = 20_000;

fn integer(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Integer
            | ColumnType::BigInteger
            | ColumnType::SmallInteger
            | ColumnType::TinyInteger
    )
}

fn key_order(a: &[Json], b: &[Json]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (Json::Number(x), Json::Number(y)) => x.as_i64().cmp(&y.as_i64()),
            (Json::String(x), Json::String(y)) => x.as_bytes().cmp(y.as_bytes()),
            (x, y) => x.to_string().cmp(&y.to_string()),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

#[async_trait::async_trait]
impl<E> TableIo for Io<E>
where
    E: EntityTrait + Sync,
    E::Model: Sync,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    fn name(&self) -> &'static str {
        E::default().table_name()
    }

    fn columns(&self) -> Vec<&'static str> {
        E::Column::iter().map(|c| c.as_str()).collect()
    }

    fn serial_key(&self) -> Option<&'static str> {
        let keys: Vec<_> = E::PrimaryKey::iter().collect();
        match keys.as_slice() {
            [key] if <E::PrimaryKey as PrimaryKeyTrait>::auto_increment() => {
                Some(key.into_column().as_str())
            }
            _ => None,
        }
    }

    async fn count(&self, db: &DatabaseTransaction) -> Result<u64, DbErr> {
        E::find().count(db).await
    }

    async fn rows(
        &self,
        db: &DatabaseTransaction,
        out: &mut (dyn FnMut(Row) -> Result<(), RowError> + Send),
    ) -> Result<u64, RowError> {
        let keys: Vec<E::Column> = E::PrimaryKey::iter().map(|k| k.into_column()).collect();
        // Text keys sort differently under PostgreSQL's collations: such (small) tables are
        // sorted here instead of by the database.
        let sort_here = keys.iter().any(|k| !integer(k.def().get_column_type()));
        let mut query = E::find();
        for key in &keys {
            query = query.order_by_asc(*key);
        }
        let pages = query.paginate(db, PAGE);
        let mut held = Vec::new();
        let mut count = 0;
        for page in 0.. {
            let models = pages.fetch_page(page).await?;
            if models.is_empty() {
                break;
            }
            for model in models {
                let mut row = Row::new();
                for column in E::Column::iter() {
                    row.insert(
                        column.as_str().to_owned(),
                        value::to_json(model.get(column))?,
                    );
                }
                count += 1;
                if sort_here {
                    held.push(row);
                } else {
                    out(row)?;
                }
            }
        }
        let names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
        let key_of = |row: &Row| -> Vec<Json> {
            names
                .iter()
                .map(|n| row.get(*n).cloned().unwrap_or(Json::Null))
                .collect()
        };
        held.sort_by(|a, b| key_order(&key_of(a), &key_of(b)));
        for row in held {
            out(row)?;
        }
        Ok(count)
    }

    async fn insert(&self, db: &DatabaseTransaction, rows: Vec<Row>) -> Result<(), RowError> {
        let columns: Vec<E::Column> = E::Column::iter().collect();
        let per_statement = (PARAMETERS / columns.len().max(1)).max(1);
        let mut batch = Vec::with_capacity(per_statement.min(rows.len()));
        for row in rows {
            let mut active = <E::ActiveModel as ActiveModelTrait>::default();
            for column in &columns {
                let json = row
                    .get(column.as_str())
                    .ok_or(RowError::MissingColumn(column.as_str()))?;
                let value = value::from_json(column.def().get_column_type(), json)?;
                active.try_set(*column, value)?;
            }
            batch.push(active);
            if batch.len() == per_statement {
                E::insert_many(std::mem::take(&mut batch))
                    .exec_without_returning(db)
                    .await?;
            }
        }
        E::insert_many(batch).exec_without_returning(db).await?;
        Ok(())
    }
}
