//! Answering a task: one question's answer read from the submitted fields (the form's, or the
//! API's JSON turned into the same fields), checked against the question, and the order one
//! person sees the options in.
use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::{
    i18n::{FluentArg, Tr},
    tasks::model::{Choice, MAX_TEXT_CHARS, OptionId, Question, QuestionId, QuestionKind, TaskId},
};

/// One question's answer, checked against the question.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Single(i32),
    Multiple(Vec<i32>),
    Scale(i32),
    /// Option ids, most important first.
    Ranking(Vec<i32>),
    /// (option id, points) for options given at least one point.
    Dots(Vec<(i32, u32)>),
    Text(String),
    YesNo(bool),
}

/// Why a question's answer was refused: a catalogue key and its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    pub key: &'static str,
    pub args: Vec<(&'static str, i64)>,
}

impl AnswerError {
    fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }
    fn with(key: &'static str, args: &[(&'static str, i64)]) -> Self {
        Self {
            key,
            args: args.to_vec(),
        }
    }
    /// The message in the reader's language.
    pub fn message(&self, t: &Tr) -> String {
        let args: Vec<(&str, FluentArg)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, FluentArg::Num(*v)))
            .collect();
        t.args(self.key, &args)
    }
}

/// The submitted fields of an answer form (a field may repeat, as checkboxes do).
#[derive(Clone, Debug, Default)]
pub struct AnswerFields(HashMap<String, Vec<String>>);

impl AnswerFields {
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            map.entry(k.into()).or_default().push(v.into());
        }
        AnswerFields(map)
    }
    /// Every value of a field, blank ones left out.
    pub fn all(&self, field: &str) -> Vec<&str> {
        self.0
            .get(field)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The first non-blank value of a field.
    pub fn one(&self, field: &str) -> Option<&str> {
        self.all(field).into_iter().next()
    }
    /// The raw first value (free text keeps its inner whitespace).
    pub fn raw(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// The fields a stored answer fills in, to show the form again with it.
    pub fn from_answers(questions: &[Question], answers: &HashMap<i32, Answer>) -> Self {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for q in questions {
            let Some(answer) = answers.get(&q.id.0) else {
                continue;
            };
            match answer {
                Answer::Single(id) | Answer::Scale(id) => pairs.push((q.field(), id.to_string())),
                Answer::Multiple(ids) => {
                    pairs.extend(ids.iter().map(|id| (q.field(), id.to_string())))
                }
                Answer::Ranking(ids) => pairs.extend(
                    ids.iter()
                        .enumerate()
                        .map(|(i, id)| (q.option_field(OptionId(*id)), (i + 1).to_string())),
                ),
                Answer::Dots(points) => pairs.extend(
                    points
                        .iter()
                        .map(|(id, n)| (q.option_field(OptionId(*id)), n.to_string())),
                ),
                Answer::Text(s) => pairs.push((q.field(), s.clone())),
                Answer::YesNo(b) => {
                    pairs.push((q.field(), if *b { "yes" } else { "no" }.to_owned()))
                }
            }
        }
        AnswerFields::from_pairs(pairs)
    }

    /// Whether `value` is among a field's values (for checked boxes and selected options).
    pub fn has(&self, field: &str, value: impl std::fmt::Display) -> bool {
        let value = value.to_string();
        self.all(field).contains(&value.as_str())
    }
}

/// A JSON value as the text a form field would carry (`true` is the form's `yes`).
fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        _ => "\u{0}".into(),
    }
}

impl AnswerFields {
    /// The API's answers (`{"<question id>": value}`) as the answer form's fields, so both
    /// doors go through one parser (`parse_answers`).
    pub fn from_json(questions: &[Question], answers: &HashMap<String, serde_json::Value>) -> Self {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for q in questions {
            let Some(v) = answers.get(&q.id.0.to_string()) else {
                continue;
            };
            match (&q.kind, v) {
                (QuestionKind::Ranking, serde_json::Value::Array(ids)) => {
                    for (i, id) in ids.iter().enumerate() {
                        pairs.push((
                            format!("{}_o{}", q.field(), scalar(id)),
                            (i + 1).to_string(),
                        ));
                    }
                }
                (QuestionKind::Dots { .. }, serde_json::Value::Object(points)) => {
                    for (id, n) in points {
                        pairs.push((format!("{}_o{id}", q.field()), scalar(n)));
                    }
                }
                (_, serde_json::Value::Array(items)) => {
                    pairs.extend(items.iter().map(|i| (q.field(), scalar(i))));
                }
                (_, v) => pairs.push((q.field(), scalar(v))),
            }
        }
        AnswerFields::from_pairs(pairs)
    }
}

