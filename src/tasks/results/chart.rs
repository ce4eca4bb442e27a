//! Server-rendered bar charts: the geometry of a horizontal bar chart, drawn as SVG by
//! `templates/polls/_chart.html` (so askama escapes every label) and always shown beside a
//! data table. Each bar carries its value as text, so nothing is told by colour alone.
use super::{QuestionResult, one_decimal};
use crate::i18n::Lang;

/// The language panels' tasks are written in (their prompts and options): marked on pages
/// in another language, so the text is read out right (WCAG 3.1.2).
pub const TASK_LANG: &str = "fi";

/// Width of the drawing, in SVG units.
pub const WIDTH: u32 = 640;
/// Space left of the bars' start for nothing but a margin; labels sit above each bar.
const MARGIN: u32 = 8;
/// Room kept right of the longest bar for its value text.
const VALUE_ROOM: u32 = 120;
const ROW: u32 = 46;
const BAR: u32 = 18;
const LABEL_CHARS: usize = 70;

/// One bar, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The label above the bar (shortened if very long; the table has it in full).
    pub label: String,
    /// The value as read aloud and printed at the end of the bar.
    pub value_text: String,
    pub label_y: u32,
    pub bar_y: u32,
    pub bar_height: u32,
    pub bar_width: u32,
    pub value_x: u32,
    pub value_y: u32,
}

/// A horizontal bar chart ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// A unique prefix for the ids `aria-labelledby` points at.
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub x: u32,
    pub bars: Vec<Bar>,
    /// The language of the bars' labels when it is not the page's (a panel's task options
    /// are written in Finnish).
    pub labels_lang: Option<&'static str>,
}

impl BarChart {
    /// Lay out bars for (label, value, value text) rows, scaled to the largest value.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        desc: impl Into<String>,
        rows: &[(String, f64, String)],
    ) -> Self {
        let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
        BarChart::scaled(id, title, desc, rows, max)
    }

    /// Lay out bars scaled to `max` (small multiples share one scale, so their bars compare).
    pub fn scaled(
        id: impl Into<String>,
        title: impl Into<String>,
        desc: impl Into<String>,
        rows: &[(String, f64, String)],
        max: f64,
    ) -> Self {
        let span = WIDTH - MARGIN - VALUE_ROOM;
        let bars = rows
            .iter()
            .enumerate()
            .map(|(i, (label, value, text))| {
                let top = i as u32 * ROW;
                let bar_width = if max > 0.0 {
                    ((value / max) * f64::from(span)).round() as u32
                } else {
                    0
                };
                let label = if label.chars().count() > LABEL_CHARS {
                    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
                    s.push('…');
                    s
                } else {
                    label.clone()
                };
                Bar {
                    label,
                    value_text: text.clone(),
                    label_y: top + 14,
                    bar_y: top + 20,
                    bar_height: BAR,
                    // A zero still shows as a hairline, so the row does not look missing.
                    bar_width: bar_width.max(1),
                    value_x: MARGIN + bar_width.max(1) + 6,
                    value_y: top + 20 + BAR - 4,
                }
            })
            .collect::<Vec<_>>();
        BarChart {
            id: id.into(),
            title: title.into(),
            desc: desc.into(),
            width: WIDTH,
            height: (rows.len() as u32 * ROW).max(ROW),
            x: MARGIN,
            bars,
            labels_lang: None,
        }
    }

    /// The chart of one question's results, in the reader's language. `value_text` says how
    /// each row's value reads ("3 (42,9 %)", "8 points").
    pub fn for_result(
        result: &QuestionResult,
        id: impl Into<String>,
        desc: String,
        lang: Lang,
        value_text: impl Fn(u64, String) -> String,
    ) -> Option<Self> {
        let rows: Vec<(String, f64, String)> = result
            .rows()
            .iter()
            .map(|r| {
                (
                    r.label.clone(),
                    r.value as f64,
                    value_text(r.value, one_decimal(r.percent, lang)),
                )
            })
            .collect();
        let options = result.rows().iter().any(|r| r.option_id.is_some());
        (!rows.is_empty()).then(|| BarChart {
            labels_lang: options.then_some(TASK_LANG),
            ..BarChart::new(id, result.prompt.clone(), desc, &rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let chart = BarChart::new(
            "c1",
            "Kysymys",
            "Vastaukset",
            &[
                ("A".into(), 4.0, "4".into()),
                ("B".into(), 2.0, "2".into()),
                ("C".into(), 0.0, "0".into()),
            ],
        );
        let span = WIDTH - MARGIN - VALUE_ROOM;
        assert_eq!(chart.bars[0].bar_width, span);
        assert_eq!(chart.bars[1].bar_width, span / 2);
        assert_eq!(chart.bars[2].bar_width, 1);
        assert_eq!(chart.height, 3 * ROW);
        assert!(chart.bars.iter().all(|b| b.value_x + 60 < WIDTH));
        assert!(chart.bars[1].label_y > chart.bars[0].bar_y);
    }

    #[test]
    fn long_labels_are_shortened_on_the_chart_only() {
        let chart = BarChart::new("c", "t", "d", &[("x".repeat(200), 1.0, "1".into())]);
        assert_eq!(chart.bars[0].label.chars().count(), LABEL_CHARS);
        assert!(chart.bars[0].label.ends_with('…'));
    }

    #[test]
    fn an_empty_chart_has_no_bars_but_a_size() {
        let chart = BarChart::new("c", "t", "d", &[]);
        assert!(chart.bars.is_empty());
        assert_eq!(chart.height, ROW);
    }
}
