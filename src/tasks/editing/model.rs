//! Writing a task: the editor's and the API's raw input, and the one parser both doors use to
//! turn it into a checked task, so a rule cannot exist on one path only.
use crate::{
    markdown,
    tasks::aim::Aim,
    tasks::model::{
        Anonymity, MAX_OPTIONS, MAX_QUESTIONS, QuestionKind, ResultsVisibility, Settings,
        TaskTitle, Window, parse_helsinki,
    },
};

/// A task as typed into the editor or sent to the API (mapped to the editor's fields), before
/// checking.
#[derive(Clone, Debug, Default)]
pub struct TaskInput {
    pub title: String,
    pub intro: String,
    /// Helsinki wall-clock time, `YYYY-MM-DDTHH:MM`.
    pub opens_at: String,
    pub closes_at: String,
    pub anonymous: bool,
    pub results: String,
    pub shuffle: bool,
    /// Who the task is aimed at (`tasks::aim::AIM_KINDS`; empty is everyone).
    pub aim_kind: String,
    /// The aimed values of that kind: codes, or member user ids.
    pub aim_values: Vec<String>,
    pub questions: Vec<QuestionDraftInput>,
}

/// A checked task, ready to be saved.
#[derive(Clone, Debug)]
pub struct CheckedTask {
    pub title: TaskTitle,
    pub intro_md: String,
    pub intro_html: markdown::SafeHtml,
    pub window: Window,
    pub settings: Settings,
    pub aim: Aim,
    pub questions: Vec<QuestionDraft>,
}

/// The door a task came in through. The one difference between them: the editor skips a
/// blank question row (it always offers spare ones), the API reports a question sent without
/// a prompt (it does not guess).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    Editor,
    Api,
}

/// The part of a task a problem is about; each door names it its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskField {
    Title,
    Intro,
    OpensAt,
    ClosesAt,
    Results,
    /// Who the task is aimed at.
    Aim,
    /// Anonymity, result visibility and option order together.
    Settings,
    /// One question, by its place in the input.
    Question(usize),
    /// The questions as a whole (none given, or changed once open).
    Questions,
}

impl TaskField {
    /// The editor form's field name.
    pub fn editor_name(self) -> String {
        match self {
            TaskField::Question(i) => format!("q{i}_prompt"),
            TaskField::Questions => "q0_prompt".into(),
            other => other.common_name().into(),
        }
    }
    /// The JSON API's field name.
    pub fn api_name(self) -> String {
        match self {
            TaskField::Question(i) => format!("questions[{i}]"),
            TaskField::Questions => "questions".into(),
            TaskField::Results => "results_visibility".into(),
            other => other.common_name().into(),
        }
    }
    fn common_name(self) -> &'static str {
        match self {
            TaskField::Title => "title",
            TaskField::Intro => "intro",
            TaskField::OpensAt => "opens_at",
            TaskField::ClosesAt => "closes_at",
            TaskField::Results => "results",
            TaskField::Aim => "aim",
            TaskField::Settings => "settings",
            TaskField::Question(_) | TaskField::Questions => "questions",
        }
    }
}

/// One problem with a task: where, and its catalogue key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: TaskField,
    pub key: &'static str,
}

/// Every problem with a task, in the order found.
pub type Problems = Vec<Problem>;

