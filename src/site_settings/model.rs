//! The participation and moderation settings as one checked value: the one parser the
//! settings form and `PUT /api/v1/site/settings` share.
use serde::{Deserialize, Serialize};

use crate::{auth::permissions::CommentPolicy, entities::site_settings, error::FieldError};

/// The settings as typed into the form (or sent as JSON), unchecked.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct RawSettings {
    #[serde(default)]
    pub comment_policy: String,
    #[serde(default)]
    pub premoderate_first: String,
    #[serde(default)]
    pub flags_to_hide: String,
    #[serde(default)]
    pub newcomer_days: String,
    #[serde(default)]
    pub newcomer_writes_per_hour: String,
    #[serde(default)]
    pub newcomer_links: String,
    #[serde(default)]
    pub feedback_retention_months: String,
}

/// Checked settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SiteRules {
    pub comment_policy: CommentPolicyCode,
    pub premoderate_first: i32,
    pub flags_to_hide: i32,
    pub newcomer_days: i32,
    pub newcomer_writes_per_hour: i32,
    pub newcomer_links: i32,
    pub feedback_retention_months: i32,
}

/// A comment policy that serialises as its stored code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentPolicyCode(pub CommentPolicy);

impl Serialize for CommentPolicyCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

/// Each number's field name and the range it must fall in (both ends included).
pub const RANGES: [(&str, i32, i32); 6] = [
    ("premoderate_first", 0, 50),
    ("flags_to_hide", 1, 50),
    ("newcomer_days", 0, 365),
    ("newcomer_writes_per_hour", 1, 1000),
    ("newcomer_links", 0, 100),
    ("feedback_retention_months", 1, 120),
];

fn number(field: &'static str, raw: &str) -> Result<i32, FieldError> {
    number_in(&RANGES, field, raw)
}

/// A whole number typed into `field`, within its range in `ranges` (both ends included):
/// the one reading of a settings form's numbers (the data-rights settings use it too).
pub fn number_in(
    ranges: &[(&'static str, i32, i32)],
    field: &'static str,
    raw: &str,
) -> Result<i32, FieldError> {
    let (_, min, max) = ranges
        .iter()
        .find(|(f, _, _)| *f == field)
        .copied()
        .unwrap_or((field, 0, i32::MAX));
    match raw.trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError {
            field: field.into(),
            message_key: "site-settings-number-range",
            args: vec![("min", i64::from(min)), ("max", i64::from(max))],
        }),
    }
}

impl SiteRules {
    /// Check every field, naming each one that is wrong.
    pub fn parse(raw: &RawSettings) -> Result<SiteRules, Vec<FieldError>> {
        let mut errors = Vec::new();
        let policy = CommentPolicy::ALL
            .into_iter()
            .find(|p| p.as_str() == raw.comment_policy.trim());
        if policy.is_none() {
            errors.push(FieldError::new(
                "comment_policy",
                "site-settings-policy-invalid",
            ));
        }
        let mut take = |field: &'static str, value: &str| match number(field, value) {
            Ok(n) => n,
            Err(e) => {
                errors.push(e);
                0
            }
        };
        let rules = SiteRules {
            comment_policy: CommentPolicyCode(policy.unwrap_or_default()),
            premoderate_first: take("premoderate_first", &raw.premoderate_first),
            flags_to_hide: take("flags_to_hide", &raw.flags_to_hide),
            newcomer_days: take("newcomer_days", &raw.newcomer_days),
            newcomer_writes_per_hour: take(
                "newcomer_writes_per_hour",
                &raw.newcomer_writes_per_hour,
            ),
            newcomer_links: take("newcomer_links", &raw.newcomer_links),
            feedback_retention_months: take(
                "feedback_retention_months",
                &raw.feedback_retention_months,
            ),
        };
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(errors)
        }
    }

    /// The stored settings.
    pub fn of(site: &site_settings::Model) -> SiteRules {
        SiteRules {
            comment_policy: CommentPolicyCode(site.comment_policy()),
            premoderate_first: site.premoderate_first,
            flags_to_hide: site.flags_to_hide,
            newcomer_days: site.newcomer_days,
            newcomer_writes_per_hour: site.newcomer_writes_per_hour,
            newcomer_links: site.newcomer_links,
            feedback_retention_months: site.feedback_retention_months,
        }
    }

    /// The form's text for these settings.
    pub fn raw(&self) -> RawSettings {
        RawSettings {
            comment_policy: self.comment_policy.0.as_str().to_owned(),
            premoderate_first: self.premoderate_first.to_string(),
            flags_to_hide: self.flags_to_hide.to_string(),
            newcomer_days: self.newcomer_days.to_string(),
            newcomer_writes_per_hour: self.newcomer_writes_per_hour.to_string(),
            newcomer_links: self.newcomer_links.to_string(),
            feedback_retention_months: self.feedback_retention_months.to_string(),
        }
    }

    /// One line per setting, for the audit log's before/after texts.
    pub fn describe(&self) -> String {
        format!(
            "comment_policy={}\npremoderate_first={}\nflags_to_hide={}\nnewcomer_days={}\n\
             newcomer_writes_per_hour={}\nnewcomer_links={}\nfeedback_retention_months={}",
            self.comment_policy.0.as_str(),
            self.premoderate_first,
            self.flags_to_hide,
            self.newcomer_days,
            self.newcomer_writes_per_hour,
            self.newcomer_links,
            self.feedback_retention_months
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RawSettings {
        RawSettings {
            comment_policy: "registered".into(),
            premoderate_first: "1".into(),
            flags_to_hide: "3".into(),
            newcomer_days: "7".into(),
            newcomer_writes_per_hour: "5".into(),
            newcomer_links: "2".into(),
            feedback_retention_months: "12".into(),
        }
    }

    #[test]
    fn good_settings_parse_and_read_back() {
        let rules = SiteRules::parse(&good()).unwrap();
        assert_eq!(rules.comment_policy.0, CommentPolicy::Registered);
        assert_eq!(SiteRules::parse(&rules.raw()).unwrap(), rules);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let mut raw = good();
        raw.comment_policy = "everyone".into();
        raw.flags_to_hide = "0".into();
        raw.feedback_retention_months = "many".into();
        raw.newcomer_links = "101".into();
        let errors = SiteRules::parse(&raw).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            [
                "comment_policy",
                "flags_to_hide",
                "newcomer_links",
                "feedback_retention_months"
            ]
        );
    }
}
