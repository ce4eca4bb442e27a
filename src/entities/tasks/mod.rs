//! The tasks feature's tables (see `m20261124_000002_create_polls`; the tables keep their `poll_` names).
pub mod answer_set;
pub mod option;
pub mod participation;
pub mod question;
pub mod task;
