//! The kinds of nodes and facts, and the kind table: which node kinds a fact
//! kind may join, which fields it requires or allows, which kinds are
//! symmetric. The table is data, in one place, read by validation, the
//! document reader and the exporters alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeKind {
    /// A sovereign state.
    Country,
    /// A non-state armed group or a state's armed force.
    ArmedGroup,
    /// Any territory: state, township, town, mining area, pass, corridor.
    Region,
    /// A road, rail line, river, corridor or pipeline.
    Route,
    /// A named individual.
    Person,
    /// A party, company, agency, news outlet or government body.
    Organization,
}

impl NodeKind {
    /// Every node kind, in declaration order.
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Country,
        NodeKind::ArmedGroup,
        NodeKind::Region,
        NodeKind::Route,
        NodeKind::Person,
        NodeKind::Organization,
    ];

    /// The name of the kind in the JSON document (`"armed_group"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            NodeKind::Country => "country",
            NodeKind::ArmedGroup => "armed_group",
            NodeKind::Region => "region",
            NodeKind::Route => "route",
            NodeKind::Person => "person",
            NodeKind::Organization => "organization",
        }
    }

    /// The kind's label in graph databases and Cypher queries
    /// (`"ArmedGroup"`): the kind's name in upper camel case.
    pub const fn label(self) -> &'static str {
        match self {
            NodeKind::Country => "Country",
            NodeKind::ArmedGroup => "ArmedGroup",
            NodeKind::Region => "Region",
            NodeKind::Route => "Route",
            NodeKind::Person => "Person",
            NodeKind::Organization => "Organization",
        }
    }

    /// The kind whose [`label`](NodeKind::label) is `label`, exactly.
    pub fn from_label(label: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.label() == label)
    }

    /// The fields a node of this kind may have besides the common ones
    /// (`id`, `kind`, `name`, `aliases`, `description`, `props`).
    pub const fn fields(self) -> &'static [NodeField] {
        match self {
            NodeKind::Country => &[NodeField::Iso2],
            NodeKind::Region => &[NodeField::Level, NodeField::Coords, NodeField::Resources],
            NodeKind::Route => &[NodeField::Mode, NodeField::Status],
            NodeKind::Person => &[NodeField::Title],
            NodeKind::ArmedGroup | NodeKind::Organization => &[],
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NodeKind {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NodeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "node kind",
                value: crate::error::excerpt(s),
                expected: "country, armed_group, region, route, person or organization",
            })
    }
}

/// A field that belongs to some node kinds only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum NodeField {
    /// `iso2` (country).
    Iso2,
    /// `level` (region).
    Level,
    /// `coords` (region).
    Coords,
    /// `resources` (region).
    Resources,
    /// `mode` (route).
    Mode,
    /// `status` (route).
    Status,
    /// `title` (person).
    Title,
}

impl NodeField {
    /// Every kind-specific node field.
    pub const ALL: [NodeField; 7] = [
        NodeField::Iso2,
        NodeField::Level,
        NodeField::Coords,
        NodeField::Resources,
        NodeField::Mode,
        NodeField::Status,
        NodeField::Title,
    ];

    /// The field's key in the JSON document.
    pub const fn as_str(self) -> &'static str {
        match self {
            NodeField::Iso2 => "iso2",
            NodeField::Level => "level",
            NodeField::Coords => "coords",
            NodeField::Resources => "resources",
            NodeField::Mode => "mode",
            NodeField::Status => "status",
            NodeField::Title => "title",
        }
    }

    /// The node kinds that have this field.
    pub fn kinds(self) -> impl Iterator<Item = NodeKind> {
        NodeKind::ALL
            .into_iter()
            .filter(move |k| k.fields().contains(&self))
    }
}

impl fmt::Display for NodeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NodeField {
    type Err = ValueError;
    /// The field whose key in the document is `s` (`"iso2"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NodeField::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "node field",
                value: crate::error::excerpt(s),
                expected: "iso2, level, coords, resources, mode, status or title",
            })
    }
}

