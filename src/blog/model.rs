//! Posts as typed values: title, slug, labels, visibility, status.
use crate::{error::FieldError, i18n::Lang};

/// Who may read a published post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, signed in or not; in feeds.
    Public,
    /// Signed-in people of the network only.
    Members,
}

impl Visibility {
    pub fn parse(s: &str) -> Option<Visibility> {
        match s {
            "public" => Some(Visibility::Public),
            "members" => Some(Visibility::Members),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Members => "members",
        }
    }
}

/// Whether a post is out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    Draft,
    Published,
}

impl PostStatus {
    pub fn parse(s: &str) -> Option<PostStatus> {
        match s {
            "draft" => Some(PostStatus::Draft),
            "published" => Some(PostStatus::Published),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Published => "published",
        }
    }
}

/// A post title: 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostTitle(String);

impl PostTitle {
    pub fn parse(raw: &str) -> Result<PostTitle, FieldError> {
        let s = crate::text::one_line(raw);
        let n = s.chars().count();
        if n == 0 {
            Err(FieldError {
                field: "title".into(),
                message_key: "field-required",
                args: Vec::new(),
            })
        } else if n > 200 {
            Err(FieldError {
                field: "title".into(),
                message_key: "title-too-long",
                args: Vec::new(),
            })
        } else {
            Ok(PostTitle(s))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Slugs to try for `base`, first free wins: `base`, `base-2`, `base-3`, …
pub fn slug_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_owned()).chain((2..).map(move |n| format!("{base}-{n}")))
}

/// The URL part of a post or label: lower-case ASCII words joined by `-`
/// (ä → a, ö → o, å → a, as Finnish URLs are usually written).
pub fn slugify(text: &str) -> String {
    let s = slug::slugify(text);
    let s: String = s.chars().take(80).collect();
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() { "post".to_owned() } else { s }
}

/// Labels from a comma-separated list: trimmed, de-duplicated by slug, at most 20,
/// each 1–50 characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels(Vec<String>);

impl Labels {
    pub fn parse_list<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Labels, FieldError> {
        let mut out: Vec<String> = Vec::new();
        for item in items {
            let name = crate::text::one_line(item);
            if name.is_empty() {
                continue;
            }
            if name.chars().count() > 50 {
                return Err(FieldError {
                    field: "labels".into(),
                    message_key: "label-too-long",
                    args: Vec::new(),
                });
            }
            if !out.iter().any(|l| slugify(l) == slugify(&name)) {
                out.push(name);
            }
        }
        if out.len() > 20 {
            return Err(FieldError {
                field: "labels".into(),
                message_key: "labels-too-many",
                args: Vec::new(),
            });
        }
        Ok(Labels(out))
    }
    pub fn parse(raw: &str) -> Result<Labels, FieldError> {
        Self::parse_list(raw.split(','))
    }
    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// Everything needed to write a post, already checked.
#[derive(Clone, Debug)]
pub struct PostDraft {
    pub title: PostTitle,
    pub body_md: String,
    pub labels: Labels,
    pub language: Lang,
    pub visibility: Visibility,
    pub status: PostStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_read_as_finnish_urls() {
        assert_eq!(
            slugify("Asiakaspalvelu yli rajojen!"),
            "asiakaspalvelu-yli-rajojen"
        );
        assert_eq!(
            slugify("Yrittäjän ääni kuuluviin"),
            "yrittajan-aani-kuuluviin"
        );
        assert_eq!(slugify("Åland och Öresund"), "aland-och-oresund");
        assert_eq!(slugify("!!!"), "post");
    }

    #[test]
    fn labels_are_trimmed_and_deduplicated() {
        let labels = Labels::parse(" asiakaskokemus, Asiakaskokemus ,, verotus").unwrap();
        assert_eq!(labels.names(), ["asiakaskokemus", "verotus"]);
    }

    #[test]
    fn titles_must_be_present_and_short() {
        assert!(PostTitle::parse("   ").is_err());
        assert!(PostTitle::parse(&"x".repeat(201)).is_err());
        assert_eq!(PostTitle::parse(" Hei ").unwrap().as_str(), "Hei");
    }

    #[test]
    fn control_characters_in_titles_and_labels_are_dropped_not_called_too_long() {
        let title = PostTitle::parse("Hei\u{0}\u{1}\r\nmaailma\t!").unwrap();
        assert_eq!(title.as_str(), "Hei maailma !");
        assert_eq!(
            PostTitle::parse("\u{1}\u{2}").unwrap_err().message_key,
            "field-required"
        );
        let labels = Labels::parse("vero\u{7}tus, uusi\nrivi").unwrap();
        assert_eq!(labels.names(), ["verotus", "uusi rivi"]);
    }
}
