//! Reading and changing the privacy notice; a change is audited with the texts before and
//! after, in the same transaction.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{CurrentUser, permissions},
    db::begin_write,
    entities::site_settings,
    error::{AppError, AppResult, FieldError},
    i18n::Lang,
    markdown::{self, SafeHtml},
};

/// The most Markdown one language's notice may hold.
pub const MAX_NOTICE_CHARS: usize = 50_000;

/// The notice in each language as written by admins (empty: the default text is shown).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Notice {
    #[serde(default)]
    pub fi: String,
    #[serde(default)]
    pub sv: String,
    #[serde(default)]
    pub en: String,
}

impl Notice {
    pub fn of(site: &site_settings::Model) -> Notice {
        Notice {
            fi: site.privacy_notice_fi.clone(),
            sv: site.privacy_notice_sv.clone(),
            en: site.privacy_notice_en.clone(),
        }
    }

    fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// Check each language's text: at most `MAX_NOTICE_CHARS` and Markdown that renders.
    pub fn check(self) -> Result<Notice, Vec<FieldError>> {
        let errors: Vec<FieldError> = Lang::ALL
            .iter()
            .filter_map(|&lang| {
                let text = self.text(lang);
                let too_long = text.chars().count() > MAX_NOTICE_CHARS;
                (too_long || markdown::render(text).is_err()).then(|| {
                    FieldError::new(format!("privacy_{}", lang.code()), "privacy-too-long")
                })
            })
            .collect();
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    fn describe(&self) -> String {
        format!("fi:\n{}\n\nsv:\n{}\n\nen:\n{}", self.fi, self.sv, self.en)
    }
}

/// The default text in `lang`, shown while admins have written none.
pub fn default_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => include_str!("default_fi.md"),
        Lang::Sv => include_str!("default_sv.md"),
        Lang::En => include_str!("default_en.md"),
    }
}

/// The stored notice (all empty before setup).
pub async fn stored(db: &DatabaseConnection) -> AppResult<Notice> {
    Ok(site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| Notice::of(&s))
        .unwrap_or_default())
}

/// The notice to show in `lang`: the admins' text, or the default when none is written.
pub fn rendered(notice: &Notice, lang: Lang) -> SafeHtml {
    let text = match notice.text(lang).trim() {
        "" => default_text(lang),
        written => written,
    };
    markdown::render(text).unwrap_or_else(|_| SafeHtml::escape_text(text))
}

/// Save a checked notice as `admin`, audited.
#[tracing::instrument(skip_all, fields(admin = admin.id))]
pub async fn save(db: &DatabaseConnection, admin: &CurrentUser, notice: Notice) -> AppResult<()> {
    if !permissions::can_manage_people(Some(admin.actor())) {
        return Err(AppError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let before = site_settings::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = Notice::of(&before);
    site_settings::ActiveModel {
        id: Set(1),
        privacy_notice_fi: Set(notice.fi.clone()),
        privacy_notice_sv: Set(notice.sv.clone()),
        privacy_notice_en: Set(notice.en.clone()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::store::record(
        &txn,
        NewEntry {
            before: before.describe(),
            after: notice.describe(),
            ..NewEntry::new(
                Some(admin.id),
                Action::ChangePrivacyNotice,
                TargetKind::Settings,
                None,
            )
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