fn option_id(question: &Question, raw: &str) -> Result<OptionId, AnswerError> {
    raw.parse::<i32>()
        .ok()
        .map(OptionId)
        .filter(|id| question.option(*id).is_some())
        .ok_or_else(|| AnswerError::new("poll-error-unknown-option"))
}

/// Read one question's answer from the form. `Ok(None)`: an optional question left blank.
pub fn parse_answer(q: &Question, fields: &AnswerFields) -> Result<Option<Answer>, AnswerError> {
    let required = || {
        if q.required {
            Err(AnswerError::new("poll-error-required"))
        } else {
            Ok(None)
        }
    };
    match &q.kind {
        QuestionKind::SingleChoice => match fields.all(&q.field()).as_slice() {
            [] => required(),
            [one] => Ok(Some(Answer::Single(option_id(q, one)?.0))),
            _ => Err(AnswerError::new("poll-error-pick-one")),
        },
        QuestionKind::MultipleChoice { min, max } => {
            let mut ids = Vec::new();
            for raw in fields.all(&q.field()) {
                let id = option_id(q, raw)?.0;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.is_empty() {
                return required();
            }
            let n = ids.len() as u32;
            if n < *min {
                return Err(AnswerError::with(
                    "poll-error-too-few-picks",
                    &[("min", i64::from(*min))],
                ));
            }
            if n > *max {
                return Err(AnswerError::with(
                    "poll-error-too-many-picks",
                    &[("max", i64::from(*max))],
                ));
            }
            // Stored in the question's own order, whatever order the boxes came in.
            ids.sort_by_key(|id| q.options.iter().position(|o| o.id.0 == *id));
            Ok(Some(Answer::Multiple(ids)))
        }
        QuestionKind::Scale { min, max, .. } => match fields.one(&q.field()) {
            None => required(),
            Some(raw) => match raw.parse::<i32>() {
                Ok(v) if (*min..=*max).contains(&v) => Ok(Some(Answer::Scale(v))),
                _ => Err(AnswerError::with(
                    "poll-error-scale-range",
                    &[("min", i64::from(*min)), ("max", i64::from(*max))],
                )),
            },
        },
        QuestionKind::Ranking => {
            let n = q.options.len();
            let mut positions: Vec<(usize, i32)> = Vec::new();
            for o in &q.options {
                match fields.one(&q.option_field(o.id)) {
                    None => {}
                    Some(raw) => match raw.parse::<usize>() {
                        Ok(p) if (1..=n).contains(&p) => positions.push((p, o.id.0)),
                        _ => {
                            return Err(AnswerError::with(
                                "poll-error-rank-range",
                                &[("count", n as i64)],
                            ));
                        }
                    },
                }
            }
            if positions.is_empty() {
                return required();
            }
            if positions.len() < n {
                return Err(AnswerError::new("poll-error-rank-all"));
            }
            positions.sort();
            if positions.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err(AnswerError::new("poll-error-rank-duplicate"));
            }
            Ok(Some(Answer::Ranking(
                positions.into_iter().map(|(_, id)| id).collect(),
            )))
        }
        QuestionKind::Dots { points } => {
            let mut given: Vec<(i32, u32)> = Vec::new();
            let mut total: u64 = 0;
            for o in &q.options {
                if let Some(raw) = fields.one(&q.option_field(o.id)) {
                    let n = raw
                        .parse::<u32>()
                        .map_err(|_| AnswerError::new("poll-error-dots-number"))?;
                    total += u64::from(n);
                    if n > 0 {
                        given.push((o.id.0, n));
                    }
                }
            }
            if total > u64::from(*points) {
                return Err(AnswerError::with(
                    "poll-error-dots-too-many",
                    &[("points", i64::from(*points)), ("given", total as i64)],
                ));
            }
            if given.is_empty() {
                return required();
            }
            Ok(Some(Answer::Dots(given)))
        }
        QuestionKind::FreeText => {
            let text = fields.raw(&q.field()).unwrap_or("").trim();
            if text.is_empty() {
                return required();
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(AnswerError::with(
                    "poll-error-text-too-long",
                    &[("max", MAX_TEXT_CHARS as i64)],
                ));
            }
            let text: String = text
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect();
            Ok(Some(Answer::Text(text.replace("\r\n", "\n"))))
        }
        QuestionKind::YesNo => match fields.one(&q.field()) {
            None => required(),
            Some("yes") => Ok(Some(Answer::YesNo(true))),
            Some("no") => Ok(Some(Answer::YesNo(false))),
            Some(_) => Err(AnswerError::new("poll-error-yes-no")),
        },
    }
}

