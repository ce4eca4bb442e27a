//! Comments as typed values: ids, checked bodies, where a reply goes in a thread, and the
//! thread as a page shows it.
//!
//! Threads are at most three levels deep (depth 0, 1 and 2). A reply to a depth-2 comment is
//! stored as a reply to that comment's parent, so it shows at depth 2 right after the comment
//! it answers (the conversation goes on at the same level instead of moving further right).
//!
//! What each reader sees of a comment:
//! - a visible comment: everything;
//! - a removed one (its author deleted it; the text is erased from the database): a "comment
//!   removed" placeholder while replies under it are still shown, else nothing at all;
//! - a hidden one (a moderator hid it): a "hidden by a moderator" placeholder for everyone,
//!   so that moderation is visible, except for moderators, who see the comment marked hidden
//!   with a button to show it again.
use chrono::{DateTime, Utc};

use crate::{
    blog::store::{AuthorRef, OrgRef},
    error::FieldError,
    markdown::{self, SafeHtml},
};

/// The deepest level a comment is shown at (top-level comments are at 0).
pub const MAX_DEPTH: i32 = 2;
/// Most characters a comment may have.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// A comment's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CommentId(pub i32);

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A comment's Markdown with its sanitised HTML, rendered once when it is saved.
#[derive(Clone, Debug)]
pub struct CommentBody {
    markdown: String,
    html: SafeHtml,
}

impl CommentBody {
    /// Check a typed comment: not empty, at most `MAX_COMMENT_CHARS` characters, Markdown
    /// within the renderer's limits. Errors belong to the field `body`.
    pub fn parse(raw: &str) -> Result<CommentBody, FieldError> {
        let cleaned = crate::text::clean(raw);
        let text = cleaned.trim();
        if text.is_empty() {
            return Err(FieldError {
                field: "body".into(),
                message_key: "field-required",
                args: Vec::new(),
            });
        }
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(FieldError {
                field: "body".into(),
                message_key: "comment-too-long",
                args: Vec::new(),
            });
        }
        let html = markdown::render(text)
            .map_err(|e| crate::blog::service::markdown_field_error("body", &e))?;
        Ok(CommentBody {
            markdown: text.to_owned(),
            html,
        })
    }

    /// A comment brought from another blog: its HTML cleaned by the same sanitiser, and kept
    /// as its text. Errors belong to the field `body`.
    pub fn from_imported_html(raw: &str) -> Result<CommentBody, FieldError> {
        let html = markdown::clean_html(raw.trim())
            .map_err(|e| crate::blog::service::markdown_field_error("body", &e))?;
        if markdown::excerpt(html.as_str(), 1).is_empty() {
            return Err(FieldError {
                field: "body".into(),
                message_key: "field-required",
                args: Vec::new(),
            });
        }
        Ok(CommentBody {
            markdown: html.as_str().to_owned(),
            html,
        })
    }

    pub fn markdown(&self) -> &str {
        &self.markdown
    }

    pub fn html(&self) -> &SafeHtml {
        &self.html
    }
}

/// Where a new comment goes: the parent it is stored under and its depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub parent_id: Option<i32>,
    pub depth: i32,
}

/// The comment being answered, as far as placing a reply cares.
#[derive(Clone, Copy, Debug)]
pub struct ReplyTarget {
    pub id: i32,
    pub parent_id: Option<i32>,
    pub depth: i32,
}

/// Place a new comment: top level, one level below the comment it answers, or, below the
/// deepest level, beside it (stored under the same parent at the same depth).
pub fn place(target: Option<ReplyTarget>) -> Placement {
    match target {
        None => Placement {
            parent_id: None,
            depth: 0,
        },
        Some(t) if t.depth < MAX_DEPTH => Placement {
            parent_id: Some(t.id),
            depth: t.depth.max(0) + 1,
        },
        // A parent is always there at depth >= 1; fall back to the top level if the row is odd.
        Some(t) => Placement {
            parent_id: t.parent_id,
            depth: if t.parent_id.is_some() { MAX_DEPTH } else { 0 },
        },
    }
}

/// A discussion another feature owns (a panel's topic): the post the replies hang under, and
/// the writer's standing there as that feature decided it. The comments service applies the
/// rules to the standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Discussion {
    pub post_id: i32,
    pub standing: Standing,
}

/// What a person may do in a discussion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Takes no part (may at most read).
    Outsider,
    /// Takes part: replies, and edits and removes their own replies.
    Participant,
    /// Takes part and moderates: hides replies and shows them again.
    Moderator,
}

/// How a comment shows in the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Text and author for everyone.
    Visible,
    /// Removed by its author: a placeholder, no text, no author.
    Removed,
    /// Hidden by a moderator, seen by a reader who is not one: a placeholder.
    Hidden,
    /// Hidden by a moderator, seen by a moderator: the comment, marked hidden.
    HiddenForModerator,
    /// Waiting for a moderator, rejected or hidden by flags, seen by its author or a
    /// moderator: the comment, marked with its moderation state. Nobody else sees it.
    Pending,
}

