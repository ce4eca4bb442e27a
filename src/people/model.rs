//! People and organisations as typed values: parsed once at the edge, trusted after.
use crate::error::FieldError;

/// An email address, trimmed and lower-cased (so uniqueness is case-insensitive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim().to_lowercase();
        let err = FieldError {
            field: "email".into(),
            message_key: "email-invalid",
            args: Vec::new(),
        };
        let (local, domain) = s.split_once('@').ok_or(err.clone())?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && !domain.contains('@')
            && s.len() <= 254;
        if ok { Ok(Email(s)) } else { Err(err) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name shown on everything a person writes: 1–100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        let s = crate::text::one_line(raw);
        let n = s.chars().count();
        if n == 0 {
            Err(FieldError {
                field: "display_name".into(),
                message_key: "field-required",
                args: Vec::new(),
            })
        } else if n > 100 {
            Err(FieldError {
                field: "display_name".into(),
                message_key: "field-too-long",
                args: Vec::new(),
            })
        } else {
            Ok(DisplayName(s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as readers see it: their own, or "former participant" in the reader's
/// language once the account is removed (`users.removed_at`). The one place that decides;
/// it has no `Display` on purpose, so nothing can print it without a reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(Option<String>);

impl PersonName {
    /// The name of the person in this row (removed or not).
    pub fn of(person: &crate::entities::user::Model) -> PersonName {
        if person.removed_at.is_some() {
            PersonName(None)
        } else {
            PersonName(Some(person.display_name.clone()))
        }
    }
    /// A person who is not (or no longer) in the database.
    pub fn former() -> PersonName {
        PersonName(None)
    }
    /// A name of someone still here (tests and demo content).
    pub fn named(name: impl Into<String>) -> PersonName {
        PersonName(Some(name.into()))
    }
    /// The name in the reader's language.
    pub fn shown(&self, t: &crate::i18n::Tr) -> String {
        match &self.0 {
            Some(name) => name.clone(),
            None => t.get("former-participant"),
        }
    }
    /// The name for text that has no reader (a search index): the name, or nothing.
    pub fn neutral(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
    /// Whether the account was removed.
    pub fn is_former(&self) -> bool {
        self.0.is_none()
    }
}

/// An organisation's short name: its URL part, 2–32 of `a-z 0-9 -`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortName(String);

impl ShortName {
    pub fn parse(raw: &str) -> Result<ShortName, FieldError> {
        let s = raw.trim().to_lowercase();
        let ok = (2..=32).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(ShortName(s))
        } else {
            Err(FieldError {
                field: "short_name".into(),
                message_key: "short-name-invalid",
                args: Vec::new(),
            })
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organisation's full name: 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub fn parse(raw: &str) -> Result<OrgName, FieldError> {
        let s = crate::text::one_line(raw);
        let n = s.chars().count();
        if n == 0 {
            Err(FieldError {
                field: "org_name".into(),
                message_key: "field-required",
                args: Vec::new(),
            })
        } else if n > 200 {
            Err(FieldError {
                field: "org_name".into(),
                message_key: "field-too-long",
                args: Vec::new(),
            })
        } else {
            Ok(OrgName(s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short free text such as a job title: at most `max` characters, trimmed.
pub fn short_text(raw: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let s = crate::text::one_line(raw);
    if s.chars().count() > max {
        Err(FieldError {
            field: field.into(),
            message_key: "field-too-long",
            args: Vec::new(),
        })
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse("  Maija.Meikalainen@Vero.FI ")
                .unwrap()
                .as_str(),
            "maija.meikalainen@vero.fi"
        );
        for bad in ["", "no-at-sign", "a@b", "a b@c.fi", "@vero.fi", "a@.fi"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_names_are_url_safe() {
        assert_eq!(ShortName::parse("Vero").unwrap().as_str(), "vero");
        assert!(ShortName::parse("ely-keskus").is_ok());
        for bad in ["x", "vero fi", "-vero", "verö", &"a".repeat(33)] {
            assert!(ShortName::parse(bad).is_err(), "{bad}");
        }
    }
}
