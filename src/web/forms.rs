//! Field errors for re-rendered forms: each message in the reader's language, tied to its
//! field with `aria-describedby` by the templates.
use crate::{error::FieldError, i18n::Tr};

#[derive(Clone, Debug)]
pub struct FormErrors {
    errors: Vec<FieldError>,
    t: Tr,
}

impl FormErrors {
    pub fn new(t: Tr, errors: Vec<FieldError>) -> Self {
        Self { errors, t }
    }
    pub fn none(t: Tr) -> Self {
        Self::new(t, Vec::new())
    }
    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message(&self.t))
    }
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    /// (field, message) pairs for the error summary at the top of a form.
    pub fn all(&self) -> Vec<(&str, String)> {
        self.errors
            .iter()
            .map(|e| (e.field.as_ref(), e.message(&self.t)))
            .collect()
    }
}

/// Keep a parsed value, or remember its error and go on checking the other fields.
pub fn collect<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}
