//! Panels as typed values: ids, the Finnish business ID, company stage, industry, region,
//! visibility, membership roles and application states.
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// A panel's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PanelId(pub i32);

fn field(field: &'static str, message_key: &'static str) -> FieldError {
    FieldError {
        field: field.into(),
        message_key,
        args: Vec::new(),
    }
}

/// A Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit, e.g.
/// `0112038-9`. The check digit is the weighted sum of the digits (weights 7, 9, 10, 5, 8,
/// 4, 2) modulo 11: remainder 0 gives 0, remainder 1 is never issued, otherwise 11 minus the
/// remainder. Older IDs are sometimes written with six digits (`112038-9`); that form is
/// accepted and stored zero-padded to seven, as the register prints it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct BusinessId(String);

impl BusinessId {
    pub fn parse(raw: &str) -> Result<BusinessId, FieldError> {
        let invalid = || field("business_id", "panel-business-id-invalid");
        let s = raw.trim();
        if s.is_empty() {
            return Err(field("business_id", "field-required"));
        }
        let (digits, check) = s.split_once('-').ok_or_else(invalid)?;
        if !(6..=7).contains(&digits.len())
            || check.len() != 1
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !check.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(invalid());
        }
        let digits = format!("{digits:0>7}");
        let expected = check_digit(&digits).ok_or_else(invalid)?;
        if check.as_bytes()[0] - b'0' != expected {
            return Err(invalid());
        }
        Ok(BusinessId(format!("{digits}-{expected}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit of seven digits, or `None` when the remainder is 1 (no such ID exists).
fn check_digit(digits: &str) -> Option<u8> {
    const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some((11 - r) as u8),
    }
}

/// A closed list of codes stored as text (stage, industry, region, ...), so pages can count
/// and label any of them with one piece of code.
pub trait CodeList: Copy + 'static {
    /// Every value, in the order pages list them.
    fn all() -> &'static [Self];
    fn from_code(code: &str) -> Option<Self>;
    fn code(self) -> &'static str;
    /// Catalogue key of the name.
    fn name_key(self) -> &'static str;
}

/// Defines a closed list of codes stored as text, with its catalogue keys.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $field:literal { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        /// As its code, the same in the database, forms and the API.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                $name::parse(&code)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown code {code:?}")))
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn parse(s: &str) -> Option<$name> {
                match s.trim() {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Parse a form field: required, one of the list.
            pub fn parse_field(s: &str) -> Result<$name, FieldError> {
                if s.trim().is_empty() {
                    return Err(field($field, "field-required"));
                }
                Self::parse(s).ok_or(field($field, "panel-choice-invalid"))
            }

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Catalogue key of the name.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, "-", $code)),+ }
            }
        }

        impl CodeList for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn from_code(code: &str) -> Option<Self> {
                $name::parse(code)
            }
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn name_key(self) -> &'static str {
                self.label_key()
            }
        }
    };
}

code_list! {
    /// Where a company is in its life, as the panel brief lists.
    CompanyStage, "panel-stage", "stage" {
        Starting => "starting",
        Small => "small",
        GrowingHome => "growing-home",
        GrowingAbroad => "growing-abroad",
        Large => "large",
    }
}

code_list! {
    /// A company's line of business, grouped coarsely after the Finnish TOL 2008 main sections.
    Industry, "panel-industry", "industry" {
        Agriculture => "agriculture",
        Manufacturing => "manufacturing",
        Construction => "construction",
        Trade => "trade",
        Transport => "transport",
        Hospitality => "hospitality",
        Ict => "ict",
        Finance => "finance",
        Professional => "professional",
        Health => "health",
        Education => "education",
        Creative => "creative",
        Other => "other",
    }
}

code_list! {
    /// A Finnish region (maakunta) where the company mainly works.
    Region, "panel-region", "region" {
        Uusimaa => "uusimaa",
        VarsinaisSuomi => "varsinais-suomi",
        Satakunta => "satakunta",
        KantaHame => "kanta-hame",
        Pirkanmaa => "pirkanmaa",
        PaijatHame => "paijat-hame",
        Kymenlaakso => "kymenlaakso",
        EtelaKarjala => "etela-karjala",
        EtelaSavo => "etela-savo",
        PohjoisSavo => "pohjois-savo",
        PohjoisKarjala => "pohjois-karjala",
        KeskiSuomi => "keski-suomi",
        EtelaPohjanmaa => "etela-pohjanmaa",
        Pohjanmaa => "pohjanmaa",
        KeskiPohjanmaa => "keski-pohjanmaa",
        PohjoisPohjanmaa => "pohjois-pohjanmaa",
        Kainuu => "kainuu",
        Lappi => "lappi",
        Ahvenanmaa => "ahvenanmaa",
    }
}

code_list! {
    /// Who may read a panel: `Private` — its members only; `Open` — anyone signed in reads
    /// it and may join.
    PanelVisibility, "panel-visibility", "visibility" {
        Private => "private",
        Open => "open",
    }
}

code_list! {
    /// A person's place in a panel.
    MemberRole, "panel-member-role", "role" {
        Facilitator => "facilitator",
        Member => "member",
    }
}

