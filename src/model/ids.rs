//! Stable public identifiers: [`NodeId`], [`FactId`] and [`SourceId`].
//!
//! Ids are the names a document gives its objects (`"river-army"`, `"f12"`,
//! `"gazette-2025-09-04"`). They never change when a graph is rebuilt, saved or
//! loaded, unlike petgraph's indices, which this crate keeps to itself.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValueError;

/// Whether `s` is a well-formed id: non-empty, only `a-z`, `0-9`, `_`, `.` and `-`.
///
/// ```
/// assert!(geokg::model::is_valid_id("salt-road_1.2"));
/// assert!(!geokg::model::is_valid_id("Salt Road"));
/// assert!(!geokg::model::is_valid_id(""));
/// ```
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-'))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Box<str>);

        impl $name {
            /// Checks `s` against the id rules (`[a-z0-9_.-]+`) and wraps it.
            ///
            /// # Errors
            /// [`ValueError::InvalidId`] when `s` is empty or has another character.
            pub fn new(s: &str) -> Result<Self, ValueError> {
                if is_valid_id(s) {
                    Ok(Self(s.into()))
                } else {
                    Err(ValueError::InvalidId { what: $what, id: s.to_owned() })
                }
            }

            /// Wraps a string already known to be a valid id.
            pub(crate) fn from_checked(s: impl Into<Box<str>>) -> Self {
                Self(s.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::new(&s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// The id of a node (`"river-army"`, `"ford"`): unique among nodes, `[a-z0-9_.-]+`.
    ///
    /// ```
    /// use geokg::model::NodeId;
    /// let id: NodeId = "ford".parse()?;
    /// assert_eq!(id.as_str(), "ford");
    /// assert!("Ford".parse::<NodeId>().is_err());
    /// # Ok::<(), geokg::ValueError>(())
    /// ```
    NodeId,
    "node"
);
id_type!(
    /// The id of a fact (`"f12"`, `"river-army-holds-ford"`): unique among facts.
    ///
    /// A fact loaded or built without an id is given `_f<position>`.
    FactId,
    "fact"
);
id_type!(
    /// The id of a source (`"gazette-2025-09-04"`): unique among sources.
    SourceId,
    "source"
);
