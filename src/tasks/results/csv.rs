//! CSV export of a task's answers: UTF-8 with a byte-order mark so Excel reads ä and ö
//! right, one row per answer set, one column per question. Anonymous tasks export no name,
//! company or time — nothing that could point back to a person.
use crate::tasks::{
    answering::model::{Answer, AnswerSet},
    model::{Question, QuestionKind},
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

/// The column headings of the respondent columns, in the reader's language.
#[derive(Clone, Debug)]
pub struct Headings {
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

/// The export file's bytes. `anonymous` drops the respondent columns whatever the rows hold.
pub fn export(
    questions: &[Question],
    rows: &[ExportRow],
    anonymous: bool,
    h: &Headings,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<String> = Vec::new();
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
        for row in rows {
            let mut record: Vec<String> = Vec::new();
            if !anonymous {
                let r = row.respondent.clone().unwrap_or_default();
                record.extend([r.name, r.company, r.industry, r.region, r.stage, r.saved_at]);
            }
            record.extend(questions.iter().map(|q| {
                row.answers
                    .get(&q.id.0)
                    .map(|a| answer_text(q, a, h))
                    .unwrap_or_default()
            }));
            w.write_record(record.iter().map(|s| cell(s)))?;
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
        let bytes = export(&questions(), &rows(), false, &headings()).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("Nimi,Yritys,"));
        assert!(lines[1].contains("Maija Meikäläinen"));
        assert!(lines[1].contains("Sähköposti; Puhelin"));
        // Quoted, and kept from running as a formula.
        assert!(lines[1].ends_with("\"'=SUM(A1) \"\"lainaus\"\", rivi\""));
    }

    #[test]
    fn anonymous_export_has_no_respondent_columns() {
        let bytes = export(&questions(), &rows(), true, &headings()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("Maija"));
        assert!(!text.contains("Meikäläinen Oy"));
        assert!(!text.contains("Nimi"));
        assert!(text.contains("\u{feff}Mitkä kanavat?,Terveiset\r\n"));
    }
}
