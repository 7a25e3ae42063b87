//! Graph-wide selection ([`semantics`](crate::semantics#selecting)): the
//! facts of a kind, the facts a source supports or disputes, the facts a
//! speaker stated — each read from an index built once at load, never by a
//! scan of every fact.
//!
//! Each index is one flat array of fact positions, grouped by what is
//! selected on and in fact-id order within a group (facts are stored in id
//! order, so pushing them in storage order keeps each group sorted).
//! [`Filter::passes`](crate::Filter::passes) then says whether a selected
//! fact passes a filter.

use crate::error::{ResolveError, excerpt};
use crate::graph::names::Suggestions;
use crate::graph::{EvidenceRecord, FactIdx, FactMeta, FactRef, KnowledgeGraph, NodeIdx, NodeKey};
use crate::model::{FactKind, SourceId};

/// The selection indexes of a graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// Kind `k`'s facts are `by_kind[kind_start[k]..kind_start[k + 1]]`.
    kind_start: [u32; FactKind::ALL.len() + 1],
    by_kind: Vec<FactIdx>,
    /// Source `s` (by storage position, which is id order): its supported
    /// facts at slot `2s`, its disputed facts at slot `2s + 1`; slot `t`'s
    /// facts are `by_source[source_start[t]..source_start[t + 1]]`.
    source_start: Vec<u32>,
    by_source: Vec<FactIdx>,
    /// (speaker, fact) for each fact a node is the speaker of an entry of,
    /// sorted: most entries have no speaker, so a list of pairs costs less
    /// than offsets for every node.
    by_speaker: Vec<(NodeIdx, FactIdx)>,
}

/// The slot of a source's facts of one stance.
fn source_slot(source: u32, entry: &EvidenceRecord) -> usize {
    2 * source as usize + usize::from(entry.disputes())
}

