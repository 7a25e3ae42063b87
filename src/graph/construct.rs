//! Construction: a graph from a draft that validation passed. It has
//! nothing left to check: every reference is resolved, every value parses.
//! Items are laid out in storage order and the indexes built once.

use std::borrow::Cow;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::error::{Problems, ValidationReport};
use crate::graph::contest::{ContestIndex, Evidence};
use crate::graph::draft::{Draft, DraftFact, DraftNode, Field};
use crate::graph::id_sort::order_by;
use crate::graph::index::{Adjacency, IdIndex, TradeIndex};
use crate::graph::layout::{self, LayoutFacts};
use crate::graph::names::NameIndex;
use crate::graph::route_links::RouteLinks;
use crate::graph::select::Selection;
use crate::graph::support::{NEVER, entry_origin, fact_support, source_origins};
use crate::graph::validate::Resolved;
use crate::graph::{
    EvidenceRecord, EvidenceSpan, FactIdx, FactMeta, FactRecord, KnowledgeGraph, Limits, NodeIdx,
};
use crate::model::{
    Coords, Credibility, FactDetails, FactId, FactKind, Node, NodeDetails, NodeId, NodeKind,
    PartialDate, Period, RegionDetails, Source, SourceFields, SourceId, Stance,
};

fn rank_of(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &p) in order.iter().enumerate() {
        rank[p as usize] = r as u32;
    }
    rank
}

fn text(f: Field<Cow<'_, str>>) -> Option<String> {
    match f {
        Field::Given(s) => Some(s.into_owned()),
        _ => None,
    }
}

