//! The headline queries (DESIGN §4).