/// What a fact says: the kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FactKind {
    /// An actor controls a region or route.
    Controls,
    /// Two countries or regions share a border (symmetric).
    Borders,
    /// A commodity is exported from one place or actor to another.
    ExportsTo,
    /// An actor proposes an action about a node.
    Proposes,
    /// A region is part of a region or country (acyclic).
    PartOf,
    /// A route passes through a region or country.
    PassesThrough,
    /// A person, country, organization or armed group belongs to an
    /// organization, armed group or country (a party, an alliance, a bloc).
    MemberOf,
    /// Two actors cooperate (symmetric).
    CooperatesWith,
    /// An actor is interested in a region, route or country.
    InterestedIn,
}

/// The rules of one fact kind: the row of the kind table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FactRule {
    /// The node kinds a fact of this kind may start from.
    pub from: &'static [NodeKind],
    /// The node kinds a fact of this kind may end at.
    pub to: &'static [NodeKind],
    /// Fields a fact of this kind must have.
    pub required: &'static [FactField],
    /// Fields a fact of this kind may have.
    pub optional: &'static [FactField],
    /// Stored once and found from both ends.
    pub symmetric: bool,
    /// Facts of this kind may not form a cycle.
    pub acyclic: bool,
}

use NodeKind as N;

const ANY_NODE: &[NodeKind] = &NodeKind::ALL;
const ACTORS_WITH_PERSON: &[NodeKind] = &[N::ArmedGroup, N::Country, N::Organization, N::Person];

impl FactKind {
    /// Every fact kind, in declaration order.
    pub const ALL: [FactKind; 9] = [
        FactKind::Controls,
        FactKind::Borders,
        FactKind::ExportsTo,
        FactKind::Proposes,
        FactKind::PartOf,
        FactKind::PassesThrough,
        FactKind::MemberOf,
        FactKind::CooperatesWith,
        FactKind::InterestedIn,
    ];

    /// The name of the kind in the JSON document (`"passes_through"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            FactKind::Controls => "controls",
            FactKind::Borders => "borders",
            FactKind::ExportsTo => "exports_to",
            FactKind::Proposes => "proposes",
            FactKind::PartOf => "part_of",
            FactKind::PassesThrough => "passes_through",
            FactKind::MemberOf => "member_of",
            FactKind::CooperatesWith => "cooperates_with",
            FactKind::InterestedIn => "interested_in",
        }
    }

    /// The kind's relationship type in graph databases and Cypher queries
    /// (`"PASSES_THROUGH"`): the kind's name in capitals.
    pub const fn label(self) -> &'static str {
        match self {
            FactKind::Controls => "CONTROLS",
            FactKind::Borders => "BORDERS",
            FactKind::ExportsTo => "EXPORTS_TO",
            FactKind::Proposes => "PROPOSES",
            FactKind::PartOf => "PART_OF",
            FactKind::PassesThrough => "PASSES_THROUGH",
            FactKind::MemberOf => "MEMBER_OF",
            FactKind::CooperatesWith => "COOPERATES_WITH",
            FactKind::InterestedIn => "INTERESTED_IN",
        }
    }

    /// The kind whose [`label`](FactKind::label) is `label`, exactly.
    pub fn from_label(label: &str) -> Option<FactKind> {
        FactKind::ALL.into_iter().find(|k| k.label() == label)
    }

    /// The kind table's row for this kind (the table is set out in
    /// [`format`](crate::format#the-kind-table)).
    pub const fn rule(self) -> &'static FactRule {
        const fn rule(
            from: &'static [NodeKind],
            to: &'static [NodeKind],
            required: &'static [FactField],
            optional: &'static [FactField],
            symmetric: bool,
            acyclic: bool,
        ) -> FactRule {
            FactRule {
                from,
                to,
                required,
                optional,
                symmetric,
                acyclic,
            }
        }
        const CONTROLS: FactRule = rule(
            ACTORS_WITH_PERSON,
            &[N::Region, N::Route],
            &[],
            &[FactField::Mode],
            false,
            false,
        );
        const BORDERS: FactRule = rule(
            &[N::Country, N::Region],
            &[N::Country, N::Region],
            &[],
            &[],
            true,
            false,
        );
        const EXPORTS_TO: FactRule = rule(
            &[N::Country, N::Region, N::ArmedGroup, N::Organization],
            &[N::Country, N::Region, N::Organization],
            &[FactField::Commodity],
            &[FactField::Quantity],
            false,
            false,
        );
        const PROPOSES: FactRule = rule(
            &[N::Person, N::Country, N::Organization, N::ArmedGroup],
            ANY_NODE,
            &[FactField::Action],
            &[],
            false,
            false,
        );
        const PART_OF: FactRule = rule(
            &[N::Region],
            &[N::Region, N::Country],
            &[],
            &[],
            false,
            true,
        );
        const PASSES_THROUGH: FactRule = rule(
            &[N::Route],
            &[N::Region, N::Country],
            &[],
            &[FactField::Order],
            false,
            false,
        );
        const MEMBER_OF: FactRule = rule(
            &[N::Person, N::Country, N::Organization, N::ArmedGroup],
            &[N::Organization, N::ArmedGroup, N::Country],
            &[],
            &[FactField::Role],
            false,
            false,
        );
        const COOPERATES_WITH: FactRule = rule(
            &[N::Country, N::Organization, N::ArmedGroup],
            &[N::Country, N::Organization, N::ArmedGroup],
            &[],
            &[FactField::Topic],
            true,
            false,
        );
        const INTERESTED_IN: FactRule = rule(
            &[N::Country, N::Organization, N::ArmedGroup, N::Person],
            &[N::Region, N::Route, N::Country],
            &[],
            &[FactField::Topic],
            false,
            false,
        );
        match self {
            FactKind::Controls => &CONTROLS,
            FactKind::Borders => &BORDERS,
            FactKind::ExportsTo => &EXPORTS_TO,
            FactKind::Proposes => &PROPOSES,
            FactKind::PartOf => &PART_OF,
            FactKind::PassesThrough => &PASSES_THROUGH,
            FactKind::MemberOf => &MEMBER_OF,
            FactKind::CooperatesWith => &COOPERATES_WITH,
            FactKind::InterestedIn => &INTERESTED_IN,
        }
    }

    /// Whether a fact of this kind is found from both ends (`borders`, `cooperates_with`).
    pub const fn is_symmetric(self) -> bool {
        self.rule().symmetric
    }

    /// Whether this kind may carry `field`, as required or optional.
    pub fn allows(self, field: FactField) -> bool {
        let r = self.rule();
        r.required.contains(&field) || r.optional.contains(&field)
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FactKind {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FactKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "fact kind",
                value: crate::error::excerpt(s),
                expected: "controls, borders, exports_to, proposes, part_of, passes_through, \
                           member_of, cooperates_with or interested_in",
            })
    }
}

