//! CSV export of a task's answers: UTF-8 with a byte-order mark so Excel reads ä and ö
//! right, one row per answer set, one column per question, and first the round the answer
//! set belongs to (a task in its second round exports the earlier rounds' answer sets too,
//! each under the latest round's question it matches by position and kind). Anonymous
//! tasks export no name, company or time — nothing that could point back to a person.
use crate::tasks::{
    answering::model::{Answer, AnswerSet},
    model::{Question, QuestionKind},
    results::rounds::matching,
};

/// Who gave an answer set, for named tasks only.
#[derive(Clone, Debug, Default)]
pub struct Respondent {
    pub name: String,
    pub company: String,
    pub industry: String,
    pub region: String,
    pub stage: String,
    /// Local time of the last save, as shown to people.
    pub saved_at: String,
}

/// One row to export: the respondent (named tasks) and the answers.
#[derive(Clone, Debug)]
pub struct ExportRow {
    pub respondent: Option<Respondent>,
    pub answers: AnswerSet,
}

/// One round's answer sets to export, with the questions they answered.
#[derive(Clone, Debug)]
pub struct RoundRows<'a> {
    pub round: i32,
    pub questions: &'a [Question],
    pub rows: Vec<ExportRow>,
}

/// The column headings of the respondent columns, in the reader's language.
#[derive(Clone, Debug)]
pub struct Headings {
    pub round: String,
    pub name: String,
    pub company: String,
    pub industry: String,
    pub region: String,
    pub stage: String,
    pub saved_at: String,
    pub yes: String,
    pub no: String,
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-` or `@` as a formula; a leading
/// apostrophe keeps it text.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn answer_text(q: &Question, answer: &Answer, h: &Headings) -> String {
    let label = |id: &i32| {
        q.options
            .iter()
            .find(|o| o.id.0 == *id)
            .map(|o| o.label.clone())
            .unwrap_or_default()
    };
    match answer {
        Answer::Single(id) => label(id),
        Answer::Multiple(ids) => ids.iter().map(label).collect::<Vec<_>>().join("; "),
        Answer::Scale(v) => v.to_string(),
        Answer::Ranking(ids) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("{}. {}", i + 1, label(id)))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Dots(points) => points
            .iter()
            .map(|(id, n)| format!("{}: {n}", label(id)))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Text(t) => t.clone(),
        Answer::YesNo(true) => h.yes.clone(),
        Answer::YesNo(false) => h.no.clone(),
    }
}

/// The export file's bytes: the rounds' rows, earliest first, under the last round's
/// questions. `anonymous` drops the respondent columns whatever the rows hold.
pub fn export(
    rounds: &[RoundRows<'_>],
    anonymous: bool,
    h: &Headings,
) -> Result<Vec<u8>, csv::Error> {
    let questions = rounds.last().map_or(&[][..], |r| r.questions);
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<String> = vec![h.round.clone()];
        if !anonymous {
            header.extend([
                h.name.clone(),
                h.company.clone(),
                h.industry.clone(),
                h.region.clone(),
                h.stage.clone(),
                h.saved_at.clone(),
            ]);
        }
        header.extend(questions.iter().map(|q| match &q.kind {
            QuestionKind::Scale { min, max, .. } => format!("{} ({min}–{max})", q.prompt),
            _ => q.prompt.clone(),
        }));
        w.write_record(header.iter().map(|s| cell(s)))?;
        for round in rounds {
            for row in &round.rows {
                let mut record: Vec<String> = vec![round.round.to_string()];
                if !anonymous {
                    let r = row.respondent.clone().unwrap_or_default();
                    record.extend([r.name, r.company, r.industry, r.region, r.stage, r.saved_at]);
                }
                record.extend(questions.iter().enumerate().map(|(i, q)| {
                    matching(round.questions, i, q.kind.code())
                        .and_then(|asked| {
                            Some(answer_text(asked, row.answers.get(&asked.id.0)?, h))
                        })
                        .unwrap_or_default()
                }));
                w.write_record(record.iter().map(|s| cell(s)))?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::model::{Choice, OptionId, QuestionId};

    fn headings() -> Headings {
        Headings {
            round: "Kierros".into(),
            name: "Nimi".into(),
            company: "Yritys".into(),
            industry: "Toimiala".into(),
            region: "Alue".into(),
            stage: "Vaihe".into(),
            saved_at: "Tallennettu".into(),
            yes: "kyllä".into(),
            no: "ei".into(),
        }
    }

    fn questions() -> Vec<Question> {
        vec![
            Question {
                id: QuestionId(1),
                prompt: "Mitkä kanavat?".into(),
                kind: QuestionKind::MultipleChoice { min: 0, max: 2 },
                required: false,
                options: vec![
                    Choice {
                        id: OptionId(1),
                        label: "Sähköposti".into(),
                    },
                    Choice {
                        id: OptionId(2),
                        label: "Puhelin".into(),
                    },
                ],
            },
            Question {
                id: QuestionId(2),
                prompt: "Terveiset".into(),
                kind: QuestionKind::FreeText,
                required: false,
                options: vec![],
            },
        ]
    }

    fn rows() -> Vec<ExportRow> {
        vec![ExportRow {
            respondent: Some(Respondent {
                name: "Maija Meikäläinen".into(),
                company: "Meikäläinen Oy".into(),
                ..Default::default()
            }),
            answers: [
                (1, Answer::Multiple(vec![1, 2])),
                (2, Answer::Text("=SUM(A1) \"lainaus\", rivi".into())),
            ]
            .into(),
        }]
    }

    #[test]
    fn export_starts_with_a_bom_and_has_one_row_per_answer_set() {
        let qs = questions();
        let bytes = export(&one_round(&qs), false, &headings()).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("Kierros,Nimi,Yritys,"));
        assert!(lines[1].starts_with("1,Maija"));
        assert!(lines[1].contains("Maija Meikäläinen"));
        assert!(lines[1].contains("Sähköposti; Puhelin"));
        // Quoted, and kept from running as a formula.
        assert!(lines[1].ends_with("\"'=SUM(A1) \"\"lainaus\"\", rivi\""));
    }

    #[test]
    fn anonymous_export_has_no_respondent_columns() {
        let qs = questions();
        let bytes = export(&one_round(&qs), true, &headings()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("Maija"));
        assert!(!text.contains("Meikäläinen Oy"));
        assert!(!text.contains("Nimi"));
        assert!(text.contains("\u{feff}Kierros,Mitkä kanavat?,Terveiset\r\n"));
    }

    fn one_round(qs: &[Question]) -> Vec<RoundRows<'_>> {
        vec![RoundRows {
            round: 1,
            questions: qs,
            rows: rows(),
        }]
    }

    #[test]
    fn earlier_rounds_answer_under_the_matching_question() {
        let first = questions();
        // The next round: the same questions under new ids.
        let mut next = questions();
        for (q, id) in next.iter_mut().zip([11, 12]) {
            q.id = QuestionId(id);
        }
        for (o, id) in next[0].options.iter_mut().zip([21, 22]) {
            o.id = OptionId(id);
        }
        let later = ExportRow {
            respondent: None,
            answers: [
                (11, Answer::Multiple(vec![22])),
                (12, Answer::Text("Uusi".into())),
            ]
            .into(),
        };
        let rounds = vec![
            RoundRows {
                round: 1,
                questions: &first,
                rows: rows(),
            },
            RoundRows {
                round: 2,
                questions: &next,
                rows: vec![later],
            },
        ];
        let text = String::from_utf8(export(&rounds, true, &headings()).unwrap()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with("1,Sähköposti; Puhelin,"),
            "{}",
            lines[1]
        );
        assert_eq!(lines[2], "2,Puhelin,Uusi");
    }
}