/// One comment in a thread as the reader sees it, with its replies.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub id: i32,
    pub depth: i32,
    pub shown: Shown,
    /// The author and organisation; `None` for placeholders.
    pub author: Option<AuthorRef>,
    /// Whether the author has a person page for this reader, so the name may link to it.
    pub author_has_page: bool,
    pub organization: Option<OrgRef>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Empty for placeholders.
    pub body: SafeHtml,
    /// The reader wrote this comment (and may edit or remove it while it is visible).
    pub is_own: bool,
    /// Where it stands with the moderators, and a rejection's reason (shown with `Pending`).
    pub moderation: crate::moderation::model::ModerationState,
    pub moderation_reason: Option<String>,
    pub replies: Vec<CommentView>,
}

impl CommentView {
    /// Whether the text and author are shown.
    pub fn shows_text(&self) -> bool {
        matches!(
            self.shown,
            Shown::Visible | Shown::HiddenForModerator | Shown::Pending
        )
    }
    /// Whether it is marked with its moderation state (for its author and moderators).
    pub fn is_pending(&self) -> bool {
        self.shown == Shown::Pending
    }
    /// Whether a signed-in reader may report it: shown to everyone, and not their own.
    pub fn can_flag(&self) -> bool {
        self.shown == Shown::Visible && !self.is_own
    }
    /// The catalogue key of the mark on a pending comment.
    pub fn moderation_label_key(&self) -> &'static str {
        self.moderation.mark_key()
    }
    /// A rejection's reason, or nothing.
    pub fn rejection_reason(&self) -> &str {
        self.moderation_reason.as_deref().unwrap_or("")
    }
    pub fn is_removed(&self) -> bool {
        self.shown == Shown::Removed
    }
    pub fn is_hidden(&self) -> bool {
        matches!(self.shown, Shown::Hidden | Shown::HiddenForModerator)
    }
    /// Replies go to visible comments only.
    pub fn takes_replies(&self) -> bool {
        self.shown == Shown::Visible
    }
    /// The author may edit a visible comment of their own.
    pub fn can_edit(&self) -> bool {
        self.is_own && self.shown == Shown::Visible
    }
    /// The author may remove their own comment, hidden or not.
    pub fn can_remove(&self) -> bool {
        self.is_own && self.shown != Shown::Removed
    }
    /// Whether the reply form open on the page (`reply_to`) goes under this comment.
    pub fn has_reply_form(&self, reply_to: impl MaybeId) -> bool {
        reply_to.id() == Some(self.id)
    }
    /// The author's name, or nothing for placeholders.
    pub fn author_name(&self, t: &crate::i18n::Tr) -> String {
        self.author
            .as_ref()
            .map(|a| a.name.shown(t))
            .unwrap_or_default()
    }
    pub fn anchor(&self) -> String {
        format!("comment-{}", self.id)
    }
}

/// The comments of one post as the reader sees them.
#[derive(Clone, Debug, Default)]
pub struct Thread {
    /// Top-level comments, oldest first, each with its replies (oldest first).
    pub roots: Vec<CommentView>,
    /// Comments that are neither removed nor hidden.
    pub visible_count: i64,
}

impl Thread {
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Whether a visible comment with this id is in the thread (a reply form may go under it).
    pub fn takes_replies_at(&self, id: i32) -> bool {
        fn walk(nodes: &[CommentView], id: i32) -> bool {
            nodes
                .iter()
                .any(|c| (c.id == id && c.takes_replies()) || walk(&c.replies, id))
        }
        walk(&self.roots, id)
    }

    /// Every comment's text, in reading order (placeholders' are empty).
    pub fn bodies(&self) -> Vec<&SafeHtml> {
        fn walk<'a>(nodes: &'a [CommentView], out: &mut Vec<&'a SafeHtml>) {
            for c in nodes {
                out.push(&c.body);
                walk(&c.replies, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.roots, &mut out);
        out
    }

    /// Change every comment's text with `f` (to show its mentions to the reader).
    pub fn map_bodies(&mut self, f: &impl Fn(&SafeHtml) -> SafeHtml) {
        fn walk(nodes: &mut [CommentView], f: &impl Fn(&SafeHtml) -> SafeHtml) {
            for c in nodes {
                c.body = f(&c.body);
                walk(&mut c.replies, f);
            }
        }
        walk(&mut self.roots, f);
    }
}

/// The comment form's state when the post page is shown again after a mistake.
#[derive(Clone, Debug, Default)]
pub struct CommentFormState {
    /// The text as typed.
    pub body: String,
    /// The comment being answered, if the form was a reply form.
    pub parent_id: Option<i32>,
    /// Catalogue key of what is wrong with the text.
    pub error: Option<&'static str>,
}

impl CommentFormState {
    /// The comment a reply form is open under: the form's own parent after a mistake, else
    /// `?reply_to=<id>` in the page's address (the "Reply" links, which work without
    /// JavaScript), if that comment takes replies.
    pub fn reply_to(&self, path: &str, thread: &Thread) -> Option<i32> {
        let wanted = self.parent_id.or_else(|| reply_to_in(path))?;
        thread.takes_replies_at(wanted).then_some(wanted)
    }

