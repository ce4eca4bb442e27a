//! Search: filters, sorting, suggestions, the JSON API.
