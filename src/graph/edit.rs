//! Editing a builder by id ([`semantics`](crate::semantics#editing)): what
//! [`KnowledgeGraph::to_builder`](crate::KnowledgeGraph::to_builder) holds,
//! or anything added since, changed, closed, deprecated or removed.
//!
//! An edit naming an id the builder does not hold fails at once, with the
//! closest ids and names; every other check waits for
//! [`GraphBuilder::build`], which validates the result as it validates any
//! builder.

use rustc_hash::FxHashMap;

use crate::error::{Candidate, EditError, ResolveError, excerpt};
use crate::graph::builder::{draft_evidence, owned, push_evidence};
use crate::graph::draft::{Draft, DraftFact, DraftPeriod, Field};
use crate::graph::names::{Suggestions, fold_name};
use crate::graph::{FactBuilder, GraphBuilder, NodeBuilder, SourceBuilder};
use crate::model::{Evidence, FactId, FactKind, NodeId, PartialDate, SourceId, is_valid_id};

/// Where the ids of a builder's items are, found on demand.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookup {
    sources: Positions,
    nodes: Positions,
    facts: Positions,
}

/// Id → position in one of the draft's lists, for the items from 0 to
/// `indexed`. Items are appended after it was built, and an item's id may
/// change, so a position found is checked against the item; a miss first
/// indexes the items added since, then indexes everything again.
#[derive(Debug, Clone, Default)]
struct Positions {
    map: FxHashMap<Box<str>, usize>,
    indexed: usize,
}

impl Positions {
    fn find<'d>(
        &mut self,
        id: &str,
        len: usize,
        id_at: impl Fn(usize) -> Option<&'d str>,
    ) -> Option<usize> {
        let confirmed = |map: &FxHashMap<Box<str>, usize>| {
            map.get(id).copied().filter(|&p| id_at(p) == Some(id))
        };
        if let Some(p) = confirmed(&self.map) {
            return Some(p);
        }
        if self.indexed > len {
            self.clear();
        }
        self.index(self.indexed, len, &id_at);
        if let Some(p) = confirmed(&self.map) {
            return Some(p);
        }
        self.clear();
        self.index(0, len, &id_at);
        confirmed(&self.map)
    }

    /// Indexes items `from..to`; of two with one id, the first is found.
    fn index<'d>(&mut self, from: usize, to: usize, id_at: &impl Fn(usize) -> Option<&'d str>) {
        for p in from..to {
            if let Some(id) = id_at(p) {
                self.map.entry(id.into()).or_insert(p);
            }
        }
        self.indexed = to;
    }

    /// Forgets every position, after an item was removed.
    fn clear(&mut self) {
        self.map.clear();
        self.indexed = 0;
    }
}

fn given<'d>(f: &'d Field<std::borrow::Cow<'static, str>>) -> Option<&'d str> {
    f.given().map(|s| s.as_ref())
}

/// A fact as [`EditError::InUse`] names it: `fact f1`, or `facts[4]`
/// without an id.
fn fact_name(f: &DraftFact<'_>, position: usize) -> String {
    match f.id.given() {
        Some(id) => format!("fact {id}"),
        None => format!("facts[{position}]"),
    }
}

impl GraphBuilder {
    fn source_position(&mut self, id: &str) -> Result<usize, EditError> {
        let sources = &self.draft.sources;
        let at = |p: usize| sources.get(p).and_then(|s| given(&s.id));
        self.lookup
            .sources
            .find(id, sources.len(), at)
            .ok_or_else(|| {
                let query = id.to_lowercase();
                let mut search = Suggestions::new(&query, 0.7);
                for s in sources.iter().filter_map(|s| given(&s.id)) {
                    if is_valid_id(s) {
                        search.consider(s, [s]);
                    }
                }
                EditError::Unknown(ResolveError::UnknownSource {
                    id: excerpt(id),
                    suggestions: search
                        .best(5)
                        .into_iter()
                        .map(SourceId::from_checked)
                        .collect(),
                })
            })
    }

    fn node_position(&mut self, id: &str) -> Result<usize, EditError> {
        let nodes = &self.draft.nodes;
        let at = |p: usize| nodes.get(p).and_then(|n| given(&n.id));
        self.lookup.nodes.find(id, nodes.len(), at).ok_or_else(|| {
            // As for a name a query does not know: ids weighed as given,
            // names and aliases folded.
            let folded = fold_name(id);
            let mut search = Suggestions::with_folded(id, &folded, 0.7);
            for (p, n) in nodes.iter().enumerate() {
                if let Some(node_id) = given(&n.id) {
                    search.consider(node_id, [p]);
                }
                let names = n
                    .name
                    .given()
                    .into_iter()
                    .chain(n.aliases.given().into_iter().flatten());
                for name in names {
                    search.consider_folded(&fold_name(name), [p]);
                }
            }
            let suggestions = search
                .best(5)
                .into_iter()
                .filter_map(|p| {
                    let n = nodes.get(p)?;
                    let node_id = given(&n.id).filter(|s| is_valid_id(s))?;
                    Some(Candidate {
                        id: NodeId::from_checked(node_id),
                        kind: *n.kind.given()?,
                        name: given(&n.name).unwrap_or_default().to_owned(),
                    })
                })
                .collect();
            EditError::Unknown(ResolveError::Unknown {
                name: excerpt(id),
                suggestions,
            })
        })
    }

