//! Reading a graph: the [`Filter`], the reading API and the headline
//! queries, each answer with the facts it rests on. What each query means,
//! edge cases included, is set out in [`semantics`](crate::semantics).
//!
//! Everything here reads through `&KnowledgeGraph`; nothing mutates.
//!
//! - The reading API: [`KnowledgeGraph::facts_from`](crate::KnowledgeGraph::facts_from),
//!   [`facts_to`](crate::KnowledgeGraph::facts_to),
//!   [`facts_touching`](crate::KnowledgeGraph::facts_touching),
//!   [`linked`](crate::KnowledgeGraph::linked), [`within`](crate::KnowledgeGraph::within)
//!   and [`enclosing`](crate::KnowledgeGraph::enclosing), all lazy iterators.
//! - The headline queries: [`controllers`](crate::KnowledgeGraph::controllers),
//!   [`routes_between`](crate::KnowledgeGraph::routes_between),
//!   [`who_controls_routes_between`](crate::KnowledgeGraph::who_controls_routes_between),
//!   [`route_path`](crate::KnowledgeGraph::route_path),
//!   [`neighbours`](crate::KnowledgeGraph::neighbours),
//!   [`border_path`](crate::KnowledgeGraph::border_path),
//!   [`exports`](crate::KnowledgeGraph::exports),
//!   [`proposals`](crate::KnowledgeGraph::proposals),
//!   [`timeline`](crate::KnowledgeGraph::timeline),
//!   [`explain`](crate::KnowledgeGraph::explain),
//!   [`contested`](crate::KnowledgeGraph::contested) and
//!   [`control_changes`](crate::KnowledgeGraph::control_changes).
//!
//! Every answer borrows the graph, lists its results in a fixed order —
//! id order for most, path order for [`RoutePath`] and [`BorderPath`],
//! oldest first for [`Timeline`]; see
//! [the order of answers](crate::semantics#the-order-of-answers) — carries
//! the facts behind them, prints them with their evidence for people
//! (`Display`), and gives its canonical JSON ([`Answer::to_canonical`]).
//!
//! Traversals keep their visited sets in per-thread scratch arrays reused
//! from query to query, so a query allocates only its answer.

mod borders;
mod contested;
mod controllers;
pub mod cypher;
pub(crate) mod evidence;
mod facts;
mod filter;
mod read;
mod routes;
mod scratch;

pub use borders::{BorderPath, BorderStep, Neighbour, Neighbours};
pub use contested::{Contest, Contested, ControlChange, ControlChanges, ControlHolder};
pub use controllers::{ControlScope, ControlWay, Controller, Controllers};
pub use facts::{Explanation, Exports, Proposals, Timeline, Total};
pub use filter::Filter;
pub use read::{Facts, Linked, PartOfWalk};
pub use routes::{ControlledRoute, Leg, RouteBetween, RouteControllers, RoutePath, RoutesBetween};

/// The kinds of node a query takes at one argument: those for which its
/// answer is not empty by construction, read from the kind table
/// ([`semantics`](crate::semantics#the-kinds-each-query-takes)).
pub(crate) mod takes {
    use crate::model::{FactKind, NodeKind};

    /// `controllers`: what `controls` points to, and a country, whose
    /// regions can be held.
    pub(crate) const CONTROLLED: &[NodeKind] =
        &[NodeKind::Region, NodeKind::Route, NodeKind::Country];
    /// `routes_between`, `who_controls_routes_between`, `route_path`:
    /// what a route passes through.
    pub(crate) const ON_ROUTES: &[NodeKind] = FactKind::PassesThrough.rule().to;
    /// `neighbours`, `border_path`: what borders.
    pub(crate) const BORDERING: &[NodeKind] = FactKind::Borders.rule().from;
    /// `exports`, `from`.
    pub(crate) const EXPORTERS: &[NodeKind] = FactKind::ExportsTo.rule().from;
    /// `exports`, `to`.
    pub(crate) const IMPORTERS: &[NodeKind] = FactKind::ExportsTo.rule().to;
    /// `proposals`, `by`.
    pub(crate) const PROPOSERS: &[NodeKind] = FactKind::Proposes.rule().from;
}

impl crate::KnowledgeGraph {
    /// The node `key` names, when it is of one of `kinds`: the argument
    /// `argument` (named in the error when the query's arguments differ)
    /// of `query`.
    pub(crate) fn locate_for<'g, K: crate::NodeKey + ?Sized>(
        &'g self,
        key: &K,
        query: &'static str,
        argument: Option<&'static str>,
        kinds: &'static [crate::NodeKind],
    ) -> Result<crate::NodeRef<'g>, crate::ResolveError> {
        let node = key.locate(self)?;
        if kinds.contains(&node.kind()) {
            Ok(node)
        } else {
            Err(crate::ResolveError::WrongKind {
                query,
                argument,
                expected: kinds,
                node: crate::error::Candidate::of(node),
            })
        }
    }
}

/// What every answer of a headline query can do: print itself with its
/// evidence (`Display`) and give its canonical JSON.
pub trait Answer: std::fmt::Display {
    /// The canonical answer, the same JSON every implementation of these
    /// semantics writes for this query
    /// ([`semantics`](crate::semantics#canonical-answers)).
    fn to_canonical(&self) -> serde_json::Value;
}

macro_rules! answers {
    ($($t:ident),*) => {$(
        impl Answer for $t<'_> {
            fn to_canonical(&self) -> serde_json::Value {
                $t::to_canonical(self)
            }
        }
    )*};
}

impl Answer for cypher::Rows<'_> {
    /// `{"columns": [...], "rows": [[...], ...]}`: [`cypher::Rows::to_json`].
    fn to_canonical(&self) -> serde_json::Value {
        self.to_json()
    }
}

answers!(
    Contested,
    ControlChanges,
    Controllers,
    RoutesBetween,
    RouteControllers,
    RoutePath,
    Neighbours,
    BorderPath,
    Exports,
    Proposals,
    Timeline,
    Explanation
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_can_be_sent_and_shared_across_threads() {
        fn check<T: Send + Sync>() {}
        check::<Controllers<'static>>();
        check::<RouteControllers<'static>>();
        check::<RoutePath<'static>>();
        check::<BorderPath<'static>>();
        check::<Exports<'static>>();
        check::<Timeline<'static>>();
        check::<Contested<'static>>();
        check::<ControlChanges<'static>>();
        check::<PartOfWalk<'static>>();
        check::<Facts<'static>>();
    }
}
