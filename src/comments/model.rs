//! A post's comment thread as the page shows it.

/// One comment and its replies.
#[derive(Clone, Debug)]
pub struct CommentNode {
    pub id: i32,
    pub replies: Vec<CommentNode>,
}

/// The comments of one post.
#[derive(Clone, Debug, Default)]
pub struct Thread {
    pub roots: Vec<CommentNode>,
    pub visible_count: i64,
}

/// The comment form's state when the post page is shown again after a mistake.
#[derive(Clone, Debug, Default)]
pub struct CommentFormState {
    pub body: String,
    pub parent_id: Option<i32>,
    pub error: Option<String>,
}
