//! Delivery (issue 18): connections without Nagle's delay, assets from the binary with
//! content-hashed names, and compressed pages.
mod compression;
mod nodelay;
mod static_files;
