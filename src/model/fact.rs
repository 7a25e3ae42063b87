//! The fields a fact has because of its kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::model::named::{Names, name_enum};
use crate::model::{FactKind, Quantity};

name_enum!(
    /// How an actor controls a region or route.
    ControlMode, "control mode", "military, administrative or economic", {
        /// By force of arms.
        Military => "military",
        /// By administering it.
        Administrative => "administrative",
        /// By holding its economy: mines, revenue, trade.
        Economic => "economic",
    }
);

/// The fields a fact has because of its kind. The variant is the kind, so a
/// `controls` fact cannot carry a `commodity`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FactDetails {
    /// An actor controls a region or route.
    Controls {
        /// How.
        mode: Option<ControlMode>,
    },
    /// Two countries or regions share a border.
    Borders,
    /// A commodity is exported.
    ExportsTo {
        /// What (`"rare_earths"`).
        commodity: String,
        /// How much.
        quantity: Option<Quantity>,
    },
    /// An actor proposes an action about a node.
    Proposes {
        /// What is proposed, in words.
        action: String,
    },
    /// A region is part of a region or country.
    PartOf,
    /// A route passes through a region or country.
    PassesThrough {
        /// Position along the route, from 0.
        order: Option<u32>,
    },
    /// A person, country, organization or armed group belongs to an
    /// organization, armed group or country.
    MemberOf {
        /// Their role (`"chairman"`).
        role: Option<String>,
    },
    /// Two actors cooperate.
    CooperatesWith {
        /// On what.
        topic: Option<String>,
    },
    /// An actor is interested in a region, route or country.
    InterestedIn {
        /// In what respect.
        topic: Option<String>,
    },
}

impl FactDetails {
    /// The kind these details belong to.
    pub fn kind(&self) -> FactKind {
        match self {
            FactDetails::Controls { .. } => FactKind::Controls,
            FactDetails::Borders => FactKind::Borders,
            FactDetails::ExportsTo { .. } => FactKind::ExportsTo,
            FactDetails::Proposes { .. } => FactKind::Proposes,
            FactDetails::PartOf => FactKind::PartOf,
            FactDetails::PassesThrough { .. } => FactKind::PassesThrough,
            FactDetails::MemberOf { .. } => FactKind::MemberOf,
            FactDetails::CooperatesWith { .. } => FactKind::CooperatesWith,
            FactDetails::InterestedIn { .. } => FactKind::InterestedIn,
        }
    }
}
