//! The tasks feature's tables (see `m20261124_000002_create_polls`; the tables keep their `poll_` names),
//! and the ideas kind's (`m20261207_300000_create_ideas`).
pub mod answer_set;
pub mod idea;
pub mod idea_comment;
pub mod idea_credit;
pub mod idea_task;
pub mod option;
pub mod participation;
pub mod question;
pub mod task;
