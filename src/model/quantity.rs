//! Amounts with a unit and a bound: "over 3,300 tons" is 3300 t, at least.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::ValueError;

/// How a [`Quantity`]'s value relates to the true amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Bound {
    /// The amount is the value.
    #[default]
    Exact,
    /// The amount is the value or more ("over 3,300 tons").
    AtLeast,
    /// The amount is the value or less ("up to 50 tons").
    AtMost,
    /// The amount is near the value ("about 300 sites").
    Approx,
}

impl Bound {
    /// Every bound.
    pub const ALL: [Bound; 4] = [Bound::Exact, Bound::AtLeast, Bound::AtMost, Bound::Approx];

    /// The bound's name in the document (`"at_least"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
            Bound::Approx => "approx",
        }
    }

    /// The bound of a sum of two amounts: all exact → exact; exact and
    /// at_least → at_least; exact and at_most → at_most; any approx, or
    /// at_least with at_most → approx.
    ///
    /// ```
    /// use geokg::model::Bound;
    /// assert_eq!(Bound::Exact.combine(Bound::AtLeast), Bound::AtLeast);
    /// assert_eq!(Bound::AtLeast.combine(Bound::AtMost), Bound::Approx);
    /// ```
    pub const fn combine(self, other: Bound) -> Bound {
        match (self, other) {
            (Bound::Exact, b) | (b, Bound::Exact) => b,
            (Bound::AtLeast, Bound::AtLeast) => Bound::AtLeast,
            (Bound::AtMost, Bound::AtMost) => Bound::AtMost,
            _ => Bound::Approx,
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Bound {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Bound::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "bound",
                value: crate::error::excerpt(s),
                expected: "exact, at_least, at_most or approx",
            })
    }
}

/// An amount: a finite, non-negative value, a unit and a [`Bound`].
///
/// ```
/// use geokg::model::{Bound, Quantity};
/// let q = Quantity::new(3300.0, "t", Bound::AtLeast)?;
/// assert_eq!(q.to_string(), "at least 3300 t");
/// assert!(Quantity::new(-1.0, "t", Bound::Exact).is_err());
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    value: f64,
    unit: String,
    bound: Bound,
}

impl Quantity {
    /// A quantity of `value` `unit`.
    ///
    /// # Errors
    /// [`ValueError::InvalidQuantity`] when `value` is negative or not finite,
    /// or `unit` is empty.
    pub fn new(value: f64, unit: impl Into<String>, bound: Bound) -> Result<Self, ValueError> {
        let unit = unit.into();
        if !value.is_finite() || value < 0.0 {
            return Err(ValueError::InvalidQuantity {
                value: value.to_string(),
                reason: "the value must be a finite number of at least 0",
            });
        }
        if unit.trim().is_empty() {
            return Err(ValueError::InvalidQuantity {
                value: value.to_string(),
                reason: "the unit must not be empty",
            });
        }
        // -0.0 and 0.0 are one amount; keep one representation so Eq and Hash agree.
        let value = if value == 0.0 { 0.0 } else { value };
        Ok(Quantity { value, unit, bound })
    }

    /// An exact quantity.
    ///
    /// # Errors
    /// As [`Quantity::new`].
    pub fn exact(value: f64, unit: impl Into<String>) -> Result<Self, ValueError> {
        Self::new(value, unit, Bound::Exact)
    }

    /// The value.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The unit (`"t"`, `"sites"`).
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// How the value relates to the amount.
    pub fn bound(&self) -> Bound {
        self.bound
    }
}

// The constructor rules out NaN, so equality is total.
impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.value.to_bits() == other.value.to_bits()
            && self.unit == other.unit
            && self.bound == other.bound
    }
}

impl Eq for Quantity {}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.to_bits().hash(state);
        self.unit.hash(state);
        self.bound.hash(state);
    }
}

impl fmt::Display for Quantity {
    /// `4200 t`, `at least 3300 t`, `at most 50 t`, `about 300 sites`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.bound {
            Bound::Exact => "",
            Bound::AtLeast => "at least ",
            Bound::AtMost => "at most ",
            Bound::Approx => "about ",
        };
        write!(f, "{prefix}{} {}", self.value, self.unit)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityRepr {
    value: f64,
    unit: String,
    #[serde(default)]
    bound: Bound,
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = QuantityRepr::deserialize(d)?;
        Quantity::new(r.value, r.unit, r.bound).map_err(serde::de::Error::custom)
    }
}
