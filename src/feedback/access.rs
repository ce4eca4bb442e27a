//! Who may see an organisation's feedback: its staff (member and above) and the site's
//! admins. Anyone else learns nothing, not even that the inbox exists (404).
use crate::auth::{CurrentUser, Role};

/// Whether `user` may read and work the inbox of organisation `org_id`.
pub fn can_work_inbox(user: &CurrentUser, org_id: i32) -> bool {
    user.role == Role::Admin || (user.role >= Role::Member && user.organization_id == Some(org_id))
}

/// Whether `user` may keep the organisation's topic list: its editors, and admins.
pub fn can_keep_topics(user: &CurrentUser, org_id: i32) -> bool {
    user.role == Role::Admin || (user.role >= Role::Editor && user.organization_id == Some(org_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role, org: Option<i32>) -> CurrentUser {
        CurrentUser {
            id: 1,
            email: "a@b.fi".into(),
            display_name: "A".into(),
            role,
            organization_id: org,
            language: None,
            email_confirmed: true,
        }
    }

    #[test]
    fn the_inbox_is_for_the_organisations_staff_and_admins_only() {
        let cases = [
            (Role::Customer, Some(1), false, false),
            (Role::Panelist, Some(1), false, false),
            (Role::Member, Some(1), true, false),
            (Role::Writer, Some(1), true, false),
            (Role::Editor, Some(1), true, true),
            (Role::Editor, Some(2), false, false),
            (Role::Member, None, false, false),
            (Role::Admin, Some(2), true, true),
        ];
        for (role, org, inbox, topics) in cases {
            let p = person(role, org);
            assert_eq!(can_work_inbox(&p, 1), inbox, "{role:?} of {org:?}");
            assert_eq!(can_keep_topics(&p, 1), topics, "{role:?} of {org:?}");
        }
    }
}
