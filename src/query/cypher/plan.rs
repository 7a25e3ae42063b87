//! What a checked query becomes: compiled expressions with their
//! variables as slots and their properties resolved per kind, and per
//! `MATCH` an ordered list of steps (anchor, expansions, filters). Built by
//! [`compile`](super::compile), run by [`exec`](super::exec).

use std::sync::Arc;

use super::ast::{AggregateFunction, BinaryOp, Span};
use super::code::{Compiled, Predicate};
use super::value::Value;
use crate::graph::Dir;
use crate::graph::schema::{FactProperty, NodeProperty, SOURCE_LABEL, SourceProperty};
use crate::model::{FactKind, NodeKind};

/// A set of labels: the six node kinds and `Source`, a bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Labels(pub(crate) u8);

const SOURCE_BIT: u8 = 1 << 6;

impl Labels {
    pub(crate) const ALL: Labels = Labels(0x7F);
    pub(crate) const NONE: Labels = Labels(0);
    pub(crate) const SOURCE: Labels = Labels(SOURCE_BIT);
    /// The six node kinds, without `Source`.
    pub(crate) const GRAPH: Labels = Labels(0x3F);

    pub(crate) fn of(kind: NodeKind) -> Labels {
        Labels(1 << kind.index())
    }

    /// The label named exactly `name`.
    pub(crate) fn named(name: &str) -> Option<Labels> {
        if name == SOURCE_LABEL {
            return Some(Labels::SOURCE);
        }
        NodeKind::from_label(name).map(Labels::of)
    }

    pub(crate) fn has(self, kind: NodeKind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    pub(crate) fn has_source(self) -> bool {
        self.0 & SOURCE_BIT != 0
    }

    pub(crate) fn kinds(self) -> impl Iterator<Item = NodeKind> {
        NodeKind::ALL.into_iter().filter(move |k| self.has(*k))
    }

    pub(crate) fn and(self, other: Labels) -> Labels {
        Labels(self.0 & other.0)
    }

    pub(crate) fn or(self, other: Labels) -> Labels {
        Labels(self.0 | other.0)
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(crate) fn is_subset(self, other: Labels) -> bool {
        self.0 & !other.0 == 0
    }

    pub(crate) fn from_kinds(kinds: &[NodeKind]) -> Labels {
        kinds
            .iter()
            .fold(Labels::NONE, |acc, k| acc.or(Labels::of(*k)))
    }

    /// Every label name, in order.
    pub(crate) fn names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.kinds().map(NodeKind::label).collect();
        if self.has_source() {
            names.push(SOURCE_LABEL);
        }
        names
    }
}

/// A set of relationship types: the nine fact kinds, a bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Kinds(pub(crate) u16);

impl Kinds {
    pub(crate) const ALL: Kinds = Kinds(0x1FF);

    pub(crate) fn of(kind: FactKind) -> Kinds {
        Kinds(1 << kind.index())
    }

