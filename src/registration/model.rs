//! A registration as typed and as checked: the one parser of the form and the JSON API.
use serde::Deserialize;

use crate::{
    auth::password::Password,
    error::FieldError,
    i18n::Lang,
    people::{
        model::{DisplayName, Email},
        service::NewCustomer,
    },
};

/// How long a confirmation link works.
pub const LINK_VALID_HOURS: i64 = 48;
/// The least time between two confirmation links for one person.
pub const RESEND_MINUTES: i64 = 5;

/// The registration form as typed (the password is never shown again).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RawRegistration {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub language: String,
    /// The consent checkbox: "yes" when ticked (`true` in JSON is read the same way).
    #[serde(default)]
    pub consent: String,
}

/// Parse every field, naming each that is wrong.
pub fn parse(raw: &RawRegistration) -> Result<NewCustomer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = DisplayName::parse(&raw.display_name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse(&raw.email).map_err(|e| errors.push(e)).ok();
    let password = Password::parse(&raw.password)
        .map_err(|e| errors.push(FieldError::new("password", e.message_key())))
        .ok();
    let language = Lang::parse(raw.language.trim());
    if language.is_none() {
        errors.push(FieldError::new("language", "people-language-invalid"));
    }
    if !matches!(raw.consent.trim(), "yes" | "true" | "on") {
        errors.push(FieldError::new("consent", "registration-consent-required"));
    }
    match (name, email, password, language) {
        (Some(display_name), Some(email), Some(password), Some(language)) if errors.is_empty() => {
            Ok(NewCustomer {
                email,
                display_name,
                language,
                password,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RawRegistration {
        RawRegistration {
            display_name: "Asiakas Anna".into(),
            email: "Anna@Example.fi".into(),
            password: "a long enough secret".into(),
            language: "sv".into(),
            consent: "yes".into(),
        }
    }

    #[test]
    fn a_good_registration_parses() {
        let new = parse(&good()).unwrap();
        assert_eq!(new.email.as_str(), "anna@example.fi");
        assert_eq!(new.language, Lang::Sv);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let raw = RawRegistration {
            display_name: " ".into(),
            email: "nope".into(),
            password: "short".into(),
            language: "de".into(),
            consent: String::new(),
        };
        let fields: Vec<String> = parse(&raw)
            .err()
            .unwrap()
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(
            fields,
            ["display_name", "email", "password", "language", "consent"]
        );
    }
}
