//! The files under `static/`, embedded in the binary at build time (`build.rs`) and served
//! from memory under content-hashed names (`/static/css/lupa.3f9a1c2b7e.css`) that any cache
//! may keep for a year. Templates get those names from one helper, [`url`] (`ctx.asset(..)`).
//! Brotli and gzip copies are made once, at startup, and chosen by `Accept-Encoding`.
use std::{collections::HashMap, io::Write, sync::LazyLock};

use axum::{
    body::{Body, Bytes},
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::headers::PUBLIC_REVALIDATE;

/// (path under `static/`, contents), written by `build.rs`.
static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/static_files.rs"));

/// A hashed name changes with the file's content, so its answer never goes stale.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One embedded file with its compressed copies.
struct Asset {
    content_type: &'static str,
    /// The first characters of the SHA-256 of the content: in the URL and the `ETag`.
    hash: String,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

struct Assets {
    files: Vec<Asset>,
    /// `css/lupa.css` and `css/lupa.<hash>.css` → (index in `files`, whether hashed).
    by_path: HashMap<String, (usize, bool)>,
    /// `css/lupa.css` → `/static/css/lupa.<hash>.css`.
    urls: HashMap<&'static str, String>,
}

static ASSETS: LazyLock<Assets> = LazyLock::new(Assets::load);

impl Assets {
    fn load() -> Assets {
        let mut assets = Assets {
            files: Vec::new(),
            by_path: HashMap::new(),
            urls: HashMap::new(),
        };
        for &(name, content) in FILES {
            let hash = hex::encode(&Sha256::digest(content)[..5]);
            let hashed = hashed_name(name, &hash);
            let (content_type, compressible) = content_type(name);
            let index = assets.files.len();
            let smaller = |copy: Vec<u8>| (copy.len() < content.len()).then(|| Bytes::from(copy));
            assets.files.push(Asset {
                content_type,
                hash,
                identity: Bytes::from_static(content),
                brotli: compressible.then(|| brotli(content)).and_then(smaller),
                gzip: compressible.then(|| gzip(content)).and_then(smaller),
            });
            assets.urls.insert(name, format!("/static/{hashed}"));
            assets.by_path.insert(hashed, (index, true));
            assets.by_path.insert(name.to_owned(), (index, false));
        }
        assets
    }
}

/// The URL of the embedded file `name` (its path under `static/`), with its content hash.
pub fn url(name: &str) -> &'static str {
    let url = ASSETS.urls.get(name).map(String::as_str);
    debug_assert!(url.is_some(), "no file static/{name}");
    url.unwrap_or("/static/missing")
}

/// Hash and compress every file now, so that the first request does not wait for it.
pub fn warm() {
    LazyLock::force(&ASSETS);
}

/// `GET /static/{*path}`: a hashed name is kept for a year; the plain name (`css/lupa.css`,
/// which pages cached before the hashed names still link to) is served too, revalidated by
/// `ETag`. Anything else is a bare 404, without a page or the database.
pub async fn serve(Path(path): Path<String>, request: HeaderMap) -> Response {
    let Some(&(index, hashed)) = ASSETS.by_path.get(&path) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let asset = &ASSETS.files[index];
    let (encoding, body, etag) = match (
        asset.brotli.as_ref().filter(|_| accepts(&request, "br")),
        asset.gzip.as_ref().filter(|_| accepts(&request, "gzip")),
    ) {
        (Some(br), _) => (Some("br"), br, format!("\"{}.br\"", asset.hash)),
        (None, Some(gz)) => (Some("gzip"), gz, format!("\"{}.gz\"", asset.hash)),
        (None, None) => (None, &asset.identity, format!("\"{}\"", asset.hash)),
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed { IMMUTABLE } else { PUBLIC_REVALIDATE }),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if still_fresh(&request, &asset.hash) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    (headers, Body::from(body.clone())).into_response()
}

/// `css/lupa.css` → `css/lupa.<hash>.css`.
fn hashed_name(name: &str, hash: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let (stem, ext) = name.split_at(file_start + dot);
            format!("{stem}.{hash}{ext}")
        }
        _ => format!("{name}.{hash}"),
    }
}

/// The `Content-Type` by file extension, and whether compressing the file pays.
fn content_type(name: &str) -> (&'static str, bool) {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("css") => ("text/css; charset=utf-8", true),
        Some("js" | "mjs") => ("text/javascript; charset=utf-8", true),
        Some("svg") => ("image/svg+xml", true),
        Some("json") => ("application/json", true),
        Some("webmanifest") => ("application/manifest+json", true),
        Some("txt") => ("text/plain; charset=utf-8", true),
        Some("ico") => ("image/x-icon", true),
        Some("png") => ("image/png", false),
        Some("jpg" | "jpeg") => ("image/jpeg", false),
        Some("webp") => ("image/webp", false),
        Some("woff2") => ("font/woff2", false),
        Some("woff") => ("font/woff", false),
        _ => ("application/octet-stream", false),
    }
}

/// Whether `Accept-Encoding` admits `coding` (by name or `*`, with a non-zero `q`).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    list(request, header::ACCEPT_ENCODING).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let q_zero = parts.any(|p| {
            p.strip_prefix("q=")
                .is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !q_zero
    })
}

/// Whether `If-None-Match` names any copy of this content (they differ only in encoding).
fn still_fresh(request: &HeaderMap, hash: &str) -> bool {
    list(request, header::IF_NONE_MATCH)
        .map(|tag| tag.trim().trim_start_matches("W/").trim_matches('"'))
        .any(|tag| {
            tag == "*"
                || tag
                    .strip_prefix(hash)
                    .is_some_and(|rest| matches!(rest, "" | ".br" | ".gz"))
        })
}

/// The items of a comma-separated request header, over all its lines.
fn list(request: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = &str> {
    request
        .get_all(name)
        .into_iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
}

fn brotli(content: &[u8]) -> Vec<u8> {
    let mut out = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    // Writing to a Vec cannot fail.
    let _ = out.write_all(content);
    out.into_inner()
}

fn gzip(content: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = out.write_all(content);
    out.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_name_keeps_the_folder_and_the_extension() {
        assert_eq!(hashed_name("css/lupa.css", "abc"), "css/lupa.abc.css");
        assert_eq!(hashed_name("a.b/robots", "abc"), "a.b/robots.abc");
        assert_eq!(hashed_name(".hidden", "abc"), ".hidden.abc");
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            h
        };
        assert!(accepts(&with("gzip, deflate, br"), "br"));
        assert!(accepts(&with("GZIP;q=0.5"), "gzip"));
        assert!(!accepts(&with("br;q=0, gzip"), "br"));
        assert!(accepts(&with("*"), "br"));
        assert!(!accepts(&with("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn every_embedded_file_has_a_hashed_url_and_the_stylesheet_is_there() {
        assert!(url("css/lupa.css").starts_with("/static/css/lupa."));
        assert_eq!(ASSETS.urls.len(), FILES.len());
    }
}
