//! sea-orm entities: one per table, mirroring the migrations. Features query them from their
//! own `store.rs`.
pub mod api_token;
pub mod audit_entry;
pub mod comment;
pub mod contribution;
pub mod email_confirmation;
pub mod email_opt_out;
pub mod email_outbox;
pub mod flag;
pub mod invitation;
pub mod label;
pub mod login_attempt;
pub mod organization;
pub mod panel;
pub mod panel_application;
pub mod panel_invitation;
pub mod panel_log;
pub mod panel_member;
pub mod panel_rules_acceptance;
pub mod panel_rules_version;
pub mod panel_topic;
pub mod post;
pub mod post_label;
pub mod post_revision;
pub mod scheduling_answer;
pub mod scheduling_poll;
pub mod scheduling_slot;
pub mod search_node;
pub mod search_outbox;
pub mod session;
pub mod site_settings;
pub mod tasks;
pub mod user;
pub mod workshop;
pub mod workshop_registration;
// -- reminders and calendar feeds (add entities here)
pub mod calendar_feed;
pub mod sent_reminder;
// -- agenda, minutes, attendance (add entities here)
pub mod workshop_agenda_item;
pub mod workshop_attachment;
pub mod workshop_attendance;
// -- imports from Blogger and WordPress (add entities here)
pub mod import_item;
pub mod post_redirect;
