//! Member ideas (issue 19): the "ideas" kind of panel task. A task is of that kind when it
//! has a row in `idea_tasks` (its voting day, voting method and whether members see each
//! other's ideas while they are collected); its ideas with their moderation state and the
//! idea a duplicate was merged into; who is credited for each idea (named tasks only; a
//! merge copies the duplicate's credits to the idea it joins); and the comments on ideas.
//! Votes are the task's answer sets (`poll_answer_sets`), as for every other task.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PollTasks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum IdeaTasks {
    Table,
    TaskId,
    VotingOpensAt,
    /// "dots" | "ranking"
    VoteMethod,
    /// Points each member spreads, for dots.
    VotePoints,
    /// Whether members see each other's ideas while they are collected.
    IdeasVisible,
    /// Whether the ideas of a task that hid them have been handed to search since voting
    /// began (by the phase change, or by the pass that notices the voting day came).
    Revealed,
}

#[derive(DeriveIden)]
enum Ideas {
    Table,
    Id,
    TaskId,
    Title,
    BodyMd,
    BodyHtml,
    /// "visible" | "held" | "hidden", as moderation names them.
    State,
    /// The idea this one was merged into (no foreign key: ids are random, and an export
    /// writes rows in id order).
    MergedIntoId,
    /// Empty for an anonymous task's ideas.
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum IdeaCredits {
    Table,
    IdeaId,
    UserId,
}

#[derive(DeriveIden)]
enum IdeaComments {
    Table,
    Id,
    IdeaId,
    /// Empty for an anonymous task's comments.
    AuthorId,
    BodyMd,
    BodyHtml,
    /// "visible" | "held" | "hidden" | "removed"
    State,
    /// The merged duplicate the comment was first written on (no foreign key, as above).
    MovedFromIdeaId,
    /// Empty for an anonymous task's comments.
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdeaTasks::Table)
                    .col(integer(IdeaTasks::TaskId).primary_key())
                    .col(timestamp_with_time_zone(IdeaTasks::VotingOpensAt))
                    .col(string(IdeaTasks::VoteMethod).default("dots"))
                    .col(integer(IdeaTasks::VotePoints).default(10))
                    .col(boolean(IdeaTasks::IdeasVisible).default(true))
                    .col(boolean(IdeaTasks::Revealed).default(false))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdeaTasks::Table, IdeaTasks::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Ideas::Table)
                    .col(integer(Ideas::Id).primary_key())
                    .col(integer(Ideas::TaskId))
                    .col(string(Ideas::Title))
                    .col(text(Ideas::BodyMd))
                    .col(text(Ideas::BodyHtml))
                    .col(string(Ideas::State).default("visible"))
                    .col(integer_null(Ideas::MergedIntoId))
                    .col(timestamp_with_time_zone_null(Ideas::CreatedAt))
                    .col(timestamp_with_time_zone_null(Ideas::EditedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Ideas::Table, Ideas::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ideas_task")
                    .table(Ideas::Table)
                    .col(Ideas::TaskId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdeaCredits::Table)
                    .col(integer(IdeaCredits::IdeaId))
                    .col(integer(IdeaCredits::UserId))
                    .primary_key(
                        Index::create()
                            .col(IdeaCredits::IdeaId)
                            .col(IdeaCredits::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdeaCredits::Table, IdeaCredits::IdeaId)
                            .to(Ideas::Table, Ideas::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdeaCredits::Table, IdeaCredits::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idea_credits_user")
                    .table(IdeaCredits::Table)
                    .col(IdeaCredits::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdeaComments::Table)
                    .col(pk_auto(IdeaComments::Id))
                    .col(integer(IdeaComments::IdeaId))
                    .col(integer_null(IdeaComments::AuthorId))
                    .col(text(IdeaComments::BodyMd))
                    .col(text(IdeaComments::BodyHtml))
                    .col(string(IdeaComments::State).default("visible"))
                    .col(integer_null(IdeaComments::MovedFromIdeaId))
                    .col(timestamp_with_time_zone_null(IdeaComments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdeaComments::Table, IdeaComments::IdeaId)
                            .to(Ideas::Table, Ideas::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdeaComments::Table, IdeaComments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idea_comments_idea")
                    .table(IdeaComments::Table)
                    .col(IdeaComments::IdeaId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdeaComments::Table.into_iden(),
            IdeaCredits::Table.into_iden(),
            Ideas::Table.into_iden(),
            IdeaTasks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
