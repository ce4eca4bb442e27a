//! Rounds compared: a task copied as the next round keeps the earlier one, and its results
//! set each question's figures beside those of every earlier round. Questions match across
//! rounds by position and kind (the copy copies them; a question changed to another kind
//! matches nothing), and rows match by their label (an option's text, a scale step, yes/no).
//! Each round's percentages are of that round's own respondents, so rounds of different
//! sizes compare fairly.
use super::{Dimension, Response, count_question};
use crate::tasks::model::{Question, QuestionKind};

/// One round as compared.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RoundInfo {
    pub task_id: i32,
    /// 1 for the first round.
    pub round: i32,
    pub title: String,
    pub answer_sets: u64,
}

/// One round's figure of a row: people (or points) and their share in per cent.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Cell {
    pub value: u64,
    pub percent: f64,
}

/// A row (an option, a scale step, yes or no) across the rounds, earliest first; `None`
/// where the round has no such row or no matching question.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RoundsRow {
    pub label: String,
    pub cells: Vec<Option<Cell>>,
}

/// One question of the latest round beside its matches in the earlier rounds.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuestionRounds {
    /// The question's place in the task, from 0.
    pub position: usize,
    pub question_id: i32,
    pub prompt: String,
    pub kind: &'static str,
    /// Each round's respondents to the question (`None`: no matching question).
    pub respondents: Vec<Option<u64>>,
    /// Scales: each round's average.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub averages: Vec<Option<f64>>,
    pub rows: Vec<RoundsRow>,
}

/// One round's questions and answer sets, to compare.
pub struct RoundData<'a> {
    pub info: RoundInfo,
    pub questions: &'a [Question],
    pub responses: Vec<&'a Response>,
    /// Whether the round's figures may be shown (a breakdown group too small in a round
    /// is not): a hidden round compares as one without the question.
    pub shown: bool,
}

/// The question of a round matching the latest round's question at `position`: the one at
/// the same place, of the same kind.
pub fn matching<'a>(
    questions: &'a [Question],
    position: usize,
    kind: &str,
) -> Option<&'a Question> {
    questions.get(position).filter(|q| q.kind.code() == kind)
}

/// Compare every question of the last round (free text aside: it has no figures) with its
/// matches in the earlier ones. `rounds` run earliest first.
pub fn compare(rounds: &[RoundData<'_>], yes_no: (&str, &str)) -> Vec<QuestionRounds> {
    let Some(latest) = rounds.last() else {
        return Vec::new();
    };
    latest
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuestionKind::FreeText)
        .map(|(position, q)| {
            let counted: Vec<Option<super::QuestionResult>> = rounds
                .iter()
                .map(|r| {
                    matching(r.questions, position, q.kind.code())
                        .filter(|_| r.shown)
                        .map(|m| count_question(m, &r.responses, yes_no))
                })
                .collect();
            // Rows in the latest round's order: options as the facilitator ordered them,
            // scale steps low to high, yes before no.
            let labels: Vec<String> = match &q.kind {
                QuestionKind::YesNo => vec![yes_no.0.to_owned(), yes_no.1.to_owned()],
                QuestionKind::Scale { .. } => q.scale_steps().iter().map(i32::to_string).collect(),
                _ => q.options.iter().map(|o| o.label.clone()).collect(),
            };
            let rows = labels
                .into_iter()
                .map(|label| RoundsRow {
                    cells: counted
                        .iter()
                        .map(|c| {
                            let row = c.as_ref()?.rows().iter().find(|r| r.label == label)?;
                            Some(Cell {
                                value: row.value,
                                percent: row.percent,
                            })
                        })
                        .collect(),
                    label,
                })
                .collect();
            let averages = if matches!(q.kind, QuestionKind::Scale { .. }) {
                counted
                    .iter()
                    .map(|c| c.as_ref().and_then(super::QuestionResult::average))
                    .collect()
            } else {
                Vec::new()
            };
            QuestionRounds {
                position,
                question_id: q.id.0,
                prompt: q.prompt.clone(),
                kind: q.kind.code(),
                respondents: counted
                    .iter()
                    .map(|c| c.as_ref().map(|r| r.respondents))
                    .collect(),
                averages,
                rows,
            }
        })
        .collect()
}

/// The rounds compared within one group of a breakdown.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GroupRounds {
    /// The company fact's value.
    pub value: String,
    /// Each round's answer sets in the group; `None` where the group is too small to show
    /// in that round (its figures are left out too).
    pub answer_sets: Vec<Option<u64>>,
    pub questions: Vec<QuestionRounds>,
}

