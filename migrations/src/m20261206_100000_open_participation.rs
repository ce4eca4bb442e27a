//! Open participation (issue 15): customer accounts that confirm their email and can be
//! suspended or removed, the site's participation and moderation settings, open panels, the
//! moderation state of posts and comments, flags, and the audit log of moderation and
//! administrative actions.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    EmailConfirmedAt,
    TermsAcceptedAt,
    SuspendedAt,
    SuspendedUntil,
    RemovedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SiteSettings {
    Table,
    CommentPolicy,
    PremoderateFirst,
    FlagsToHide,
    NewcomerDays,
    NewcomerWritesPerHour,
    NewcomerLinks,
    FeedbackRetentionMonths,
    PrivacyNoticeFi,
    PrivacyNoticeSv,
    PrivacyNoticeEn,
}

#[derive(DeriveIden)]
enum Panels {
    Table,
    OpenJoin,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    ModerationState,
    ModerationReason,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    ModerationState,
    ModerationReason,
}

#[derive(DeriveIden)]
enum Flags {
    Table,
    Id,
    /// "post" | "comment"
    TargetKind,
    TargetId,
    UserId,
    /// "inappropriate" | "personal_data" | "spam" | "other"
    Reason,
    Details,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    TargetKind,
    TargetId,
    PanelId,
    SubjectUserId,
    Reason,
    Before,
    After,
}

/// SQLite alters one column per statement, so every new column is its own `ALTER TABLE`.
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    col: &mut ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

async fn drop_col(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(
            manager,
            Users::Table,
            &mut timestamp_with_time_zone_null(Users::EmailConfirmedAt),
        )
        .await?;
        add(
            manager,
            Users::Table,
            &mut timestamp_with_time_zone_null(Users::TermsAcceptedAt),
        )
        .await?;
        add(
            manager,
            Users::Table,
            &mut timestamp_with_time_zone_null(Users::SuspendedAt),
        )
        .await?;
        add(
            manager,
            Users::Table,
            &mut timestamp_with_time_zone_null(Users::SuspendedUntil),
        )
        .await?;
        add(
            manager,
            Users::Table,
            &mut timestamp_with_time_zone_null(Users::RemovedAt),
        )
        .await?;
        // Everyone who has an account today came in through setup or an invitation or a
        // panel application that an email reached: their address counts as confirmed.
        manager
            .exec_stmt(
                Query::update()
                    .table(Users::Table)
                    .value(Users::EmailConfirmedAt, Expr::col(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;

        add(
            manager,
            SiteSettings::Table,
            string(SiteSettings::CommentPolicy).default("staff"),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::PremoderateFirst).default(1),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::FlagsToHide).default(3),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::NewcomerDays).default(7),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::NewcomerWritesPerHour).default(5),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::NewcomerLinks).default(2),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            integer(SiteSettings::FeedbackRetentionMonths).default(12),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            text(SiteSettings::PrivacyNoticeFi).default(""),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            text(SiteSettings::PrivacyNoticeSv).default(""),
        )
        .await?;
        add(
            manager,
            SiteSettings::Table,
            text(SiteSettings::PrivacyNoticeEn).default(""),
        )
        .await?;

        add(
            manager,
            Panels::Table,
            boolean(Panels::OpenJoin).default(false),
        )
        .await?;
        add(
            manager,
            Posts::Table,
            string(Posts::ModerationState).default("visible"),
        )
        .await?;
        add(
            manager,
            Posts::Table,
            &mut text_null(Posts::ModerationReason),
        )
        .await?;
        add(
            manager,
            Comments::Table,
            string(Comments::ModerationState).default("visible"),
        )
        .await?;
        add(
            manager,
            Comments::Table,
            &mut text_null(Comments::ModerationReason),
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Flags::Table)
                    .col(pk_auto(Flags::Id))
                    .col(string(Flags::TargetKind))
                    .col(integer(Flags::TargetId))
                    .col(integer(Flags::UserId))
                    .col(string(Flags::Reason))
                    .col(text(Flags::Details).default(""))
                    .col(timestamp_with_time_zone(Flags::CreatedAt))
                    .col(timestamp_with_time_zone_null(Flags::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Flags::Table, Flags::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_flags_target_user")
                    .table(Flags::Table)
                    .col(Flags::TargetKind)
                    .col(Flags::TargetId)
                    .col(Flags::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // Append-only for the application: no foreign keys, so that an entry outlives the
        // rows it names (people are shown by their current name, "former participant" once
        // removed).
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::TargetKind))
                    .col(integer_null(AuditLog::TargetId))
                    .col(integer_null(AuditLog::PanelId))
                    .col(integer_null(AuditLog::SubjectUserId))
                    .col(text(AuditLog::Reason).default(""))
                    .col(text(AuditLog::Before).default(""))
                    .col(text(AuditLog::After).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Flags::Table).to_owned())
            .await?;
        drop_col(manager, Comments::Table, Comments::ModerationReason).await?;
        drop_col(manager, Comments::Table, Comments::ModerationState).await?;
        drop_col(manager, Posts::Table, Posts::ModerationReason).await?;
        drop_col(manager, Posts::Table, Posts::ModerationState).await?;
        drop_col(manager, Panels::Table, Panels::OpenJoin).await?;
        for col in [
            SiteSettings::PrivacyNoticeEn,
            SiteSettings::PrivacyNoticeSv,
            SiteSettings::PrivacyNoticeFi,
            SiteSettings::FeedbackRetentionMonths,
            SiteSettings::NewcomerLinks,
            SiteSettings::NewcomerWritesPerHour,
            SiteSettings::NewcomerDays,
            SiteSettings::FlagsToHide,
            SiteSettings::PremoderateFirst,
            SiteSettings::CommentPolicy,
        ] {
            drop_col(manager, SiteSettings::Table, col).await?;
        }
        for col in [
            Users::RemovedAt,
            Users::SuspendedUntil,
            Users::SuspendedAt,
            Users::TermsAcceptedAt,
            Users::EmailConfirmedAt,
        ] {
            drop_col(manager, Users::Table, col).await?;
        }
        Ok(())
    }
}
