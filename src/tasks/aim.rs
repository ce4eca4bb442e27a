//! Aimed tasks: a task may be aimed at part of its panel — the member companies of some
//! industries, regions or stages, or a list of members. Only the aimed members (and the
//! panel's facilitators) see such a task, anywhere: the list, its pages, the API, counts,
//! reminders, the year view and search. Everything that shows a task asks `Audience::sees`.
use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::{
    auth::permissions::Actor,
    entities::tasks::task,
    panels::{
        access::{self, MemberCompany, PanelAccess, PanelRole},
        model::{CompanyStage, Industry, PanelId, Region},
    },
};

/// Who a task is aimed at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aim {
    /// The whole panel (the default).
    Everyone,
    Industries(Vec<Industry>),
    Regions(Vec<Region>),
    Stages(Vec<CompanyStage>),
    /// Members by user id.
    Members(Vec<i32>),
}

/// The aim kinds' codes, in the order the editor offers them.
pub const AIM_KINDS: [&str; 5] = ["everyone", "industry", "region", "stage", "members"];

impl Aim {
    /// A task row's aim. An unknown kind aims at nobody but the facilitators (fails closed).
    pub fn of(row: &task::Model) -> Aim {
        Aim::from_parts(&row.aim_kind, row.aim_values.lines()).unwrap_or(Aim::Members(Vec::new()))
    }

    /// An aim from its kind code and values (codes or user ids); unknown values are skipped.
    /// `None` for an unknown kind.
    pub fn from_parts<'a>(kind: &str, values: impl IntoIterator<Item = &'a str>) -> Option<Aim> {
        let values: Vec<&str> = values
            .into_iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        fn all<T: Ord>(values: &[&str], parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
            let set: BTreeSet<T> = values.iter().filter_map(|v| parse(v)).collect();
            set.into_iter().collect()
        }
        Some(match kind.trim() {
            "" | "everyone" => Aim::Everyone,
            "industry" => Aim::Industries(all(&values, Industry::parse)),
            "region" => Aim::Regions(all(&values, Region::parse)),
            "stage" => Aim::Stages(all(&values, CompanyStage::parse)),
            "members" => Aim::Members(all(&values, |v| v.parse::<i32>().ok())),
            _ => return None,
        })
    }

    /// Parse an aim typed into the editor or sent to the API: an aim other than everyone
    /// needs at least one value.
    pub fn parse<'a>(
        kind: &str,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Result<Aim, &'static str> {
        let aim = Aim::from_parts(kind, values).ok_or("aim-error-kind")?;
        if aim.is_aimed() && aim.values().is_empty() {
            return Err("aim-error-empty");
        }
        Ok(aim)
    }

    /// The kind's code, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Aim::Everyone => "everyone",
            Aim::Industries(_) => "industry",
            Aim::Regions(_) => "region",
            Aim::Stages(_) => "stage",
            Aim::Members(_) => "members",
        }
    }

    /// The values' codes (user ids for members).
    pub fn values(&self) -> Vec<String> {
        match self {
            Aim::Everyone => Vec::new(),
            Aim::Industries(v) => v.iter().map(|x| x.as_str().to_owned()).collect(),
            Aim::Regions(v) => v.iter().map(|x| x.as_str().to_owned()).collect(),
            Aim::Stages(v) => v.iter().map(|x| x.as_str().to_owned()).collect(),
            Aim::Members(v) => v.iter().map(i32::to_string).collect(),
        }
    }

    /// The values as stored: one a line.
    pub fn values_text(&self) -> String {
        self.values().join("\n")
    }

    /// Whether the task is aimed at part of the panel only.
    pub fn is_aimed(&self) -> bool {
        *self != Aim::Everyone
    }

    /// Whether a member company is aimed at (`None`: a reader who is not a seated member).
    pub fn admits(&self, member: Option<&MemberCompany>) -> bool {
        match (self, member) {
            (Aim::Everyone, _) => true,
            (_, None) => false,
            (Aim::Industries(v), Some(m)) => m.industry.is_some_and(|x| v.contains(&x)),
            (Aim::Regions(v), Some(m)) => m.region.is_some_and(|x| v.contains(&x)),
            (Aim::Stages(v), Some(m)) => m.stage.is_some_and(|x| v.contains(&x)),
            (Aim::Members(v), Some(m)) => v.contains(&m.user_id),
        }
    }

    /// The seated members aimed at, out of the panel's.
    pub fn aimed_among<'a>(&self, members: &'a [MemberCompany]) -> Vec<&'a MemberCompany> {
        members.iter().filter(|m| self.admits(Some(m))).collect()
    }
}

