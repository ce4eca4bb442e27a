//! The moderation rules as pure functions: whose contribution waits for a moderator, when an
//! account counts as new and what it may write, when flags hide something, who moderates.
use chrono::{DateTime, Duration, Utc};

use super::model::{ModerationRules, ModerationState};
use crate::auth::permissions::{Actor, Role};

/// The state a new contribution is saved in: a customer's first `premoderate_first`
/// contributions (counted as those a moderator approved or let through) wait as `Held`;
/// everyone else's are `Visible` at once.
pub fn initial_state(role: Role, approved_before: u64, rules: ModerationRules) -> ModerationState {
    if role == Role::Customer && approved_before < u64::from(rules.premoderate_first) {
        ModerationState::Held
    } else {
        ModerationState::Visible
    }
}

/// Whether an account made at `created_at` is still new at `now` (the newcomer limits apply).
/// Only customers' accounts count: staff and panelists are invited by people who know them.
pub fn is_newcomer(
    role: Role,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    rules: ModerationRules,
) -> bool {
    role == Role::Customer && now - created_at < Duration::days(i64::from(rules.newcomer_days))
}

/// Whether one more contribution stays within a newcomer's hourly limit.
pub fn within_newcomer_rate(made_last_hour: u64, rules: ModerationRules) -> bool {
    made_last_hour < u64::from(rules.newcomer_writes_per_hour)
}

/// How many links a Markdown text holds: every `http://`, `https://` or `www.` address
/// (a Markdown link and its bare address alike).
pub fn count_links(markdown: &str) -> usize {
    let lower = markdown.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"https://") || rest.starts_with(b"http://") {
            n += 1;
            // The rest of the address (`http://www.x` is one link).
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b')' {
                i += 1;
            }
            continue;
        }
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'@';
        if starts_word && rest.starts_with(b"www.") {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Whether a newcomer's text stays within the links allowed per contribution.
pub fn within_link_limit(markdown: &str, rules: ModerationRules) -> bool {
    count_links(markdown) <= rules.newcomer_links as usize
}

/// Whether `flags` different people's flags hide a contribution pending review (a threshold
/// of 0 turns hiding by flags off).
pub fn flags_hide(flags: u64, rules: ModerationRules) -> bool {
    rules.flags_to_hide > 0 && flags >= u64::from(rules.flags_to_hide)
}

/// Where a piece of content lives, as far as its moderators are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Venue {
    /// The blog: editors and admins moderate.
    Blog,
    /// A panel's discussion: also the panel's facilitators.
    Panel { facilitator: bool },
}

/// Whether `actor` moderates content in `venue`: editors and admins everywhere, a panel's
/// facilitators in their panel.
pub fn moderates(actor: Option<Actor>, venue: Venue) -> bool {
    let Some(actor) = actor else { return false };
    actor.role >= Role::Editor || matches!(venue, Venue::Panel { facilitator: true })
}

/// Whether `actor` sees the whole moderation queue (editors and admins).
pub fn sees_whole_queue(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor)
}

/// Whether `actor` may suspend people and read the audit log is decided separately:
/// suspending is for editors and admins, the audit log for admins.
pub fn may_suspend(actor: Option<Actor>, subject: Role) -> bool {
    actor.is_some_and(|a| a.role >= Role::Editor && subject < Role::Editor)
}

/// Whether `actor` reads the audit log.
pub fn reads_audit_log(actor: Option<Actor>) -> bool {
    actor.is_some_and(|a| a.role == Role::Admin)
}

