//! The permission rules: pure functions of (person, object), tested as a table.
use crate::blog::model::{PostStatus, Visibility};

/// What a person may do in the network. Readers (not signed in) have no role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A customer who registered themself: reads public content and, when the site's
    /// participation setting allows and their email is confirmed, comments on public posts.
    /// May also belong to panels (membership is separate from the site role).
    Customer,
    /// A customer panel's participant from outside the network: reads the public blog and
    /// the panels they belong to, nothing members-only. Below `Member` on purpose, so every
    /// `role >= Member` check leaves them out.
    Panelist,
    /// Reads members-only content and comments.
    Member,
    /// Also writes and publishes their own posts.
    Writer,
    /// Also publishes, edits and moderates anyone's posts and comments; invites people.
    Editor,
    /// Everything, including people and organisations.
    Admin,
}

impl Role {
    /// The network's staff roles, offered when inviting and managing people. Panelist
    /// accounts are made only by joining a panel.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Writer, Role::Member];

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customer" => Some(Role::Customer),
            "panelist" => Some(Role::Panelist),
            "member" => Some(Role::Member),
            "writer" => Some(Role::Writer),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Panelist => "panelist",
            Role::Member => "member",
            Role::Writer => "writer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Customer => "role-customer",
            Role::Panelist => "role-panelist",
            Role::Member => "role-member",
            Role::Writer => "role-writer",
            Role::Editor => "role-editor",
            Role::Admin => "role-admin",
        }
    }
}

/// Who may comment on public posts: a site setting. Members-only posts stay staff-only
/// whatever it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum CommentPolicy {
    /// Staff only (members and above): the default, and what every site had before.
    #[default]
    Staff,
    /// Also anyone who belongs to a customer panel.
    PanelMembers,
    /// Also anyone who registered and confirmed their email address.
    Registered,
}

impl CommentPolicy {
    pub const ALL: [CommentPolicy; 3] = [
        CommentPolicy::Staff,
        CommentPolicy::PanelMembers,
        CommentPolicy::Registered,
    ];

    /// The stored code; an unknown code reads as the narrowest policy.
    pub fn parse(s: &str) -> CommentPolicy {
        match s {
            "panel_members" => CommentPolicy::PanelMembers,
            "registered" => CommentPolicy::Registered,
            _ => CommentPolicy::Staff,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CommentPolicy::Staff => "staff",
            CommentPolicy::PanelMembers => "panel_members",
            CommentPolicy::Registered => "registered",
        }
    }

    /// Whether customers may register themselves at all.
    pub fn opens_registration(self) -> bool {
        self == CommentPolicy::Registered
    }
}

/// The person asking, as far as the rules care; `None` is a reader who is not signed in.
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}

/// The facts about a post that decide who sees and edits it.
#[derive(Clone, Copy, Debug)]
pub struct PostFacts {
    pub author_id: i32,
    pub visibility: Visibility,
    pub status: PostStatus,
}

/// The facts about a person that decide whether they have a person page for a reader.
#[derive(Clone, Copy, Debug)]
pub struct PersonFacts {
    pub id: i32,
    /// Whether the person has published writing (blog posts) this reader may read.
    pub has_readable_writing: bool,
}

/// A person page (`/people/{id}`, its feed, a name in an organisation's people) exists for a
/// reader only where the reader may read something the person wrote, so panel members and
/// applicants, who write no blog posts, are never named to outsiders; the person themself and
/// admins (who manage people) always see it. Everyone else gets the 404 of an unknown id.
pub fn can_see_person(actor: Option<Actor>, person: PersonFacts) -> bool {
    person.has_readable_writing || actor.is_some_and(|a| a.id == person.id || a.role == Role::Admin)
}

/// Whether the reader may see members-only content at all: staff, never panelists.
pub fn sees_members_content(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Member)
}

/// Whether the person is one of the network's staff (not a panel-only account).
pub fn is_staff(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Member)
}

pub fn can_read_post(actor: Option<Actor>, post: PostFacts) -> bool {
    match post.status {
        PostStatus::Draft => actor.is_some_and(|a| can_edit_post(Some(a), post)),
        PostStatus::Published => match post.visibility {
            Visibility::Public => true,
            Visibility::Members => sees_members_content(actor),
        },
    }
}

pub fn can_write_posts(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Writer)
}

pub fn can_edit_post(actor: Option<Actor>, post: PostFacts) -> bool {
    actor.is_some_and(|a| {
        a.role >= Role::Editor || (a.role == Role::Writer && a.id == post.author_id)
    })
}

/// The facts about a would-be commenter beyond their role: whether their email address is
/// confirmed and whether they belong to at least one panel.
#[derive(Clone, Copy, Debug)]
pub struct Commenter {
    pub actor: Actor,
    pub email_confirmed: bool,
    pub in_a_panel: bool,
}