/// A whole answer set checked, or every question's problem at once.
pub type AnswerSet = HashMap<i32, Answer>;

/// Check every question's answer, collecting all the problems.
pub fn parse_answers(
    questions: &[Question],
    fields: &AnswerFields,
) -> Result<AnswerSet, Vec<(QuestionId, AnswerError)>> {
    let mut answers = HashMap::new();
    let mut errors = Vec::new();
    for q in questions {
        match parse_answer(q, fields) {
            Ok(Some(a)) => {
                answers.insert(q.id.0, a);
            }
            Ok(None) => {}
            Err(e) => errors.push((q.id, e)),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The order one person sees a question's options in: shuffled when the task asks for it,
/// the same on every visit (seeded by task, question and person), different between people.
pub fn options_for(question: &Question, task: TaskId, person: i32, shuffle: bool) -> Vec<Choice> {
    let mut options = question.options.clone();
    if !shuffle || options.len() < 2 {
        return options;
    }
    let seed = Sha256::digest(format!(
        "lupa-poll-order:{}:{}:{}",
        task.0, question.id.0, person
    ));
    let mut state = u64::from_le_bytes(seed[..8].try_into().unwrap_or([0; 8]));
    // Fisher–Yates with splitmix64: small, deterministic, and good enough to vary an order.
    for i in (1..options.len()).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = (z % (i as u64 + 1)) as usize;
        options.swap(i, j);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn question(kind: QuestionKind, required: bool) -> Question {
        Question {
            id: QuestionId(7),
            prompt: "Mitä?".into(),
            kind,
            required,
            options: (1..=4)
                .map(|i| Choice {
                    id: OptionId(i),
                    label: format!("Vaihtoehto {i}"),
                })
                .collect(),
        }
    }

    fn form(pairs: &[(&str, &str)]) -> AnswerFields {
        AnswerFields::from_pairs(pairs.iter().map(|(k, v)| (*k, *v)))
    }

    fn error_key(q: &Question, pairs: &[(&str, &str)]) -> &'static str {
        parse_answer(q, &form(pairs)).unwrap_err().key
    }

    #[test]
    fn single_choice_takes_exactly_one_known_option() {
        let q = question(QuestionKind::SingleChoice, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "2")])).unwrap(),
            Some(Answer::Single(2))
        );
        assert_eq!(error_key(&q, &[]), "poll-error-required");
        assert_eq!(error_key(&q, &[("q7", "9")]), "poll-error-unknown-option");
        assert_eq!(error_key(&q, &[("q7", "x")]), "poll-error-unknown-option");
        assert_eq!(
            error_key(&q, &[("q7", "1"), ("q7", "2")]),
            "poll-error-pick-one"
        );
    }

    #[test]
    fn optional_questions_may_be_left_blank() {
        for kind in [
            QuestionKind::SingleChoice,
            QuestionKind::MultipleChoice { min: 2, max: 3 },
            QuestionKind::Ranking,
            QuestionKind::Dots { points: 5 },
            QuestionKind::FreeText,
            QuestionKind::YesNo,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: String::new(),
                max_label: String::new(),
            },
        ] {
            let q = question(kind, false);
            assert_eq!(parse_answer(&q, &form(&[("q7", "  ")])).unwrap(), None);
        }
    }

    #[test]
    fn multiple_choice_keeps_within_min_and_max_picks() {
        let q = question(QuestionKind::MultipleChoice { min: 2, max: 3 }, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "3"), ("q7", "1"), ("q7", "3")])).unwrap(),
            Some(Answer::Multiple(vec![1, 3]))
        );
        let few = parse_answer(&q, &form(&[("q7", "1")])).unwrap_err();
        assert_eq!(few.key, "poll-error-too-few-picks");
        assert_eq!(few.message(&Tr::new(Lang::En)), "Pick at least 2 options.");
        assert_eq!(
            error_key(&q, &[("q7", "1"), ("q7", "2"), ("q7", "3"), ("q7", "4")]),
            "poll-error-too-many-picks"
        );
    }

    #[test]
    fn scale_answers_stay_within_the_scale() {
        let q = question(
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: "huono".into(),
                max_label: "hyvä".into(),
            },
            true,
        );
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "5")])).unwrap(),
            Some(Answer::Scale(5))
        );
        let e = parse_answer(&q, &form(&[("q7", "6")])).unwrap_err();
        assert_eq!(e.key, "poll-error-scale-range");
        assert_eq!(e.message(&Tr::new(Lang::Fi)), "Valitse luku väliltä 1–5.");
        assert_eq!(error_key(&q, &[("q7", "kolme")]), "poll-error-scale-range");
    }

    #[test]
    fn ranking_needs_every_option_in_a_distinct_place() {
        let q = question(QuestionKind::Ranking, true);
        let all = [
            ("q7_o1", "3"),
            ("q7_o2", "1"),
            ("q7_o3", "4"),
            ("q7_o4", "2"),
        ];
        assert_eq!(
            parse_answer(&q, &form(&all)).unwrap(),
            Some(Answer::Ranking(vec![2, 4, 1, 3]))
        );
        assert_eq!(
            error_key(&q, &[("q7_o1", "1"), ("q7_o2", "2")]),
            "poll-error-rank-all"
        );
        assert_eq!(
            error_key(
                &q,
                &[
                    ("q7_o1", "1"),
                    ("q7_o2", "1"),
                    ("q7_o3", "2"),
                    ("q7_o4", "3")
                ]
            ),
            "poll-error-rank-duplicate"
        );
        assert_eq!(error_key(&q, &[("q7_o1", "5")]), "poll-error-rank-range");
        assert_eq!(error_key(&q, &[]), "poll-error-required");
    }

    #[test]
    fn dots_may_not_exceed_the_budget() {
        let q = question(QuestionKind::Dots { points: 5 }, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7_o1", "3"), ("q7_o2", "0"), ("q7_o4", "2")])).unwrap(),
            Some(Answer::Dots(vec![(1, 3), (4, 2)]))
        );
        let e = parse_answer(&q, &form(&[("q7_o1", "4"), ("q7_o2", "2")])).unwrap_err();
        assert_eq!(e.key, "poll-error-dots-too-many");
        assert_eq!(
            e.message(&Tr::new(Lang::Sv)),
            "Du kan dela ut högst 5 poäng; nu gav du 6."
        );
        assert_eq!(error_key(&q, &[("q7_o1", "-1")]), "poll-error-dots-number");
        assert_eq!(error_key(&q, &[("q7_o1", "0")]), "poll-error-required");
    }

    #[test]
    fn free_text_is_trimmed_and_limited() {
        let q = question(QuestionKind::FreeText, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "  Hyvä palvelu\r\n ")])).unwrap(),
            Some(Answer::Text("Hyvä palvelu".into()))
        );
        assert_eq!(
            error_key(&q, &[("q7", &"a".repeat(MAX_TEXT_CHARS + 1))]),
            "poll-error-text-too-long"
        );
    }

    #[test]
    fn yes_no_takes_yes_or_no() {
        let q = question(QuestionKind::YesNo, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "no")])).unwrap(),
            Some(Answer::YesNo(false))
        );
        assert_eq!(error_key(&q, &[("q7", "maybe")]), "poll-error-yes-no");
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let mut a = question(QuestionKind::YesNo, true);
        a.id = QuestionId(1);
        let mut b = question(QuestionKind::FreeText, true);
        b.id = QuestionId(2);
        let errors = parse_answers(&[a, b], &form(&[])).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn stored_answers_fill_the_form_again() {
        let qs = vec![question(QuestionKind::Ranking, true)];
        let answers: AnswerSet = [(7, Answer::Ranking(vec![2, 4, 1, 3]))].into();
        let fields = AnswerFields::from_answers(&qs, &answers);
        assert_eq!(parse_answers(&qs, &fields).unwrap(), answers);
    }

    #[test]
    fn shuffled_order_is_stable_per_person_and_differs_between_people() {
        let mut q = question(QuestionKind::SingleChoice, true);
        q.options = (1..=8)
            .map(|i| Choice {
                id: OptionId(i),
                label: i.to_string(),
            })
            .collect();
        let first = options_for(&q, TaskId(3), 42, true);
        assert_eq!(first, options_for(&q, TaskId(3), 42, true));
        let others: Vec<_> = (1..20)
            .map(|p| options_for(&q, TaskId(3), p, true))
            .collect();
        assert!(others.iter().any(|o| *o != first));
        let mut sorted = first.clone();
        sorted.sort_by_key(|c| c.id);
        assert_eq!(sorted, q.options);
        assert_eq!(options_for(&q, TaskId(3), 42, false), q.options);
    }
}
