//! Agenda and minutes values: parsed form fields, picks of task results, and the candidates
//! a facilitator picks from (the top rows of each question's results).
use crate::{
    error::FieldError,
    i18n::Tr,
    markdown::{self, MarkdownError, SafeHtml},
    tasks::results::{QuestionResult, Tally},
};

/// One field's problem; unlike `FieldError` the field may be named at run time
/// (`outcome-12`, `attended-5`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message_key: &'static str,
}

impl Problem {
    pub fn new(field: impl Into<String>, message_key: &'static str) -> Problem {
        Problem {
            field: field.into(),
            message_key,
        }
    }
}

impl From<FieldError> for Problem {
    fn from(e: FieldError) -> Problem {
        Problem::new(e.field, e.message_key)
    }
}

/// Problems in the reader's language, for `partials/form_errors.html` and the fields.
#[derive(Clone, Debug)]
pub struct Problems {
    list: Vec<(String, String)>,
}

impl Problems {
    pub fn new(t: Tr, problems: &[Problem]) -> Problems {
        Problems {
            list: problems
                .iter()
                .map(|p| (p.field.clone(), t.get(p.message_key)))
                .collect(),
        }
    }
    pub fn none() -> Problems {
        Problems { list: Vec::new() }
    }
    pub fn get(&self, field: &str) -> Option<String> {
        self.list
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
    pub fn has(&self, field: &str) -> bool {
        self.list.iter().any(|(f, _)| f == field)
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn all(&self) -> &[(String, String)] {
        &self.list
    }
}

/// An agenda item's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemId(pub i32);
/// An attachment's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AttachmentId(pub i32);

fn field(field: &'static str, message_key: &'static str) -> FieldError {
    FieldError {
        field: field.into(),
        message_key,
        args: Vec::new(),
    }
}

/// Most characters in an agenda item's or attachment's title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most characters in a note or an outcome.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// Longest agenda item, in minutes (a whole day).
pub const MAX_DURATION_MINUTES: i32 = 24 * 60;
/// Longest link.
pub const MAX_URL_CHARS: usize = 2_000;
/// How many of a question's top rows are offered for the agenda.
pub const TOP_ROWS: usize = 3;

/// A title cut to the longest an item may have (for titles copied from elsewhere).
pub fn clip_title(title: &str) -> String {
    title.chars().take(MAX_TITLE_CHARS).collect()
}

/// A title of 1–200 characters, checked for `field`.
pub fn parse_title(raw: &str, name: &'static str) -> Result<String, FieldError> {
    let t = crate::text::one_line(raw);
    if t.is_empty() {
        Err(field(name, "workshops-agenda-title-missing"))
    } else if t.chars().count() > MAX_TITLE_CHARS {
        Err(field(name, "workshops-agenda-title-too-long"))
    } else {
        Ok(t)
    }
}

/// An optional duration in whole minutes, 1–1440.
pub fn parse_duration(raw: &str) -> Result<Option<i32>, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i32>() {
        Ok(n) if (1..=MAX_DURATION_MINUTES).contains(&n) => Ok(Some(n)),
        _ => Err(field("duration", "workshops-agenda-duration-invalid")),
    }
}

/// Markdown as written and as rendered; empty text is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub source: String,
    pub html: SafeHtml,
}

/// Render optional Markdown (a note, an outcome, the minutes) within `max_chars`; the error
/// names no field (the caller knows which one it was).
pub fn parse_markdown(raw: &str, max_chars: usize) -> Result<Option<Rendered>, &'static str> {
    let source = crate::text::clean(raw).trim().replace("\r\n", "\n");
    if source.is_empty() {
        return Ok(None);
    }
    if source.chars().count() > max_chars {
        return Err("workshops-agenda-text-too-long");
    }
    match markdown::render(&source) {
        Ok(html) => Ok(Some(Rendered { source, html })),
        Err(MarkdownError::TooLong { .. }) => Err("workshops-agenda-text-too-long"),
        Err(MarkdownError::TooDeep { .. }) => Err("workshops-agenda-text-too-deep"),
    }
}

