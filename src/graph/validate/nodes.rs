//! Checking the nodes: ids, kinds, names, and the fields of each kind.

use crate::error::{Location, ProblemKind, Section, a_or_an};
use crate::graph::NodeIdx;
use crate::graph::draft::{DraftNode, Field};
use crate::graph::index::IdIndex;
use crate::graph::validate::checker::{Checker, at};
use crate::model::{Coords, Iso2, NodeField, NodeKind, RouteMode, RouteStatus, list_kinds};

/// A draft's node ids → their positions, in the graph's id index: an id
/// of up to eight bytes is matched in the index's slot, without reading the
/// document, which matters for the millions of `from`, `to` and speaker
/// references of a large one.
pub(super) struct DraftIds<'d> {
    index: IdIndex,
    nodes: &'d [DraftNode<'d>],
    /// How many distinct ids.
    pub len: usize,
}

impl<'d> DraftIds<'d> {
    fn id_at(nodes: &'d [DraftNode<'d>], n: NodeIdx) -> &'d str {
        nodes
            .get(n.get())
            .and_then(|d| d.id.given())
            .map_or("", |s| s.as_ref())
    }

    pub(super) fn get(&self, id: &str) -> Option<usize> {
        let nodes = self.nodes;
        self.index
            .get(id, |n| Self::id_at(nodes, n))
            .map(NodeIdx::get)
    }

    /// Every id with its node's position, for suggestions.
    pub(super) fn entries(&self) -> impl Iterator<Item = (&'d str, NodeIdx)> + '_ {
        let nodes = self.nodes;
        self.index
            .positions()
            .map(move |n| (Self::id_at(nodes, n), n))
    }

    /// The id and name of the node at a position (either may be empty
    /// in a draft with errors).
    pub(super) fn node(&self, n: NodeIdx) -> (&'d str, Option<&'d str>) {
        let name = self
            .nodes
            .get(n.get())
            .and_then(|d| d.name.given())
            .map(|s| s.as_ref())
            .filter(|s| !s.trim().is_empty());
        (Self::id_at(self.nodes, n), name)
    }
}

/// Checks every node: its id, kind, names, and the fields of its kind.
pub(super) fn validate_nodes<'d>(
    nodes: &'d [DraftNode<'d>],
    c: &mut Checker<'_>,
) -> (DraftIds<'d>, Vec<Option<NodeKind>>) {
    let mut ids = DraftIds {
        index: IdIndex::with_capacity(nodes.len()),
        nodes,
        len: 0,
    };
    let mut kinds = Vec::with_capacity(nodes.len());
    let sec = Section::Nodes;
    for (i, n) in nodes.iter().enumerate() {
        if let Some(id) = c.well_formed_id(&n.id, sec, i, "node") {
            let id_at = |p| DraftIds::id_at(nodes, p);
            match ids.index.insert(id, i as u32, id_at) {
                Some(first) => c.duplicate(id, sec, i, "node", first.get()),
                None => ids.len += 1,
            }
        }
        let kind = match &n.kind {
            Field::Given(k) => Some(*k),
            Field::Invalid => None,
            Field::Absent => {
                c.error(|| {
                    (
                        Location::item(sec, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(NodeKind::ALL),
                        },
                    )
                });
                None
            }
        };
        kinds.push(kind);
        c.required_text(&n.name, sec, i, "name", "the node's name");
        if let Field::Given(aliases) = &n.aliases {
            if aliases.len() > c.limits.max_aliases {
                let limit = c.limits.max_aliases;
                c.error(|| {
                    (
                        at(sec, i, "aliases"),
                        ProblemKind::OverLimit {
                            what: "number of aliases",
                            count: aliases.len(),
                            limit,
                        },
                    )
                });
            }
            for (j, a) in aliases.iter().enumerate().take(c.limits.max_aliases) {
                if a.trim().is_empty() {
                    c.error(|| {
                        (
                            at(sec, i, format!("aliases[{j}]")),
                            ProblemKind::EmptyText { field: "alias" },
                        )
                    });
                } else {
                    c.text_len_at(a, sec, i, || format!("aliases[{j}]"));
                }
            }
        }
        c.optional_text(&n.extras().description, sec, i, "description");
        c.props(&n.extras().props, sec, i);
        let Some(kind) = kind else { continue };
        for f in NodeField::ALL {
            if n.has(f) && !kind.fields().contains(&f) {
                c.error(|| {
                    (
                        at(sec, i, f.as_str()),
                        ProblemKind::FieldOfOtherKind {
                            field: f.as_str(),
                            kind: format!("{} {kind} node", a_or_an(kind.as_str())),
                            owners: list_kinds(f.kinds()),
                        },
                    )
                });
            }
        }
        match kind {
            NodeKind::Country => {
                if let Field::Given(s) = &n.extras().iso2
                    && let Err(e) = s.parse::<Iso2>()
                {
                    c.error(|| (at(sec, i, "iso2"), e.into()));
                }
            }
            NodeKind::Region => {
                if let Field::Given((lat, lon)) = n.coords
                    && let Err(e) = Coords::new(lat, lon)
                {
                    c.error(|| (at(sec, i, "coords"), e.into()));
                }
                c.optional_text(&n.level, sec, i, "level");
                if let Field::Given(res) = &n.resources {
                    for (j, r) in res.iter().enumerate() {
                        if r.commodity.trim().is_empty() {
                            c.error(|| {
                                (
                                    at(sec, i, format!("resources[{j}].commodity")),
                                    ProblemKind::EmptyText { field: "commodity" },
                                )
                            });
                        } else {
                            c.text_len_at(&r.commodity, sec, i, || {
                                format!("resources[{j}].commodity")
                            });
                        }
                        if let Some(q) = &r.sites {
                            c.text_len_at(q.unit(), sec, i, || {
                                format!("resources[{j}].sites.unit")
                            });
                        }
                    }
                }
            }
            NodeKind::Route => {
                if let Field::Given(s) = &n.extras().mode
                    && let Err(e) = s.parse::<RouteMode>()
                {
                    c.error(|| (at(sec, i, "mode"), e.into()));
                }
                if let Field::Given(s) = &n.extras().status
                    && let Err(e) = s.parse::<RouteStatus>()
                {
                    c.error(|| (at(sec, i, "status"), e.into()));
                }
            }
            NodeKind::Person => c.optional_text(&n.extras().title, sec, i, "title"),
            NodeKind::ArmedGroup | NodeKind::Organization => {}
        }
    }
    (ids, kinds)
}
