//! Writing and editing tasks: the editor's page and the one parser of tasks.
pub mod handlers;
pub mod model;
