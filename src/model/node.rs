//! Nodes: the countries, armed groups, regions, routes, people and
//! organizations a graph is about.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::model::named::{Names, name_enum};
use crate::model::{NodeId, NodeKind, Quantity};

/// Free-form extra data on a node or fact: the document's `props` object.
pub type Props = serde_json::Map<String, serde_json::Value>;

/// A node of the graph: its id, names, description, extension data, and
/// the fields of its kind ([`NodeDetails`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub(crate) id: NodeId,
    pub(crate) name: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) description: Option<String>,
    pub(crate) props: Props,
    pub(crate) details: NodeDetails,
}

impl Node {
    /// The node's id.
    pub fn id(&self) -> &NodeId {
        &self.id
    }

    /// What the node is.
    pub fn kind(&self) -> NodeKind {
        self.details.kind()
    }

    /// Its main name (`"River Army"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Other names it goes by (`"RA"`).
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// A description in the data set's own words.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Extension data (`props`); empty when the document has none.
    pub fn props(&self) -> &Props {
        &self.props
    }

    /// The fields of its kind.
    pub fn details(&self) -> &NodeDetails {
        &self.details
    }

    /// The coordinates, for a region that has them.
    pub fn coords(&self) -> Option<Coords> {
        match &self.details {
            NodeDetails::Region(r) => r.coords,
            NodeDetails::Country { .. }
            | NodeDetails::ArmedGroup
            | NodeDetails::Route { .. }
            | NodeDetails::Person { .. }
            | NodeDetails::Organization => None,
        }
    }
}

impl fmt::Display for Node {
    /// `River Army (armed_group river-army)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name, self.kind(), self.id)
    }
}

/// The fields a node has because of its kind. The variant is the kind, so a
/// region cannot carry an `iso2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NodeDetails {
    /// A sovereign state.
    Country {
        /// ISO 3166-1 alpha-2 code.
        iso2: Option<Iso2>,
    },
    /// A non-state armed group or a state's armed force.
    ArmedGroup,
    /// Any territory.
    Region(RegionDetails),
    /// A road, rail line, river, corridor or pipeline.
    Route {
        /// How it is travelled.
        mode: Option<RouteMode>,
        /// Whether it is in use.
        status: Option<RouteStatus>,
    },
    /// A named individual.
    Person {
        /// Title or office (`"Chairman"`).
        title: Option<String>,
    },
    /// A party, company, agency, news outlet or government body.
    Organization,
}

impl NodeDetails {
    /// The kind these details belong to.
    pub fn kind(&self) -> NodeKind {
        match self {
            NodeDetails::Country { .. } => NodeKind::Country,
            NodeDetails::ArmedGroup => NodeKind::ArmedGroup,
            NodeDetails::Region(_) => NodeKind::Region,
            NodeDetails::Route { .. } => NodeKind::Route,
            NodeDetails::Person { .. } => NodeKind::Person,
            NodeDetails::Organization => NodeKind::Organization,
        }
    }
}

/// The fields of a region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct RegionDetails {
    /// Free text: `"state"`, `"township"`, `"town"`, `"area"`…
    pub level: Option<String>,
    /// Where it is.
    pub coords: Option<Coords>,
    /// What can be mined or produced there.
    pub resources: Vec<Resource>,
}

/// A commodity found in a region, with how many sites where known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// What (`"rare_earths"`).
    pub commodity: String,
    /// How many sites (`about 300 sites`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites: Option<Quantity>,
}

/// A point on the earth: latitude −90…90 and longitude −180…180, in degrees.
/// The document writes it `[lat, lon]`; GeoJSON writes `[lon, lat]`.
///
/// ```
/// use geokg::model::Coords;
/// let ford = Coords::new(12.5, 40.25)?;
/// assert_eq!(ford.lat(), 12.5);
/// assert!(Coords::new(91.0, 0.0).is_err());
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Coords {
    lat: f64,
    lon: f64,
}

impl Coords {
    /// Coordinates in degrees.
    ///
    /// # Errors
    /// [`ValueError::CoordsOutOfRange`] when a value is outside its range or not finite.
    pub fn new(lat: f64, lon: f64) -> Result<Self, ValueError> {
        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
            // Normalise -0.0 so that Eq and Hash agree.
            Ok(Coords {
                lat: lat + 0.0,
                lon: lon + 0.0,
            })
        } else {
            Err(ValueError::CoordsOutOfRange { lat, lon })
        }
    }

    /// Latitude in degrees, −90…90.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees, −180…180.
    pub fn lon(self) -> f64 {
        self.lon
    }
}

// The constructor rules out NaN, so equality is total.
impl PartialEq for Coords {
    fn eq(&self, other: &Self) -> bool {
        self.lat.to_bits() == other.lat.to_bits() && self.lon.to_bits() == other.lon.to_bits()
    }
}

impl Eq for Coords {}

impl std::hash::Hash for Coords {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.lat.to_bits().hash(state);
        self.lon.to_bits().hash(state);
    }
}

impl fmt::Display for Coords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.lat, self.lon)
    }
}

/// An ISO 3166-1 alpha-2 country code: two capital letters (`"XA"`).
///
/// ```
/// use geokg::model::Iso2;
/// let code: Iso2 = "XA".parse()?;
/// assert_eq!(code.as_str(), "XA");
/// assert!("xa".parse::<Iso2>().is_err());
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iso2([u8; 2]);

impl Iso2 {
    /// The code as a string.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII capitals, checked on construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Debug for Iso2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iso2({})", self.as_str())
    }
}

impl fmt::Display for Iso2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Iso2 {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Iso2([*a, *b])),
            _ => Err(ValueError::InvalidIso2 {
                value: crate::error::excerpt(s),
            }),
        }
    }
}

impl Serialize for Iso2 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Iso2 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

name_enum!(
    /// How a route is travelled.
    RouteMode, "route mode", "road, rail, river, corridor, pipeline or other", {
        /// A road.
        Road => "road",
        /// A railway.
        Rail => "rail",
        /// A river.
        River => "river",
        /// A corridor of several ways.
        Corridor => "corridor",
        /// A pipeline.
        Pipeline => "pipeline",
        /// Anything else.
        Other => "other",
    }
);

name_enum!(
    /// Whether a route is in use.
    RouteStatus, "route status", "open, closed, abandoned, proposed or unknown", {
        /// In use.
        Open => "open",
        /// Closed, for now.
        Closed => "closed",
        /// Out of use for good.
        Abandoned => "abandoned",
        /// Planned or proposed, not built.
        Proposed => "proposed",
        /// Not known.
        Unknown => "unknown",
    }
);
