//! Polls and surveys: validation, counting, anonymity, result visibility, concurrency.
