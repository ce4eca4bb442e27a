//! Page numbers for listings: `?page=N`, ten items a page.
use serde::Deserialize;

pub const PER_PAGE: u64 = 10;

/// The `page` query parameter; anything unreadable is page 1.
#[derive(Clone, Copy, Debug, Deserialize, Default)]
pub struct PageQuery {
    #[serde(default, deserialize_with = "lenient_page")]
    pub page: Option<u64>,
}

fn lenient_page<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    // Beyond a million pages nothing exists; the cap keeps the offset arithmetic safe.
    Ok(raw
        .and_then(|s| s.parse().ok())
        .filter(|&n: &u64| (1..=1_000_000).contains(&n)))
}

impl PageQuery {
    pub fn number(&self) -> u64 {
        self.page.unwrap_or(1)
    }
    pub fn offset(&self) -> u64 {
        (self.number() - 1) * PER_PAGE
    }
}

/// Where a listing is and where its neighbours are.
#[derive(Clone, Debug)]
pub struct Pagination {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The listing's path without `page`, e.g. `/labels/verotus`.
    pub base: String,
}

impl Pagination {
    pub fn new(query: PageQuery, total: u64, base: impl Into<String>) -> Self {
        let pages = total.div_ceil(PER_PAGE).max(1);
        Self {
            page: query.number(),
            pages,
            total,
            base: base.into(),
        }
    }
    fn href(&self, page: u64) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        if page == 1 {
            self.base.clone()
        } else {
            format!("{}{}page={}", self.base, sep, page)
        }
    }
    pub fn prev_href(&self) -> Option<String> {
        (self.page > 1).then(|| self.href(self.page - 1))
    }
    pub fn next_href(&self) -> Option<String> {
        (self.page < self.pages).then(|| self.href(self.page + 1))
    }
    /// "Sivu 2 / 5" in the reader's language.
    pub fn position(&self, t: &crate::i18n::Tr) -> String {
        use crate::i18n::{FluentArg, Number};
        t.args(
            "pagination-position",
            &[
                ("page", FluentArg::Num(self.page.as_i64())),
                ("pages", FluentArg::Num(self.pages.as_i64())),
            ],
        )
    }
    pub fn is_beyond_end(&self) -> bool {
        self.page > self.pages
    }
}
