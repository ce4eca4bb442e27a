//! The data-rights settings as typed values: the admin's erasure policy and the retention
//! periods, parsed once by the settings form and `PUT /api/v1/admin/data-rights`.
use serde::{Deserialize, Serialize};

use crate::{entities::site_settings, error::FieldError};

/// What erasing a person does to what they wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErasurePolicy {
    /// Posts and comments stay, shown under "former participant".
    #[default]
    Keep,
    /// Posts and comments are removed with the person.
    Remove,
}

impl ErasurePolicy {
    pub const ALL: [ErasurePolicy; 2] = [ErasurePolicy::Keep, ErasurePolicy::Remove];

    pub fn as_str(self) -> &'static str {
        match self {
            ErasurePolicy::Keep => "keep",
            ErasurePolicy::Remove => "remove",
        }
    }

    pub fn parse(s: &str) -> Option<ErasurePolicy> {
        ErasurePolicy::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
    }

    /// Catalogue key of the policy's description.
    pub fn label_key(self) -> &'static str {
        match self {
            ErasurePolicy::Keep => "data-rights-policy-keep",
            ErasurePolicy::Remove => "data-rights-policy-remove",
        }
    }
}

/// The settings as typed into the form (or sent as JSON), unchecked.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct RawDataRights {
    #[serde(default)]
    pub erasure_policy: String,
    #[serde(default)]
    pub retention_declined_months: String,
    #[serde(default)]
    pub retention_sessions_days: String,
    #[serde(default)]
    pub retention_outbox_days: String,
}

/// Checked settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataRightsSettings {
    pub erasure_policy: ErasurePolicy,
    /// Declined panel applications are deleted this many months after the decision.
    pub retention_declined_months: i32,
    /// Sessions not used for this many days are deleted.
    pub retention_sessions_days: i32,
    /// Sent (or given up) email outbox rows, and their `.eml` files, after this many days.
    pub retention_outbox_days: i32,
}

/// Each number's field and its range (both ends included).
pub const RANGES: [(&str, i32, i32); 3] = [
    ("retention_declined_months", 1, 120),
    ("retention_sessions_days", 1, 3650),
    ("retention_outbox_days", 1, 3650),
];

impl Default for DataRightsSettings {
    fn default() -> Self {
        DataRightsSettings {
            erasure_policy: ErasurePolicy::Keep,
            retention_declined_months: 12,
            retention_sessions_days: 90,
            retention_outbox_days: 90,
        }
    }
}

fn number(field: &'static str, raw: &str) -> Result<i32, FieldError> {
    crate::site_settings::model::number_in(&RANGES, field, raw)
}

impl DataRightsSettings {
    /// Check every field, naming each one that is wrong.
    pub fn parse(raw: &RawDataRights) -> Result<DataRightsSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let policy = ErasurePolicy::parse(&raw.erasure_policy);
        if policy.is_none() {
            errors.push(FieldError::new(
                "erasure_policy",
                "data-rights-policy-invalid",
            ));
        }
        let mut take = |field: &'static str, value: &str| {
            number(field, value).unwrap_or_else(|e| {
                errors.push(e);
                0
            })
        };
        let settings = DataRightsSettings {
            erasure_policy: policy.unwrap_or_default(),
            retention_declined_months: take(
                "retention_declined_months",
                &raw.retention_declined_months,
            ),
            retention_sessions_days: take("retention_sessions_days", &raw.retention_sessions_days),
            retention_outbox_days: take("retention_outbox_days", &raw.retention_outbox_days),
        };
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }

    /// The stored settings (an unknown policy code reads as the default, keep).
    pub fn of(site: &site_settings::Model) -> DataRightsSettings {
        DataRightsSettings {
            erasure_policy: ErasurePolicy::parse(&site.erasure_policy).unwrap_or_default(),
            retention_declined_months: site.retention_declined_months.max(1),
            retention_sessions_days: site.retention_sessions_days.max(1),
            retention_outbox_days: site.retention_outbox_days.max(1),
        }
    }

    /// The form's text for these settings.
    pub fn raw(&self) -> RawDataRights {
        RawDataRights {
            erasure_policy: self.erasure_policy.as_str().to_owned(),
            retention_declined_months: self.retention_declined_months.to_string(),
            retention_sessions_days: self.retention_sessions_days.to_string(),
            retention_outbox_days: self.retention_outbox_days.to_string(),
        }
    }

    /// One line per setting, for the audit log's before/after texts.
    pub fn describe(&self) -> String {
        format!(
            "erasure_policy={}\nretention_declined_months={}\nretention_sessions_days={}\n\
             retention_outbox_days={}",
            self.erasure_policy.as_str(),
            self.retention_declined_months,
            self.retention_sessions_days,
            self.retention_outbox_days
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_each_wrong_field_is_named() {
        let good = DataRightsSettings::default();
        assert_eq!(DataRightsSettings::parse(&good.raw()), Ok(good));
        let bad = RawDataRights {
            erasure_policy: "shred".into(),
            retention_declined_months: "0".into(),
            retention_sessions_days: "many".into(),
            retention_outbox_days: "30".into(),
        };
        let fields: Vec<String> = DataRightsSettings::parse(&bad)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "erasure_policy",
                "retention_declined_months",
                "retention_sessions_days"
            ]
        );
    }
}
