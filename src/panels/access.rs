//! CONTRACT — who may see and do what in a panel; the other panel features build on this.
//!
//! URLs: `/panels` (list), `/panels/{slug}` (overview, with the panel navigation: overview,
//! discussion `/panels/{slug}/topics`, members `/panels/{slug}/members`, tasks
//! `/panels/{slug}/tasks` (polls), workshops `/panels/{slug}/workshops` (workshops, also
//! `/panels/{slug}/scheduling/...`)); `/panels/{slug}/apply`, `/panels/{slug}/applications`.
//! Use `panels::nav::PanelNav` (`templates/panels/nav.html`) on your pages so the tab
//! row looks the same; pass the tab name ("tasks", "workshops").
//!
//! - `PanelRole::{Member, Facilitator}`; `role_in(db, panel, actor)` gives the actor's role
//!   in the panel, `None` for people outside it. Admins are facilitators of every panel.
//!   Editors manage panel settings (`permissions::can_manage_panels`) but are NOT
//!   facilitators unless chosen as one, so they do not read panel content by default.
//! - `panel_for(db, slug, actor) -> Result<PanelAccess, AppError>`: the panel by slug, or
//!   `AppError::NotFound` when the actor may not even know it exists (a private, unlisted
//!   panel they have no part in). `PanelAccess` then says what they may do:
//!   `require_reader()` (content: topics, tasks, results; members, facilitators, admins,
//!   and anyone signed in on an open panel — 404 on a private panel, sign-in on an open
//!   one), `require_member()` (answering: a seated member or facilitator),
//!   `require_facilitator()` (running it; 404 for outsiders, 403 for members).
//!   `rules` says whether the panel has rules and which version the actor accepted;
//!   `rules_pending()` is a member who has not accepted the current one (never a lock-out).
//! - `panel_ids_of(db, actor)`: every panel whose content the actor may read (their
//!   panels, every open panel for anyone signed in, all panels for admins) — search scopes.
//! - `companies(db, panel)`: the seated member companies (user id, company, industry,
//!   region, stage) for breaking results down; facilitators are not counted.
//! - `member_user_ids(db, panel)`: seated members' user ids (for reminders).
//! - Discussion topics are posts linked in `panel_topics` (post_id → panel_id). They are
//!   never blog posts: `panel_of_post(db, post_id)` tells which panel a post belongs to
//!   (`None` for a blog post); search must index them only into that panel's scope.
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use super::{
    model::{CompanyStage, Industry, MemberRole, PanelId, PanelVisibility, Region},
    rules::{model::RulesStanding, store as rules_store},
    store,
};
use crate::{
    auth::permissions::{self, Actor},
    comments::model::Standing,
    entities::panel,
    error::AppError,
};

/// An actor's place in one panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PanelRole {
    Member,
    Facilitator,
}

impl PanelRole {
    pub fn is_facilitator(self) -> bool {
        self == PanelRole::Facilitator
    }
}

impl From<MemberRole> for PanelRole {
    fn from(r: MemberRole) -> Self {
        match r {
            MemberRole::Member => PanelRole::Member,
            MemberRole::Facilitator => PanelRole::Facilitator,
        }
    }
}

/// The actor's role in the panel: facilitator for admins, else their membership's role.
pub async fn role_in(
    db: &impl ConnectionTrait,
    panel: PanelId,
    actor: Option<Actor>,
) -> Result<Option<PanelRole>, DbErr> {
    let Some(a) = actor else { return Ok(None) };
    if permissions::facilitates_every_panel(actor) {
        return Ok(Some(PanelRole::Facilitator));
    }
    Ok(store::membership(db, panel, a.id)
        .await?
        .and_then(|m| m.member_role())
        .map(PanelRole::from))
}

/// The actor's role in each of `panels`, in one query (for listings; `role_in` for one).
pub async fn roles_in(
    db: &impl ConnectionTrait,
    panels: &[PanelId],
    actor: Option<Actor>,
) -> Result<Vec<Option<PanelRole>>, DbErr> {
    let Some(a) = actor else {
        return Ok(vec![None; panels.len()]);
    };
    if permissions::facilitates_every_panel(actor) {
        return Ok(vec![Some(PanelRole::Facilitator); panels.len()]);
    }
    let rows = store::memberships_of(db, a.id).await?;
    Ok(panels
        .iter()
        .map(|p| {
            rows.iter()
                .find(|m| m.panel_id == p.0)
                .and_then(|m| m.member_role())
                .map(PanelRole::from)
        })
        .collect())
}

/// Panels whose content the actor may read.
pub async fn panel_ids_of(
    db: &impl ConnectionTrait,
    actor: Option<Actor>,
) -> Result<Vec<PanelId>, DbErr> {
    let Some(a) = actor else {
        return Ok(Vec::new());
    };
    if permissions::facilitates_every_panel(actor) {
        return store::all_panel_ids(db).await;
    }
    store::readable_panel_ids(db, a.id).await
}

/// A seated member company, for breaking results down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberCompany {
    pub user_id: i32,
    pub company: String,
    pub industry: Option<Industry>,
    pub region: Option<Region>,
    pub stage: Option<CompanyStage>,
}

