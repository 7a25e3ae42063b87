//! Values the document spells by name (a route's mode, a control mode):
//! [`Names`], the list that describes them, and the macro that makes their
//! enums.

use crate::error::ValueError;

/// The names a value of [`ValueType::Name`](crate::model::ValueType::Name)
/// may take, and how messages speak of them.
///
/// ```
/// use geokg::model::RouteMode;
/// let names = RouteMode::NAMES;
/// assert_eq!(names.names[0], "road");
/// assert!(names.check("boat").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Names {
    /// What the names name (`"route mode"`).
    pub what: &'static str,
    /// Every name, as the document spells it.
    pub names: &'static [&'static str],
    /// The names as a message lists them (`"road, rail, … or other"`).
    pub expected: &'static str,
}

impl Names {
    /// `s`, when it is one of the names.
    ///
    /// # Errors
    /// [`ValueError::UnknownName`](crate::ValueError::UnknownName) otherwise.
    pub fn check<'s>(&self, s: &'s str) -> Result<&'s str, ValueError> {
        if self.names.contains(&s) {
            Ok(s)
        } else {
            Err(self.unknown(s))
        }
    }

    /// The error for a name that is not one of these.
    pub(crate) fn unknown(&self, s: &str) -> ValueError {
        ValueError::UnknownName {
            what: self.what,
            value: crate::error::excerpt(s),
            expected: self.expected,
        }
    }
}

/// An enum of values spelled by name, with `ALL`, `NAMES`, `as_str`,
/// `Display`, `FromStr` and serde in the document's spelling.
macro_rules! name_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, $expected:literal, { $($(#[$vdoc:meta])* $variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value's name in the document, in the order of
            /// [`Self::ALL`], and how messages speak of them.
            pub const NAMES: Names = Names {
                what: $what,
                names: &[$($s),+],
                expected: $expected,
            };

            /// The value's name in the document.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| Self::NAMES.unknown(s))
            }
        }
    };
}
pub(crate) use name_enum;
