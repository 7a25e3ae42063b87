//! The vocabulary ([`format`](crate::format) describes it as the document
//! writes it): node and fact kinds and the kind table, ids,
//! dates and periods, quantities, sources, evidence (its stance and
//! credibility) and confidence.
//!
//! Everything here is a plain value: validated on construction, compared,
//! hashed and printed, with no knowledge of any graph.

mod date;
mod fact;
mod field;
mod ids;
mod kinds;
mod named;
mod node;
mod quantity;
mod source;

pub use date::{PartialDate, Period, Precision};
pub use fact::{ControlMode, FactDetails};
pub use field::{FieldValue, ValueType};
pub use ids::{FactId, NodeId, SourceId, is_valid_id};
pub(crate) use kinds::list_kinds;
pub use kinds::{FactField, FactKind, FactRule, NodeField, NodeKind};
pub use named::Names;
pub use node::{
    Coords, Iso2, Node, NodeDetails, Props, RegionDetails, Resource, RouteMode, RouteStatus,
};
pub use quantity::{Bound, Quantity};
pub(crate) use source::SourceFields;
pub use source::{Confidence, Credibility, Evidence, Reliability, Source, Stance};
