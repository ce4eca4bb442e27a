//! Domain values of follows and notifications: what can be followed, the kinds of
//! notification, how each kind is emailed, and the digest settings.
use serde::Serialize;

/// Something a person can follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum FollowTarget {
    /// A blog post or a panel's discussion topic (both are posts).
    Post(i32),
    Label(i32),
    Organization(i32),
    Person(i32),
    Panel(i32),
}

impl FollowTarget {
    /// Every kind's stored name, in the order the following page lists them.
    pub const KINDS: [&'static str; 5] = ["post", "panel", "label", "organization", "person"];

    pub fn kind(self) -> &'static str {
        match self {
            FollowTarget::Post(_) => "post",
            FollowTarget::Label(_) => "label",
            FollowTarget::Organization(_) => "organization",
            FollowTarget::Person(_) => "person",
            FollowTarget::Panel(_) => "panel",
        }
    }

    pub fn id(self) -> i32 {
        match self {
            FollowTarget::Post(id)
            | FollowTarget::Label(id)
            | FollowTarget::Organization(id)
            | FollowTarget::Person(id)
            | FollowTarget::Panel(id) => id,
        }
    }

    /// The target from its stored kind and id (`None` for an unknown kind).
    pub fn new(kind: &str, id: i32) -> Option<FollowTarget> {
        Some(match kind {
            "post" => FollowTarget::Post(id),
            "label" => FollowTarget::Label(id),
            "organization" => FollowTarget::Organization(id),
            "person" => FollowTarget::Person(id),
            "panel" => FollowTarget::Panel(id),
            _ => return None,
        })
    }

    /// The target a form or JSON body names: a known kind and a positive id.
    pub fn parse(kind: &str, id: &str) -> Option<FollowTarget> {
        let id: i32 = id.trim().parse().ok().filter(|id| *id > 0)?;
        FollowTarget::new(kind.trim(), id)
    }
}

/// What a notification is about. When one event concerns a person in several ways, the
/// first of `NotificationKind::PRIORITY` wins: one notification per person and event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationKind {
    /// Someone answered your comment (or commented on your post).
    Reply,
    /// You were @mentioned.
    Mention,
    /// A comment on a post or topic you follow.
    Comment,
    /// A new blog post by a person, organisation or label you follow.
    NewPost,
    /// A new topic in a panel you follow.
    NewTopic,
    /// A moderator approved, rejected or hid your contribution.
    Moderation,
    /// An action you put something into (voted for its idea, answered its task, came to its
    /// workshop) or own moved on.
    ActionMoved,
}

impl NotificationKind {
    /// Every kind, in the order of the settings matrix.
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::Reply,
        NotificationKind::Mention,
        NotificationKind::Comment,
        NotificationKind::NewPost,
        NotificationKind::NewTopic,
        NotificationKind::Moderation,
        NotificationKind::ActionMoved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Reply => "reply",
            NotificationKind::Mention => "mention",
            NotificationKind::Comment => "comment",
            NotificationKind::NewPost => "new-post",
            NotificationKind::NewTopic => "new-topic",
            NotificationKind::Moderation => "moderation",
            NotificationKind::ActionMoved => "action-moved",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How the kind is emailed unless the person chose otherwise: what answers or names you
    /// at once, the rest in the weekly digest.
    pub fn default_delivery(self) -> Delivery {
        match self {
            NotificationKind::Reply | NotificationKind::Mention | NotificationKind::Moderation => {
                Delivery::Immediately
            }
            _ => Delivery::Weekly,
        }
    }

    /// The catalogue key of the kind's name.
    pub fn label_key(self) -> String {
        format!("notify-kind-{}", self.as_str())
    }

    /// The kind of its immediate email (which its unsubscribe link turns off).
    pub fn email_kind(self) -> crate::email::EmailKind {
        use crate::email::EmailKind;
        match self {
            NotificationKind::Reply => EmailKind::NotifyReply,
            NotificationKind::Mention => EmailKind::NotifyMention,
            NotificationKind::Comment => EmailKind::NotifyComment,
            NotificationKind::NewPost => EmailKind::NotifyNewPost,
            NotificationKind::NewTopic => EmailKind::NotifyNewTopic,
            NotificationKind::Moderation => EmailKind::NotifyModeration,
            NotificationKind::ActionMoved => EmailKind::NotifyActionMoved,
        }
    }
}

/// How a kind of notification reaches a person by email.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    Immediately,
    Daily,
    Weekly,
    Never,
}