/// A link for an attachment: `http://` or `https://`, a host, no spaces or quotes, no
/// user name in front of the host (`https://bank.fi@evil.example` reads as the bank).
pub fn parse_url(raw: &str) -> Result<String, FieldError> {
    let url = raw.trim();
    let invalid = || field("url", "workshops-agenda-url-invalid");
    if url.is_empty() {
        return Err(field("url", "workshops-agenda-url-missing"));
    }
    if url.chars().count() > MAX_URL_CHARS {
        return Err(invalid());
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err(invalid());
    };
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\'))
    {
        return Err(invalid());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    let host_ok = !host.is_empty()
        && !authority.contains('@')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
        && !host.starts_with('.')
        && !host.starts_with('-');
    if host_ok {
        Ok(url.to_owned())
    } else {
        Err(invalid())
    }
}

/// Up or down the agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(raw: &str) -> Option<Direction> {
        match raw.trim() {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}

/// A result picked for the agenda: an option of a question (`t1-q2-o3`) or a whole scale
/// question (`t1-q2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pick {
    pub task: i32,
    pub question: i32,
    pub option: Option<i32>,
}

impl Pick {
    pub fn parse(raw: &str) -> Option<Pick> {
        let mut parts = raw.trim().split('-');
        let task = parts.next()?.strip_prefix('t')?.parse().ok()?;
        let question = parts.next()?.strip_prefix('q')?.parse().ok()?;
        let option = match parts.next() {
            None => None,
            Some(o) => Some(o.strip_prefix('o')?.parse().ok()?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Pick {
            task,
            question,
            option,
        })
    }

    pub fn key(&self) -> String {
        match self.option {
            Some(o) => format!("t{}-q{}-o{o}", self.task, self.question),
            None => format!("t{}-q{}", self.task, self.question),
        }
    }
}

/// What a candidate's numbers are, for the facilitator's eyes only.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    /// Borda or dot points.
    Points(u64),
    /// People who chose the option.
    Chosen(u64),
    /// A scale question's average.
    Average(f64),
}

/// A result that can become an agenda item.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub pick: Pick,
    /// The text copied into the item's title: the option's label or the question's prompt.
    pub label: String,
    pub figure: Figure,
}

/// A question's top candidates, or the task's scale questions best first.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateGroup {
    /// The question's prompt; `None` for the group of scale questions.
    pub prompt: Option<String>,
    pub candidates: Vec<Candidate>,
}