impl Selection {
    /// Builds the indexes from the facts' metadata and evidence, both in
    /// fact order; `evidence_of(i)` is fact `i`'s entries, in the canonical
    /// order (by source, then stance), so that a fact's entries of one
    /// source and stance are adjacent.
    pub(crate) fn build<'e>(
        meta: &[FactMeta],
        sources: usize,
        evidence_of: impl Fn(FactIdx) -> &'e [EvidenceRecord],
    ) -> Self {
        // Kinds: a counting sort, stable, so each kind's facts stay in order.
        let mut kind_start = [0u32; FactKind::ALL.len() + 1];
        for m in meta {
            kind_start[m.kind.index() + 1] += 1;
        }
        for k in 1..kind_start.len() {
            kind_start[k] += kind_start[k - 1];
        }
        let mut fill = kind_start;
        let mut by_kind = vec![FactIdx(0); meta.len()];
        for (i, m) in meta.iter().enumerate() {
            let at = &mut fill[m.kind.index()];
            if let Some(slot) = by_kind.get_mut(*at as usize) {
                *slot = FactIdx(i as u32);
            }
            *at += 1;
        }

        // Sources: each (fact, source, stance) once, counted then placed.
        let facts = (0..meta.len() as u32).map(FactIdx);
        let distinct = |f: FactIdx| {
            let entries = evidence_of(f);
            entries.iter().enumerate().filter(move |&(j, e)| {
                j == 0
                    || entries
                        .get(j - 1)
                        .is_none_or(|p| p.source != e.source || p.disputes() != e.disputes())
            })
        };
        let mut source_start = vec![0u32; 2 * sources + 1];
        let mut by_speaker = Vec::new();
        for f in facts.clone() {
            for (_, e) in distinct(f) {
                if let Some(n) = source_start.get_mut(source_slot(e.source, e) + 1) {
                    *n += 1;
                }
            }
            for e in evidence_of(f) {
                if let Some(s) = e.speaker() {
                    by_speaker.push((s, f));
                }
            }
        }
        for t in 1..source_start.len() {
            source_start[t] += source_start[t - 1];
        }
        let mut fill = source_start.clone();
        let mut by_source = vec![FactIdx(0); source_start.last().copied().unwrap_or(0) as usize];
        for f in facts {
            for (_, e) in distinct(f) {
                if let Some(at) = fill.get_mut(source_slot(e.source, e))
                    && let Some(slot) = by_source.get_mut(*at as usize)
                {
                    *slot = f;
                    *at += 1;
                }
            }
        }
        by_speaker.sort_unstable();
        by_speaker.dedup();
        by_speaker.shrink_to_fit();
        Selection {
            kind_start,
            by_kind,
            source_start,
            by_source,
            by_speaker,
        }
    }

    fn of_kind(&self, kind: FactKind) -> &[FactIdx] {
        let k = kind.index();
        let (a, b) = (self.kind_start[k], self.kind_start[k + 1]);
        self.by_kind.get(a as usize..b as usize).unwrap_or(&[])
    }

    fn of_source(&self, source: usize, disputes: bool) -> &[FactIdx] {
        let t = 2 * source + usize::from(disputes);
        match (self.source_start.get(t), self.source_start.get(t + 1)) {
            (Some(&a), Some(&b)) => self.by_source.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn of_speaker(&self, speaker: NodeIdx) -> &[(NodeIdx, FactIdx)] {
        let start = self.by_speaker.partition_point(|&(s, _)| s < speaker);
        let end = self.by_speaker.partition_point(|&(s, _)| s <= speaker);
        self.by_speaker.get(start..end).unwrap_or(&[])
    }
}

impl KnowledgeGraph {
    /// Every fact of one kind, in id order.
    ///
    /// # Arguments
    /// - `kind`: the fact kind.
    ///
    /// # Returns
    /// The facts of that kind, deprecated ones included (see
    /// [`Filter::passes`](crate::Filter::passes) to keep only those a
    /// filter passes).
    ///
    /// # Complexity
    /// O(1) to start, O(1) per fact: the facts of each kind are one slice
    /// of an index built at load.
    ///
    /// # Example
    /// ```
    /// use geokg::{FactKind, Filter, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.country("northland", "Northland");
    /// b.region("high-vale", "High Vale");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::PartOf, "high-vale", "northland").id("p1");
    /// b.fact(FactKind::PartOf, "ford", "high-vale").id("p2").deprecated("moved");
    /// b.fact(FactKind::Borders, "ford", "northland").id("b1");
    /// let g = b.build()?;
    /// let part_of: Vec<&str> = g.facts_of_kind(FactKind::PartOf).map(|f| f.id().as_str()).collect();
    /// assert_eq!(part_of, ["p1", "p2"]);
    /// let in_use = g.facts_of_kind(FactKind::PartOf).filter(|&f| Filter::ALL.passes(f)).count();
    /// assert_eq!(in_use, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts_of_kind(
        &self,
        kind: FactKind,
    ) -> impl ExactSizeIterator<Item = FactRef<'_>> + DoubleEndedIterator {
        self.selection
            .of_kind(kind)
            .iter()
            .map(move |&f| self.fact_at(f))
    }

    /// The facts that the source with id `source` supports: those with an
    /// evidence entry of that source whose stance is
    /// [`Supports`](crate::model::Stance::Supports), in id order.
    ///
    /// # Arguments
    /// - `source`: a source id.
    ///
    /// # Returns
    /// Each such fact once, however many of its entries cite the source;
    /// deprecated facts included.
    ///
    /// # Errors
    /// [`ResolveError::UnknownSource`] with the closest source ids when no
    /// source has this id.
    ///
    /// # Complexity
    /// A binary search among the sources, then O(1) per fact.
    ///
    /// # Example
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.source("herald", "Valley Herald");
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.region("hill", "Hill Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1")
    ///     .evidence(Evidence::from_source("courier"))
    ///     .evidence(Evidence::from_source("herald").disputes());
    /// b.fact(FactKind::Controls, "river-army", "hill").id("c2")
    ///     .evidence(Evidence::from_source("herald"));
    /// let g = b.build()?;
    /// let ids = |it: Vec<geokg::FactRef<'_>>| it.iter().map(|f| f.id().to_string()).collect::<Vec<_>>();
    /// assert_eq!(ids(g.facts_supported_by("herald")?.collect()), ["c2"]);
    /// assert_eq!(ids(g.facts_disputed_by("herald")?.collect()), ["c1"]);
    /// assert!(g.facts_supported_by("herlad").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts_supported_by(
        &self,
        source: impl AsRef<str>,
    ) -> Result<impl ExactSizeIterator<Item = FactRef<'_>> + DoubleEndedIterator, ResolveError>
    {
        let s = self.source_position(source.as_ref())?;
        Ok(self
            .selection
            .of_source(s, false)
            .iter()
            .map(move |&f| self.fact_at(f)))
    }

    /// The facts that the source with id `source` disputes: those with an
    /// evidence entry of that source whose stance is
    /// [`Disputes`](crate::model::Stance::Disputes), in id order.
    ///
    /// # Arguments
    /// - `source`: a source id.
    ///
    /// # Returns
    /// Each such fact once; deprecated facts included.
    ///
    /// # Errors
    /// [`ResolveError::UnknownSource`] with the closest source ids when no
    /// source has this id.
    ///
    /// # Complexity
    /// A binary search among the sources, then O(1) per fact.
    ///
    /// # Example
    /// See [`KnowledgeGraph::facts_supported_by`].
    pub fn facts_disputed_by(
        &self,
        source: impl AsRef<str>,
    ) -> Result<impl ExactSizeIterator<Item = FactRef<'_>> + DoubleEndedIterator, ResolveError>
    {
        let s = self.source_position(source.as_ref())?;
        Ok(self
            .selection
            .of_source(s, true)
            .iter()
            .map(move |&f| self.fact_at(f)))
    }

    /// The facts a person, organization, armed group or country stated:
    /// those with an evidence entry whose speaker is that node, supporting
    /// the fact or disputing it (an entry's
    /// [`stance`](crate::graph::EvidenceRef::stance) tells which), in id
    /// order.
    ///
    /// # Arguments
    /// - `speaker`: the node, by id, name or reference.
    ///
    /// # Returns
    /// Each such fact once; deprecated facts included. A node that never
    /// speaks (a region, a route) has none.
    ///
    /// # Errors
    /// [`ResolveError`] when `speaker` names no node, or several.
    ///
    /// # Complexity
    /// Resolving the name, a binary search, then O(1) per fact.
    ///
    /// # Example
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.person("ann-reed", "Ann Reed");
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1")
    ///     .evidence(Evidence::from_source("courier").speaker("ann-reed"));
    /// let g = b.build()?;
    /// let stated: Vec<String> = g.facts_stated_by("Ann Reed")?.map(|f| f.id().to_string()).collect();
    /// assert_eq!(stated, ["c1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts_stated_by(
        &self,
        speaker: impl NodeKey,
    ) -> Result<impl ExactSizeIterator<Item = FactRef<'_>> + DoubleEndedIterator, ResolveError>
    {
        let node = speaker.locate(self)?;
        Ok(self
            .selection
            .of_speaker(node.idx())
            .iter()
            .map(move |&(_, f)| self.fact_at(f)))
    }

    /// The storage position of the source with this id.
    fn source_position(&self, id: &str) -> Result<usize, ResolveError> {
        self.sources
            .binary_search_by(|s| s.id().as_str().cmp(id))
            .map_err(|_| ResolveError::UnknownSource {
                id: excerpt(id),
                suggestions: self.suggest_sources(id, 5),
            })
    }

    /// Up to `limit` source ids closest to `id`, best first (Jaro–Winkler
    /// similarity of at least 0.7, on their first 64 characters).
    pub(crate) fn suggest_sources(&self, id: &str, limit: usize) -> Vec<SourceId> {
        let query = id.to_lowercase();
        let mut search = Suggestions::new(&query, 0.7);
        for s in &self.sources {
            search.consider(s.id().as_str(), [s.id()]);
        }
        search.best(limit).into_iter().cloned().collect()
    }
}
