//! Polls and surveys: tasks in a panel, their questions and options, answer sets and who has
//! taken part.
//!
//! Anonymity by design: an anonymous task's answer sets have no `respondent_id`, no time and
//! no company facts;
//! `poll_participations` records only that a member has answered (so they answer once and
//! get no reminder), with no link to the answer set. Answer-set ids are random, not a
//! sequence, so neither their values nor (on SQLite, where the id is the rowid) their storage
//! order follow the order people answered in. The answers of one set live in one JSON column,
//! written in one statement, so a set is always whole.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PollTasks {
    Table,
    Id,
    PanelId,
    Title,
    IntroMd,
    IntroHtml,
    OpensAt,
    ClosesAt,
    Anonymous,
    /// "always" | "after_answering" | "after_closing" | "facilitators_only"
    ResultsVisibility,
    ShuffleOptions,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PollQuestions {
    Table,
    Id,
    TaskId,
    Position,
    Prompt,
    /// "single" | "multiple" | "scale" | "ranking" | "dots" | "text" | "yes_no"
    Kind,
    Required,
    MinPicks,
    MaxPicks,
    ScaleMin,
    ScaleMax,
    ScaleMinLabel,
    ScaleMaxLabel,
    Points,
}

#[derive(DeriveIden)]
enum PollOptions {
    Table,
    Id,
    QuestionId,
    Position,
    Label,
}

#[derive(DeriveIden)]
enum PollAnswerSets {
    Table,
    /// Random, not a sequence.
    Id,
    TaskId,
    /// The member, for named tasks only; always NULL for anonymous ones.
    RespondentId,
    /// The company's facts when the set was saved, for breakdowns (named tasks only).
    Industry,
    Region,
    Stage,
    /// `{"<question id>": {"type": ..., "value": ...}}`
    Answers,
    /// Named tasks only.
    SavedAt,
}

#[derive(DeriveIden)]
enum PollParticipations {
    Table,
    TaskId,
    UserId,
}

#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PollTasks::Table)
                    .col(pk_auto(PollTasks::Id))
                    .col(integer(PollTasks::PanelId))
                    .col(string(PollTasks::Title))
                    .col(text(PollTasks::IntroMd))
                    .col(text(PollTasks::IntroHtml))
                    .col(timestamp_with_time_zone(PollTasks::OpensAt))
                    .col(timestamp_with_time_zone(PollTasks::ClosesAt))
                    .col(boolean(PollTasks::Anonymous))
                    .col(string_len(PollTasks::ResultsVisibility, 24))
                    .col(boolean(PollTasks::ShuffleOptions).default(false))
                    .col(integer(PollTasks::CreatedBy))
                    .col(timestamp_with_time_zone(PollTasks::CreatedAt))
                    .col(timestamp_with_time_zone(PollTasks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollTasks::Table, PollTasks::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollTasks::Table, PollTasks::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_tasks_panel")
                    .table(PollTasks::Table)
                    .col(PollTasks::PanelId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollQuestions::Table)
                    .col(pk_auto(PollQuestions::Id))
                    .col(integer(PollQuestions::TaskId))
                    .col(integer(PollQuestions::Position))
                    .col(text(PollQuestions::Prompt))
                    .col(string_len(PollQuestions::Kind, 16))
                    .col(boolean(PollQuestions::Required))
                    .col(integer_null(PollQuestions::MinPicks))
                    .col(integer_null(PollQuestions::MaxPicks))
                    .col(integer_null(PollQuestions::ScaleMin))
                    .col(integer_null(PollQuestions::ScaleMax))
                    .col(string(PollQuestions::ScaleMinLabel).default(""))
                    .col(string(PollQuestions::ScaleMaxLabel).default(""))
                    .col(integer_null(PollQuestions::Points))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollQuestions::Table, PollQuestions::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_questions_task")
                    .table(PollQuestions::Table)
                    .col(PollQuestions::TaskId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollOptions::Table)
                    .col(pk_auto(PollOptions::Id))
                    .col(integer(PollOptions::QuestionId))
                    .col(integer(PollOptions::Position))
                    .col(string(PollOptions::Label))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollOptions::Table, PollOptions::QuestionId)
                            .to(PollQuestions::Table, PollQuestions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_options_question")
                    .table(PollOptions::Table)
                    .col(PollOptions::QuestionId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollAnswerSets::Table)
                    // `integer primary key`: on SQLite the rowid itself, so storage follows
                    // the random id rather than the order of answering.
                    .col(integer(PollAnswerSets::Id).primary_key())
                    .col(integer(PollAnswerSets::TaskId))
                    .col(integer_null(PollAnswerSets::RespondentId))
                    .col(string_len_null(PollAnswerSets::Industry, 32))
                    .col(string_len_null(PollAnswerSets::Region, 32))
                    .col(string_len_null(PollAnswerSets::Stage, 32))
                    .col(text(PollAnswerSets::Answers))
                    .col(timestamp_with_time_zone_null(PollAnswerSets::SavedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollAnswerSets::Table, PollAnswerSets::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollAnswerSets::Table, PollAnswerSets::RespondentId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One answer set per member of a named task. NULLs (anonymous sets) never collide.
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_answer_sets_task_respondent")
                    .table(PollAnswerSets::Table)
                    .col(PollAnswerSets::TaskId)
                    .col(PollAnswerSets::RespondentId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PollParticipations::Table)
                    .col(integer(PollParticipations::TaskId))
                    .col(integer(PollParticipations::UserId))
                    .primary_key(
                        Index::create()
                            .col(PollParticipations::TaskId)
                            .col(PollParticipations::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollParticipations::Table, PollParticipations::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PollParticipations::Table, PollParticipations::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PollParticipations::Table.into_iden(),
            PollAnswerSets::Table.into_iden(),
            PollOptions::Table.into_iden(),
            PollQuestions::Table.into_iden(),
            PollTasks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
