//! Customer panels, their members (companies), applications, invitations and log, and the
//! link that makes a post a panel discussion topic.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
    Slug,
    Name,
    DescriptionMd,
    DescriptionHtml,
    OrganizationId,
    TermStart,
    TermEnd,
    SeatTarget,
    SeatCap,
    /// "private" | "open"
    Visibility,
    /// Whether a private panel's name and description are shown to everyone.
    ListedPublicly,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PanelMembers {
    Table,
    Id,
    PanelId,
    UserId,
    /// "facilitator" | "member"
    Role,
    CompanyName,
    BusinessId,
    Industry,
    Region,
    Stage,
    RoleInCompany,
    JoinedAt,
}

#[derive(DeriveIden)]
enum PanelApplications {
    Table,
    Id,
    PanelId,
    UserId,
    CompanyName,
    BusinessId,
    Industry,
    Region,
    Stage,
    RoleInCompany,
    Message,
    ConsentAt,
    /// "pending" | "waiting" | "offered" | "accepted" | "declined" | "withdrawn"
    Status,
    /// Place in the waiting list (smaller first); set while waiting.
    WaitingPosition,
    /// When a freed seat was offered to this applicant.
    OfferedAt,
    DecisionMessage,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PanelInvitations {
    Table,
    Id,
    PanelId,
    Email,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    UsedBy,
}

#[derive(DeriveIden)]
enum PanelLog {
    Table,
    Id,
    PanelId,
    ActorId,
    SubjectUserId,
    Action,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PanelTopics {
    Table,
    PostId,
    PanelId,
    PinnedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
}

fn to_panel<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Panels::Table, Panels::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_user<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Users::Table, Users::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Panels::Table)
                    .col(pk_auto(Panels::Id))
                    .col(string_uniq(Panels::Slug))
                    .col(string(Panels::Name))
                    .col(text(Panels::DescriptionMd))
                    .col(text(Panels::DescriptionHtml))
                    .col(integer(Panels::OrganizationId))
                    .col(date(Panels::TermStart))
                    .col(date(Panels::TermEnd))
                    .col(integer(Panels::SeatTarget))
                    .col(integer(Panels::SeatCap))
                    .col(string_len(Panels::Visibility, 16))
                    .col(boolean(Panels::ListedPublicly).default(false))
                    .col(integer(Panels::CreatedBy))
                    .col(timestamp_with_time_zone(Panels::CreatedAt))
                    .col(timestamp_with_time_zone(Panels::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Panels::Table, Panels::OrganizationId)
                            .to(Organizations::Table, Organizations::Id),
                    )
                    .foreign_key(&mut to_user(Panels::Table, Panels::CreatedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelMembers::Table)
                    .col(pk_auto(PanelMembers::Id))
                    .col(integer(PanelMembers::PanelId))
                    .col(integer(PanelMembers::UserId))
                    .col(string_len(PanelMembers::Role, 16))
                    .col(string(PanelMembers::CompanyName).default(""))
                    .col(string_len_null(PanelMembers::BusinessId, 9))
                    .col(string_len_null(PanelMembers::Industry, 32))
                    .col(string_len_null(PanelMembers::Region, 32))
                    .col(string_len_null(PanelMembers::Stage, 32))
                    .col(string(PanelMembers::RoleInCompany).default(""))
                    .col(timestamp_with_time_zone(PanelMembers::JoinedAt))
                    .foreign_key(&mut to_panel(PanelMembers::Table, PanelMembers::PanelId))
                    .foreign_key(&mut to_user(PanelMembers::Table, PanelMembers::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_members_panel_user")
                    .table(PanelMembers::Table)
                    .col(PanelMembers::PanelId)
                    .col(PanelMembers::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_members_user")
                    .table(PanelMembers::Table)
                    .col(PanelMembers::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelApplications::Table)
                    .col(pk_auto(PanelApplications::Id))
                    .col(integer(PanelApplications::PanelId))
                    .col(integer(PanelApplications::UserId))
                    .col(string(PanelApplications::CompanyName))
                    .col(string_len(PanelApplications::BusinessId, 9))
                    .col(string_len(PanelApplications::Industry, 32))
                    .col(string_len(PanelApplications::Region, 32))
                    .col(string_len(PanelApplications::Stage, 32))
                    .col(string(PanelApplications::RoleInCompany))
                    .col(text(PanelApplications::Message))
                    .col(timestamp_with_time_zone(PanelApplications::ConsentAt))
                    .col(string_len(PanelApplications::Status, 16))
                    .col(integer_null(PanelApplications::WaitingPosition))
                    .col(timestamp_with_time_zone_null(PanelApplications::OfferedAt))
                    .col(text_null(PanelApplications::DecisionMessage))
                    .col(integer_null(PanelApplications::DecidedBy))
                    .col(timestamp_with_time_zone_null(PanelApplications::DecidedAt))
                    .col(timestamp_with_time_zone(PanelApplications::CreatedAt))
                    .foreign_key(&mut to_panel(
                        PanelApplications::Table,
                        PanelApplications::PanelId,
                    ))
                    .foreign_key(&mut to_user(
                        PanelApplications::Table,
                        PanelApplications::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_applications_queue")
                    .table(PanelApplications::Table)
                    .col(PanelApplications::PanelId)
                    .col(PanelApplications::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelInvitations::Table)
                    .col(pk_auto(PanelInvitations::Id))
                    .col(integer(PanelInvitations::PanelId))
                    .col(string(PanelInvitations::Email))
                    .col(string_uniq(PanelInvitations::TokenHash))
                    .col(integer(PanelInvitations::InvitedBy))
                    .col(timestamp_with_time_zone(PanelInvitations::CreatedAt))
                    .col(timestamp_with_time_zone(PanelInvitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PanelInvitations::UsedAt))
                    .col(integer_null(PanelInvitations::UsedBy))
                    .foreign_key(&mut to_panel(
                        PanelInvitations::Table,
                        PanelInvitations::PanelId,
                    ))
                    .foreign_key(&mut to_user(
                        PanelInvitations::Table,
                        PanelInvitations::InvitedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelLog::Table)
                    .col(pk_auto(PanelLog::Id))
                    .col(integer(PanelLog::PanelId))
                    .col(integer_null(PanelLog::ActorId))
                    .col(integer_null(PanelLog::SubjectUserId))
                    .col(string_len(PanelLog::Action, 32))
                    .col(text(PanelLog::Detail).default(""))
                    .col(timestamp_with_time_zone(PanelLog::CreatedAt))
                    .foreign_key(&mut to_panel(PanelLog::Table, PanelLog::PanelId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_log_panel")
                    .table(PanelLog::Table)
                    .col(PanelLog::PanelId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelTopics::Table)
                    .col(integer(PanelTopics::PostId).primary_key())
                    .col(integer(PanelTopics::PanelId))
                    .col(timestamp_with_time_zone_null(PanelTopics::PinnedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelTopics::Table, PanelTopics::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_panel(PanelTopics::Table, PanelTopics::PanelId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_topics_panel")
                    .table(PanelTopics::Table)
                    .col(PanelTopics::PanelId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PanelTopics::Table.into_iden(),
            PanelLog::Table.into_iden(),
            PanelInvitations::Table.into_iden(),
            PanelApplications::Table.into_iden(),
            PanelMembers::Table.into_iden(),
            Panels::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
