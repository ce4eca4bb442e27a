//! Search: the Finnish relevance set.
