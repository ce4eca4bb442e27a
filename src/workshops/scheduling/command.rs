//! What the scheduling pages and the JSON API take in, and one parser per use case that both
//! doors go through, so a rule cannot hold on one path only. Each door keeps its own field
//! names (the form's `dates` and `slot`, the API's `slots[1].start` and `slot_id`).
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::super::model::{
    Answer, MAX_SLOTS, SlotId, Span, Title, first_per_field, parse_capacity, parse_deadline,
    parse_online_url, parse_place, parse_slots, parse_span,
};
use crate::error::FieldError;

// ----- A new poll -----

/// The new-poll form (and the add-times form): several days typed at once, sharing a start
/// and an end time.
#[derive(Default, Deserialize, Clone)]
pub struct PollForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dates: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

/// A candidate time as the API sends it: Helsinki date and wall-clock times.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotIn {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

/// A new scheduling poll as the API sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollIn {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub slots: Vec<SlotIn>,
}

/// A new poll, checked: what `service::create_poll` takes.
#[derive(Clone, Debug)]
pub struct NewPoll {
    pub title: Title,
    /// Markdown, trimmed; it renders (the workshop made from the poll keeps it).
    pub description: String,
    /// In time order, each time once.
    pub slots: Vec<Span>,
}

impl NewPoll {
    /// The rules of both doors; only the shape of the times differs between them.
    fn new(
        title: &str,
        description: &str,
        slots: Result<Vec<Span>, Vec<FieldError>>,
    ) -> Result<NewPoll, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = Title::parse(title).map_err(|e| errors.push(e)).ok();
        let description = description.trim();
        if let Err(e) = crate::markdown::render(description) {
            errors.push(crate::blog::service::markdown_field_error(
                "description",
                &e,
            ));
        }
        let slots = slots.map_err(|e| errors.extend(e)).ok();
        match (title, slots) {
            (Some(title), Some(slots)) if errors.is_empty() => Ok(NewPoll {
                title,
                description: description.to_owned(),
                slots,
            }),
            _ => Err(first_per_field(errors)),
        }
    }
}

impl TryFrom<&PollForm> for NewPoll {
    type Error = Vec<FieldError>;

    fn try_from(form: &PollForm) -> Result<Self, Self::Error> {
        let slots = parse_slots(&form.dates, &form.start, &form.end);
        NewPoll::new(&form.title, &form.description, slots)
    }
}

impl TryFrom<&PollIn> for NewPoll {
    type Error = Vec<FieldError>;

    fn try_from(body: &PollIn) -> Result<Self, Self::Error> {
        NewPoll::new(&body.title, &body.description, slot_list(&body.slots))
    }
}

/// The API's list of times, each checked on its own (problems named `slots[2].start`);
/// identical times are kept once.
fn slot_list(slots: &[SlotIn]) -> Result<Vec<Span>, Vec<FieldError>> {
    if slots.is_empty() {
        return Err(vec![FieldError::new("slots", "workshops-dates-missing")]);
    }
    if slots.len() > MAX_SLOTS {
        return Err(vec![FieldError::new(
            "slots",
            "workshops-api-too-many-slots",
        )]);
    }
    let mut errors = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        match parse_span(&s.date, &s.start, &s.end) {
            Ok(span) if !spans.contains(&span) => spans.push(span),
            Ok(_) => {}
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|e| FieldError::new(format!("slots[{i}].{}", e.field), e.message_key)),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    spans.sort_by_key(|s| s.start);
    Ok(spans)
}

// ----- Answers -----

/// The answer form: `slot-<id>=yes|maybe|no` for each slot; anything else is left out.
pub fn answers_from_form(pairs: &[(String, String)]) -> Vec<(SlotId, Answer)> {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            let slot = k.strip_prefix("slot-")?.parse().ok()?;
            Some((SlotId(slot), Answer::parse(v)?))
        })
        .collect()
}

/// The caller's answers as the API sends them: `{"answers": {"<slot id>": "yes" |
/// "if_need_be" | "no"}}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersIn {
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// `yes`, `if_need_be` or `no`: how the API spells an answer.
pub fn answer_code(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::IfNeedBe => "if_need_be",
        Answer::No => "no",
    }
}

fn parse_answer_code(s: &str) -> Option<Answer> {
    Answer::ALL.into_iter().find(|a| answer_code(*a) == s)
}

/// The API's answers, each to one of the poll's slots (`known`), problems named
/// `answers.<slot id>`.
pub fn answers_from_json(
    body: &AnswersIn,
    known: impl Fn(i32) -> bool,
) -> Result<Vec<(SlotId, Answer)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut answers = Vec::new();
    if body.answers.is_empty() {
        errors.push(FieldError::new("answers", "workshops-api-answers-missing"));
    }
    for (slot, value) in &body.answers {
        let field = format!("answers.{slot}");
        match slot.parse::<i32>().ok().filter(|s| known(*s)) {
            None => errors.push(FieldError::new(field, "workshops-api-unknown-slot")),
            Some(s) => match parse_answer_code(value) {
                Some(a) => answers.push((SlotId(s), a)),
                None => errors.push(FieldError::new(field, "workshops-api-answer-invalid")),
            },
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(first_per_field(errors))
    }
}