/// A field that belongs to some fact kinds only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FactField {
    /// `mode` (controls).
    Mode,
    /// `commodity` (exports_to, required).
    Commodity,
    /// `quantity` (exports_to).
    Quantity,
    /// `action` (proposes, required).
    Action,
    /// `order` (passes_through).
    Order,
    /// `role` (member_of).
    Role,
    /// `topic` (cooperates_with, interested_in).
    Topic,
}

impl FactField {
    /// Every kind-specific fact field.
    pub const ALL: [FactField; 7] = [
        FactField::Mode,
        FactField::Commodity,
        FactField::Quantity,
        FactField::Action,
        FactField::Order,
        FactField::Role,
        FactField::Topic,
    ];

    /// The field's key in the JSON document.
    pub const fn as_str(self) -> &'static str {
        match self {
            FactField::Mode => "mode",
            FactField::Commodity => "commodity",
            FactField::Quantity => "quantity",
            FactField::Action => "action",
            FactField::Order => "order",
            FactField::Role => "role",
            FactField::Topic => "topic",
        }
    }

    /// The fact kinds that may carry this field.
    pub fn kinds(self) -> impl Iterator<Item = FactKind> {
        FactKind::ALL.into_iter().filter(move |k| k.allows(self))
    }
}

impl fmt::Display for FactField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FactField {
    type Err = ValueError;
    /// The field whose key in the document is `s` (`"commodity"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FactField::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "fact field",
                value: crate::error::excerpt(s),
                expected: "mode, commodity, quantity, action, order, role or topic",
            })
    }
}

/// Lists kinds as `a, b or c` for messages.
pub(crate) fn list_kinds<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = items.into_iter().map(|k| k.to_string()).collect();
    match items.split_last() {
        None => String::from("nothing"),
        Some((only, [])) => only.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
