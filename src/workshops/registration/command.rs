//! What the workshop pages and the JSON API take in for registering and for moving a
//! workshop, and one parser per use case that both doors go through.
use serde::Deserialize;

use super::{
    super::model::{Span, first_per_field, parse_colleague, parse_deadline, parse_span},
    service::DeadlineEdit,
};
use crate::error::FieldError;

// ----- Registering -----

/// The registration form.
#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub colleague: String,
}

/// Registering through the API, optionally with a colleague from the same company.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterIn {
    pub colleague: Option<String>,
}

/// A registration, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Register {
    /// The colleague to seat beside the person, if seats allow.
    pub colleague: Option<String>,
}

impl TryFrom<&RegisterForm> for Register {
    type Error = Vec<FieldError>;

    fn try_from(form: &RegisterForm) -> Result<Self, Self::Error> {
        let colleague = parse_colleague(&form.colleague).map_err(|e| vec![e])?;
        Ok(Register { colleague })
    }
}

impl TryFrom<&RegisterIn> for Register {
    type Error = Vec<FieldError>;

    fn try_from(body: &RegisterIn) -> Result<Self, Self::Error> {
        let colleague =
            parse_colleague(body.colleague.as_deref().unwrap_or("")).map_err(|e| vec![e])?;
        Ok(Register { colleague })
    }
}

// ----- A new time -----

/// The facilitator's form for a new time and, optionally, the registration deadline (left
/// out of the form: the deadline is kept while it still falls before the new start).
#[derive(Deserialize)]
pub struct RescheduleForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    pub registration_deadline: Option<String>,
}

impl RescheduleForm {
    /// The form as it first shows: the workshop's own time and deadline in Helsinki time, so a
    /// facilitator moving it changes what changes and types nothing twice (WCAG 3.3.7).
    pub fn of(w: &crate::entities::workshop::Model) -> RescheduleForm {
        let start = crate::workshops::time::to_helsinki(w.starts_at);
        let end = crate::workshops::time::to_helsinki(w.ends_at);
        RescheduleForm {
            date: start.format("%Y-%m-%d").to_string(),
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            registration_deadline: Some(super::super::model::deadline_input(
                w.registration_deadline,
            )),
        }
    }
}

/// A workshop's new time through the API, in Helsinki time as a poll's slots are (`"date":
/// "2027-03-04", "start": "9.00", "end": "12.00"`), and optionally its registration deadline
/// as the page takes it (`"2027-03-01 16.00"`; `""` removes it; left out, it is kept).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleIn {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub registration_deadline: Option<String>,
}

/// A new time, checked: what `service::apply_change` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reschedule {
    pub span: Span,
    pub deadline: DeadlineEdit,
}

impl Reschedule {
    /// The rules of both doors: one day with a start and an end, and a deadline that is
    /// left out (kept), empty (removed) or a Helsinki date and time.
    fn new(
        date: &str,
        start: &str,
        end: &str,
        deadline: Option<&str>,
    ) -> Result<Reschedule, Vec<FieldError>> {
        let mut errors = Vec::new();
        let span = parse_span(date, start, end)
            .map_err(|e| errors.extend(e))
            .ok();
        let deadline = match deadline.map(parse_deadline) {
            None => Some(DeadlineEdit::Keep),
            Some(Ok(d)) => Some(DeadlineEdit::Set(d)),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
        };
        match (span, deadline) {
            (Some(span), Some(deadline)) => Ok(Reschedule { span, deadline }),
            _ => Err(first_per_field(errors)),
        }
    }
}

impl TryFrom<&RescheduleForm> for Reschedule {
    type Error = Vec<FieldError>;

    fn try_from(form: &RescheduleForm) -> Result<Self, Self::Error> {
        Reschedule::new(
            &form.date,
            &form.start,
            &form.end,
            form.registration_deadline.as_deref(),
        )
    }
}

impl TryFrom<&RescheduleIn> for Reschedule {
    type Error = Vec<FieldError>;

    fn try_from(body: &RescheduleIn) -> Result<Self, Self::Error> {
        Reschedule::new(
            &body.date,
            &body.start,
            &body.end,
            body.registration_deadline.as_deref(),
        )
    }
}