    pub(crate) fn has(self, kind: FactKind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    pub(crate) fn kinds(self) -> impl Iterator<Item = FactKind> {
        FactKind::ALL.into_iter().filter(move |k| self.has(*k))
    }

    pub(crate) fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A property name resolved, once, for every kind that has it.
#[derive(Debug, Clone)]
pub(crate) struct PropKey {
    pub(crate) name: String,
    pub(crate) node: [Option<&'static NodeProperty>; NodeKind::ALL.len()],
    pub(crate) fact: [Option<&'static FactProperty>; FactKind::ALL.len()],
    pub(crate) source: Option<&'static SourceProperty>,
}

impl PropKey {
    pub(crate) fn new(name: &str) -> PropKey {
        PropKey {
            name: name.to_owned(),
            node: NodeKind::ALL.map(|k| crate::graph::schema::node_property(k, name)),
            fact: FactKind::ALL.map(|k| crate::graph::schema::fact_property(k, name)),
            source: crate::graph::schema::source_property(name),
        }
    }
}

/// The functions, other than aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Id,
    Labels,
    Type,
    Size,
    Coalesce,
    ToLower,
    ToUpper,
}

impl Func {
    /// Every function: its name as documented, and its arity (`None`:
    /// one or more).
    pub(crate) const ALL: [(Func, &'static str, Option<usize>); 7] = [
        (Func::Id, "id", Some(1)),
        (Func::Labels, "labels", Some(1)),
        (Func::Type, "type", Some(1)),
        (Func::Size, "size", Some(1)),
        (Func::Coalesce, "coalesce", None),
        (Func::ToLower, "toLower", Some(1)),
        (Func::ToUpper, "toUpper", Some(1)),
    ];
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub(crate) enum Ex {
    Const(Value<'static>),
    Param(usize, Span),
    Var(usize),
    Prop(Box<Ex>, Box<PropKey>, Span),
    Index(Box<Ex>, Box<Ex>, Span),
    HasLabel(Box<Ex>, Labels),
    Not(Box<Ex>, Span),
    Neg(Box<Ex>, Span),
    Plus(Box<Ex>, Span),
    Bin(BinaryOp, Box<Ex>, Box<Ex>, Span),
    IsNull(Box<Ex>, bool),
    List(Vec<Ex>),
    Map(Vec<(String, Ex)>),
    Func(Func, Vec<Ex>, Span),
    /// A pattern predicate: whether it has a match.
    Pattern(Arc<MatchPlan>),
}

impl Ex {
    /// The slots the expression reads.
    pub(crate) fn slots(&self, out: &mut Vec<usize>) {
        match self {
            Ex::Const(_) | Ex::Param(..) => {}
            Ex::Var(s) => out.push(*s),
            Ex::Prop(e, _, _)
            | Ex::HasLabel(e, _)
            | Ex::Not(e, _)
            | Ex::Neg(e, _)
            | Ex::Plus(e, _)
            | Ex::IsNull(e, _) => e.slots(out),
            Ex::Index(a, b, _) | Ex::Bin(_, a, b, _) => {
                a.slots(out);
                b.slots(out);
            }
            Ex::List(items) | Ex::Func(_, items, _) => items.iter().for_each(|e| e.slots(out)),
            Ex::Map(entries) => entries.iter().for_each(|(_, e)| e.slots(out)),
            Ex::Pattern(m) => out.extend(&m.inputs),
        }
    }
}

/// Which way a step goes along a fact, from the node it starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// Along facts the node is the `from` of.
    Out,
    /// Along facts the node is the `to` of.
    In,
    /// Either.
    Both,
}

/// One step of a `MATCH`.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// Every node with one of the labels.
    Scan { slot: usize, labels: Labels },
    /// The node with this id, if it has one of the labels.
    ById {
        slot: usize,
        labels: Labels,
        key: Compiled,
    },
    /// The nodes with this name, of the labels.
    ByName {
        slot: usize,
        labels: Labels,
        key: Compiled,
    },
    /// A node bound before: it must be a node with one of the labels.
    Check { slot: usize, labels: Labels },
    /// Relationships from a bound node.
    Expand(Box<Expand>),
    /// A predicate that must be true.
    Filter(Predicate),
}

/// Following relationships from a bound node to another.
#[derive(Debug, Clone)]
pub(crate) struct Expand {
    pub(crate) from: usize,
    pub(crate) to: usize,
    /// The relationship's slot (a list for a variable length).
    pub(crate) rel: usize,
    /// Bound before this `MATCH`: the fact must be that one.
    pub(crate) rel_bound: bool,
    /// Whether the pattern names it (a variable length binds a list).
    pub(crate) rel_named: bool,
    pub(crate) way: Way,
    /// `*min..max` (`max` none: no bound).
    pub(crate) length: Option<(u32, Option<u32>)>,
    /// The step goes right to left of the pattern as written, so a
    /// variable length's list is reversed.
    pub(crate) reversed: bool,
    pub(crate) to_bound: bool,
    pub(crate) to_labels: Labels,
    /// Whether a node the relationships reach can lack the labels: when
    /// the kind table says they all have one, the node is not read.
    pub(crate) check_to: bool,
    /// The (kind, direction) slices of the adjacency index it reads from
    /// a node ([`slices`]).
    pub(crate) slices: Vec<(FactKind, Dir)>,
    /// Properties each relationship of a variable length must have.
    pub(crate) props: Vec<(PropKey, Compiled)>,
    /// Other relationship patterns of the `MATCH` could match the same
    /// fact, so the facts of a match are tracked to use each once.
    pub(crate) track: bool,
    /// An unnamed `[:PART_OF*]` (or `*0..`) that no other relationship of
    /// its `MATCH` could share a fact with: matched through the `part_of`
    /// closure, each node reached once with the number of its paths.
    pub(crate) closure: bool,
    /// Whether the number of paths to a node reached through the closure
    /// matters: not where the rows meet only `DISTINCT`, `min`, `max` or
    /// a pattern predicate's question whether there is one.
    pub(crate) counted: bool,
    /// A single step whose far node and relationship nothing after it
    /// reads, and after which the match follows no other relationship:
    /// the relationships that fit are counted, and the row goes on once,
    /// standing for that many ([`State::weight`](super::exec::State)).
    pub(crate) count_only: bool,
    /// A `[:PART_OF*]` closure that ends the last `MATCH` of its segment,
    /// whose projection only counts (one group; `count(*)`, `count(x)`,
    /// `count(DISTINCT x)` of the node reached): the nodes that fit go to
    /// the projection at once, each with the number of rows it stands
    /// for ([`State::tally`](super::exec::State)), not a row each.
    pub(crate) tally: bool,
}

/// The (kind, direction) slices an expansion along `kinds` in `way` reads
/// from a node: one for a symmetric kind, whose slice holds every fact
/// touching the node.
pub(crate) fn slices(kinds: Kinds, way: Way) -> Vec<(FactKind, Dir)> {
    let mut out = Vec::new();
    for k in kinds.kinds() {
        let dirs: &[Dir] = if k.is_symmetric() {
            &[Dir::Out]
        } else {
            match way {
                Way::Out => &[Dir::Out],
                Way::In => &[Dir::In],
                Way::Both => &[Dir::Out, Dir::In],
            }
        };
        out.extend(dirs.iter().map(|&d| (k, d)));
    }
    out
}

/// A `MATCH` (or a pattern predicate) as steps.
#[derive(Debug, Clone)]
pub(crate) struct MatchPlan {
    pub(crate) optional: bool,
    pub(crate) steps: Vec<Step>,
    /// Every slot the clause binds, set to null by an `OPTIONAL MATCH`
    /// without a match.
    pub(crate) binds: Vec<usize>,
    /// For a pattern predicate: the slots bound outside it that it reads.
    pub(crate) inputs: Vec<usize>,
}

/// An aggregate of a projection.
#[derive(Debug, Clone)]
pub(crate) struct Aggregate {
    pub(crate) function: AggregateFunction,
    pub(crate) distinct: bool,
    /// `None`: `count(*)`.
    pub(crate) argument: Option<Compiled>,
    /// Where its result goes.
    pub(crate) slot: usize,
    pub(crate) span: Span,
}

/// `SKIP` or `LIMIT`.
#[derive(Debug, Clone)]
pub(crate) enum Count {
    Const(u64),
    Param(usize),
}

/// A `WITH` or `RETURN`.
#[derive(Debug, Clone)]
pub(crate) struct ProjectionPlan {
    /// Each item's expression and slot.
    pub(crate) items: Vec<(Compiled, usize)>,
    /// Whether each item holds an aggregate (the others group).
    pub(crate) aggregated: Vec<bool>,
    pub(crate) aggregates: Vec<Aggregate>,
    /// A group keeps its first row, for items that mix an aggregate with
    /// other variables.
    pub(crate) group_env: bool,
    /// Every grouping item is the node in this slot or its `id`, and the
    /// slot holds a node of the graph (not a source) or null: rows whose
    /// node is the same are in the same group, and no two nodes give the
    /// same key, so groups are found by the node's position.
    pub(crate) group_node: Option<usize>,
    pub(crate) distinct: bool,
    /// `ORDER BY` keys, evaluated once the items are set; `true`: descending.
    pub(crate) order: Vec<(Compiled, bool)>,
    pub(crate) skip: Option<Count>,
    pub(crate) limit: Option<Count>,
    /// `WITH … WHERE`.
    pub(crate) filter: Option<Predicate>,
}

impl ProjectionPlan {
    pub(crate) fn groups(&self) -> bool {
        !self.aggregates.is_empty()
    }
}

/// A reading clause before a projection.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Match(MatchPlan),
    Unwind { list: Compiled, slot: usize },
}

/// Clauses up to a `WITH` or the `RETURN`.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) ops: Vec<Op>,
    pub(crate) end: ProjectionPlan,
}

/// A whole query, checked and planned.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) segments: Vec<Segment>,
    pub(crate) slots: usize,
    /// The parameters the query uses, by position.
    pub(crate) params: Vec<String>,
    pub(crate) columns: std::sync::Arc<[String]>,
}
