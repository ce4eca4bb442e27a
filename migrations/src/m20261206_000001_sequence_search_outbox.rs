//! Search outbox positions in commit order: a `seq` column that the indexers fill in under
//! a lock, after the writing transaction has committed (see `src/search/outbox.rs`). On
//! PostgreSQL row ids are handed out at insert and transactions commit in another order, so
//! reading by id could step over a row that committed late; `seq` is only ever given to rows
//! already committed, always above every `seq` given before. Existing rows keep their id as
//! their position, so the positions nodes have recorded stay meaningful.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchOutbox {
    Table,
    Id,
    Seq,
}

const INDEX: &str = "search_outbox_seq_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SearchOutbox::Table)
                    .add_column(ColumnDef::new(SearchOutbox::Seq).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(SearchOutbox::Table)
                    .value(SearchOutbox::Seq, Expr::col(SearchOutbox::Id))
                    .to_owned(),
            )
            .await?;
        // Unique: two sequencers giving out the same position would be a bug, and it should
        // fail loudly rather than index one row and skip the other.
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(SearchOutbox::Table)
                    .col(SearchOutbox::Seq)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(SearchOutbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SearchOutbox::Table)
                    .drop_column(SearchOutbox::Seq)
                    .to_owned(),
            )
            .await
    }
}
