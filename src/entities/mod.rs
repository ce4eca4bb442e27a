//! sea-orm entities: one per table, mirroring the migrations. Features query them from their
//! own `store.rs`.
pub mod api_token;
pub mod comment;
pub mod email_opt_out;
pub mod email_outbox;
pub mod invitation;
pub mod label;
pub mod login_attempt;
pub mod organization;
pub mod post;
pub mod post_label;
pub mod post_revision;
pub mod search_outbox;
pub mod session;
pub mod site_settings;
pub mod user;