// ----- Confirming a time -----

/// The facilitator's confirm form.
#[derive(Default, Deserialize, Clone)]
pub struct ConfirmForm {
    #[serde(default)]
    pub slot: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub registration_deadline: String,
}

/// What a facilitator adds when confirming a time through the API.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmIn {
    pub slot_id: Option<i32>,
    pub capacity: Option<i64>,
    pub place: Option<String>,
    pub online_url: Option<String>,
}

/// What the facilitator adds when confirming a time.
#[derive(Clone, Debug)]
pub struct WorkshopDraft {
    pub capacity: i32,
    pub place: Option<String>,
    pub online_url: Option<String>,
}

/// A confirmed time, checked: what `service::confirm` takes.
#[derive(Clone, Debug)]
pub struct ConfirmTime {
    pub slot: SlotId,
    pub draft: WorkshopDraft,
    pub registration_deadline: Option<DateTime<Utc>>,
}

impl ConfirmTime {
    /// The rules of both doors, given the slot each door found.
    fn new(
        slot: Result<SlotId, FieldError>,
        capacity: &str,
        place: &str,
        online_url: &str,
        registration_deadline: &str,
    ) -> Result<ConfirmTime, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slot = slot.map_err(|e| errors.push(e)).ok();
        let capacity = parse_capacity(capacity).map_err(|e| errors.push(e)).ok();
        let place = parse_place(place).map_err(|e| errors.push(e)).ok();
        let online_url = parse_online_url(online_url)
            .map_err(|e| errors.push(e))
            .ok();
        let deadline = parse_deadline(registration_deadline)
            .map_err(|e| errors.push(e))
            .ok();
        match (slot, capacity, place, online_url, deadline) {
            (Some(slot), Some(capacity), Some(place), Some(online_url), Some(deadline)) => {
                Ok(ConfirmTime {
                    slot,
                    draft: WorkshopDraft {
                        capacity,
                        place,
                        online_url,
                    },
                    registration_deadline: deadline,
                })
            }
            _ => Err(first_per_field(errors)),
        }
    }

    /// The API's body; `slot_id` must be one of the poll's slots (`known`). The API sets no
    /// registration deadline when confirming.
    pub fn from_json(
        body: &ConfirmIn,
        known: impl Fn(i32) -> bool,
    ) -> Result<ConfirmTime, Vec<FieldError>> {
        let slot = body
            .slot_id
            .filter(|s| known(*s))
            .map(SlotId)
            .ok_or(FieldError::new("slot_id", "workshops-slot-missing"));
        ConfirmTime::new(
            slot,
            &body.capacity.map(|c| c.to_string()).unwrap_or_default(),
            body.place.as_deref().unwrap_or(""),
            body.online_url.as_deref().unwrap_or(""),
            "",
        )
    }
}

impl TryFrom<&ConfirmForm> for ConfirmTime {
    type Error = Vec<FieldError>;

    fn try_from(form: &ConfirmForm) -> Result<Self, Self::Error> {
        let slot = form
            .slot
            .trim()
            .parse::<i32>()
            .map(SlotId)
            .map_err(|_| FieldError::new("slot", "workshops-slot-missing"));
        ConfirmTime::new(
            slot,
            &form.capacity,
            &form.place,
            &form.online_url,
            &form.registration_deadline,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field.into_owned()).collect()
    }

    #[test]
    fn both_doors_refuse_an_over_long_place() {
        let place = "x".repeat(301);
        let form = ConfirmForm {
            slot: "1".into(),
            capacity: "10".into(),
            place: place.clone(),
            ..Default::default()
        };
        assert_eq!(fields(ConfirmTime::try_from(&form).unwrap_err()), ["place"]);
        let body = ConfirmIn {
            slot_id: Some(1),
            capacity: Some(10),
            place: Some(place),
            online_url: None,
        };
        assert_eq!(
            fields(ConfirmTime::from_json(&body, |_| true).unwrap_err()),
            ["place"]
        );
    }

    #[test]
    fn the_api_names_each_times_problem_by_its_place_in_the_list() {
        let body = PollIn {
            title: String::new(),
            description: String::new(),
            slots: vec![
                SlotIn {
                    date: "2030-03-04".into(),
                    start: "9.00".into(),
                    end: "12.00".into(),
                },
                SlotIn {
                    date: "2030-03-05".into(),
                    start: "25.00".into(),
                    end: "12.00".into(),
                },
            ],
        };
        assert_eq!(
            fields(NewPoll::try_from(&body).unwrap_err()),
            ["title", "slots[1].start"]
        );
    }
}
