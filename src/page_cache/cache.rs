//! This node's cached pages, and when they stop being good: when the indexer announces a new
//! outbox position (a write anywhere), when this node answers a write, and after the maximum
//! age. Dropping is coarse (everything at once): writes are rare next to reads, and a page
//! that depends on many rows (the front page, a post with its comments and bylines) cannot be
//! forgotten wrongly this way.
use std::{
    any::{Any, TypeId},
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use axum::{
    body::Bytes,
    http::{HeaderMap, HeaderValue},
};
use tokio::sync::watch;

use crate::i18n::Lang;

/// Bytes of page bodies kept at most; past it everything is dropped and the pages read
/// again fill it anew.
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Values of one type kept at most; past it those of that type are dropped and filled anew.
const MAX_REMEMBERED: usize = 2048;

/// What a cached page is found by: its path and query, and the language the reader asked for
/// (the language cookie, else `Accept-Language`; `None` for neither, which means the site's
/// default language). Nothing else about a visitor can change a public page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub path_and_query: String,
    pub lang: Option<Lang>,
}

/// One cached answer: its headers (content type, caching, `Vary`, `ETag`) and body.
#[derive(Debug)]
pub struct Page {
    pub headers: HeaderMap,
    pub body: Bytes,
    pub etag: HeaderValue,
    stored_at: Instant,
}

impl Page {
    pub fn new(headers: HeaderMap, body: Bytes, etag: HeaderValue) -> Page {
        Page {
            headers,
            body,
            etag,
            stored_at: Instant::now(),
        }
    }
}

/// Taken before a page is rendered: the page is kept only if nothing was dropped meanwhile,
/// so a page rendered from rows a concurrent write has since changed is never kept.
#[derive(Clone, Copy, Debug)]
pub struct Ticket {
    generation: u64,
}

/// This node's page cache; cheap to clone.
#[derive(Clone)]
pub struct PageCache(Arc<Inner>);

struct Inner {
    /// Zero: the cache is off.
    max_age: Duration,
    /// The outbox position this node's indexer has applied.
    feed: watch::Receiver<i64>,
    pages: RwLock<Pages>,
}

#[derive(Default)]
struct Pages {
    /// Counts every drop; tickets compare against it.
    generation: u64,
    /// The indexer's position the pages were rendered at.
    position: i64,
    bytes: usize,
    map: HashMap<Key, Arc<Page>>,
    /// Values read from the database that pages show (the site's name and language, one per
    /// type; a post with its comments, one per type and key), forgotten with the pages.
    remembered: HashMap<TypeId, HashMap<String, Remembered>>,
}

/// A remembered value and when it was read.
type Remembered = (Instant, Arc<dyn Any + Send + Sync>);

impl Pages {
    fn drop_all(&mut self) {
        self.map.clear();
        self.remembered.clear();
        self.bytes = 0;
        self.generation += 1;
    }

    /// Drop everything if the indexer has moved since the pages were rendered.
    fn follow(&mut self, position: i64) {
        if self.position != position {
            self.position = position;
            self.drop_all();
        }
    }
}

impl PageCache {
    /// A cache that follows `feed` (the indexer's applied position, `Search::applied_feed`)
    /// and keeps a page at most `max_age`; a zero `max_age` turns it off.
    pub fn new(feed: watch::Receiver<i64>, max_age: Duration) -> PageCache {
        let position = *feed.borrow();
        PageCache(Arc::new(Inner {
            max_age,
            feed,
            pages: RwLock::new(Pages {
                position,
                ..Pages::default()
            }),
        }))
    }

    pub fn is_on(&self) -> bool {
        !self.0.max_age.is_zero()
    }

    fn position(&self) -> i64 {
        *self.0.feed.borrow()
    }

    /// The page kept under `key`, if it is still good.
    pub fn get(&self, key: &Key) -> Option<Arc<Page>> {
        let position = self.position();
        {
            let pages = self.0.pages.read().unwrap_or_else(|e| e.into_inner());
            if pages.position == position {
                return pages
                    .map
                    .get(key)
                    .filter(|p| p.stored_at.elapsed() < self.0.max_age)
                    .cloned();
            }
        }
        self.write().follow(position);
        None
    }