    fn fact_position(&mut self, id: &str) -> Result<usize, EditError> {
        let facts = &self.draft.facts;
        let at = |p: usize| facts.get(p).and_then(|f| given(&f.id));
        self.lookup.facts.find(id, facts.len(), at).ok_or_else(|| {
            let query = id.to_lowercase();
            let mut search = Suggestions::new(&query, 0.7);
            for f in facts.iter().filter_map(|f| given(&f.id)) {
                if is_valid_id(f) {
                    search.consider(f, [f]);
                }
            }
            EditError::Unknown(ResolveError::UnknownFact {
                id: excerpt(id),
                suggestions: search
                    .best(5)
                    .into_iter()
                    .map(FactId::from_checked)
                    .collect(),
            })
        })
    }

    fn fact_mut(&mut self, id: &str) -> Result<&mut DraftFact<'static>, EditError> {
        let p = self.fact_position(id)?;
        // The position was just found in this list.
        Ok(&mut self.draft.facts[p])
    }

    /// The source with this id, to change its fields.
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest source ids when the builder
    /// holds no source with this id.
    pub fn edit_source(&mut self, id: &str) -> Result<SourceBuilder<'_>, EditError> {
        let p = self.source_position(id)?;
        Ok(SourceBuilder {
            source: &mut self.draft.sources[p],
        })
    }

    /// The node with this id, to change its fields or add to its aliases.
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest ids and names when the
    /// builder holds no node with this id.
    pub fn edit_node(&mut self, id: &str) -> Result<NodeBuilder<'_>, EditError> {
        let p = self.node_position(id)?;
        Ok(NodeBuilder {
            node: &mut self.draft.nodes[p],
        })
    }

    /// The fact with this id, to change some of its fields (each setter
    /// replaces a value) or add evidence; its kind and ends stay.
    ///
    /// ```
    /// use geokg::model::{Confidence, Evidence};
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1");
    /// let g = b.build()?;
    ///
    /// let mut b = g.to_builder();
    /// b.edit_fact("c1")?
    ///     .confidence(Confidence::Confirmed)
    ///     .evidence(Evidence::from_source("courier"));
    /// let g = b.build()?;
    /// assert_eq!(g.fact("c1").unwrap().confidence(), Confidence::Confirmed);
    /// assert!(g.to_builder().edit_fact("c2").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn edit_fact(&mut self, id: &str) -> Result<FactBuilder<'_>, EditError> {
        let p = self.fact_position(id)?;
        let Draft {
            facts, evidence, ..
        } = &mut self.draft;
        Ok(FactBuilder {
            fact: &mut facts[p],
            evidence,
        })
    }

    /// Replaces the fact with this id by a new fact of `kind` from `from`
    /// to `to`, under the same id: its period, confidence, fields and
    /// evidence start again from nothing, to be set on the builder
    /// returned.
    ///
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.armed_group("river-army", "River Army");
    /// b.armed_group("hill-guard", "Hill Guard");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1").valid_from("2023")?;
    /// let mut b = b.build()?.to_builder();
    /// b.replace_fact("c1", FactKind::Controls, "hill-guard", "ford")?
    ///     .valid_from("2024-03")?
    ///     .evidence(Evidence::from_source("courier"));
    /// let g = b.build()?;
    /// let c1 = g.fact("c1").unwrap();
    /// assert_eq!(c1.from().id().as_str(), "hill-guard");
    /// assert_eq!(c1.valid().to_string(), "2024-03..");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn replace_fact(
        &mut self,
        id: &str,
        kind: FactKind,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> Result<FactBuilder<'_>, EditError> {
        let p = self.fact_position(id)?;
        let Draft {
            facts, evidence, ..
        } = &mut self.draft;
        let fact = &mut facts[p];
        let id = std::mem::take(&mut fact.id);
        *fact = DraftFact {
            id,
            kind: Field::Given(kind),
            from: owned(from),
            to: owned(to),
            ..DraftFact::default()
        };
        Ok(FactBuilder { fact, evidence })
    }

    /// Removes the fact with this id.
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn remove_fact(&mut self, id: &str) -> Result<(), EditError> {
        let p = self.fact_position(id)?;
        self.draft.facts.remove(p);
        self.lookup.facts.clear();
        Ok(())
    }

    /// Ends the fact with this id on `to` (its period's last day is the
    /// last day of `to`; its start stays). A `to` before the start is
    /// reported by [`build`](GraphBuilder::build), at the fact's `valid`.
    ///
    /// ```
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1").valid_from("2023-05")?;
    /// let mut b = b.build()?.to_builder();
    /// b.close_fact("c1", "2024-10-18".parse()?)?;
    /// assert_eq!(b.build()?.fact("c1").unwrap().valid().to_string(), "2023-05..2024-10-18");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn close_fact(&mut self, id: &str, to: PartialDate) -> Result<(), EditError> {
        let fact = self.fact_mut(id)?;
        let period = match &fact.valid {
            Field::Given(p) => DraftPeriod {
                from: p.from,
                to: Some(to),
            },
            _ => DraftPeriod {
                from: None,
                to: Some(to),
            },
        };
        fact.valid = Field::Given(period);
        Ok(())
    }

    /// Marks the fact with this id deprecated, with the reason (not blank,
    /// checked by `build`): it is kept, but no query uses it unless its
    /// filter [includes deprecated facts](crate::Filter::include_deprecated).
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn deprecate_fact(&mut self, id: &str, reason: impl Into<String>) -> Result<(), EditError> {
        self.fact_mut(id)?.extras_mut().deprecated = owned(reason);
        Ok(())
    }

    /// Adds a piece of evidence to the fact with this id (its source and
    /// speaker are checked by `build`).
    ///
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.source("herald", "Valley Herald");
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1")
    ///     .evidence(Evidence::from_source("courier"));
    /// let mut b = b.build()?.to_builder();
    /// b.add_evidence("c1", Evidence::from_source("herald").disputes())?;
    /// let g = b.build()?;
    /// assert!(g.fact("c1").unwrap().is_disputed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest fact ids when the builder
    /// holds no fact with this id.
    pub fn add_evidence(&mut self, fact: &str, evidence: Evidence) -> Result<(), EditError> {
        let p = self.fact_position(fact)?;
        let Draft {
            facts,
            evidence: list,
            ..
        } = &mut self.draft;
        push_evidence(&mut facts[p], list, draft_evidence(&evidence));
        Ok(())
    }

    /// Adds another name to the node with this id.
    ///
    /// ```
    /// use geokg::GraphBuilder;
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("river-army", "River Army");
    /// let mut b = b.build()?.to_builder();
    /// b.add_alias("river-army", "RA")?;
    /// let err = b.add_alias("river-amry", "RA").unwrap_err();
    /// assert!(err.to_string().contains("river-army"), "{err}");
    /// assert_eq!(b.build()?.resolve("ra")?.id().as_str(), "river-army");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest ids and names when the
    /// builder holds no node with this id.
    pub fn add_alias(&mut self, node: &str, alias: impl Into<String>) -> Result<(), EditError> {
        self.edit_node(node)?.alias(alias);
        Ok(())
    }

    /// Removes the node with this id, which nothing may use: no fact
    /// starts or ends at it, no evidence names it as speaker, no source
    /// as outlet.
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest ids and names when the
    /// builder holds no node with this id; [`EditError::InUse`] listing
    /// what uses it.
    pub fn remove_node(&mut self, id: &str) -> Result<(), EditError> {
        let p = self.node_position(id)?;
        let is_it = |f: &Field<std::borrow::Cow<'static, str>>| given(f) == Some(id);
        let mut used_by: Vec<String> = Vec::new();
        for (i, f) in self.draft.facts.iter().enumerate() {
            let entries = f
                .evidence
                .given()
                .map_or(&[][..], |&s| self.draft.evidence_in(s));
            if is_it(&f.from) || is_it(&f.to) || entries.iter().any(|e| is_it(e.speaker())) {
                used_by.push(fact_name(f, i));
            }
        }
        for s in &self.draft.sources {
            if is_it(&s.outlet) {
                used_by.push(format!("source {}", given(&s.id).unwrap_or_default()));
            }
        }
        if !used_by.is_empty() {
            return Err(EditError::InUse {
                what: "node",
                id: excerpt(id),
                used_by,
            });
        }
        self.draft.nodes.remove(p);
        self.lookup.nodes.clear();
        Ok(())
    }

    /// Removes the source with this id, which no evidence may cite.
    ///
    /// # Errors
    /// [`EditError::Unknown`] with the closest source ids when the builder
    /// holds no source with this id; [`EditError::InUse`] listing the
    /// facts whose evidence cites it.
    pub fn remove_source(&mut self, id: &str) -> Result<(), EditError> {
        let p = self.source_position(id)?;
        let mut used_by: Vec<String> = Vec::new();
        for (i, f) in self.draft.facts.iter().enumerate() {
            let entries = f
                .evidence
                .given()
                .map_or(&[][..], |&s| self.draft.evidence_in(s));
            if entries.iter().any(|e| given(&e.source) == Some(id)) {
                used_by.push(fact_name(f, i));
            }
        }
        if !used_by.is_empty() {
            return Err(EditError::InUse {
                what: "source",
                id: excerpt(id),
                used_by,
            });
        }
        self.draft.sources.remove(p);
        self.lookup.sources.clear();
        Ok(())
    }
}