/// Blog comments are for staff; the site's `policy` opens public posts to panel members or
/// to confirmed registered customers too. Members-only posts stay staff-only, and an
/// account whose email is not confirmed never contributes.
pub fn can_comment(who: Option<Commenter>, policy: CommentPolicy, post: PostFacts) -> bool {
    let Some(who) = who else { return false };
    let actor = Some(who.actor);
    if !who.email_confirmed || post.status != PostStatus::Published || !can_read_post(actor, post) {
        return false;
    }
    if is_staff(actor) {
        return true;
    }
    if post.visibility != Visibility::Public {
        return false;
    }
    match policy {
        CommentPolicy::Staff => false,
        CommentPolicy::PanelMembers => who.in_a_panel,
        CommentPolicy::Registered => who.in_a_panel || who.actor.role == Role::Customer,
    }
}

/// Authors edit and remove their own comments.
pub fn can_change_comment(actor: Option<Actor>, comment_author_id: i32) -> bool {
    actor.is_some_and(|a| a.id == comment_author_id)
}

/// Editors and admins hide anyone's comment.
pub fn can_moderate(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor)
}

pub fn can_invite(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor)
}

/// Only admins may hand out the admin role; editors invite up to editor.
pub fn can_grant_role(actor: Option<Actor>, role: Role) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor && (role < Role::Admin || a.role == Role::Admin))
}

pub fn can_manage_people(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role == Role::Admin)
}

/// Admins and editors create panels and change their settings and facilitators.
pub fn can_manage_panels(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor)
}