impl TaskInput {
    /// Check the whole task as it came through `door`, reporting every problem at once.
    pub fn check(&self, door: Door) -> Result<CheckedTask, Problems> {
        let mut problems: Problems = Vec::new();
        let mut note = |field: TaskField, key: &'static str| problems.push(Problem { field, key });
        if door == Door::Api {
            for (i, q) in self.questions.iter().enumerate() {
                if q.prompt.trim().is_empty() {
                    note(TaskField::Question(i), "poll-error-prompt-required");
                }
            }
        }
        let title = TaskTitle::parse(&self.title)
            .map_err(|k| note(TaskField::Title, k))
            .ok();
        let intro_html = markdown::render(&self.intro)
            .map_err(|e| {
                note(
                    TaskField::Intro,
                    crate::blog::service::markdown_field_error("intro", &e).message_key,
                )
            })
            .ok();
        let opens = parse_helsinki(&self.opens_at)
            .map_err(|k| note(TaskField::OpensAt, k))
            .ok();
        let closes = parse_helsinki(&self.closes_at)
            .map_err(|k| note(TaskField::ClosesAt, k))
            .ok();
        let window = match (opens, closes) {
            (Some(o), Some(c)) => Window::new(o, c)
                .map_err(|k| note(TaskField::ClosesAt, k))
                .ok(),
            _ => None,
        };
        let results = ResultsVisibility::parse(&self.results).or_else(|| {
            note(TaskField::Results, "poll-error-results");
            None
        });
        let aim = Aim::parse(&self.aim_kind, self.aim_values.iter().map(String::as_str))
            .map_err(|k| note(TaskField::Aim, k))
            .ok();
        let mut questions = Vec::new();
        let mut filled = 0;
        for (i, q) in self.questions.iter().enumerate() {
            if q.is_blank() {
                continue;
            }
            filled += 1;
            if filled > MAX_QUESTIONS {
                // Named at the first question over the cap; the rest are not even parsed.
                note(TaskField::Question(i), "poll-error-questions-too-many");
                break;
            }
            match q.parse() {
                Ok(d) => questions.push(d),
                Err(k) => note(TaskField::Question(i), k),
            }
        }
        let question_problem = questions.len() < filled;
        if questions.is_empty() && !question_problem {
            note(TaskField::Questions, "poll-error-no-questions");
        }
        match (title, intro_html, window, results, aim) {
            (Some(title), Some(intro_html), Some(window), Some(results), Some(aim))
                if problems.is_empty() =>
            {
                Ok(CheckedTask {
                    title,
                    intro_md: self.intro.trim().to_owned(),
                    intro_html,
                    window,
                    settings: Settings {
                        anonymity: Anonymity::from_flag(self.anonymous),
                        results,
                        shuffle: self.shuffle,
                    },
                    aim,
                    questions,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A question as typed in the task editor, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionDraftInput {
    pub prompt: String,
    pub kind: String,
    pub required: bool,
    /// One option per line.
    pub options: String,
    pub min_picks: String,
    pub max_picks: String,
    pub scale_min: String,
    pub scale_max: String,
    pub scale_min_label: String,
    pub scale_max_label: String,
    pub points: String,
}

/// A checked question ready to be saved (options as labels, ids come from the database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDraft {
    pub prompt: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub options: Vec<String>,
}

fn number<T: std::str::FromStr>(raw: &str, default: T) -> Result<T, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        Ok(default)
    } else {
        raw.parse().map_err(|_| "poll-error-number")
    }
}

impl QuestionDraftInput {
    /// Whether the editor slot was left empty (then it is skipped, not an error).
    pub fn is_blank(&self) -> bool {
        self.prompt.trim().is_empty() && self.options.trim().is_empty()
    }

    /// Check the question: a prompt, a known kind, sensible limits, and options where needed.
    pub fn parse(&self) -> Result<QuestionDraft, &'static str> {
        let prompt = self.prompt.trim();
        if prompt.is_empty() {
            return Err("poll-error-prompt-required");
        }
        if prompt.chars().count() > 500 {
            return Err("poll-error-prompt-too-long");
        }
        let mut options: Vec<String> = Vec::new();
        for line in self
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if line.chars().count() > 200 {
                return Err("poll-error-option-too-long");
            }
            if !options.iter().any(|o| o == line) {
                options.push(line.to_owned());
            }
        }
        let kind = match self.kind.as_str() {
            "single" => QuestionKind::SingleChoice,
            "multiple" => {
                let min = number(&self.min_picks, 0u32)?;
                let max = number(&self.max_picks, options.len() as u32)?;
                if max == 0 || min > max || max as usize > options.len() {
                    return Err("poll-error-picks-range");
                }
                QuestionKind::MultipleChoice { min, max }
            }
            "scale" => {
                let min = number(&self.scale_min, 1i32)?;
                let max = number(&self.scale_max, 5i32)?;
                if min >= max || max - min > 10 || min < -10 || max > 100 {
                    return Err("poll-error-scale-bounds");
                }
                QuestionKind::Scale {
                    min,
                    max,
                    min_label: self.scale_min_label.trim().chars().take(100).collect(),
                    max_label: self.scale_max_label.trim().chars().take(100).collect(),
                }
            }
            "ranking" => QuestionKind::Ranking,
            "dots" => {
                let points = number(&self.points, 10u32)?;
                if !(1..=100).contains(&points) {
                    return Err("poll-error-points-range");
                }
                QuestionKind::Dots { points }
            }
            "text" => QuestionKind::FreeText,
            "yes_no" => QuestionKind::YesNo,
            _ => return Err("poll-error-kind"),
        };
        if kind.has_options() {
            if options.len() < 2 {
                return Err("poll-error-options-needed");
            }
            if options.len() > MAX_OPTIONS {
                return Err("poll-error-options-too-many");
            }
        } else {
            options.clear();
        }
        Ok(QuestionDraft {
            prompt: prompt.to_owned(),
            kind,
            required: self.required,
            options,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_questions_are_checked() {
        let input = |kind: &str, options: &str| QuestionDraftInput {
            prompt: "Kysymys".into(),
            kind: kind.into(),
            options: options.into(),
            ..Default::default()
        };
        assert_eq!(
            input("single", "a").parse(),
            Err("poll-error-options-needed")
        );
        assert_eq!(input("nope", "").parse(), Err("poll-error-kind"));
        let multi = QuestionDraftInput {
            min_picks: "3".into(),
            max_picks: "2".into(),
            ..input("multiple", "a\nb\nc")
        };
        assert_eq!(multi.parse(), Err("poll-error-picks-range"));
        let scale = input("scale", "").parse().unwrap();
        assert_eq!(
            scale.kind,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: String::new(),
                max_label: String::new()
            }
        );
        assert_eq!(
            input("dots", "a\nb\n a ").parse().unwrap().options,
            vec!["a", "b"]
        );
        assert_eq!(input("text", "x\ny").parse().unwrap().options.len(), 0);
    }

    fn api_task(prompts: &[&str]) -> TaskInput {
        TaskInput {
            title: "T".into(),
            opens_at: "2030-03-02T09:00".into(),
            closes_at: "2030-03-16T09:00".into(),
            results: "always".into(),
            questions: prompts
                .iter()
                .map(|p| QuestionDraftInput {
                    prompt: (*p).into(),
                    kind: "yes_no".into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_editor_skips_blank_rows_and_the_api_names_them() {
        let input = api_task(&["Kysymys", ""]);
        assert_eq!(input.check(Door::Editor).unwrap().questions.len(), 1);
        let problems = input.check(Door::Api).unwrap_err();
        assert_eq!(
            problems,
            [Problem {
                field: TaskField::Question(1),
                key: "poll-error-prompt-required"
            }]
        );
        assert_eq!(problems[0].field.api_name(), "questions[1]");
        assert_eq!(problems[0].field.editor_name(), "q1_prompt");
    }
}
