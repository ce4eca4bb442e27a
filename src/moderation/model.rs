//! The moderation state of a post or comment, as the site's type.

/// Where a contribution stands with the moderators. Only `Visible` content is shown to anyone
/// but its author and the moderators: held, rejected and flag-hidden content is absent from
/// pages, counts, feeds, search, suggestions, the API and email.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModerationState {
    Visible,
    /// A newcomer's contribution waiting for approval.
    Held,
    /// Refused by a moderator, with a reason sent to the author.
    Rejected,
    /// Hidden because enough different people flagged it, until a moderator reviews it.
    Flagged,
    /// Hidden by a moderator (a post or topic; a hidden comment keeps its place in the thread
    /// through the comments' own hiding instead), with the reason its author sees.
    Hidden,
}

impl ModerationState {
    /// The stored code; an unknown code reads as `Held`, so nothing unknown is ever shown.
    pub fn parse(s: &str) -> ModerationState {
        match s {
            "visible" => ModerationState::Visible,
            "rejected" => ModerationState::Rejected,
            "flagged" => ModerationState::Flagged,
            "hidden" => ModerationState::Hidden,
            _ => ModerationState::Held,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Visible => "visible",
            ModerationState::Held => "held",
            ModerationState::Rejected => "rejected",
            ModerationState::Flagged => "flagged",
            ModerationState::Hidden => "hidden",
        }
    }

    /// Catalogue key of the note its author and the moderators see beside it (and the queue's
    /// badge: a visible item in the queue is there because of flags that have not hidden it).
    pub fn mark_key(self) -> &'static str {
        match self {
            ModerationState::Held => "moderation-mark-held",
            ModerationState::Rejected => "moderation-mark-rejected",
            ModerationState::Flagged => "moderation-mark-flagged",
            ModerationState::Hidden => "moderation-mark-hidden",
            ModerationState::Visible => "moderation-state-flagged-visible",
        }
    }

    pub fn is_visible(self) -> bool {
        self == ModerationState::Visible
    }
}

/// The site's moderation settings, read from its settings row in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModerationRules {
    /// How many of a customer's first contributions wait for approval (0: none).
    pub premoderate_first: u32,
    /// Flags from different people that hide a contribution pending review.
    pub flags_to_hide: u32,
    /// How long an account counts as new for the two limits below.
    pub newcomer_days: u32,
    pub newcomer_writes_per_hour: u32,
    pub newcomer_links: u32,
}

impl Default for ModerationRules {
    /// The defaults named in the README.
    fn default() -> Self {
        ModerationRules {
            premoderate_first: 1,
            flags_to_hide: 3,
            newcomer_days: 7,
            newcomer_writes_per_hour: 5,
            newcomer_links: 2,
        }
    }
}

/// What kind of contribution a flag or queue item is about (a panel reply is a comment, a
/// panel topic a post).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Post,
    Comment,
}

impl ItemKind {
    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "post" => Some(ItemKind::Post),
            "comment" => Some(ItemKind::Comment),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Post => "post",
            ItemKind::Comment => "comment",
        }
    }
}

/// Why someone flagged a contribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlagReason {
    Inappropriate,
    PersonalData,
    Spam,
    /// With the flagger's own words.
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 4] = [
        FlagReason::Inappropriate,
        FlagReason::PersonalData,
        FlagReason::Spam,
        FlagReason::Other,
    ];

    pub fn parse(s: &str) -> Option<FlagReason> {
        FlagReason::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Inappropriate => "inappropriate",
            FlagReason::PersonalData => "personal_data",
            FlagReason::Spam => "spam",
            FlagReason::Other => "other",
        }
    }

    /// Catalogue key of the reason's name.
    pub fn label_key(self) -> String {
        format!("flag-reason-{}", self.as_str().replace('_', "-"))
    }
}

/// Longest flag details and moderator reasons, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// A checked flag: the reason, and words (required with `Other`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFlag {
    pub reason: FlagReason,
    pub details: String,
}

impl NewFlag {
    /// One parser for the page and the API: field errors name `reason` and `details`.
    pub fn parse(reason: &str, details: &str) -> Result<NewFlag, Vec<crate::error::FieldError>> {
        use crate::error::FieldError;
        let details = details.trim().to_owned();
        let mut errors = Vec::new();
        let reason = FlagReason::parse(reason);
        if reason.is_none() {
            errors.push(FieldError::new("reason", "flag-reason-required"));
        }
        if reason == Some(FlagReason::Other) && details.is_empty() {
            errors.push(FieldError::new("details", "flag-details-required"));
        }
        if details.chars().count() > MAX_REASON_CHARS {
            errors.push(FieldError::new("details", "moderation-text-too-long"));
        }
        match reason {
            Some(reason) if errors.is_empty() => Ok(NewFlag { reason, details }),
            _ => Err(errors),
        }
    }
}

/// A moderator's reason (for rejecting, suspending), required and bounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(s: &str, field: &'static str) -> Result<Reason, crate::error::FieldError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(crate::error::FieldError::new(
                field,
                "moderation-reason-required",
            ));
        }
        if s.chars().count() > MAX_REASON_CHARS {
            return Err(crate::error::FieldError::new(
                field,
                "moderation-text-too-long",
            ));
        }
        Ok(Reason(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a suspension lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuspensionLength {
    Days(u32),
    ForGood,
}

impl SuspensionLength {
    /// `days` as typed: empty or "0" is for good, else 1..=3650 days.
    pub fn parse(days: &str) -> Result<SuspensionLength, crate::error::FieldError> {
        match days.trim() {
            "" | "0" => Ok(SuspensionLength::ForGood),
            d => d
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3650).contains(n))
                .map(SuspensionLength::Days)
                .ok_or_else(|| crate::error::FieldError::new("days", "moderation-days-invalid")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ModerationState;

    #[test]
    fn every_state_reads_back_and_unknown_codes_are_held() {
        for s in [
            ModerationState::Visible,
            ModerationState::Held,
            ModerationState::Rejected,
            ModerationState::Flagged,
            ModerationState::Hidden,
        ] {
            assert_eq!(ModerationState::parse(s.as_str()), s);
        }
        assert_eq!(ModerationState::parse("bogus"), ModerationState::Held);
        assert!(!ModerationState::parse("").is_visible());
    }

    #[test]
    fn a_flag_needs_a_known_reason_and_words_for_other() {
        use super::{FlagReason, NewFlag};
        assert_eq!(NewFlag::parse("spam", "").unwrap().reason, FlagReason::Spam);
        assert!(NewFlag::parse("", "").is_err());
        assert!(NewFlag::parse("bogus", "x").is_err());
        let e = NewFlag::parse("other", "  ").unwrap_err();
        assert_eq!(e[0].field, "details");
        assert!(NewFlag::parse("other", "names a child").is_ok());
        assert!(NewFlag::parse("spam", &"x".repeat(2001)).is_err());
    }

    #[test]
    fn suspensions_last_some_days_or_for_good() {
        use super::SuspensionLength;
        use super::SuspensionLength::{Days, ForGood};
        assert_eq!(SuspensionLength::parse("").unwrap(), ForGood);
        assert_eq!(SuspensionLength::parse("0").unwrap(), ForGood);
        assert_eq!(SuspensionLength::parse(" 14 ").unwrap(), Days(14));
        assert!(SuspensionLength::parse("-1").is_err());
        assert!(SuspensionLength::parse("3651").is_err());
        assert!(SuspensionLength::parse("two").is_err());
    }
}
