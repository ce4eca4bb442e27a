//! Counts of feedback per topic and month: a bar chart (drawn by the tasks' `BarChart`, one
//! bar per month and topic), the data table beside it, and the CSV export with a BOM.
use std::collections::BTreeMap;

use super::entities::{feedback_item as item, feedback_topic as topic};
use crate::tasks::results::chart::BarChart;

/// The calendar month (in Finland's time) an item was sent in, `YYYY-MM`.
pub fn month_of(row: &item::Model) -> String {
    row.created_at
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .format("%Y-%m")
        .to_string()
}

/// Counts by month (oldest first) and topic (in the topic list's order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Topic names, in column order.
    pub topics: Vec<String>,
    /// (month, one count per topic).
    pub months: Vec<(String, Vec<u64>)>,
}

impl Counts {
    /// Tally `items` over `topics` (topics with no items are kept as columns of zeros).
    pub fn tally(topics: &[topic::Model], items: &[item::Model]) -> Counts {
        let column: BTreeMap<i32, usize> =
            topics.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut months: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for row in items {
            let Some(&col) = column.get(&row.topic_id) else {
                continue;
            };
            months
                .entry(month_of(row))
                .or_insert_with(|| vec![0; topics.len()])[col] += 1;
        }
        Counts {
            topics: topics.iter().map(|t| t.name.clone()).collect(),
            months: months.into_iter().collect(),
        }
    }

    /// Every (month, topic, count) with a count, in table order.
    pub fn cells(&self) -> Vec<(String, String, u64)> {
        self.months
            .iter()
            .flat_map(|(month, counts)| {
                counts
                    .iter()
                    .zip(&self.topics)
                    .filter(|(n, _)| **n > 0)
                    .map(|(n, topic)| (month.clone(), topic.clone(), *n))
            })
            .collect()
    }

    pub fn total(&self) -> u64 {
        self.months.iter().flat_map(|(_, c)| c).sum()
    }

    /// The chart: one bar per month and topic that has feedback.
    pub fn chart(&self, title: String, desc: String) -> Option<BarChart> {
        let rows: Vec<(String, f64, String)> = self
            .cells()
            .into_iter()
            .map(|(month, topic, n)| (format!("{month} · {topic}"), n as f64, n.to_string()))
            .collect();
        (!rows.is_empty()).then(|| BarChart::new("feedback-chart", title, desc, &rows))
    }

    /// The CSV export: a BOM (so spreadsheet programs read UTF-8), then a header of the month
    /// heading and the topics, then one row per month.
    pub fn csv(&self, month_heading: &str) -> Result<Vec<u8>, csv::Error> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            let mut header = vec![month_heading.to_owned()];
            header.extend(self.topics.iter().map(|t| formula_safe(t)));
            w.write_record(&header)?;
            for (month, counts) in &self.months {
                let mut record = vec![month.clone()];
                record.extend(counts.iter().map(u64::to_string));
                w.write_record(&record)?;
            }
            w.flush()?;
        }
        Ok(out)
    }
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe.
fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn t(id: i32, name: &str) -> topic::Model {
        topic::Model {
            id,
            organization_id: 1,
            name: name.into(),
            retired_at: None,
            created_at: Utc::now(),
        }
    }

    fn i(topic_id: i32, at: &str) -> item::Model {
        let at: DateTime<Utc> = at.parse().unwrap();
        item::Model {
            id: 0,
            organization_id: 1,
            topic_id,
            panel_id: None,
            body_md: String::new(),
            body_html: String::new(),
            email: None,
            email_erased_at: None,
            may_publish: false,
            language: "fi".into(),
            status: "new".into(),
            assignee_id: None,
            reply_md: None,
            replied_at: None,
            replied_by: None,
            published_kind: None,
            published_post_id: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn counts_are_per_month_in_finnish_time_and_topic() {
        let topics = [t(1, "Aukioloajat"), t(2, "=Verkkosivut")];
        let items = [
            i(1, "2026-10-31T22:30:00Z"), // already November in Helsinki
            i(1, "2026-11-02T08:00:00Z"),
            i(2, "2026-11-03T08:00:00Z"),
            i(2, "2026-10-03T08:00:00Z"),
        ];
        let counts = Counts::tally(&topics, &items);
        assert_eq!(
            counts.months,
            vec![
                ("2026-10".into(), vec![0, 1]),
                ("2026-11".into(), vec![2, 1])
            ]
        );
        assert_eq!(counts.total(), 4);
        let csv = String::from_utf8(counts.csv("Kuukausi").unwrap()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Kuukausi,Aukioloajat,'=Verkkosivut\r\n2026-10,0,1\r\n2026-11,2,1\r\n"
        );
    }
}
