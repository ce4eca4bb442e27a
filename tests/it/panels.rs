//! Customer panels: membership, waiting list, discussion, privacy.