    /// Take before rendering a page that may be kept.
    pub fn ticket(&self) -> Ticket {
        let position = self.position();
        let mut pages = self.write();
        pages.follow(position);
        Ticket {
            generation: pages.generation,
        }
    }

    /// Keep `page` under `key`, unless something was dropped since `ticket` was taken.
    /// Returns whether it was kept.
    pub fn put(&self, ticket: Ticket, key: Key, page: Page) -> bool {
        let position = self.position();
        let mut pages = self.write();
        pages.follow(position);
        if pages.generation != ticket.generation {
            return false;
        }
        if pages.bytes + page.body.len() > MAX_BYTES {
            pages.drop_all();
            return false;
        }
        pages.bytes += page.body.len();
        if let Some(old) = pages.map.insert(key, Arc::new(page)) {
            pages.bytes -= old.body.len();
        }
        true
    }

    /// The value of type `T` kept by `remember`, if nothing was dropped since and it is younger
    /// than the pages' maximum age. Always `None` while the cache is off.
    pub fn remembered<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.recall("")
    }

    /// Keep `value`, read from the database after `ticket` was taken, until the pages are
    /// next dropped: for what every page shows and only writes that record a change alter
    /// (so a write on any node drops it as it drops the pages). Not kept if something was
    /// dropped since `ticket` (it may have been read before that write), nor while the cache
    /// is off. Returns whether it was kept.
    pub fn remember<T: Any + Send + Sync>(&self, ticket: Ticket, value: Arc<T>) -> bool {
        self.keep(ticket, "", value)
    }

    /// Like `remembered`, for one of many values of type `T` told apart by `key`.
    pub fn recall<T: Any + Send + Sync>(&self, key: &str) -> Option<Arc<T>> {
        let position = self.position();
        {
            let pages = self.0.pages.read().unwrap_or_else(|e| e.into_inner());
            if pages.position == position {
                let (stored_at, value) = pages.remembered.get(&TypeId::of::<T>())?.get(key)?;
                if stored_at.elapsed() >= self.0.max_age {
                    return None;
                }
                return value.clone().downcast().ok();
            }
        }
        self.write().follow(position);
        None
    }

    /// Like `remember`, for one of many values of type `T` told apart by `key`. At most
    /// `MAX_REMEMBERED` of a type are kept: past it the others of that type are dropped.
    pub fn keep<T: Any + Send + Sync>(
        &self,
        ticket: Ticket,
        key: impl Into<String>,
        value: Arc<T>,
    ) -> bool {
        if !self.is_on() {
            return false;
        }
        let position = self.position();
        let mut pages = self.write();
        pages.follow(position);
        if pages.generation != ticket.generation {
            return false;
        }
        let kept = pages.remembered.entry(TypeId::of::<T>()).or_default();
        if kept.len() >= MAX_REMEMBERED {
            kept.clear();
        }
        kept.insert(key.into(), (Instant::now(), value));
        true
    }

    /// Drop every page (this node has just answered a write).
    pub fn drop_all(&self) {
        self.write().drop_all();
    }

    /// How many pages are kept now.
    pub fn len(&self) -> usize {
        self.0
            .pages
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Pages> {
        self.0.pages.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str) -> Key {
        Key {
            path_and_query: path.to_owned(),
            lang: None,
        }
    }

    fn page(body: &'static str) -> Page {
        Page::new(
            HeaderMap::new(),
            Bytes::from_static(body.as_bytes()),
            HeaderValue::from_static("W/\"x\""),
        )
    }

    #[test]
    fn a_page_rendered_before_a_drop_is_not_kept() {
        let (_tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::from_secs(60));
        let before = cache.ticket();
        cache.drop_all();
        assert!(!cache.put(before, key("/"), page("old")));
        assert!(cache.get(&key("/")).is_none());
        let after = cache.ticket();
        assert!(cache.put(after, key("/"), page("new")));
        assert_eq!(
            cache.get(&key("/")).map(|p| p.body.clone()),
            Some("new".into())
        );
    }

    #[test]
    fn a_new_indexer_position_drops_every_page_and_stale_renders() {
        let (tx, rx) = watch::channel(3);
        let cache = PageCache::new(rx, Duration::from_secs(60));
        assert!(cache.put(cache.ticket(), key("/a"), page("a")));
        let rendering = cache.ticket();
        tx.send_replace(4);
        assert!(cache.get(&key("/a")).is_none());
        assert!(!cache.put(rendering, key("/b"), page("b")));
        assert!(cache.is_empty());
    }

    #[test]
    fn a_remembered_value_is_forgotten_with_the_pages_and_never_kept_stale() {
        let (tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::from_secs(60));
        assert!(cache.remember(cache.ticket(), Arc::new(String::from("nimi"))));
        assert_eq!(
            cache.remembered::<String>().as_deref().map(String::as_str),
            Some("nimi")
        );
        assert!(cache.remembered::<u32>().is_none(), "kept by type");
        // A write on this node, then one followed from the outbox: each drops it.
        cache.drop_all();
        assert!(cache.remembered::<String>().is_none());
        assert!(cache.remember(cache.ticket(), Arc::new(String::from("uusi"))));
        tx.send_replace(1);
        assert!(cache.remembered::<String>().is_none());
        // Read before a write that dropped the cache: not kept.
        let reading = cache.ticket();
        cache.drop_all();
        assert!(!cache.remember(reading, Arc::new(String::from("vanha"))));
        assert!(cache.remembered::<String>().is_none());
    }

    #[test]
    fn values_kept_by_key_are_told_apart_and_forgotten_together() {
        let (tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::from_secs(60));
        assert!(cache.keep(cache.ticket(), "a", Arc::new(1_u32)));
        assert!(cache.keep(cache.ticket(), "b", Arc::new(2_u32)));
        assert_eq!(cache.recall::<u32>("a").as_deref(), Some(&1));
        assert_eq!(cache.recall::<u32>("b").as_deref(), Some(&2));
        assert!(cache.recall::<u32>("c").is_none());
        assert!(cache.recall::<u64>("a").is_none(), "kept by type and key");
        tx.send_replace(1);
        assert!(cache.recall::<u32>("a").is_none());
        assert!(cache.recall::<u32>("b").is_none());
        // Read before a write that dropped the cache: not kept.
        let reading = cache.ticket();
        cache.drop_all();
        assert!(!cache.keep(reading, "a", Arc::new(3_u32)));
        assert!(cache.recall::<u32>("a").is_none());
    }

    #[test]
    fn past_the_limit_the_values_of_a_type_are_dropped_not_grown() {
        let (_tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::from_secs(60));
        assert!(cache.remember(cache.ticket(), Arc::new(String::from("nimi"))));
        for i in 0..MAX_REMEMBERED {
            assert!(cache.keep(cache.ticket(), i.to_string(), Arc::new(i)));
        }
        assert_eq!(cache.recall::<usize>("0").as_deref(), Some(&0));
        assert!(cache.keep(cache.ticket(), "uusi", Arc::new(7_usize)));
        assert!(cache.recall::<usize>("0").is_none());
        assert_eq!(cache.recall::<usize>("uusi").as_deref(), Some(&7));
        assert!(cache.remembered::<String>().is_some(), "other types stay");
    }

    #[test]
    fn nothing_is_remembered_while_the_cache_is_off() {
        let (_tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::ZERO);
        assert!(!cache.remember(cache.ticket(), Arc::new(1_u32)));
        assert!(cache.remembered::<u32>().is_none());
    }

    #[test]
    fn a_page_older_than_the_maximum_age_is_not_served() {
        let (_tx, rx) = watch::channel(0);
        let cache = PageCache::new(rx, Duration::from_nanos(1));
        assert!(cache.put(cache.ticket(), key("/"), page("x")));
        std::thread::sleep(Duration::from_millis(2));
        assert!(cache.get(&key("/")).is_none());
    }
}
