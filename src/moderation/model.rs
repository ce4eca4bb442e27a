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
}

impl ModerationState {
    /// The stored code; an unknown code reads as `Held`, so nothing unknown is ever shown.
    pub fn parse(s: &str) -> ModerationState {
        match s {
            "visible" => ModerationState::Visible,
            "rejected" => ModerationState::Rejected,
            "flagged" => ModerationState::Flagged,
            _ => ModerationState::Held,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationState::Visible => "visible",
            ModerationState::Held => "held",
            ModerationState::Rejected => "rejected",
            ModerationState::Flagged => "flagged",
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
        ] {
            assert_eq!(ModerationState::parse(s.as_str()), s);
        }
        assert_eq!(ModerationState::parse("bogus"), ModerationState::Held);
        assert!(!ModerationState::parse("").is_visible());
    }
}
