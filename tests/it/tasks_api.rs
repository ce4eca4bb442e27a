//! (Filled in by the change that needs it.)