/// Who is looking at a panel's tasks, as far as aims care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audience {
    /// Facilitators (and admins) see every task of the panel.
    pub facilitator: bool,
    /// The reader's own member company, when they are a seated member.
    pub member: Option<MemberCompany>,
}

impl Audience {
    /// Whether this reader sees the task.
    pub fn sees(&self, row: &task::Model) -> bool {
        self.facilitator || Aim::of(row).admits(self.member.as_ref())
    }

    /// Keep the tasks this reader sees.
    pub fn filter(&self, rows: Vec<task::Model>) -> Vec<task::Model> {
        rows.into_iter().filter(|t| self.sees(t)).collect()
    }
}

/// The audience of a reader of a panel.
pub async fn audience(db: &impl ConnectionTrait, access: &PanelAccess) -> Result<Audience, DbErr> {
    audience_of(db, access.id(), access.role, access.actor).await
}

/// The audience of an actor in `role` in a panel.
pub async fn audience_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
    role: Option<PanelRole>,
    actor: Option<Actor>,
) -> Result<Audience, DbErr> {
    let facilitator = role.is_some_and(PanelRole::is_facilitator);
    let member = match (role, actor) {
        (Some(PanelRole::Member), Some(a)) => access::companies(db, panel)
            .await?
            .into_iter()
            .find(|c| c.user_id == a.id),
        _ => None,
    };
    Ok(Audience {
        facilitator,
        member,
    })
}

/// Whether a list of members names only the panel's seated members (any other aim: yes). An
/// id of someone else would aim at nobody, so the editor and the API refuse it.
pub async fn names_only_members(
    db: &impl ConnectionTrait,
    panel: PanelId,
    aim: &Aim,
) -> Result<bool, DbErr> {
    let Aim::Members(ids) = aim else {
        return Ok(true);
    };
    let seated: BTreeSet<i32> = access::companies(db, panel)
        .await?
        .iter()
        .map(|m| m.user_id)
        .collect();
    Ok(ids.iter().all(|id| seated.contains(id)))
}

/// The user ids of the seated members a task is aimed at (for reminders).
pub async fn aimed_member_ids(
    db: &impl ConnectionTrait,
    row: &task::Model,
) -> Result<Vec<i32>, DbErr> {
    let aim = Aim::of(row);
    Ok(access::companies(db, PanelId(row.panel_id))
        .await?
        .iter()
        .filter(|m| aim.admits(Some(m)))
        .map(|m| m.user_id)
        .collect())
}

/// The aimed tasks (aimed at part of a panel) in `panels` that the actor sees: all of them
/// in the panels they facilitate, those aimed at them in the others. Search gives the
/// actor a `Scope::Task` for each.
pub async fn aimed_tasks_seen_by(
    db: &impl ConnectionTrait,
    actor: Option<Actor>,
    panels: &[PanelId],
) -> Result<Vec<i32>, DbErr> {
    if actor.is_none() || panels.is_empty() {
        return Ok(Vec::new());
    }
    let aimed = task::Entity::find()
        .filter(task::Column::PanelId.is_in(panels.iter().map(|p| p.0)))
        .filter(task::Column::AimKind.ne("everyone"))
        .all(db)
        .await?;
    let mut out = Vec::new();
    let in_panels: BTreeSet<i32> = aimed.iter().map(|t| t.panel_id).collect();
    for panel in in_panels {
        let role = access::role_in(db, PanelId(panel), actor).await?;
        let audience = audience_of(db, PanelId(panel), role, actor).await?;
        out.extend(
            aimed
                .iter()
                .filter(|t| t.panel_id == panel && audience.sees(t))
                .map(|t| t.id),
        );
    }
    Ok(out)
}

