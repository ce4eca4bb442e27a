//! Pages for people: accepting an invitation, a person's own settings and API tokens, and the
//! admin pages for people and organisations; one file per use case.
mod admin_people;
mod invitations;
mod organizations;
mod settings;

pub use self::{admin_people::*, invitations::*, organizations::*, settings::*};
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::service::PeopleError;
use crate::{
    auth::password::Password,
    error::{AppResult, FieldError},
    i18n::Lang,
};

/// Longest job title, in characters.
const JOB_TITLE_MAX: usize = 100;
/// Longest organisation description, in characters.
const DESCRIPTION_MAX: usize = 1000;

/// A re-rendered form with errors.
fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

/// Field errors go back to the form; anything else becomes an error page.
fn form_errors(e: PeopleError) -> AppResult<Vec<FieldError>> {
    match e {
        PeopleError::Field(f) => Ok(vec![f]),
        other => Err(other.into()),
    }
}

fn parse_password(raw: &str, field: &'static str) -> Result<Password, FieldError> {
    Password::parse(raw).map_err(|e| FieldError {
        field: field.into(),
        message_key: e.message_key(),
        args: Vec::new(),
    })
}

fn parse_language(raw: &str, fallback: Lang) -> Lang {
    Lang::parse(raw).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use std::{collections::BTreeSet, path::Path};

    use crate::i18n::{FluentArg, Lang, Tr};

    fn is_key(s: &str) -> bool {
        s.contains('-')
            && !s.starts_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    /// Every catalogue key the people pages, services and templates use.
    fn used_keys() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        let files = ["src/people/handlers", "src/people/service"]
            .into_iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| !path.ends_with("tests.rs"));
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            for literal in code.split('"').skip(1).step_by(2) {
                if is_key(literal) {
                    keys.insert(literal.to_owned());
                }
            }
        }
        for entry in std::fs::read_dir(root.join("templates/people")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for call in ["t.get(\"", "t.arg(\"", "t.count(\""] {
                for rest in text.split(call).skip(1) {
                    let key = rest.split('"').next().unwrap();
                    assert!(is_key(key), "odd key {key:?}");
                    keys.insert(key.to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn every_message_the_people_pages_use_exists_in_every_language() {
        let keys = used_keys();
        assert!(keys.len() > 50, "scanner found only {keys:?}");
        // Messages with variables only resolve when given them.
        let args: Vec<(&str, FluentArg)> = [
            "network",
            "inviter",
            "organization",
            "role",
            "name",
            "email",
        ]
        .into_iter()
        .map(|n| (n, FluentArg::Str("x".to_owned())))
        .chain([("count", FluentArg::Num(2))])
        .collect();
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            let missing: Vec<_> = keys.iter().filter(|k| t.args(k, &args) == **k).collect();
            assert!(missing.is_empty(), "{lang}: {missing:?}");
        }
    }

    #[test]
    fn invitation_email_expiry_reads_naturally() {
        assert_eq!(
            Tr::new(Lang::Fi).count("invitation-email-expiry", 7),
            "Linkki on voimassa 7 päivää, ja sitä voi käyttää vain kerran."
        );
        assert_eq!(
            Tr::new(Lang::Sv).count("invitation-email-expiry", 1),
            "Länken gäller i 1 dag och kan bara användas en gång."
        );
        assert_eq!(
            Tr::new(Lang::En).count("invitation-email-expiry", 7),
            "The link is valid for 7 days and can be used only once."
        );
    }
}