/// The candidates of one task's results: the top three rows of each ranking, dot-vote and
/// choice question (rows with nothing are never "top"), then its scale questions, highest
/// average first. Yes/no and free text give no candidates.
pub fn candidates(task: i32, results: &[QuestionResult]) -> Vec<CandidateGroup> {
    let mut groups = Vec::new();
    let mut scales: Vec<(f64, Candidate)> = Vec::new();
    for r in results {
        let (rows, figure): (Vec<_>, fn(u64) -> Figure) = match &r.tally {
            Tally::Ranking { rows } | Tally::Dots { rows, .. } => (rows.clone(), Figure::Points),
            Tally::Choices { rows } => {
                let mut rows = rows.clone();
                // Stable: equal counts stay in the question's order.
                rows.sort_by_key(|row| std::cmp::Reverse(row.value));
                (rows, Figure::Chosen)
            }
            Tally::Scale {
                average: Some(a), ..
            } => {
                scales.push((
                    *a,
                    Candidate {
                        pick: Pick {
                            task,
                            question: r.question_id,
                            option: None,
                        },
                        label: r.prompt.clone(),
                        figure: Figure::Average(*a),
                    },
                ));
                continue;
            }
            _ => continue,
        };
        let top: Vec<Candidate> = rows
            .iter()
            .filter(|row| row.value > 0)
            .filter_map(|row| {
                Some(Candidate {
                    pick: Pick {
                        task,
                        question: r.question_id,
                        option: Some(row.option_id?),
                    },
                    label: row.label.clone(),
                    figure: figure(row.value),
                })
            })
            .take(TOP_ROWS)
            .collect();
        if !top.is_empty() {
            groups.push(CandidateGroup {
                prompt: Some(r.prompt.clone()),
                candidates: top,
            });
        }
    }
    if !scales.is_empty() {
        scales.sort_by(|a, b| b.0.total_cmp(&a.0));
        groups.push(CandidateGroup {
            prompt: None,
            candidates: scales.into_iter().map(|(_, c)| c).collect(),
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::results::Row;

    fn row(label: &str, option: i32, value: u64) -> Row {
        Row {
            label: label.into(),
            option_id: Some(option),
            value,
            percent: 0.0,
            average_rank: None,
        }
    }

    fn result(id: i32, tally: Tally) -> QuestionResult {
        QuestionResult {
            question_id: id,
            prompt: format!("Kysymys {id}"),
            respondents: 3,
            tally,
        }
    }

    #[test]
    fn the_top_three_rows_with_something_become_candidates() {
        let ranking = result(
            1,
            Tally::Ranking {
                rows: vec![
                    row("A", 11, 9),
                    row("B", 12, 7),
                    row("C", 13, 5),
                    row("D", 14, 3),
                ],
            },
        );
        let dots = result(
            2,
            Tally::Dots {
                total: 5,
                rows: vec![row("X", 21, 5), row("Y", 22, 0)],
            },
        );
        let choices = result(
            3,
            Tally::Choices {
                rows: vec![row("P", 31, 1), row("Q", 32, 2)],
            },
        );
        let groups = candidates(7, &[ranking, dots, choices]);
        let labels: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.candidates.iter().map(|c| c.label.as_str()).collect())
            .collect();
        assert_eq!(labels, vec![vec!["A", "B", "C"], vec!["X"], vec!["Q", "P"]]);
        assert_eq!(groups[0].candidates[0].pick.key(), "t7-q1-o11");
        assert_eq!(groups[0].candidates[0].figure, Figure::Points(9));
    }

    #[test]
    fn scale_questions_are_offered_highest_average_first() {
        let scale = |id, average| {
            result(
                id,
                Tally::Scale {
                    average,
                    rows: Vec::new(),
                },
            )
        };
        let groups = candidates(
            1,
            &[scale(1, Some(2.5)), scale(2, Some(4.0)), scale(3, None)],
        );
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].prompt, None);
        let keys: Vec<String> = groups[0].candidates.iter().map(|c| c.pick.key()).collect();
        assert_eq!(keys, ["t1-q2", "t1-q1"]);
    }

    #[test]
    fn picks_read_back_what_they_wrote() {
        for raw in ["t1-q2-o3", "t10-q20"] {
            assert_eq!(Pick::parse(raw).unwrap().key(), raw);
        }
        for bad in ["", "t1", "q1-t2", "t1-q2-o3-x", "t1-q2-ox", "t-q-o"] {
            assert_eq!(Pick::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_plain_web_links_are_attachments() {
        for good in [
            "https://example.fi/slides.pdf",
            "http://intra.example.fi:8080/a?b=c#d",
            "HTTPS://Example.FI",
        ] {
            assert_eq!(parse_url(good).as_deref(), Ok(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "ftp://example.fi/a",
            "https://",
            "https:///path",
            "https://bank.fi@evil.example/",
            "https://exa mple.fi",
            "https://example.fi/\"onmouseover=x",
            "data:text/html,<script>",
            "//example.fi",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_url("  ").unwrap_err().message_key,
            "workshops-agenda-url-missing"
        );
    }

    #[test]
    fn durations_are_whole_minutes_within_a_day() {
        assert_eq!(parse_duration(""), Ok(None));
        assert_eq!(parse_duration(" 45 "), Ok(Some(45)));
        for bad in ["0", "-5", "1441", "1.5", "puoli tuntia"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn markdown_is_rendered_safely_and_empty_is_none() {
        assert_eq!(parse_markdown("  \n ", 100), Ok(None));
        let r = parse_markdown("**Päätös** <script>alert(1)</script>", 100)
            .unwrap()
            .unwrap();
        assert!(r.html.as_str().contains("<strong>Päätös</strong>"));
        assert!(!r.html.as_str().contains("<script"));
        assert_eq!(
            parse_markdown("abcdef", 5),
            Err("workshops-agenda-text-too-long")
        );
    }
}
