//! Each person's data (issue 17): erasing a person leaves nothing of their name and address
//! in the database file, a PostgreSQL dump, the search index or the outbox's files; "download
//! my data" for its owner only; the daily retention pass; the admin's settings.
mod download;
mod erase;
mod retention;

use lupa::entities::user;

use crate::helpers::TestApp;

/// The person with this address.
pub(crate) async fn person(app: &TestApp, email: &str) -> user::Model {
    lupa::people::store::user_by_email(app.db(), email)
        .await
        .unwrap()
        .expect("the person")
}