/// Compare the rounds within each group of `dimension`'s values (those any round has), as
/// `breakdown` does for one round: in a round where a group has fewer than `min` answer
/// sets, that round's figures of the group are left out. Groups shown in no round are left
/// out altogether.
pub fn compare_by(
    rounds: &[RoundData<'_>],
    dimension: Dimension,
    min: usize,
    yes_no: (&str, &str),
) -> Vec<GroupRounds> {
    let mut values: Vec<String> = rounds
        .iter()
        .flat_map(|r| r.responses.iter())
        .filter_map(|resp| dimension.of(&resp.company).map(str::to_owned))
        .collect();
    values.sort();
    values.dedup();
    values
        .into_iter()
        .filter_map(|value| {
            let grouped: Vec<(RoundInfo, Vec<&Response>, bool)> = rounds
                .iter()
                .map(|r| {
                    let members: Vec<&Response> = r
                        .responses
                        .iter()
                        .copied()
                        .filter(|resp| dimension.of(&resp.company) == Some(value.as_str()))
                        .collect();
                    let shown = !members.is_empty() && members.len() >= min;
                    (r.info.clone(), members, shown)
                })
                .collect();
            if !grouped.iter().any(|g| g.2) {
                return None;
            }
            let data: Vec<RoundData<'_>> = grouped
                .iter()
                .zip(rounds)
                .map(|((info, members, shown), r)| RoundData {
                    info: info.clone(),
                    questions: r.questions,
                    responses: members.clone(),
                    shown: *shown,
                })
                .collect();
            let questions = compare(&data, yes_no);
            Some(GroupRounds {
                answer_sets: grouped
                    .iter()
                    .map(|(_, m, shown)| shown.then_some(m.len() as u64))
                    .collect(),
                value,
                questions,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{
        answering::model::Answer,
        model::{Choice, OptionId, QuestionId},
        results::CompanyFacts,
    };

    fn single(id: i32, options: [(i32, &str); 3]) -> Question {
        Question {
            id: QuestionId(id),
            prompt: "Mikä kanava?".into(),
            kind: QuestionKind::SingleChoice,
            required: true,
            options: options
                .iter()
                .map(|(id, label)| Choice {
                    id: OptionId(*id),
                    label: (*label).into(),
                })
                .collect(),
        }
    }

    fn scale(id: i32) -> Question {
        Question {
            id: QuestionId(id),
            prompt: "Kuinka hyvin?".into(),
            kind: QuestionKind::Scale {
                min: 1,
                max: 3,
                min_label: String::new(),
                max_label: String::new(),
            },
            required: true,
            options: Vec::new(),
        }
    }

    fn response(industry: &str, answers: &[(i32, Answer)]) -> Response {
        Response {
            company: CompanyFacts {
                industry: Some(industry.into()),
                ..Default::default()
            },
            answers: answers.iter().cloned().collect(),
        }
    }

    fn info(task_id: i32, round: i32, n: usize) -> RoundInfo {
        RoundInfo {
            task_id,
            round,
            title: format!("Kierros {round}"),
            answer_sets: n as u64,
        }
    }

    /// Round 1: 4 answer sets (web 3, phone 1; scale 1, 2, 3, 3). Round 2 (the copy, new
    /// ids): 5 answer sets (web 2, phone 2, chat 1; scale 3, 3, 3, 2, 1).
    fn two_rounds() -> (Vec<Question>, Vec<Response>, Vec<Question>, Vec<Response>) {
        let q1 = vec![
            single(1, [(1, "Verkko"), (2, "Puhelin"), (3, "Chat")]),
            scale(2),
        ];
        let r1 = vec![
            response("ict", &[(1, Answer::Single(1)), (2, Answer::Scale(1))]),
            response("ict", &[(1, Answer::Single(1)), (2, Answer::Scale(2))]),
            response("trade", &[(1, Answer::Single(1)), (2, Answer::Scale(3))]),
            response("trade", &[(1, Answer::Single(2)), (2, Answer::Scale(3))]),
        ];
        let q2 = vec![
            single(11, [(21, "Verkko"), (22, "Puhelin"), (23, "Chat")]),
            scale(12),
        ];
        let r2 = vec![
            response("ict", &[(11, Answer::Single(21)), (12, Answer::Scale(3))]),
            response("ict", &[(11, Answer::Single(21)), (12, Answer::Scale(3))]),
            response("ict", &[(11, Answer::Single(22)), (12, Answer::Scale(3))]),
            response("trade", &[(11, Answer::Single(22)), (12, Answer::Scale(2))]),
            response("trade", &[(11, Answer::Single(23)), (12, Answer::Scale(1))]),
        ];
        (q1, r1, q2, r2)
    }

    /// The two rounds as `compare` reads them.
    fn data<'a>(
        q1: &'a [Question],
        r1: &'a [Response],
        q2: &'a [Question],
        r2: &'a [Response],
    ) -> [RoundData<'a>; 2] {
        [(1, q1, r1), (2, q2, r2)].map(|(round, questions, responses)| RoundData {
            info: info(round, round, responses.len()),
            questions,
            responses: responses.iter().collect(),
            shown: true,
        })
    }

    fn cell(value: u64, percent: f64) -> Option<Cell> {
        Some(Cell { value, percent })
    }

    #[test]
    fn each_question_is_set_beside_its_earlier_round_by_hand_counted_figures() {
        let (q1, r1, q2, r2) = two_rounds();
        let rounds = data(&q1, &r1, &q2, &r2);
        let out = compare(&rounds, ("kyllä", "ei"));
        assert_eq!(out.len(), 2);
        let channel = &out[0];
        assert_eq!(channel.question_id, 11);
        assert_eq!(channel.respondents, [Some(4), Some(5)]);
        let labels: Vec<&str> = channel.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["Verkko", "Puhelin", "Chat"]);
        // Web: 3/4 = 75 %, then 2/5 = 40 %; phone 1/4 = 25 %, 2/5 = 40 %; chat 0, 1/5 = 20 %.
        assert_eq!(channel.rows[0].cells, [cell(3, 75.0), cell(2, 40.0)]);
        assert_eq!(channel.rows[1].cells, [cell(1, 25.0), cell(2, 40.0)]);
        assert_eq!(channel.rows[2].cells, [cell(0, 0.0), cell(1, 20.0)]);
        // Scale: averages (1+2+3+3)/4 = 2.25 and (3+3+3+2+1)/5 = 2.4; step 3: 2/4, 3/5.
        let how = &out[1];
        assert_eq!(how.averages, [Some(2.25), Some(2.4)]);
        assert_eq!(how.rows[2].label, "3");
        assert_eq!(how.rows[2].cells, [cell(2, 50.0), cell(3, 60.0)]);
    }

    #[test]
    fn a_question_changed_to_another_kind_matches_nothing() {
        let (q1, r1, mut q2, r2) = two_rounds();
        q2.swap(0, 1);
        let rounds = data(&q1, &r1, &q2, &r2);
        let out = compare(&rounds, ("kyllä", "ei"));
        assert!(out.iter().all(|q| q.respondents[0].is_none()));
        assert!(
            out.iter()
                .all(|q| q.rows.iter().all(|r| r.cells[0].is_none()))
        );
    }

    #[test]
    fn rounds_by_group_leave_out_the_small_groups_of_a_round() {
        let (q1, r1, q2, r2) = two_rounds();
        let rounds = data(&q1, &r1, &q2, &r2);
        let groups = compare_by(&rounds, Dimension::Industry, 3, ("kyllä", "ei"));
        // ict: 2 then 3 answer sets, so only round 2 shows; trade: 2 and 2, never shown.
        assert_eq!(groups.len(), 1);
        let ict = &groups[0];
        assert_eq!(ict.value, "ict");
        assert_eq!(ict.answer_sets, [None, Some(3)]);
        // Round 2 within ict: web 2/3, phone 1/3.
        assert_eq!(ict.questions[0].rows[0].cells[0], None);
        assert_eq!(ict.questions[0].rows[0].cells[1].unwrap().value, 2);
        assert!((ict.questions[0].rows[0].cells[1].unwrap().percent - 200.0 / 3.0).abs() < 1e-9);
        // With no minimum both groups show in both rounds: trade's web 1/2 then 0/2.
        let all = compare_by(&rounds, Dimension::Industry, 1, ("kyllä", "ei"));
        let trade = &all[1];
        assert_eq!(trade.answer_sets, [Some(2), Some(2)]);
        assert_eq!(
            trade.questions[0].rows[0].cells,
            [cell(1, 50.0), cell(0, 0.0)]
        );
    }
}
