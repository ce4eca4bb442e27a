//! Counting a task's answers: per-option counts and percentages, scale averages and
//! distributions, Borda points for rankings, dot totals, free-text lists and yes/no — for
//! everyone, or broken down by the respondents' company industry, region or stage.
use std::collections::BTreeMap;

use crate::{
    i18n::Lang,
    tasks::{
        answering::model::{Answer, AnswerSet},
        model::{Question, QuestionKind},
    },
};

pub mod chart;
pub mod csv;
pub mod handlers;
pub mod rounds;

/// What is known of the company behind an answer set, for breakdowns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompanyFacts {
    pub industry: Option<String>,
    pub region: Option<String>,
    pub stage: Option<String>,
}

/// One answer set as counted: the company's facts and the answers.
#[derive(Clone, Debug)]
pub struct Response {
    pub company: CompanyFacts,
    pub answers: AnswerSet,
}

/// A company fact to break results down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Industry,
    Region,
    Stage,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Industry, Dimension::Region, Dimension::Stage];
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "industry" => Some(Dimension::Industry),
            "region" => Some(Dimension::Region),
            "stage" => Some(Dimension::Stage),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Industry => "industry",
            Dimension::Region => "region",
            Dimension::Stage => "stage",
        }
    }
    pub fn label_key(self) -> &'static str {
        match self {
            Dimension::Industry => "poll-breakdown-industry",
            Dimension::Region => "poll-breakdown-region",
            Dimension::Stage => "poll-breakdown-stage",
        }
    }
    fn of(self, c: &CompanyFacts) -> Option<&str> {
        match self {
            Dimension::Industry => c.industry.as_deref(),
            Dimension::Region => c.region.as_deref(),
            Dimension::Stage => c.stage.as_deref(),
        }
    }
}

/// One row of a counted question: an option, a scale step, yes or no.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Row {
    pub label: String,
    /// The option's id, when the row is an option.
    pub option_id: Option<i32>,
    /// People who chose it (or points, for rankings and dots).
    pub value: u64,
    /// Share in per cent: of the question's respondents for choices, of all points for dots.
    pub percent: f64,
    /// Rankings: the average place (1 = first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_rank: Option<f64>,
}

/// A question's results.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tally {
    /// Single and multiple choice: each option picked counts once for that option.
    Choices { rows: Vec<Row> },
    /// Scales: average and how many chose each step.
    Scale {
        average: Option<f64>,
        rows: Vec<Row>,
    },
    /// Rankings: Borda points (with n options, first place earns n points, last 1).
    Ranking { rows: Vec<Row> },
    /// Dot voting: total points per option.
    Dots { total: u64, rows: Vec<Row> },
    /// Free text: the answers as written, in a stable order.
    Text { answers: Vec<String> },
    /// Yes / no.
    YesNo { rows: Vec<Row> },
}

/// One question counted.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuestionResult {
    pub question_id: i32,
    pub prompt: String,
    /// How many answer sets answered this question.
    pub respondents: u64,
    pub tally: Tally,
}

