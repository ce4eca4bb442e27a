//! The kinds of email Lupa sends: a person can unsubscribe from each one separately.

/// What an email is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmailKind {
    /// Account mail (e.g. an invitation to the site): always sent, no unsubscribe link.
    General,
    /// An invitation to join a panel.
    PanelInvitation,
    /// A decision on an application to a panel.
    PanelDecision,
    /// A scheduling poll was opened.
    PollOpened,
    /// A workshop's time was confirmed.
    TimeConfirmed,
    /// A registration to a workshop (with the `.ics`), or a move up from the waiting list.
    Registration,
    /// A workshop was changed or cancelled.
    WorkshopChanged,
    /// Reminders 7 days and 1 day before a workshop.
    Reminder,
    /// A panel task closes in two days and the person has not answered.
    TaskClosing,
    /// Notifications emailed at once, one kind each (`notifications::model::NotificationKind`).
    NotifyReply,
    NotifyMention,
    NotifyComment,
    NotifyNewPost,
    NotifyNewTopic,
    NotifyModeration,
    NotifyActionMoved,
    /// The daily and weekly digests of notifications.
    Digest,
    /// An action's owner is reminded of its due day (a week before, on the day, weekly after).
    ActionReminder,
}

impl EmailKind {
    /// Every kind a person can turn off, in the order the settings page lists them.
    pub const OPTIONAL: [EmailKind; 9] = [
        EmailKind::PanelInvitation,
        EmailKind::PanelDecision,
        EmailKind::PollOpened,
        EmailKind::TimeConfirmed,
        EmailKind::Registration,
        EmailKind::WorkshopChanged,
        EmailKind::Reminder,
        EmailKind::TaskClosing,
        EmailKind::ActionReminder,
    ];

    /// The notification emails, set on the notifications' own settings page (not among
    /// `OPTIONAL`, whose page has a checkbox each), unsubscribed from by link alike.
    pub const NOTIFY: [EmailKind; 8] = [
        EmailKind::NotifyReply,
        EmailKind::NotifyMention,
        EmailKind::NotifyComment,
        EmailKind::NotifyNewPost,
        EmailKind::NotifyNewTopic,
        EmailKind::NotifyModeration,
        EmailKind::NotifyActionMoved,
        EmailKind::Digest,
    ];

    /// The value stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::General => "general",
            EmailKind::PanelInvitation => "panel-invitation",
            EmailKind::PanelDecision => "panel-decision",
            EmailKind::PollOpened => "poll-opened",
            EmailKind::TimeConfirmed => "time-confirmed",
            EmailKind::Registration => "registration",
            EmailKind::WorkshopChanged => "workshop-changed",
            EmailKind::Reminder => "reminder",
            EmailKind::TaskClosing => "task-closing",
            EmailKind::NotifyReply => "notify-reply",
            EmailKind::NotifyMention => "notify-mention",
            EmailKind::NotifyComment => "notify-comment",
            EmailKind::NotifyNewPost => "notify-new-post",
            EmailKind::NotifyNewTopic => "notify-new-topic",
            EmailKind::NotifyModeration => "notify-moderation",
            EmailKind::NotifyActionMoved => "notify-action-moved",
            EmailKind::Digest => "digest",
            EmailKind::ActionReminder => "action-reminder",
        }
    }

    pub fn parse(s: &str) -> Option<EmailKind> {
        std::iter::once(EmailKind::General)
            .chain(EmailKind::OPTIONAL)
            .chain(EmailKind::NOTIFY)
            .find(|k| k.as_str() == s)
    }

    /// Whether a person may turn this kind off.
    pub fn is_optional(self) -> bool {
        self != EmailKind::General
    }

    /// The catalogue key of the kind's name.
    pub fn label_key(self) -> String {
        format!("email-kind-{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_stored_name() {
        for kind in std::iter::once(EmailKind::General)
            .chain(EmailKind::OPTIONAL)
            .chain(EmailKind::NOTIFY)
        {
            assert_eq!(EmailKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EmailKind::parse("spam"), None);
    }
}