pub(super) fn construct(
    draft: Draft<'_>,
    r: Resolved,
    mut names: NameIndex,
    limits: Limits,
    mut problems: Problems,
) -> KnowledgeGraph {
    // Items are taken out of the draft's lists in storage order, leaving
    // empty defaults behind, so nothing is copied and the lists are freed
    // at the end.
    let Draft {
        mut sources,
        mut nodes,
        mut facts,
        evidence: mut draft_evidence,
    } = draft;

    // Sources, in id order.
    let source_order = order_by(sources.len(), |i| {
        sources
            .get(i)
            .and_then(|s| s.id.given())
            .map_or("", |s| s.as_ref())
    });
    let source_rank = rank_of(&source_order);
    let sources: Vec<Source> = source_order
        .iter()
        .filter_map(|&p| sources.get_mut(p as usize).map(std::mem::take))
        .map(|mut s| {
            Source::new(
                SourceId::from_checked(text(std::mem::take(&mut s.id)).unwrap_or_default()),
                text(s.publisher).unwrap_or_default(),
                SourceFields {
                    title: text(s.title),
                    published: s.published.take(),
                    url: text(s.url),
                    reliability: s.reliability.take(),
                    outlet: text(s.outlet).map(NodeId::from_checked),
                },
            )
        })
        .collect();

    // Nodes: ranked by id, stored in layout order (see `layout`).
    let node_order = order_by(nodes.len(), |i| {
        nodes
            .get(i)
            .and_then(|n| n.id.given())
            .map_or("", |s| s.as_ref())
    });
    let node_rank = rank_of(&node_order);
    let kind_at = |p: usize| r.node_kind.get(p).copied().unwrap_or(NodeKind::Region);
    let kinds_by_rank: Vec<NodeKind> = node_order.iter().map(|&p| kind_at(p as usize)).collect();
    let mut layout_facts = LayoutFacts::default();
    for (f, &(a, b)) in facts.iter().zip(&r.fact_ends) {
        if let (Some(&kind), Some(&a), Some(&b)) = (
            f.kind.given(),
            node_rank.get(a as usize),
            node_rank.get(b as usize),
        ) {
            layout_facts.add(kind, a, b);
        }
    }
    // Storage position → id rank, and back.
    let id_rank = layout::storage_order(&kinds_by_rank, &layout_facts);
    drop(layout_facts);
    let position_of_rank = rank_of(&id_rank);
    // Draft position → storage position.
    let node_pos: Vec<u32> = node_rank
        .iter()
        .map(|&k| position_of_rank.get(k as usize).copied().unwrap_or(0))
        .collect();
    let mut graph: DiGraph<Node, FactRecord, u32> =
        DiGraph::with_capacity(nodes.len(), facts.len());
    let mut by_kind: [Vec<NodeIdx>; NodeKind::ALL.len()] = Default::default();
    for (&pos, kind) in position_of_rank.iter().zip(&kinds_by_rank) {
        by_kind[kind.index()].push(NodeIdx(pos));
    }
    // The name index, from draft positions to id ranks (to sort holders in
    // id order), then to storage positions.
    for holders in names.values_mut() {
        holders.map_sort(|p| NodeIdx(node_rank.get(p.get()).copied().unwrap_or(0)));
        holders.map(|k| NodeIdx(position_of_rank.get(k.get()).copied().unwrap_or(0)));
    }
    for &k in &id_rank {
        let Some(&p) = node_order.get(k as usize) else {
            continue;
        };
        let Some(d) = nodes.get_mut(p as usize).map(std::mem::take) else {
            continue;
        };
        graph.add_node(make_node(d, kind_at(p as usize)));
    }
    // The emptied draft nodes go now, not after the facts are built too.
    drop(nodes);
    let id_order: Vec<NodeIdx> = position_of_rank.into_iter().map(NodeIdx).collect();

    let ids = IdIndex::build(graph.raw_nodes().iter().map(|n| n.weight.id.as_str()));
    // The origin of each source's entries, by storage position (sources
    // are stored in id order).
    let outlets: Vec<u32> = source_order
        .iter()
        .map(|&p| match r.outlets.get(p as usize) {
            Some(&n) if n != u32::MAX => node_pos.get(n as usize).copied().unwrap_or(0),
            _ => EvidenceRecord::NONE,
        })
        .collect();
    let (source_origin, origins) = source_origins(&sources, &outlets, graph.node_count() as u32);
    // Each source's published date as the key of its first day (0: none),
    // for the statement dates of its entries.
    let published: Vec<u32> = sources
        .iter()
        .map(|s| s.published().map_or(0, |d| d.start_key()))
        .collect();
    // Facts, in id order.
    let fact_id = |i: usize| -> &str {
        match facts.get(i).map(|f| &f.id) {
            Some(Field::Given(s)) => s.as_ref(),
            _ => r
                .assigned_ids
                .get(i)
                .and_then(Option::as_deref)
                .unwrap_or(""),
        }
    };
    let fact_order = match r.fact_order {
        Some(order) => order,
        None => order_by(facts.len(), fact_id),
    };
    let mut assigned_ids = r.assigned_ids;
    let mut meta = Vec::with_capacity(facts.len());
    let mut support = Vec::with_capacity(facts.len());
    // The evidence of each fact some statement disputes, in fact order.
    let mut disputed_spans: Vec<EvidenceSpan> = Vec::new();
    let mut deprecated: Vec<(FactIdx, Box<str>)> = Vec::new();
    let mut evidence = Vec::with_capacity(r.evidence.len());
    let mut notes: Vec<Box<str>> = Vec::new();
    for &p in &fact_order {
        let p = p as usize;
        let Some(mut d) = facts.get_mut(p).map(std::mem::take) else {
            continue;
        };
        let Some(&(a, b)) = r.fact_ends.get(p) else {
            continue;
        };
        let (from, to) = (
            NodeIdx(node_pos.get(a as usize).copied().unwrap_or(0)),
            NodeIdx(node_pos.get(b as usize).copied().unwrap_or(0)),
        );
        let id = match std::mem::take(&mut d.id) {
            Field::Given(s) => s.into_owned(),
            _ => assigned_ids
                .get_mut(p)
                .and_then(Option::take)
                .unwrap_or_default(),
        };
        let entries = d.evidence.take().unwrap_or_default();
        // Counts fit in u32: a document is at most 4 GiB, an entry more
        // than a byte.
        let span = EvidenceSpan {
            start: evidence.len() as u32,
            len: entries.len,
        };
        for k in entries.range() {
            let (s, speaker) = r.evidence.get(k).copied().unwrap_or((0, u32::MAX));
            // Most entries have no extras: nothing to take apart for them.
            let (stance, said, credibility, note) =
                match draft_evidence.get_mut(k).and_then(|e| e.extras.take()) {
                    Some(x) => (
                        x.stance.given().copied().unwrap_or_default(),
                        x.said.given().copied(),
                        x.credibility.given().copied(),
                        text(x.note),
                    ),
                    None => (Stance::Supports, None, None, None),
                };
            let source = source_rank.get(s as usize).copied().unwrap_or(0);
            let speaker = (speaker != u32::MAX).then(|| {
                let kind = r
                    .node_kind
                    .get(speaker as usize)
                    .copied()
                    .unwrap_or(NodeKind::Person);
                let rank = node_rank.get(speaker as usize).copied().unwrap_or(0);
                let pos = node_pos.get(speaker as usize).copied().unwrap_or(0);
                (rank, pos, kind)
            });
            let origin = entry_origin(
                speaker.map(|(_, pos, kind)| (pos, kind)),
                source_origin.get(source as usize).copied().unwrap_or(0),
            );
            let note = match note {
                Some(n) => {
                    notes.push(n.into_boxed_str());
                    notes.len() as u32 - 1
                }
                None => EvidenceRecord::NONE,
            };
            evidence.push(EvidenceRecord {
                source,
                speaker: speaker.map_or(EvidenceRecord::NONE, |(_, pos, _)| pos),
                note,
                origin,
                said_stance: EvidenceRecord::said_stance(said, stance, credibility),
            });
        }
        // The canonical order (see `semantics`, "The order of evidence"),
        // whatever order the document or builder gave; most facts have one
        // entry, or entries already in order.
        if let Some(list) = evidence.get_mut(span.range())
            && list.len() > 1
        {
            let key = |e: &EvidenceRecord| evidence_key(e, &id_rank, &notes);
            if !list.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
                list.sort_by(|a, b| key(a).cmp(&key(b)));
            }
        }
        let record = fact_support(evidence.get(span.range()).unwrap_or(&[]), &published);
        if record.first_dispute != NEVER {
            disputed_spans.push(span);
        }
        support.push(record);
        let (record, reason) = make_fact(d, FactId::from_checked(id), span);
        if let Some(reason) = reason {
            deprecated.push((FactIdx(meta.len() as u32), reason));
        }
        meta.push(FactMeta {
            from,
            to,
            start: record.valid.start_key(),
            end: record.valid.end_key(),
            kind: record.details.kind(),
            confidence: record.confidence,
            deprecated: deprecated
                .last()
                .is_some_and(|(f, _)| f.get() == meta.len()),
        });
        graph.add_edge(NodeIndex::new(from.get()), NodeIndex::new(to.get()), record);
    }

    let adjacency = Adjacency::build(graph.node_count(), &meta);
    let route_links = RouteLinks::build(&adjacency, graph.node_count());
    let trade = TradeIndex::build(&meta, |f| {
        graph
            .edge_weight(EdgeIndex::new(f.get()))
            .map(|r| &r.details)
    });
    let contests = ContestIndex::build(
        graph.node_count(),
        &meta,
        &support,
        &id_rank,
        Evidence {
            entries: &evidence,
            published: &published,
            disputed: &disputed_spans,
        },
        |f| {
            graph
                .edge_weight(EdgeIndex::new(f.get()))
                .map(|r| &r.details)
        },
    );
    drop(disputed_spans);
    let selection = Selection::build(&meta, sources.len(), |f| {
        graph
            .edge_weight(EdgeIndex::new(f.get()))
            .and_then(|r| evidence.get(r.evidence.range()))
            .unwrap_or(&[])
    });
    let (warnings, more_warnings) = problems.take_warnings();
    let warnings = ValidationReport {
        warnings,
        more_warnings,
        ..ValidationReport::default()
    };
    KnowledgeGraph {
        graph,
        sources,
        evidence,
        notes,
        meta,
        support,
        origins,
        deprecated,
        adjacency,
        selection,
        route_links,
        ids,
        trade,
        contests,
        names,
        by_kind,
        id_order,
        id_rank,
        warnings,
        limits,
    }
}