impl Delivery {
    pub const ALL: [Delivery; 4] = [
        Delivery::Immediately,
        Delivery::Daily,
        Delivery::Weekly,
        Delivery::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediately => "immediately",
            Delivery::Daily => "daily",
            Delivery::Weekly => "weekly",
            Delivery::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == s.trim())
    }

    pub fn label_key(self) -> String {
        format!("notify-delivery-{}", self.as_str())
    }

    /// The choices of an email that is either sent at once or not at all.
    pub const ON_OFF: [Delivery; 2] = [Delivery::Immediately, Delivery::Never];
}

/// The local hour (Europe/Helsinki) digests go out at, 0–23.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DigestHour(u8);

impl DigestHour {
    pub const DEFAULT: DigestHour = DigestHour(7);

    pub fn parse(s: &str) -> Option<DigestHour> {
        s.trim()
            .parse::<u8>()
            .ok()
            .filter(|h| *h < 24)
            .map(DigestHour)
    }

    pub fn from_stored(h: i32) -> DigestHour {
        u8::try_from(h)
            .ok()
            .filter(|h| *h < 24)
            .map_or(DigestHour::DEFAULT, DigestHour)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// Minutes within which immediate emails of one thread are combined into one, 0–60.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CombineMinutes(u8);

impl CombineMinutes {
    pub const DEFAULT: CombineMinutes = CombineMinutes(5);

    pub fn parse(s: &str) -> Option<CombineMinutes> {
        s.trim()
            .parse::<u8>()
            .ok()
            .filter(|m| *m <= 60)
            .map(CombineMinutes)
    }

    pub fn from_stored(m: i32) -> CombineMinutes {
        u8::try_from(m)
            .ok()
            .filter(|m| *m <= 60)
            .map_or(CombineMinutes::DEFAULT, CombineMinutes)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A person's email settings, all on one page: each notification kind's delivery, whether
/// each of the site's other optional emails (panels, workshops, tasks) comes at all, the
/// digest hour and the combining window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmailSettings {
    pub deliveries: Vec<(NotificationKind, Delivery)>,
    /// The other optional emails, in `EmailKind::OPTIONAL`'s order: `Immediately` (they
    /// come) or `Never`. (Kept as the email feature's opt-outs, serialised there.)
    #[serde(skip)]
    pub others: Vec<(crate::email::EmailKind, Delivery)>,
    pub digest_hour: DigestHour,
    pub combine_minutes: CombineMinutes,
}

impl EmailSettings {
    pub fn delivery(&self, kind: NotificationKind) -> Delivery {
        self.deliveries
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(kind.default_delivery(), |(_, d)| *d)
    }

    /// The settings with what the person turned off or unsubscribed from by an email's link:
    /// an immediate kind turned off is never emailed, and so are digests when they were; the
    /// other optional emails are on unless turned off.
    pub fn with_opt_outs(mut self, off: &[crate::email::EmailKind]) -> EmailSettings {
        self.others = crate::email::EmailKind::OPTIONAL
            .into_iter()
            .map(|kind| {
                let on = !off.contains(&kind);
                (
                    kind,
                    if on {
                        Delivery::Immediately
                    } else {
                        Delivery::Never
                    },
                )
            })
            .collect();
        for (kind, delivery) in &mut self.deliveries {
            let digest_off = off.contains(&crate::email::EmailKind::Digest)
                && matches!(delivery, Delivery::Daily | Delivery::Weekly);
            let at_once_off =
                *delivery == Delivery::Immediately && off.contains(&kind.email_kind());
            if digest_off || at_once_off {
                *delivery = Delivery::Never;
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_delivery_reads_back_from_its_stored_name() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
        }
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(d.as_str()), Some(d));
        }
        for kind in FollowTarget::KINDS {
            assert_eq!(
                FollowTarget::new(kind, 3).map(FollowTarget::kind),
                Some(kind)
            );
        }
    }

    #[test]
    fn only_known_targets_with_positive_ids_parse() {
        assert_eq!(
            FollowTarget::parse("label", " 4 "),
            Some(FollowTarget::Label(4))
        );
        assert_eq!(FollowTarget::parse("label", "0"), None);
        assert_eq!(FollowTarget::parse("label", "x"), None);
        assert_eq!(FollowTarget::parse("table", "4"), None);
    }

    #[test]
    fn hours_and_windows_stay_in_range() {
        assert_eq!(DigestHour::parse("23").map(DigestHour::get), Some(23));
        assert_eq!(DigestHour::parse("24"), None);
        assert_eq!(DigestHour::from_stored(99), DigestHour::DEFAULT);
        assert_eq!(CombineMinutes::parse("61"), None);
        assert_eq!(CombineMinutes::parse("0").map(CombineMinutes::get), Some(0));
    }
}
