//! The checks every item's common fields go through: ids, texts within
//! the length limit, `props`.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::error::{Location, ProblemKind, Problems, Section, ValueError, excerpt};
use crate::graph::Limits;
use crate::graph::draft::Field;
use crate::model::{Props, is_valid_id};

pub(super) fn at(section: Section, index: usize, field: impl Into<String>) -> Location {
    Location::field(section, index, field)
}

/// Reports problems with the fields every item has, under the limits.
pub(super) struct Checker<'p> {
    pub problems: &'p mut Problems,
    pub limits: Limits,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, make: impl FnOnce() -> (Location, ProblemKind)) {
        self.problems.error(make);
    }

    /// A required id: present, well-formed, unique in `seen`.
    pub(super) fn id<'d>(
        &mut self,
        field: &'d Field<Cow<'d, str>>,
        section: Section,
        index: usize,
        what: &'static str,
        seen: &mut FxHashMap<&'d str, usize>,
    ) -> Option<&'d str> {
        let id = self.well_formed_id(field, section, index, what)?;
        if let Some(&first) = seen.get(id) {
            self.duplicate(id, section, index, what, first);
            return None;
        }
        seen.insert(id, index);
        Some(id)
    }

    /// A required id, present and well-formed.
    pub(super) fn well_formed_id<'d>(
        &mut self,
        field: &'d Field<Cow<'d, str>>,
        section: Section,
        index: usize,
        what: &'static str,
    ) -> Option<&'d str> {
        let id = match field {
            Field::Given(id) => id.as_ref(),
            Field::Invalid => return None,
            Field::Absent => {
                self.error(|| {
                    (
                        Location::item(section, index),
                        ProblemKind::MissingField {
                            field: "id",
                            expected: format!("a unique {what} id of a-z, 0-9, '_', '.', '-'"),
                        },
                    )
                });
                return None;
            }
        };
        if !self.text_len(id, section, index, "id") {
            return None;
        }
        if !is_valid_id(id) {
            self.error(|| {
                (
                    at(section, index, "id"),
                    ValueError::InvalidId {
                        what,
                        id: excerpt(id),
                    }
                    .into(),
                )
            });
            return None;
        }
        Some(id)
    }

    pub(super) fn duplicate(
        &mut self,
        id: &str,
        section: Section,
        index: usize,
        what: &'static str,
        first: usize,
    ) {
        self.error(|| {
            (
                at(section, index, "id"),
                ProblemKind::DuplicateId {
                    what,
                    id: excerpt(id),
                    first: Box::new(Location::item(section, first)),
                },
            )
        });
    }

    /// A required id like [`Checker::id`], whose uniqueness was settled
    /// beforehand: `first` is where an equal id first appeared, if before.
    pub(super) fn unique_id(
        &mut self,
        field: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        what: &'static str,
        first: Option<usize>,
    ) {
        let Some(id) = self.well_formed_id(field, section, index, what) else {
            return;
        };
        if let Some(first) = first {
            self.duplicate(id, section, index, what, first);
        }
    }

    /// A string within the length limit.
    pub(super) fn text_len(
        &mut self,
        s: &str,
        section: Section,
        index: usize,
        field: &str,
    ) -> bool {
        self.text_len_at(s, section, index, || field.to_owned())
    }

    /// [`Checker::text_len`] for a field path that is formatted only when
    /// something is wrong, rather than once per alias or evidence entry.
    pub(super) fn text_len_at(
        &mut self,
        s: &str,
        section: Section,
        index: usize,
        field: impl FnOnce() -> String,
    ) -> bool {
        if s.len() > self.limits.max_string_bytes {
            let limit = self.limits.max_string_bytes;
            self.error(|| {
                (
                    at(section, index, field()),
                    ProblemKind::OverLimit {
                        what: "string length in bytes",
                        count: s.len(),
                        limit,
                    },
                )
            });
            false
        } else {
            true
        }
    }

    /// An optional text field: within the length limit.
    pub(super) fn optional_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &str,
    ) {
        if let Field::Given(s) = f {
            self.text_len(s, section, index, field);
        }
    }

    /// A text field that must hold something when present.
    pub(super) fn non_empty(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
    ) {
        if let Field::Given(s) = f {
            if s.trim().is_empty() {
                self.error(|| (at(section, index, field), ProblemKind::EmptyText { field }));
            } else {
                self.text_len(s, section, index, field);
            }
        }
    }

    pub(super) fn required_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
        expected: &str,
    ) {
        if let Field::Absent = f {
            self.error(|| {
                (
                    Location::item(section, index),
                    ProblemKind::MissingField {
                        field,
                        expected: expected.to_owned(),
                    },
                )
            });
        }
        self.non_empty(f, section, index, field);
    }

    /// Every string inside `props`, against the length limit. Depth is
    /// bounded by the JSON reader's recursion limit, so recursion is safe.
    pub(super) fn props(&mut self, props: &Field<Props>, section: Section, index: usize) {
        fn longest(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::String(s) => s.len(),
                serde_json::Value::Array(a) => a.iter().map(longest).max().unwrap_or(0),
                serde_json::Value::Object(o) => o
                    .iter()
                    .map(|(k, v)| k.len().max(longest(v)))
                    .max()
                    .unwrap_or(0),
                _ => 0,
            }
        }
        if let Field::Given(p) = props {
            let n = p
                .iter()
                .map(|(k, v)| k.len().max(longest(v)))
                .max()
                .unwrap_or(0);
            if n > self.limits.max_string_bytes {
                let limit = self.limits.max_string_bytes;
                self.error(|| {
                    (
                        at(section, index, "props"),
                        ProblemKind::OverLimit {
                            what: "string length in bytes",
                            count: n,
                            limit,
                        },
                    )
                });
            }
        }
    }
}
