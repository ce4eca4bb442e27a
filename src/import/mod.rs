//! Bringing an old blog in (`lupa import blogger|wordpress FILE`): posts, comments, labels
//! and authors from a Blogger or WordPress export, and the old addresses answered with a 301.
//! Nothing here has pages of its own; the redirects run as a middleware on the site's pages.
pub mod blogger;
pub mod demo;
pub mod model;
pub mod redirects;
pub mod service;
pub mod store;
pub mod wordpress;
pub mod xml;
