//! Atom feeds of public posts (the whole network, a label, a person, an organisation) and of
//! a public post's comments.
pub mod atom;
pub mod handlers;
