//! Access scopes: what a search document carries and a reader holds (public, members, one
//! customer panel, one task aimed at part of its panel), as index terms and as the numbers in the `scope_code` fast field. The
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
    /// The readers of one task aimed at part of its panel: the aimed members and the
    /// panel's facilitators (`tasks::aim`).
    Task(i32),
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Members => "members",
            Scope::Panel(_) => "panel",
            Scope::Task(_) => "task",
        }
    }

    /// The term stored in the index: `public`, `members`, `panel:17`, `task:5`.
    pub fn term(&self) -> String {
        match self {
            Scope::Panel(id) => format!("panel:{id}"),
            Scope::Task(id) => format!("task:{id}"),
            other => other.as_str().to_owned(),
        }
    }

    /// The number stored in the `scope_code` fast field: 0 public, 1 members, a panel's id
    /// plus `PANEL_CODE_BASE`, a task's id plus `TASK_CODE_BASE`.
    pub fn code(&self) -> u64 {
        match self {
            Scope::Public => 0,
            Scope::Members => 1,
            Scope::Panel(id) => PANEL_CODE_BASE + u64::try_from(*id).unwrap_or(0),
            Scope::Task(id) => TASK_CODE_BASE + u64::try_from(*id).unwrap_or(0),
        }
    }

    /// The code of a scope term as [`Scope::term`] writes it; an unknown term gets a code no
    /// reader holds.
    pub fn code_of_term(term: &str) -> u64 {
        match term {
            "public" => Scope::Public.code(),
            "members" => Scope::Members.code(),
            other => {
                let id = |prefix: &str| other.strip_prefix(prefix)?.parse::<i32>().ok();
                if let Some(id) = id("panel:") {
                    Scope::Panel(id).code()
                } else if let Some(id) = id("task:") {
                    Scope::Task(id).code()
                } else {
                    u64::MAX
                }
            }
        }
    }

    /// Every scope this reader may see, with the customer panels whose content they may read
    /// and the aimed tasks of those panels they see (all of them where they facilitate).
    pub async fn of_reader_in(
        db: &impl sea_orm::ConnectionTrait,
        actor: Option<Actor>,
    ) -> Result<Vec<Scope>, sea_orm::DbErr> {
        let mut scopes = Scope::of_reader(actor);
        let panels = crate::panels::access::panel_ids_of(db, actor).await?;
        for task in crate::tasks::aim::aimed_tasks_seen_by(db, actor, &panels).await? {
            scopes.push(Scope::Task(task));
        }
        for panel in panels {
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
/// Task scope codes start here, above every panel's (panel ids are `i32`).
const TASK_CODE_BASE: u64 = 1 << 32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_has_its_own_code() {
        for scope in [
            Scope::Public,
            Scope::Members,
            Scope::Panel(5),
            Scope::Task(5),
            Scope::Panel(i32::MAX),
            Scope::Task(1),
        ] {
            assert_eq!(
                Scope::code_of_term(&scope.term()),
                scope.code(),
                "{scope:?}"
            );
        }
        assert_ne!(Scope::Panel(5).code(), Scope::Task(5).code());
        assert!(Scope::Panel(i32::MAX).code() < Scope::Task(0).code());
        assert_eq!(Scope::code_of_term("task:x"), u64::MAX);
    }
}
