//! Each person's data (issue 17): the admin's erasure policy and retention periods in the
//! site settings, the "download my data" archives prepared in the background, and the
//! daily retention pass's runs (one row per day: however many nodes run it, it runs once).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SiteSettings {
    Table,
    /// "keep" (contributions stay, under "former participant") | "remove".
    ErasurePolicy,
    RetentionDeclinedMonths,
    RetentionSessionsDays,
    RetentionOutboxDays,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DataExports {
    Table,
    Id,
    UserId,
    /// "pending" | "ready"
    Status,
    /// SHA-256 of the download link's secret, once ready.
    TokenHash,
    /// The ZIP file itself.
    Archive,
    CreatedAt,
    ReadyAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum RetentionRuns {
    Table,
    Id,
    /// The UTC day the pass ran for (`YYYY-MM-DD`), unique.
    Day,
    StartedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            string(SiteSettings::ErasurePolicy)
                .default("keep")
                .to_owned(),
            integer(SiteSettings::RetentionDeclinedMonths)
                .default(12)
                .to_owned(),
            integer(SiteSettings::RetentionSessionsDays)
                .default(90)
                .to_owned(),
            integer(SiteSettings::RetentionOutboxDays)
                .default(90)
                .to_owned(),
        ] {
            let mut col = col;
            manager
                .alter_table(
                    Table::alter()
                        .table(SiteSettings::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(DataExports::Table)
                    .col(pk_auto(DataExports::Id))
                    .col(integer(DataExports::UserId))
                    .col(string(DataExports::Status).default("pending"))
                    .col(string_null(DataExports::TokenHash))
                    .col(blob_null(DataExports::Archive))
                    .col(timestamp_with_time_zone(DataExports::CreatedAt))
                    .col(timestamp_with_time_zone_null(DataExports::ReadyAt))
                    .col(timestamp_with_time_zone_null(DataExports::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataExports::Table, DataExports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_exports_status")
                    .table(DataExports::Table)
                    .col(DataExports::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RetentionRuns::Table)
                    .col(pk_auto(RetentionRuns::Id))
                    .col(string_uniq(RetentionRuns::Day))
                    .col(timestamp_with_time_zone(RetentionRuns::StartedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RetentionRuns::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DataExports::Table).to_owned())
            .await?;
        for col in [
            SiteSettings::ErasurePolicy,
            SiteSettings::RetentionDeclinedMonths,
            SiteSettings::RetentionSessionsDays,
            SiteSettings::RetentionOutboxDays,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SiteSettings::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
