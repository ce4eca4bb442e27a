//! Reading and changing the statement's contact details.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

use crate::{
    error::FieldError,
    people::model::{Email, short_text},
};

/// The contact details, checked.
pub struct Contact {
    pub email: Email,
    pub other: String,
}

/// Check the form: a valid email and at most 500 characters of other details.
pub fn check(email: &str, other: &str) -> Result<Contact, Vec<FieldError>> {
    let email = Email::parse(email).map_err(|e| FieldError {
        field: "contact_email".into(),
        message_key: e.message_key,
        args: Vec::new(),
    });
    let other = short_text(other, "accessibility_contact", 500);
    match (email, other) {
        (Ok(email), Ok(other)) => Ok(Contact { email, other }),
        (email, other) => Err([email.err(), other.err()].into_iter().flatten().collect()),
    }
}

/// Save new contact details.
pub async fn save(db: &DatabaseConnection, contact: Contact) -> Result<(), sea_orm::DbErr> {
    crate::entities::site_settings::ActiveModel {
        id: Set(1),
        contact_email: Set(contact.email.as_str().to_owned()),
        accessibility_contact: Set(contact.other),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