/// Take a person off every task's list of aimed members (their data is being erased); each
/// such task goes to search again, its readers changed.
pub async fn forget_member(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    let listed = task::Entity::find()
        .filter(task::Column::AimKind.eq("members"))
        .all(db)
        .await?;
    for row in listed {
        let Aim::Members(ids) = Aim::of(&row) else {
            continue;
        };
        if !ids.contains(&user_id) {
            continue;
        }
        let kept = Aim::Members(ids.into_iter().filter(|id| *id != user_id).collect());
        task::Entity::update_many()
            .col_expr(
                task::Column::AimValues,
                sea_orm::sea_query::Expr::value(kept.values_text()),
            )
            .filter(task::Column::Id.eq(row.id))
            .exec(db)
            .await?;
        crate::search::outbox::enqueue(db, crate::search::outbox::Change::Task(row.id)).await?;
    }
    Ok(())
}

/// The tasks aimed at the person by name (a list of members naming them): part of their data.
pub async fn personal_data(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<serde_json::Value>, DbErr> {
    let listed = task::Entity::find()
        .filter(task::Column::AimKind.eq("members"))
        .all(db)
        .await?;
    Ok(listed
        .into_iter()
        .filter(|row| matches!(Aim::of(row), Aim::Members(ids) if ids.contains(&user_id)))
        .map(|row| {
            serde_json::json!({
                "task_id": row.id,
                "panel_id": row.panel_id,
                "title": row.title,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(user_id: i32, industry: Industry, region: Region) -> MemberCompany {
        MemberCompany {
            user_id,
            company: format!("Oy {user_id}"),
            industry: Some(industry),
            region: Some(region),
            stage: Some(CompanyStage::Small),
        }
    }

    #[test]
    fn an_aim_admits_only_its_members() {
        let ict = company(1, Industry::Ict, Region::Uusimaa);
        let shop = company(2, Industry::Trade, Region::Lappi);
        let aim = Aim::parse("industry", ["ict"]).unwrap();
        assert!(aim.admits(Some(&ict)));
        assert!(!aim.admits(Some(&shop)));
        assert!(!aim.admits(None));
        let aim = Aim::parse("region", ["lappi", "nowhere"]).unwrap();
        assert_eq!(aim, Aim::Regions(vec![Region::Lappi]));
        assert!(aim.admits(Some(&shop)));
        let aim = Aim::parse("members", ["2"]).unwrap();
        assert!(!aim.admits(Some(&ict)));
        assert!(aim.admits(Some(&shop)));
        assert!(Aim::Everyone.admits(None));
        assert!(Aim::parse("stage", ["small"]).unwrap().admits(Some(&ict)));
    }

    #[test]
    fn an_aim_needs_a_known_kind_and_a_value() {
        assert_eq!(Aim::parse("everyone", []), Ok(Aim::Everyone));
        assert_eq!(Aim::parse("industry", ["nope"]), Err("aim-error-empty"));
        assert_eq!(Aim::parse("planets", ["mars"]), Err("aim-error-kind"));
        let aim = Aim::parse("members", ["7", "3", "7"]).unwrap();
        assert_eq!(aim.values_text(), "3\n7");
        assert_eq!(
            Aim::from_parts(aim.kind(), aim.values_text().lines()),
            Some(aim)
        );
    }

    #[test]
    fn facilitators_see_every_aimed_task() {
        let facilitator = Audience {
            facilitator: true,
            member: None,
        };
        let outsider = Audience {
            facilitator: false,
            member: None,
        };
        let now = chrono::Utc::now();
        let row = task::Model {
            id: 1,
            panel_id: 1,
            title: "t".into(),
            intro_md: String::new(),
            intro_html: String::new(),
            opens_at: now,
            closes_at: now,
            anonymous: false,
            results_visibility: "always".into(),
            shuffle_options: false,
            created_by: 1,
            created_at: now,
            updated_at: now,
            aim_kind: "industry".into(),
            aim_values: "ict".into(),
            previous_task_id: None,
            round: 1,
        };
        assert!(facilitator.sees(&row));
        assert!(!outsider.sees(&row));
        let unknown = task::Model {
            aim_kind: "planets".into(),
            ..row
        };
        assert!(!outsider.sees(&unknown));
    }
}