/// Admins act as facilitators of every panel (editors manage panel settings but read a
/// panel's content only if they are its facilitators or members).
pub fn facilitates_every_panel(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role == Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHOR: i32 = 1;
    const OTHER: i32 = 2;

    fn post(visibility: Visibility, status: PostStatus) -> PostFacts {
        PostFacts {
            author_id: AUTHOR,
            visibility,
            status,
        }
    }

    fn actor(id: i32, role: Role) -> Option<Actor> {
        Some(Actor { id, role })
    }

    /// `participation::may_comment` skips reading the policy and the person's panels when
    /// the narrowest case already allows commenting or the widest does not: that holds only
    /// while the policy and panel membership never take commenting away.
    #[test]
    fn the_policy_and_panels_only_ever_open_commenting_further() {
        use PostStatus::*;
        use Visibility::*;
        let roles = [
            Role::Customer,
            Role::Panelist,
            Role::Member,
            Role::Writer,
            Role::Editor,
            Role::Admin,
        ];
        for role in roles {
            for id in [AUTHOR, OTHER] {
                for confirmed in [true, false] {
                    for post in [Public, Members].map(|v| [Draft, Published].map(|s| post(v, s))) {
                        for post in post {
                            let who = |in_a_panel| {
                                Some(Commenter {
                                    actor: Actor { id, role },
                                    email_confirmed: confirmed,
                                    in_a_panel,
                                })
                            };
                            let least = can_comment(who(false), CommentPolicy::Staff, post);
                            let most = can_comment(who(true), CommentPolicy::Registered, post);
                            for policy in CommentPolicy::ALL {
                                for in_a_panel in [false, true] {
                                    let any = can_comment(who(in_a_panel), policy, post);
                                    assert!(!least || any, "{role:?} {policy:?} {post:?}");
                                    assert!(!any || most, "{role:?} {policy:?} {post:?}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn who_reads_which_post() {
        use PostStatus::*;
        use Visibility::*;
        // (actor, visibility, status, may read)
        let table = [
            (None, Public, Published, true),
            (None, Members, Published, false),
            (None, Public, Draft, false),
            (actor(OTHER, Role::Member), Members, Published, true),
            (actor(OTHER, Role::Panelist), Members, Published, false),
            (actor(OTHER, Role::Panelist), Public, Published, true),
            (actor(OTHER, Role::Panelist), Public, Draft, false),
            (actor(OTHER, Role::Member), Public, Draft, false),
            (actor(OTHER, Role::Writer), Public, Draft, false),
            (actor(AUTHOR, Role::Writer), Members, Draft, true),
            (actor(OTHER, Role::Editor), Members, Draft, true),
            (actor(OTHER, Role::Admin), Public, Draft, true),
        ];
        for (who, vis, status, expected) in table {
            assert_eq!(
                can_read_post(who, post(vis, status)),
                expected,
                "{who:?} {vis:?} {status:?}"
            );
        }
    }

    #[test]
    fn who_sees_which_person_page() {
        const PERSON: i32 = 3;
        let writes = |has_readable_writing| PersonFacts {
            id: PERSON,
            has_readable_writing,
        };
        // (reader, kind of person: has writing the reader may read, sees the page)
        let table = [
            (None, true, true),
            (None, false, false),
            (actor(OTHER, Role::Panelist), true, true),
            (actor(OTHER, Role::Panelist), false, false),
            (actor(OTHER, Role::Member), false, false),
            (actor(OTHER, Role::Writer), false, false),
            (actor(OTHER, Role::Editor), false, false),
            (actor(OTHER, Role::Editor), true, true),
            (actor(OTHER, Role::Admin), false, true),
            (actor(PERSON, Role::Panelist), false, true),
            (actor(PERSON, Role::Member), false, true),
        ];
        for (who, has_writing, expected) in table {
            assert_eq!(
                can_see_person(who, writes(has_writing)),
                expected,
                "{who:?} {has_writing}"
            );
        }
    }

    #[test]
    fn who_edits_which_post() {
        let p = post(Visibility::Public, PostStatus::Published);
        let table = [
            (None, false),
            (actor(AUTHOR, Role::Member), false),
            (actor(AUTHOR, Role::Writer), true),
            (actor(OTHER, Role::Writer), false),
            (actor(OTHER, Role::Editor), true),
            (actor(OTHER, Role::Admin), true),
        ];
        for (who, expected) in table {
            assert_eq!(can_edit_post(who, p), expected, "{who:?}");
        }
    }

    fn commenter(role: Role, email_confirmed: bool, in_a_panel: bool) -> Option<Commenter> {
        Some(Commenter {
            actor: Actor { id: OTHER, role },
            email_confirmed,
            in_a_panel,
        })
    }

    #[test]
    fn who_comments_under_each_policy() {
        use CommentPolicy::*;
        use PostStatus::*;
        use Visibility::*;
        let customer = commenter(Role::Customer, true, false);
        let unconfirmed = commenter(Role::Customer, false, false);
        let unconfirmed_in_panel = commenter(Role::Customer, false, true);
        let customer_in_panel = commenter(Role::Customer, true, true);
        let panelist = commenter(Role::Panelist, true, true);
        let panelist_left = commenter(Role::Panelist, true, false);
        let member = commenter(Role::Member, true, false);
        // (who, policy, visibility, status, may comment)
        let table = [
            (None, Registered, Public, Published, false),
            (member, Staff, Public, Published, true),
            (member, Staff, Members, Published, true),
            (member, Registered, Public, Draft, false),
            (customer, Staff, Public, Published, false),
            (customer, PanelMembers, Public, Published, false),
            (customer, Registered, Public, Published, true),
            (customer, Registered, Members, Published, false),
            (customer, Registered, Public, Draft, false),
            (unconfirmed, Registered, Public, Published, false),
            (unconfirmed_in_panel, PanelMembers, Public, Published, false),
            (customer_in_panel, Staff, Public, Published, false),
            (customer_in_panel, PanelMembers, Public, Published, true),
            (panelist, Staff, Public, Published, false),
            (panelist, PanelMembers, Public, Published, true),
            (panelist, PanelMembers, Members, Published, false),
            (panelist, Registered, Public, Published, true),
            (panelist_left, PanelMembers, Public, Published, false),
            (panelist_left, Registered, Public, Published, false),
        ];
        for (who, policy, vis, status, expected) in table {
            assert_eq!(
                can_comment(who, policy, post(vis, status)),
                expected,
                "{who:?} {policy:?} {vis:?} {status:?}"
            );
        }
    }

    #[test]
    fn who_comments_moderates_and_invites() {
        let draft = post(Visibility::Public, PostStatus::Draft);
        assert!(!sees_members_content(actor(OTHER, Role::Panelist)));
        assert!(!can_write_posts(actor(OTHER, Role::Panelist)));
        assert!(!can_manage_panels(actor(OTHER, Role::Writer)));
        assert!(can_manage_panels(actor(OTHER, Role::Editor)));
        assert!(facilitates_every_panel(actor(OTHER, Role::Admin)));
        assert!(!facilitates_every_panel(actor(OTHER, Role::Editor)));
        let author = Some(Commenter {
            actor: Actor {
                id: AUTHOR,
                role: Role::Writer,
            },
            email_confirmed: true,
            in_a_panel: false,
        });
        assert!(!can_comment(author, CommentPolicy::Staff, draft));
        assert!(can_change_comment(actor(OTHER, Role::Member), OTHER));
        assert!(!can_change_comment(actor(OTHER, Role::Admin), AUTHOR));
        assert!(!can_moderate(actor(OTHER, Role::Writer)));
        assert!(can_moderate(actor(OTHER, Role::Editor)));
        assert!(!can_invite(actor(OTHER, Role::Writer)));
        assert!(can_grant_role(actor(OTHER, Role::Editor), Role::Editor));
        assert!(!can_grant_role(actor(OTHER, Role::Editor), Role::Admin));
        assert!(can_grant_role(actor(OTHER, Role::Admin), Role::Admin));
        assert!(!can_manage_people(actor(OTHER, Role::Editor)));
    }
}
