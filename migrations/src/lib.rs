//! Lupa's schema, as append-only migrations that run unchanged on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_people;
mod m20261123_000002_create_sessions;
mod m20261123_000003_create_posts;
mod m20261123_000004_create_comments;
mod m20261123_000005_create_email_outbox;
mod m20261123_121500_create_search_outbox;
mod m20261123_123500_add_accessibility_contact;
mod m20261124_000001_create_panels;
mod m20261124_000002_create_polls;
mod m20261124_000003_create_workshops;
mod m20261124_000004_create_search_nodes;
mod m20261124_000005_extend_email_outbox;
mod m20261125_000001_create_reminders;
mod m20261125_000002_create_workshop_agenda;
mod m20261206_000001_sequence_search_outbox;
mod m20261206_000002_create_contributions;
mod m20261206_100000_open_participation;
mod m20261206_110000_create_email_confirmations;
mod m20261206_120000_create_feedback;
mod m20261206_200000_create_notifications;
mod m20261206_210000_create_imports;
mod m20261206_230000_data_rights;
mod m20261206_250000_create_actions;
mod m20261206_260000_panel_feedback;
mod m20261207_300000_create_ideas;
mod m20261207_310000_aim_tasks;
mod m20261207_310000_create_panel_rules;
mod m20261208_320000_notify_actions;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_people::Migration),
            Box::new(m20261123_000002_create_sessions::Migration),
            Box::new(m20261123_000003_create_posts::Migration),
            Box::new(m20261123_000004_create_comments::Migration),
            Box::new(m20261123_000005_create_email_outbox::Migration),
            Box::new(m20261123_121500_create_search_outbox::Migration),
            Box::new(m20261123_123500_add_accessibility_contact::Migration),
            Box::new(m20261124_000001_create_panels::Migration),
            Box::new(m20261124_000002_create_polls::Migration),
            Box::new(m20261124_000003_create_workshops::Migration),
            Box::new(m20261124_000004_create_search_nodes::Migration),
            Box::new(m20261124_000005_extend_email_outbox::Migration),
            Box::new(m20261125_000001_create_reminders::Migration),
            Box::new(m20261125_000002_create_workshop_agenda::Migration),
            Box::new(m20261206_000001_sequence_search_outbox::Migration),
            Box::new(m20261206_000002_create_contributions::Migration),
            Box::new(m20261206_100000_open_participation::Migration),
            Box::new(m20261206_110000_create_email_confirmations::Migration),
            Box::new(m20261206_120000_create_feedback::Migration),
            Box::new(m20261206_200000_create_notifications::Migration),
            Box::new(m20261206_210000_create_imports::Migration),
            Box::new(m20261206_230000_data_rights::Migration),
            Box::new(m20261206_250000_create_actions::Migration),
            Box::new(m20261206_260000_panel_feedback::Migration),
            Box::new(m20261207_300000_create_ideas::Migration),
            Box::new(m20261207_310000_aim_tasks::Migration),
            Box::new(m20261207_310000_create_panel_rules::Migration),
            Box::new(m20261208_320000_notify_actions::Migration),
        ]
    }
}