impl QuestionResult {
    /// The rows a bar chart and its table show (none for free text).
    pub fn rows(&self) -> &[Row] {
        match &self.tally {
            Tally::Choices { rows }
            | Tally::Scale { rows, .. }
            | Tally::Ranking { rows }
            | Tally::Dots { rows, .. }
            | Tally::YesNo { rows } => rows,
            Tally::Text { .. } => &[],
        }
    }
    pub fn texts(&self) -> &[String] {
        match &self.tally {
            Tally::Text { answers } => answers,
            _ => &[],
        }
    }
    pub fn average(&self) -> Option<f64> {
        match &self.tally {
            Tally::Scale { average, .. } => *average,
            _ => None,
        }
    }
    pub fn is_ranking(&self) -> bool {
        matches!(self.tally, Tally::Ranking { .. })
    }
    pub fn is_dots(&self) -> bool {
        matches!(self.tally, Tally::Dots { .. })
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Count one question over some answer sets. `yes`/`no` are the row labels for yes/no.
pub fn count_question(
    q: &Question,
    responses: &[&Response],
    yes_no: (&str, &str),
) -> QuestionResult {
    let answers: Vec<&Answer> = responses
        .iter()
        .filter_map(|r| r.answers.get(&q.id.0))
        .collect();
    let respondents = answers.len() as u64;
    let option_rows = |values: &dyn Fn(i32) -> u64, whole: u64| -> Vec<Row> {
        q.options
            .iter()
            .map(|o| {
                let v = values(o.id.0);
                Row {
                    label: o.label.clone(),
                    option_id: Some(o.id.0),
                    value: v,
                    percent: percent(v, whole),
                    average_rank: None,
                }
            })
            .collect()
    };
    let tally = match &q.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice { .. } => {
            let picked = |id: i32| {
                answers
                    .iter()
                    .filter(|a| match a {
                        Answer::Single(x) => *x == id,
                        Answer::Multiple(xs) => xs.contains(&id),
                        _ => false,
                    })
                    .count() as u64
            };
            Tally::Choices {
                rows: option_rows(&picked, respondents),
            }
        }
        QuestionKind::Scale { min, max, .. } => {
            let values: Vec<i32> = answers
                .iter()
                .filter_map(|a| match a {
                    Answer::Scale(v) => Some(*v),
                    _ => None,
                })
                .collect();
            let average = (!values.is_empty())
                .then(|| values.iter().map(|v| f64::from(*v)).sum::<f64>() / values.len() as f64);
            let rows = (*min..=*max)
                .map(|step| {
                    let n = values.iter().filter(|v| **v == step).count() as u64;
                    Row {
                        label: step.to_string(),
                        option_id: None,
                        value: n,
                        percent: percent(n, respondents),
                        average_rank: None,
                    }
                })
                .collect();
            Tally::Scale { average, rows }
        }
        QuestionKind::Ranking => {
            let n = q.options.len() as u64;
            let mut points: BTreeMap<i32, (u64, u64, u64)> = BTreeMap::new(); // id -> (points, rank sum, times)
            for a in &answers {
                if let Answer::Ranking(order) = a {
                    for (i, id) in order.iter().enumerate() {
                        let e = points.entry(*id).or_default();
                        e.0 += n.saturating_sub(i as u64);
                        e.1 += i as u64 + 1;
                        e.2 += 1;
                    }
                }
            }
            let total: u64 = points.values().map(|p| p.0).sum();
            let mut rows: Vec<Row> = q
                .options
                .iter()
                .map(|o| {
                    let (p, rank_sum, times) = points.get(&o.id.0).copied().unwrap_or_default();
                    Row {
                        label: o.label.clone(),
                        option_id: Some(o.id.0),
                        value: p,
                        percent: percent(p, total),
                        average_rank: (times > 0).then(|| rank_sum as f64 / times as f64),
                    }
                })
                .collect();
            rows.sort_by_key(|r| std::cmp::Reverse(r.value));
            Tally::Ranking { rows }
        }
        QuestionKind::Dots { .. } => {
            let given = |id: i32| {
                answers
                    .iter()
                    .map(|a| match a {
                        Answer::Dots(ps) => ps
                            .iter()
                            .filter(|(o, _)| *o == id)
                            .map(|(_, n)| u64::from(*n))
                            .sum(),
                        _ => 0,
                    })
                    .sum::<u64>()
            };
            let total: u64 = q.options.iter().map(|o| given(o.id.0)).sum();
            let mut rows = option_rows(&given, total);
            rows.sort_by_key(|r| std::cmp::Reverse(r.value));
            Tally::Dots { total, rows }
        }
        QuestionKind::FreeText => {
            let mut texts: Vec<String> = answers
                .iter()
                .filter_map(|a| match a {
                    Answer::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            // Sorted, so the list's order says nothing about who answered when.
            texts.sort();
            Tally::Text { answers: texts }
        }
        QuestionKind::YesNo => {
            let yes = answers
                .iter()
                .filter(|a| matches!(a, Answer::YesNo(true)))
                .count() as u64;
            let no = answers
                .iter()
                .filter(|a| matches!(a, Answer::YesNo(false)))
                .count() as u64;
            let row = |label: &str, v: u64| Row {
                label: label.to_owned(),
                option_id: None,
                value: v,
                percent: percent(v, respondents),
                average_rank: None,
            };
            Tally::YesNo {
                rows: vec![row(yes_no.0, yes), row(yes_no.1, no)],
            }
        }
    };
    QuestionResult {
        question_id: q.id.0,
        prompt: q.prompt.clone(),
        respondents,
        tally,
    }
}

/// Count every question over the given answer sets.
pub fn count_all(
    questions: &[Question],
    responses: &[&Response],
    yes_no: (&str, &str),
) -> Vec<QuestionResult> {
    questions
        .iter()
        .map(|q| count_question(q, responses, yes_no))
        .collect()
}

/// One group of a breakdown.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Group {
    /// The company fact shared by the group; `None` for "not given" or merged small groups.
    pub value: Option<String>,
    /// Whether this group gathers groups too small to show on their own.
    pub merged: bool,
    pub answer_sets: u64,
    pub results: Vec<QuestionResult>,
}

/// The smallest group a breakdown shows on its own to this reader: `min_group` (the
/// `results_min_group` setting) for everyone but a facilitator of a named task, who knows
/// every answer by name anyway. An anonymous task keeps its promise to facilitators too.
pub fn breakdown_min_group(
    role: Option<crate::panels::access::PanelRole>,
    anonymity: crate::tasks::model::Anonymity,
    min_group: usize,
) -> usize {
    let facilitator = role.is_some_and(|r| r.is_facilitator());
    if facilitator && !anonymity.is_anonymous() {
        1
    } else {
        min_group.max(1)
    }
}

/// Results per group of companies. Groups with fewer than `min_group` answer sets are merged
/// into one "other" group, and left out if even that stays too small: in an anonymous task a
/// group of one would show that company's answers.
pub fn breakdown(
    questions: &[Question],
    responses: &[Response],
    dimension: Dimension,
    min_group: usize,
    yes_no: (&str, &str),
) -> Vec<Group> {
    let mut by_value: BTreeMap<Option<String>, Vec<&Response>> = BTreeMap::new();
    for r in responses {
        by_value
            .entry(dimension.of(&r.company).map(str::to_owned))
            .or_default()
            .push(r);
    }
    let mut groups = Vec::new();
    let mut small: Vec<&Response> = Vec::new();
    for (value, members) in by_value {
        if members.len() < min_group || value.is_none() {
            small.extend(members);
        } else {
            groups.push(Group {
                answer_sets: members.len() as u64,
                results: count_all(questions, &members, yes_no),
                value,
                merged: false,
            });
        }
    }
    if !small.is_empty() && small.len() >= min_group {
        groups.push(Group {
            value: None,
            merged: true,
            answer_sets: small.len() as u64,
            results: count_all(questions, &small, yes_no),
        });
    }
    groups
}

/// A number with one decimal in the reader's language ("42,5" in Finnish and Swedish).
pub fn one_decimal(value: f64, lang: Lang) -> String {
    let s = format!("{value:.1}");
    match lang {
        Lang::Fi | Lang::Sv => s.replace('.', ","),
        Lang::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::model::{Choice, OptionId, QuestionId};

    fn q(id: i32, kind: QuestionKind, n_options: i32) -> Question {
        Question {
            id: QuestionId(id),
            prompt: format!("Kysymys {id}"),
            kind,
            required: false,
            options: (1..=n_options)
                .map(|i| Choice {
                    id: OptionId(id * 10 + i),
                    label: format!("V{i}"),
                })
                .collect(),
        }
    }

    fn resp(industry: &str, answers: Vec<(i32, Answer)>) -> Response {
        Response {
            company: CompanyFacts {
                industry: Some(industry.into()),
                ..Default::default()
            },
            answers: answers.into_iter().collect(),
        }
    }

    fn refs(r: &[Response]) -> Vec<&Response> {
        r.iter().collect()
    }

    const YN: (&str, &str) = ("kyllä", "ei");

    #[test]
    fn only_a_named_tasks_facilitator_sees_groups_smaller_than_the_setting() {
        use crate::{panels::access::PanelRole, tasks::model::Anonymity};
        // (role in the panel, anonymity, smallest group shown)
        let table = [
            (Some(PanelRole::Facilitator), Anonymity::Named, 1),
            (Some(PanelRole::Facilitator), Anonymity::Anonymous, 5),
            (Some(PanelRole::Member), Anonymity::Named, 5),
            (Some(PanelRole::Member), Anonymity::Anonymous, 5),
            (None, Anonymity::Named, 5),
            (None, Anonymity::Anonymous, 5),
        ];
        for (role, anonymity, expected) in table {
            assert_eq!(
                breakdown_min_group(role, anonymity, 5),
                expected,
                "{role:?} {anonymity:?}"
            );
        }
    }

    #[test]
    fn multiple_choice_counts_each_option_picked_never_combinations() {
        let question = q(1, QuestionKind::MultipleChoice { min: 1, max: 3 }, 3);
        let rs = vec![
            resp("it", vec![(1, Answer::Multiple(vec![11, 12]))]),
            resp("it", vec![(1, Answer::Multiple(vec![11]))]),
            resp("it", vec![(1, Answer::Multiple(vec![12, 13]))]),
            resp("it", vec![]),
        ];
        let r = count_question(&question, &refs(&rs), YN);
        assert_eq!(r.respondents, 3);
        let values: Vec<(u64, f64)> = r.rows().iter().map(|r| (r.value, r.percent)).collect();
        let third = 100.0 / 3.0;
        assert_eq!(values, vec![(2, 2.0 * third), (2, 2.0 * third), (1, third)]);
        assert_eq!(r.rows().len(), 3, "one row per option, no combination rows");
    }

    #[test]
    fn single_choice_percentages_add_up() {
        let question = q(1, QuestionKind::SingleChoice, 2);
        let rs = vec![
            resp("it", vec![(1, Answer::Single(11))]),
            resp("it", vec![(1, Answer::Single(11))]),
            resp("it", vec![(1, Answer::Single(11))]),
            resp("it", vec![(1, Answer::Single(12))]),
        ];
        let r = count_question(&question, &refs(&rs), YN);
        assert_eq!(r.rows()[0].percent, 75.0);
        assert_eq!(r.rows()[1].percent, 25.0);
    }

    #[test]
    fn scale_gives_average_and_distribution() {
        let question = q(
            2,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: String::new(),
                max_label: String::new(),
            },
            0,
        );
        let rs = vec![
            resp("it", vec![(2, Answer::Scale(5))]),
            resp("it", vec![(2, Answer::Scale(4))]),
            resp("it", vec![(2, Answer::Scale(4))]),
            resp("it", vec![(2, Answer::Scale(1))]),
        ];
        let r = count_question(&question, &refs(&rs), YN);
        assert_eq!(r.average(), Some(3.5));
        let counts: Vec<u64> = r.rows().iter().map(|r| r.value).collect();
        assert_eq!(counts, vec![1, 0, 0, 2, 1]);
        let empty = count_question(&question, &[], YN);
        assert_eq!(empty.average(), None);
    }

    #[test]
    fn rankings_earn_borda_points() {
        let question = q(3, QuestionKind::Ranking, 3);
        let rs = vec![
            resp("it", vec![(3, Answer::Ranking(vec![31, 32, 33]))]),
            resp("it", vec![(3, Answer::Ranking(vec![32, 31, 33]))]),
            resp("it", vec![(3, Answer::Ranking(vec![32, 33, 31]))]),
        ];
        let r = count_question(&question, &refs(&rs), YN);
        let points: Vec<(&str, u64, Option<f64>)> = r
            .rows()
            .iter()
            .map(|r| (r.label.as_str(), r.value, r.average_rank))
            .collect();
        // V2: 2+3+3 = 8, V1: 3+2+1 = 6, V3: 1+1+2 = 4
        assert_eq!(
            points,
            vec![
                ("V2", 8, Some(4.0 / 3.0)),
                ("V1", 6, Some(2.0)),
                ("V3", 4, Some(8.0 / 3.0))
            ]
        );
    }

    #[test]
    fn dots_are_totalled() {
        let question = q(4, QuestionKind::Dots { points: 5 }, 3);
        let rs = vec![
            resp("it", vec![(4, Answer::Dots(vec![(41, 3), (43, 2)]))]),
            resp("it", vec![(4, Answer::Dots(vec![(43, 5)]))]),
        ];
        let r = count_question(&question, &refs(&rs), YN);
        let Tally::Dots { total, rows } = &r.tally else {
            panic!("dots")
        };
        assert_eq!(*total, 10);
        assert_eq!(rows[0].label, "V3");
        assert_eq!(rows[0].value, 7);
        assert_eq!(rows[0].percent, 70.0);
        assert_eq!(rows[2].value, 0);
    }

    #[test]
    fn free_text_is_listed_and_yes_no_counted() {
        let text = q(5, QuestionKind::FreeText, 0);
        let yn = q(6, QuestionKind::YesNo, 0);
        let rs = vec![
            resp(
                "it",
                vec![
                    (5, Answer::Text("Nopeampi".into())),
                    (6, Answer::YesNo(true)),
                ],
            ),
            resp(
                "it",
                vec![
                    (5, Answer::Text("Selkeämpi".into())),
                    (6, Answer::YesNo(false)),
                ],
            ),
            resp("it", vec![(6, Answer::YesNo(true))]),
        ];
        let r = count_question(&text, &refs(&rs), YN);
        assert_eq!(r.texts(), ["Nopeampi", "Selkeämpi"]);
        let r = count_question(&yn, &refs(&rs), YN);
        let rows: Vec<(&str, u64)> = r
            .rows()
            .iter()
            .map(|r| (r.label.as_str(), r.value))
            .collect();
        assert_eq!(rows, vec![("kyllä", 2), ("ei", 1)]);
    }

    #[test]
    fn breakdown_groups_by_company_and_merges_small_groups() {
        let question = q(6, QuestionKind::YesNo, 0);
        let mut rs = Vec::new();
        for _ in 0..3 {
            rs.push(resp("it", vec![(6, Answer::YesNo(true))]));
        }
        rs.push(resp("food", vec![(6, Answer::YesNo(false))]));
        let named = breakdown(
            std::slice::from_ref(&question),
            &rs,
            Dimension::Industry,
            1,
            YN,
        );
        let values: Vec<(Option<&str>, u64)> = named
            .iter()
            .map(|g| (g.value.as_deref(), g.answer_sets))
            .collect();
        assert_eq!(values, vec![(Some("food"), 1), (Some("it"), 3)]);
        // Anonymous: the lone food company is not shown on its own (nor merged into a group
        // it would be the only member of).
        let anonymous = breakdown(&[question], &rs, Dimension::Industry, 3, YN);
        assert_eq!(anonymous.len(), 1);
        assert_eq!(anonymous[0].value.as_deref(), Some("it"));
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(one_decimal(42.25, Lang::Fi), "42,2");
        assert_eq!(one_decimal(42.26, Lang::En), "42.3");
    }
}
