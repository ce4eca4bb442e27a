//! Access scopes: what a search document carries and a reader holds (public, members, one
//! customer panel), as index terms and as the numbers in the `scope_code` fast field. The
//! indexer writes them, queries filter by them.
use crate::auth::permissions::{self, Actor};

/// An access scope a document carries and a reader holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anyone.
    Public,
    /// Signed-in people of the network.
    Members,
    /// The members of one customer panel (when panels exist).
    Panel(i32),
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Members => "members",
            Scope::Panel(_) => "panel",
        }
    }

    /// The term stored in the index: `public`, `members`, `panel:17`.
    pub fn term(&self) -> String {
        match self {
            Scope::Panel(id) => format!("panel:{id}"),
            other => other.as_str().to_owned(),
        }
    }

    /// The number stored in the `scope_code` fast field: 0 public, 1 members, a panel's id
    /// plus `PANEL_CODE_BASE`.
    pub fn code(&self) -> u64 {
        match self {
            Scope::Public => 0,
            Scope::Members => 1,
            Scope::Panel(id) => PANEL_CODE_BASE + u64::try_from(*id).unwrap_or(0),
        }
    }

    /// The code of a scope term as [`Scope::term`] writes it; an unknown term gets a code no
    /// reader holds.
    pub fn code_of_term(term: &str) -> u64 {
        match term {
            "public" => Scope::Public.code(),
            "members" => Scope::Members.code(),
            other => other
                .strip_prefix("panel:")
                .and_then(|id| id.parse::<i32>().ok())
                .map_or(u64::MAX, |id| Scope::Panel(id).code()),
        }
    }

    /// Every scope this reader may see, with the customer panels whose content they may read.
    pub async fn of_reader_in(
        db: &impl sea_orm::ConnectionTrait,
        actor: Option<Actor>,
    ) -> Result<Vec<Scope>, sea_orm::DbErr> {
        let mut scopes = Scope::of_reader(actor);
        for panel in crate::panels::access::panel_ids_of(db, actor).await? {
            scopes.push(Scope::Panel(panel.0));
        }
        Ok(scopes)
    }

    /// Every scope this reader may see outside customer panels.
    pub fn of_reader(actor: Option<Actor>) -> Vec<Scope> {
        let mut scopes = vec![Scope::Public];
        if permissions::sees_members_content(actor) {
            scopes.push(Scope::Members);
        }
        scopes
    }
}

/// Panel scope codes start here (codes below are the network's own scopes).
const PANEL_CODE_BASE: u64 = 16;