code_list! {
    /// Where a join application stands.
    ApplicationStatus, "panel-application-status", "status" {
        Pending => "pending",
        Waiting => "waiting",
        Offered => "offered",
        Accepted => "accepted",
        Declined => "declined",
        Withdrawn => "withdrawn",
    }
}

code_list! {
    /// What happened in a panel, as its log records it.
    LogAction, "panel-log", "action" {
        Created => "created",
        Edited => "edited",
        FacilitatorAdded => "facilitator-added",
        FacilitatorRemoved => "facilitator-removed",
        Applied => "applied",
        Accepted => "accepted",
        Declined => "declined",
        Waitlisted => "waitlisted",
        SeatOffered => "seat-offered",
        Invited => "invited",
        JoinedByInvitation => "joined-by-invitation",
        Joined => "joined",
        Left => "left",
        Removed => "removed",
        Withdrew => "withdrew",
        RulesChanged => "rules-changed",
    }
}

impl PanelVisibility {
    /// Catalogue key of the explanation shown beside the choice.
    pub fn hint_key(self) -> &'static str {
        match self {
            PanelVisibility::Private => "panel-visibility-private-hint",
            PanelVisibility::Open => "panel-visibility-open-hint",
        }
    }
}

impl ApplicationStatus {
    /// Still in the facilitators' hands.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Pending | ApplicationStatus::Waiting | ApplicationStatus::Offered
        )
    }
}

/// The URL part of a panel: lower-case ASCII words joined by `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelSlug(String, bool);

impl PanelSlug {
    /// From a typed slug, or from the name when the slug field is left empty.
    pub fn parse(raw: &str, name: &str) -> Result<PanelSlug, FieldError> {
        let derived = raw.trim().is_empty();
        let source = if derived { name } else { raw };
        let s = crate::blog::model::slugify(source);
        if s == "post" && crate::blog::model::slugify(&format!("x{source}")) == "x" {
            return Err(field("slug", "panel-slug-invalid"));
        }
        if is_reserved_slug(&s) {
            return Err(field("slug", "panel-slug-reserved"));
        }
        Ok(PanelSlug(s, derived))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether it was made from the name (the slug field left empty): then a new panel whose
    /// slug is taken gets a number (`asiakasraati-2`) instead of a refusal.
    pub fn is_derived(&self) -> bool {
        self.1
    }
}

/// Slugs that would collide with fixed URLs under `/panels/`.
fn is_reserved_slug(slug: &str) -> bool {
    matches!(slug, "new" | "invitations" | "mine")
}

/// Free text of bounded length (names, company names, roles).
pub fn short_text(
    raw: &str,
    field_name: &'static str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() && required {
        return Err(field(field_name, "field-required"));
    }
    if s.chars().count() > max || s.chars().any(char::is_control) {
        return Err(field(field_name, "panel-text-too-long"));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_ids_with_a_correct_check_digit_are_accepted() {
        for (raw, stored) in [
            ("0112038-9", "0112038-9"),
            (" 1572860-0 ", "1572860-0"),
            ("0737546-2", "0737546-2"),
            // the short form of an old ID is padded
            ("112038-9", "0112038-9"),
        ] {
            assert_eq!(BusinessId::parse(raw).unwrap().as_str(), stored, "{raw}");
        }
    }

    #[test]
    fn business_ids_with_a_wrong_shape_or_check_digit_are_refused() {
        for raw in [
            "0112038-8",
            "01120389",
            "0112038 9",
            "112038-",
            "12345-6",
            "01120389-9",
            "a112038-9",
            "0112038-99",
            "",
        ] {
            assert!(BusinessId::parse(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn a_remainder_of_one_has_no_valid_check_digit() {
        // The first seven digits whose weighted sum leaves 1: no check digit fits them.
        let digits = (0..10_000_000u32)
            .map(|n| format!("{n:07}"))
            .find(|d| {
                let sum: u32 = d
                    .bytes()
                    .zip([7, 9, 10, 5, 8, 4, 2])
                    .map(|(b, w)| u32::from(b - b'0') * w)
                    .sum();
                sum % 11 == 1
            })
            .unwrap();
        for c in 0..10 {
            assert!(BusinessId::parse(&format!("{digits}-{c}")).is_err());
        }
    }

    #[test]
    fn code_lists_round_trip() {
        for s in CompanyStage::ALL {
            assert_eq!(CompanyStage::parse(s.as_str()), Some(*s));
        }
        for r in Region::ALL {
            assert_eq!(Region::parse(r.as_str()), Some(*r));
        }
        assert_eq!(Industry::parse("nope"), None);
        assert_eq!(
            CompanyStage::parse_field("").unwrap_err().message_key,
            "field-required"
        );
    }

    #[test]
    fn panel_slugs_come_from_the_name_when_left_empty() {
        assert_eq!(
            PanelSlug::parse("", "Yrityspalvelujen asiakaspaneeli")
                .unwrap()
                .as_str(),
            "yrityspalvelujen-asiakaspaneeli"
        );
        assert!(PanelSlug::parse("new", "x").is_err());
        assert!(PanelSlug::parse("", "!!!").is_err());
    }
}
