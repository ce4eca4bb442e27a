//! What an audit entry says, as typed values.

/// What was done. The stored code is stable; the catalogue key names it for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Approve,
    Reject,
    Edit,
    Hide,
    Unhide,
    Suspend,
    Unsuspend,
    AutoHideByFlags,
    DismissFlags,
    DeleteAccount,
    ChangeRole,
    Deactivate,
    Reactivate,
    ChangeSettings,
    ChangePrivacyNotice,
    FeedbackStatus,
    FeedbackAssign,
    FeedbackReply,
    FeedbackPublish,
    FeedbackEraseEmail,
    ErasePerson,
    RetentionPass,
    ChangeDataRights,
}

impl Action {
    pub const ALL: [Action; 23] = [
        Action::Approve,
        Action::Reject,
        Action::Edit,
        Action::Hide,
        Action::Unhide,
        Action::Suspend,
        Action::Unsuspend,
        Action::AutoHideByFlags,
        Action::DismissFlags,
        Action::DeleteAccount,
        Action::ChangeRole,
        Action::Deactivate,
        Action::Reactivate,
        Action::ChangeSettings,
        Action::ChangePrivacyNotice,
        Action::FeedbackStatus,
        Action::FeedbackAssign,
        Action::FeedbackReply,
        Action::FeedbackPublish,
        Action::FeedbackEraseEmail,
        Action::ErasePerson,
        Action::RetentionPass,
        Action::ChangeDataRights,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Edit => "edit",
            Action::Hide => "hide",
            Action::Unhide => "unhide",
            Action::Suspend => "suspend",
            Action::Unsuspend => "unsuspend",
            Action::AutoHideByFlags => "auto_hide_by_flags",
            Action::DismissFlags => "dismiss_flags",
            Action::DeleteAccount => "delete_account",
            Action::ChangeRole => "change_role",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::ChangeSettings => "change_settings",
            Action::ChangePrivacyNotice => "change_privacy_notice",
            Action::FeedbackStatus => "feedback_status",
            Action::FeedbackAssign => "feedback_assign",
            Action::FeedbackReply => "feedback_reply",
            Action::FeedbackPublish => "feedback_publish",
            Action::FeedbackEraseEmail => "feedback_erase_email",
            Action::ErasePerson => "erase_person",
            Action::RetentionPass => "retention_pass",
            Action::ChangeDataRights => "change_data_rights",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Catalogue key of the action's name (`audit-action-approve`, ...).
    pub fn label_key(self) -> String {
        format!("audit-action-{}", self.as_str().replace('_', "-"))
    }
}

/// What an action was done to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Post,
    Comment,
    User,
    Panel,
    Feedback,
    Settings,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Post => "post",
            TargetKind::Comment => "comment",
            TargetKind::User => "user",
            TargetKind::Panel => "panel",
            TargetKind::Feedback => "feedback",
            TargetKind::Settings => "settings",
        }
    }
}

impl TargetKind {
    pub const ALL: [TargetKind; 6] = [
        TargetKind::Post,
        TargetKind::Comment,
        TargetKind::User,
        TargetKind::Panel,
        TargetKind::Feedback,
        TargetKind::Settings,
    ];

    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Catalogue key of the kind's name.
    pub fn label_key(self) -> String {
        format!("audit-target-{}", self.as_str())
    }
}

/// A new entry, built by the service that acts and written in its transaction.
#[derive(Clone, Debug)]
pub struct NewEntry {
    /// `None` for the system itself.
    pub actor_id: Option<i32>,
    pub action: Action,
    pub target: TargetKind,
    pub target_id: Option<i32>,
    pub panel_id: Option<i32>,
    pub subject_user_id: Option<i32>,
    pub reason: String,
    pub before: String,
    pub after: String,
}

impl NewEntry {
    /// An entry with no panel, subject, reason or before/after texts; add them with the
    /// struct update syntax.
    pub fn new(
        actor_id: Option<i32>,
        action: Action,
        target: TargetKind,
        target_id: Option<i32>,
    ) -> NewEntry {
        NewEntry {
            actor_id,
            action,
            target,
            target_id,
            panel_id: None,
            subject_user_id: None,
            reason: String::new(),
            before: String::new(),
            after: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_code_reads_back() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(Action::parse("nope"), None);
    }
}
