//! Workshops: scheduling, registration, calendars.
