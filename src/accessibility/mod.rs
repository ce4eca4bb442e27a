//! The accessibility statement required of Finnish public-sector sites (Act on the Provision
//! of Digital Services 306/2019): a public page in three languages, with contact details
//! admins keep up to date.
pub mod handlers;
pub mod service;