/// The panel's seated member companies (facilitators left out), by company name.
pub async fn companies(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<MemberCompany>, DbErr> {
    Ok(store::seated_members(db, panel)
        .await?
        .into_iter()
        .map(|m| MemberCompany {
            user_id: m.user_id,
            company: m.company_name,
            industry: m.industry.as_deref().and_then(Industry::parse),
            region: m.region.as_deref().and_then(Region::parse),
            stage: m.stage.as_deref().and_then(CompanyStage::parse),
        })
        .collect())
}

/// The seated members' user ids.
pub async fn member_user_ids(db: &impl ConnectionTrait, panel: PanelId) -> Result<Vec<i32>, DbErr> {
    Ok(store::seated_members(db, panel)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// The panel a post is a discussion topic of; `None` for a blog post.
pub async fn panel_of_post(
    db: &impl ConnectionTrait,
    post_id: i32,
) -> Result<Option<PanelId>, DbErr> {
    store::panel_of_post(db, post_id).await
}

/// A panel as one actor may approach it.
#[derive(Clone, Debug)]
pub struct PanelAccess {
    pub panel: panel::Model,
    pub role: Option<PanelRole>,
    pub actor: Option<Actor>,
    /// The panel's rules and the actor's acceptance of them (`rules::model`).
    pub rules: RulesStanding,
}

impl PanelAccess {
    pub fn id(&self) -> PanelId {
        PanelId(self.panel.id)
    }

    pub fn visibility(&self) -> PanelVisibility {
        PanelVisibility::parse(&self.panel.visibility).unwrap_or(PanelVisibility::Private)
    }

    pub fn is_facilitator(&self) -> bool {
        self.role == Some(PanelRole::Facilitator)
    }

    /// A seated member who has not accepted the panel's current rules (they still read
    /// everything; the panel's pages ask them to accept).
    pub fn rules_pending(&self) -> bool {
        self.role == Some(PanelRole::Member) && self.rules.pending()
    }

    /// The actor's standing in the panel's discussion: members take part, facilitators
    /// moderate, everyone else takes no part.
    pub fn standing(&self) -> Standing {
        match self.role {
            None => Standing::Outsider,
            Some(PanelRole::Member) => Standing::Participant,
            Some(PanelRole::Facilitator) => Standing::Moderator,
        }
    }

    /// Whether the actor reads the panel's content (topics, tasks, members).
    pub fn reads_content(&self) -> bool {
        self.role.is_some() || (self.visibility() == PanelVisibility::Open && self.actor.is_some())
    }

    /// Whether the actor may change the panel's settings.
    pub fn manages(&self) -> bool {
        self.is_facilitator() || permissions::can_manage_panels(self.actor)
    }

    /// Content readers only: others get 404 on a private panel, sign-in on an open one.
    pub fn require_reader(&self) -> Result<(), AppError> {
        if self.reads_content() {
            Ok(())
        } else if self.visibility() == PanelVisibility::Open {
            Err(AppError::Unauthorized)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Seated members and facilitators: those who take part.
    pub fn require_member(&self) -> Result<PanelRole, AppError> {
        self.require_reader()?;
        self.role.ok_or(AppError::Forbidden)
    }

    /// Facilitators (and admins) only.
    pub fn require_facilitator(&self) -> Result<(), AppError> {
        match self.require_member()? {
            PanelRole::Facilitator => Ok(()),
            PanelRole::Member => Err(AppError::Forbidden),
        }
    }
}

/// Whether someone who is not part of the panel may know it exists: open panels, private
/// ones listed publicly, and every panel for those who manage panels.
fn known_to(panel: &panel::Model, role: Option<PanelRole>, actor: Option<Actor>) -> bool {
    role.is_some()
        || panel.visibility == PanelVisibility::Open.as_str()
        || panel.listed_publicly
        || permissions::can_manage_panels(actor)
}

/// The panel at `slug` as the actor may approach it; `NotFound` when they may not know it.
pub async fn panel_for(
    db: &impl ConnectionTrait,
    slug: &str,
    actor: Option<Actor>,
) -> Result<PanelAccess, AppError> {
    let panel = store::panel_by_slug(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = role_in(db, PanelId(panel.id), actor).await?;
    if !known_to(&panel, role, actor) {
        return Err(AppError::NotFound);
    }
    let rules = rules_standing(db, PanelId(panel.id), role, actor).await?;
    Ok(PanelAccess {
        panel,
        role,
        actor,
        rules,
    })
}

/// The panel's current rules version and, for a seated member, the one they accepted.
pub async fn rules_standing(
    db: &impl ConnectionTrait,
    panel: PanelId,
    role: Option<PanelRole>,
    actor: Option<Actor>,
) -> Result<RulesStanding, DbErr> {
    let current = rules_store::current_number(db, panel).await?;
    let accepted = match (current, role, actor) {
        (Some(_), Some(PanelRole::Member), Some(a)) => {
            rules_store::accepted_by(db, panel, a.id).await?
        }
        _ => None,
    };
    Ok(RulesStanding { current, accepted })
}
