//! Possible duplicates in a merged graph: things that may be one thing
//! under two ids, found in the graph (so whatever order the documents came
//! in) and reported only where more than one document gives them (a
//! document's author who kept two things apart meant them apart).

use rustc_hash::FxHashMap;

use crate::error::{Location, Section};
use crate::graph::merge::report::{Member, PossibleDuplicate};
use crate::graph::merge::unite::ItemOrigins;
use crate::graph::{FactIdx, KnowledgeGraph, NodeIdx};
use crate::model::{FactDetails, FactKind, NodeKind};

/// Where each merged item is, by id, and the documents' names.
pub(super) struct Whence<'w> {
    pub names: &'w [&'w str],
    pub nodes: FxHashMap<&'w str, &'w ItemOrigins>,
    pub facts: FxHashMap<&'w str, &'w ItemOrigins>,
}

impl Whence<'_> {
    fn member(&self, section: Section, id: &str) -> (Member, Vec<u32>) {
        let origins = match section {
            Section::Facts => self.facts.get(id),
            _ => self.nodes.get(id),
        };
        let origins = origins.map_or(&[][..], |o| &o.origins[..]);
        let at = origins
            .iter()
            .map(|o| {
                let name = self.names.get(o.doc as usize).copied().unwrap_or_default();
                Location::item(section, o.index as usize).in_document(name)
            })
            .collect();
        let docs = origins.iter().map(|o| o.doc).collect();
        (
            Member {
                id: id.to_owned(),
                at,
            },
            docs,
        )
    }

    /// The members, when more than one document gives them.
    fn group(&self, section: Section, ids: &[&str]) -> Option<Vec<Member>> {
        let mut docs: Vec<u32> = Vec::new();
        let mut members = Vec::with_capacity(ids.len());
        for id in ids {
            let (m, d) = self.member(section, id);
            docs.extend(d);
            members.push(m);
        }
        docs.sort_unstable();
        docs.dedup();
        (docs.len() > 1).then_some(members)
    }
}

/// Facts of one kind between the same nodes with the same fields, their
/// periods overlapping in a chain; then nodes of one kind sharing a folded
/// name or alias.
pub(super) fn possible_duplicates(
    g: &KnowledgeGraph,
    whence: &Whence<'_>,
) -> Vec<PossibleDuplicate> {
    let mut out = Vec::new();
    // Facts, grouped by kind, ends and fields, in fact (id) order.
    type Key<'g> = (FactKind, NodeIdx, NodeIdx, &'g FactDetails);
    let mut groups: FxHashMap<Key<'_>, Vec<FactIdx>> = FxHashMap::default();
    for (i, m) in g.meta.iter().enumerate() {
        if m.deprecated {
            continue;
        }
        let f = FactIdx(i as u32);
        let (a, b) = if m.kind.is_symmetric() && m.to < m.from {
            (m.to, m.from)
        } else {
            (m.from, m.to)
        };
        groups
            .entry((m.kind, a, b, &g.fact_record(f).details))
            .or_default()
            .push(f);
    }
    let mut found: Vec<Vec<FactIdx>> = Vec::new();
    for (_, mut facts) in groups {
        if facts.len() < 2 {
            continue;
        }
        // Chains of overlapping periods: ordered by start, a fact joins
        // the chain when it starts by the chain's last day.
        facts.sort_by_key(|f| (g.fact_meta(*f).start, g.fact_meta(*f).end, *f));
        let mut chain: Vec<FactIdx> = Vec::new();
        let mut chain_end = 0u32;
        for f in facts {
            let m = g.fact_meta(f);
            if !chain.is_empty() && m.start > chain_end {
                found.push(std::mem::take(&mut chain));
            }
            chain_end = if chain.is_empty() {
                m.end
            } else {
                chain_end.max(m.end)
            };
            chain.push(f);
        }
        found.push(chain);
    }
    for chain in &mut found {
        chain.sort_unstable();
    }
    found.retain(|c| c.len() > 1);
    found.sort_unstable();
    for chain in found {
        let ids: Vec<&str> = chain
            .iter()
            .map(|&f| g.fact_record(f).id.as_str())
            .collect();
        if let Some(members) = whence.group(Section::Facts, &ids) {
            out.push(PossibleDuplicate::Facts { members });
        }
    }
    // Nodes: each folded name held by nodes of one kind.
    let mut named: Vec<(&str, NodeKind, Vec<NodeIdx>)> = Vec::new();
    for (name, holders) in &g.names {
        let holders = holders.as_slice();
        if holders.len() < 2 {
            continue;
        }
        for kind in NodeKind::ALL {
            let mut of_kind: Vec<NodeIdx> = holders
                .iter()
                .copied()
                .filter(|&n| g.node_data(n).kind() == kind)
                .collect();
            if of_kind.len() > 1 {
                of_kind.sort_by_key(|&n| g.id_rank(n));
                named.push((name, kind, of_kind));
            }
        }
    }
    named.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    for (name, kind, nodes) in named {
        let ids: Vec<&str> = nodes.iter().map(|&n| g.node_data(n).id.as_str()).collect();
        if let Some(members) = whence.group(Section::Nodes, &ids) {
            out.push(PossibleDuplicate::Nodes {
                kind,
                name: name.to_owned(),
                members,
            });
        }
    }
    out
}
