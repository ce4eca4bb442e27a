//! Panel rules (issue 19): each save of a panel's rules is a new numbered version (Markdown,
//! its rendered HTML, who wrote it, an optional note on the change), and each person's
//! acceptance of a panel's rules names the version they last accepted.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

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

#[derive(DeriveIden)]
enum PanelRulesVersion {
    Table,
    Id,
    PanelId,
    /// 1, 2, 3 … within the panel.
    Version,
    BodyMd,
    BodyHtml,
    /// Kept when the author is erased (their account row stays, as for other content).
    AuthorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PanelRulesAcceptance {
    Table,
    PanelId,
    UserId,
    /// The version the person accepted last.
    Version,
    AcceptedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PanelRulesVersion::Table)
                    .col(pk_auto(PanelRulesVersion::Id))
                    .col(integer(PanelRulesVersion::PanelId))
                    .col(integer(PanelRulesVersion::Version))
                    .col(text(PanelRulesVersion::BodyMd))
                    .col(text(PanelRulesVersion::BodyHtml))
                    .col(integer_null(PanelRulesVersion::AuthorId))
                    .col(string_null(PanelRulesVersion::Note))
                    .col(timestamp_with_time_zone(PanelRulesVersion::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelRulesVersion::Table, PanelRulesVersion::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelRulesVersion::Table, PanelRulesVersion::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_rules_version_panel_version")
                    .table(PanelRulesVersion::Table)
                    .col(PanelRulesVersion::PanelId)
                    .col(PanelRulesVersion::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelRulesAcceptance::Table)
                    .col(integer(PanelRulesAcceptance::PanelId))
                    .col(integer(PanelRulesAcceptance::UserId))
                    .col(integer(PanelRulesAcceptance::Version))
                    .col(timestamp_with_time_zone(PanelRulesAcceptance::AcceptedAt))
                    .primary_key(
                        Index::create()
                            .col(PanelRulesAcceptance::PanelId)
                            .col(PanelRulesAcceptance::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelRulesAcceptance::Table, PanelRulesAcceptance::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelRulesAcceptance::Table, PanelRulesAcceptance::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_rules_acceptance_user")
                    .table(PanelRulesAcceptance::Table)
                    .col(PanelRulesAcceptance::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PanelRulesAcceptance::Table.into_iden(),
            PanelRulesVersion::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