fn make_node(mut d: DraftNode<'_>, kind: NodeKind) -> Node {
    let mut x = d.extras.take().map(|b| *b).unwrap_or_default();
    let details = match kind {
        NodeKind::Country => NodeDetails::Country {
            iso2: x.iso2.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::ArmedGroup => NodeDetails::ArmedGroup,
        NodeKind::Region => NodeDetails::Region(RegionDetails {
            level: text(std::mem::take(&mut d.level)),
            coords: d
                .coords
                .given()
                .and_then(|&(lat, lon)| Coords::new(lat, lon).ok()),
            resources: d.resources.take().unwrap_or_default(),
        }),
        NodeKind::Route => NodeDetails::Route {
            mode: x.mode.given().and_then(|s| s.parse().ok()),
            status: x.status.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::Person => NodeDetails::Person {
            title: text(std::mem::take(&mut x.title)),
        },
        NodeKind::Organization => NodeDetails::Organization,
    };
    Node {
        id: NodeId::from_checked(text(d.id).unwrap_or_default()),
        name: text(d.name).unwrap_or_default(),
        aliases: d
            .aliases
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect(),
        description: text(x.description),
        props: x.props.take().unwrap_or_default(),
        details,
    }
}

/// The record of a fact, and why it is deprecated, when it is.
fn make_fact(
    mut d: DraftFact<'_>,
    id: FactId,
    evidence: EvidenceSpan,
) -> (FactRecord, Option<Box<str>>) {
    let kind = d.kind.take().unwrap_or(FactKind::Controls);
    let mut x = d.extras.take().map(|b| *b).unwrap_or_default();
    let details = match kind {
        FactKind::Controls => FactDetails::Controls {
            mode: x.mode.given().and_then(|s| s.parse().ok()),
        },
        FactKind::Borders => FactDetails::Borders,
        FactKind::ExportsTo => FactDetails::ExportsTo {
            commodity: text(x.commodity).unwrap_or_default(),
            quantity: x.quantity.take(),
        },
        FactKind::Proposes => FactDetails::Proposes {
            action: text(x.action).unwrap_or_default(),
        },
        FactKind::PartOf => FactDetails::PartOf,
        FactKind::PassesThrough => FactDetails::PassesThrough {
            order: d.order.take(),
        },
        FactKind::MemberOf => FactDetails::MemberOf { role: text(x.role) },
        FactKind::CooperatesWith => FactDetails::CooperatesWith {
            topic: text(x.topic),
        },
        FactKind::InterestedIn => FactDetails::InterestedIn {
            topic: text(x.topic),
        },
    };
    let valid = d
        .valid
        .take()
        .and_then(|p| Period::new(p.from, p.to).ok())
        .unwrap_or(Period::ALL);
    let record = FactRecord {
        id,
        details,
        valid,
        confidence: d.confidence.take().unwrap_or_default(),
        evidence,
        props: x.props.take().unwrap_or_default(),
    };
    (record, text(x.deprecated).map(String::into_boxed_str))
}

/// An evidence entry's place in the canonical order, field by field (see
/// [`evidence_key`]).
type EvidenceKey<'n> = (
    u32,
    Stance,
    Option<u32>,
    Option<u32>,
    Option<Credibility>,
    Option<&'n str>,
);

/// What orders a fact's evidence entries: its source (by id: sources are
/// stored in id order), its stance (supporting first), when it was said
/// (not given first), its speaker (by id; none first), its credibility (none
/// first), its note (none first). So two documents that hold the same
/// entries in different orders build equal graphs.
///
/// `said` compares as [`PartialDate::packed`] does, which is the order of
/// partial dates (a coarser date before a finer one starting the same
/// day); `id_rank` gives a node position's rank in id order.
fn evidence_key<'n>(e: &EvidenceRecord, id_rank: &[u32], notes: &'n [Box<str>]) -> EvidenceKey<'n> {
    (
        e.source,
        e.stance(),
        e.said().map(PartialDate::packed),
        e.speaker()
            .map(|s| id_rank.get(s.get()).copied().unwrap_or(u32::MAX)),
        e.credibility(),
        notes.get(e.note as usize).map(|n| &**n),
    )
}
