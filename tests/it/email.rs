//! Email outbox: delivery, retries, crash safety, unsubscribe.