/// Whether `viewer` sees a contribution in `state` written by `author_id`: visible content
/// to everyone who may read the place, the rest to its author and its moderators only.
pub fn shows_to(
    state: ModerationState,
    author_id: i32,
    viewer: Option<Actor>,
    moderator: bool,
) -> bool {
    state.is_visible() || moderator || viewer.is_some_and(|v| v.id == author_id)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use ModerationState::{Held, Visible};

    fn rules() -> ModerationRules {
        ModerationRules::default()
    }

    #[test]
    fn a_customers_first_contribution_is_held_and_nobody_elses() {
        let cases = [
            (Role::Customer, 0, Held),
            (Role::Customer, 1, Visible),
            (Role::Panelist, 0, Visible),
            (Role::Member, 0, Visible),
            (Role::Writer, 0, Visible),
            (Role::Editor, 0, Visible),
            (Role::Admin, 0, Visible),
        ];
        for (role, approved, expected) in cases {
            assert_eq!(
                initial_state(role, approved, rules()),
                expected,
                "{role:?} {approved}"
            );
        }
        let three = ModerationRules {
            premoderate_first: 3,
            ..rules()
        };
        assert_eq!(initial_state(Role::Customer, 2, three), Held);
        assert_eq!(initial_state(Role::Customer, 3, three), Visible);
        let none = ModerationRules {
            premoderate_first: 0,
            ..rules()
        };
        assert_eq!(initial_state(Role::Customer, 0, none), Visible);
    }

    #[test]
    fn a_customer_account_is_new_for_its_first_seven_days() {
        let made = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        let cases = [
            (Role::Customer, Duration::days(6), true),
            (
                Role::Customer,
                Duration::days(7) - Duration::seconds(1),
                true,
            ),
            (Role::Customer, Duration::days(7), false),
            (Role::Member, Duration::zero(), false),
            (Role::Panelist, Duration::zero(), false),
        ];
        for (role, age, expected) in cases {
            assert_eq!(
                is_newcomer(role, made, made + age, rules()),
                expected,
                "{role:?} {age}"
            );
        }
    }

    #[test]
    fn the_fifth_contribution_in_an_hour_is_admitted_and_the_sixth_is_not() {
        assert!(within_newcomer_rate(4, rules()));
        assert!(!within_newcomer_rate(5, rules()));
    }

    #[test]
    fn links_are_counted_however_they_are_written() {
        let cases = [
            ("no links here", 0),
            ("see https://example.org", 1),
            ("[a](https://a.example) and [b](http://b.example)", 2),
            ("www.example.org and http://www.example.org/x", 2),
            ("HTTPS://EXAMPLE.ORG", 1),
            ("an email a@www.example is not counted as www", 0),
            ("ääkköset ja https://ä.example", 1),
        ];
        for (text, expected) in cases {
            assert_eq!(count_links(text), expected, "{text}");
        }
        assert!(within_link_limit("https://a https://b", rules()));
        assert!(!within_link_limit("https://a https://b https://c", rules()));
    }

    #[test]
    fn the_third_flag_hides_and_zero_turns_hiding_off() {
        assert!(!flags_hide(2, rules()));
        assert!(flags_hide(3, rules()));
        let off = ModerationRules {
            flags_to_hide: 0,
            ..rules()
        };
        assert!(!flags_hide(100, off));
    }

    #[test]
    fn editors_moderate_everywhere_and_facilitators_their_panel() {
        let a = |role| Some(Actor { id: 1, role });
        let blog = Venue::Blog;
        let theirs = Venue::Panel { facilitator: true };
        let other = Venue::Panel { facilitator: false };
        let cases = [
            (None, blog, false),
            (a(Role::Customer), blog, false),
            (a(Role::Member), blog, false),
            (a(Role::Writer), blog, false),
            (a(Role::Editor), blog, true),
            (a(Role::Admin), other, true),
            (a(Role::Panelist), theirs, true),
            (a(Role::Panelist), other, false),
            (a(Role::Member), theirs, true),
        ];
        for (actor, venue, expected) in cases {
            assert_eq!(moderates(actor, venue), expected, "{actor:?} {venue:?}");
        }
    }

    #[test]
    fn held_content_shows_to_its_author_and_moderators_only() {
        let author = Some(Actor {
            id: 5,
            role: Role::Customer,
        });
        let other = Some(Actor {
            id: 6,
            role: Role::Member,
        });
        assert!(shows_to(Held, 5, author, false));
        assert!(!shows_to(Held, 5, other, false));
        assert!(!shows_to(Held, 5, None, false));
        assert!(shows_to(Held, 5, other, true));
        assert!(shows_to(Visible, 5, None, false));
    }

    #[test]
    fn editors_suspend_people_below_them_and_only_admins_read_the_log() {
        let a = |role| Some(Actor { id: 1, role });
        assert!(may_suspend(a(Role::Editor), Role::Customer));
        assert!(may_suspend(a(Role::Admin), Role::Writer));
        assert!(!may_suspend(a(Role::Editor), Role::Editor));
        assert!(!may_suspend(a(Role::Writer), Role::Customer));
        assert!(reads_audit_log(a(Role::Admin)));
        assert!(!reads_audit_log(a(Role::Editor)));
        assert!(!reads_audit_log(None));
    }
}