    /// The text for the form under comment `form` (the top-level form when `None`), where
    /// `reply_to` is the reply form open on the page. Text typed into a reply form whose
    /// comment is no longer there goes to the top-level form, so it is never lost.
    pub fn body_for(&self, form: impl MaybeId, reply_to: impl MaybeId) -> &str {
        if self.holder(reply_to.id()) == form.id() {
            &self.body
        } else {
            ""
        }
    }

    /// The error for the form under comment `form`, as in `body_for`.
    pub fn error_for(&self, form: impl MaybeId, reply_to: impl MaybeId) -> Option<&'static str> {
        if self.holder(reply_to.id()) == form.id() {
            self.error
        } else {
            None
        }
    }

    fn holder(&self, reply_to: Option<i32>) -> Option<i32> {
        self.parent_id.filter(|&id| reply_to == Some(id))
    }
}

/// The top-level comment form's place, for templates (a bare `None` has no type there).
pub const TOP_LEVEL: Option<i32> = None;

/// An optional comment id however a template passes it (by value or by reference).
pub trait MaybeId {
    fn id(&self) -> Option<i32>;
}

impl MaybeId for Option<i32> {
    fn id(&self) -> Option<i32> {
        *self
    }
}

impl MaybeId for Option<&i32> {
    fn id(&self) -> Option<i32> {
        self.copied()
    }
}

impl<T: MaybeId + ?Sized> MaybeId for &T {
    fn id(&self) -> Option<i32> {
        (**self).id()
    }
}

/// `reply_to` from the query of a path like `/posts/x?reply_to=12`.
fn reply_to_in(path: &str) -> Option<i32> {
    let (_, query) = path.split_once('?')?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "reply_to")
        .and_then(|(_, v)| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(id: i32, parent_id: Option<i32>, depth: i32) -> Option<ReplyTarget> {
        Some(ReplyTarget {
            id,
            parent_id,
            depth,
        })
    }

    #[test]
    fn replies_nest_three_levels_then_continue_beside() {
        let table = [
            (None, None, 0),
            (target(1, None, 0), Some(1), 1),
            (target(2, Some(1), 1), Some(2), 2),
            // A reply to a depth-2 comment goes beside it, under the same depth-1 parent.
            (target(3, Some(2), 2), Some(2), 2),
        ];
        for (t, parent_id, depth) in table {
            assert_eq!(place(t), Placement { parent_id, depth }, "{t:?}");
        }
    }

    #[test]
    fn comment_bodies_must_have_text_and_not_be_too_long() {
        assert_eq!(
            CommentBody::parse("  \n ").unwrap_err().message_key,
            "field-required"
        );
        let long = "a".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            CommentBody::parse(&long).unwrap_err().message_key,
            "comment-too-long"
        );
        let deep = ">".repeat(40) + " syvällä";
        assert_eq!(
            CommentBody::parse(&deep).unwrap_err().message_key,
            "markdown-too-deep"
        );
        let ok = CommentBody::parse(" *Hyvä* pointti <script>alert(1)</script> ").unwrap();
        assert_eq!(ok.markdown(), "*Hyvä* pointti <script>alert(1)</script>");
        assert!(ok.html().as_str().contains("<em>Hyvä</em>"));
        assert!(!ok.html().as_str().contains("script"));
    }

    #[test]
    fn reply_target_comes_from_the_form_or_the_address() {
        let thread = Thread {
            roots: vec![CommentView {
                id: 7,
                depth: 0,
                shown: Shown::Visible,
                author: None,
                author_has_page: false,
                organization: None,
                created_at: Utc::now(),
                edited_at: None,
                body: SafeHtml::default(),
                is_own: false,
                moderation: crate::moderation::model::ModerationState::Visible,
                moderation_reason: None,
                replies: vec![],
            }],
            visible_count: 1,
        };
        let fresh = CommentFormState::default();
        assert_eq!(fresh.reply_to("/posts/x?reply_to=7", &thread), Some(7));
        assert_eq!(fresh.reply_to("/posts/x?reply_to=8", &thread), None);
        assert_eq!(fresh.reply_to("/posts/x?reply_to=abc", &thread), None);
        assert_eq!(fresh.reply_to("/posts/x", &thread), None);
        let again = CommentFormState {
            body: "x".into(),
            parent_id: Some(7),
            error: Some("field-required"),
        };
        assert_eq!(again.reply_to("/posts/x/comments", &thread), Some(7));
        assert_eq!(again.body_for(Some(7), Some(7)), "x");
        assert_eq!(again.body_for(TOP_LEVEL, Some(7)), "");
        // The comment answered is gone: the text moves to the top-level form.
        assert_eq!(again.body_for(TOP_LEVEL, TOP_LEVEL), "x");
        assert_eq!(
            again.error_for(TOP_LEVEL, TOP_LEVEL),
            Some("field-required")
        );
    }
}
