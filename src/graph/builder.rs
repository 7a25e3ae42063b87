//! Building a graph in code.

use std::borrow::Cow;

use crate::error::{Problems, ValidationReport, ValueError};
use crate::graph::draft::{
    Draft, DraftEvidence, DraftFact, DraftNode, DraftPeriod, DraftSource, Field,
};
use crate::graph::{KnowledgeGraph, Limits, build_graph};
use crate::model::{
    Confidence, ControlMode, Evidence, FactDetails, FactKind, NodeDetails, NodeKind, PartialDate,
    Period, Quantity, Reliability, Resource, RouteMode, RouteStatus,
};

/// Builds a [`KnowledgeGraph`] in code.
///
/// Methods record what they are given; [`build`](GraphBuilder::build) then
/// runs exactly the validation that loading a document runs, and reports
/// every problem at the place it would have in a document (the third fact
/// added is `facts[2]`).
///
/// ```
/// use geokg::model::{Confidence, ControlMode, Evidence};
/// use geokg::{FactKind, GraphBuilder};
///
/// let mut b = GraphBuilder::new();
/// b.source("gazette-2025-09-04", "Valley Gazette").published("2025-09-04")?;
/// b.armed_group("river-army", "River Army").alias("RA");
/// b.region("ford", "Ford").level("town").coords(12.5, 40.25);
/// b.fact(FactKind::Controls, "river-army", "ford")
///     .mode(ControlMode::Military)
///     .valid_from("2024-10")?
///     .confidence(Confidence::Reported)
///     .evidence(Evidence::from_source("gazette-2025-09-04"));
/// let g = b.build()?;
/// assert_eq!(g.fact_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    draft: Draft<'static>,
    limits: Limits,
}

fn owned(s: impl Into<String>) -> Field<Cow<'static, str>> {
    Field::Given(Cow::Owned(s.into()))
}

impl GraphBuilder {
    /// An empty builder with the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with other limits.
    pub fn with_limits(limits: Limits) -> Self {
        GraphBuilder {
            draft: Draft::default(),
            limits,
        }
    }

    /// Adds a source with its id and publisher.
    pub fn source(
        &mut self,
        id: impl Into<String>,
        publisher: impl Into<String>,
    ) -> SourceBuilder<'_> {
        self.draft.sources.push(DraftSource {
            id: owned(id),
            publisher: owned(publisher),
            ..DraftSource::default()
        });
        let last = self.draft.sources.len() - 1;
        SourceBuilder {
            source: &mut self.draft.sources[last],
        }
    }

    /// Adds a node of any kind.
    pub fn node(
        &mut self,
        kind: NodeKind,
        id: impl Into<String>,
        name: impl Into<String>,
    ) -> NodeBuilder<'_> {
        self.draft.nodes.push(DraftNode {
            id: owned(id),
            kind: Field::Given(kind),
            name: owned(name),
            ..DraftNode::default()
        });
        let last = self.draft.nodes.len() - 1;
        NodeBuilder {
            node: &mut self.draft.nodes[last],
        }
    }

    /// Adds a country.
    pub fn country(&mut self, id: impl Into<String>, name: impl Into<String>) -> NodeBuilder<'_> {
        self.node(NodeKind::Country, id, name)
    }

    /// Adds an armed group.
    pub fn armed_group(
        &mut self,
        id: impl Into<String>,
        name: impl Into<String>,
    ) -> NodeBuilder<'_> {
        self.node(NodeKind::ArmedGroup, id, name)
    }

    /// Adds a region.
    pub fn region(&mut self, id: impl Into<String>, name: impl Into<String>) -> NodeBuilder<'_> {
        self.node(NodeKind::Region, id, name)
    }

    /// Adds a route.
    pub fn route(&mut self, id: impl Into<String>, name: impl Into<String>) -> NodeBuilder<'_> {
        self.node(NodeKind::Route, id, name)
    }

    /// Adds a person.
    pub fn person(&mut self, id: impl Into<String>, name: impl Into<String>) -> NodeBuilder<'_> {
        self.node(NodeKind::Person, id, name)
    }

    /// Adds an organization.
    pub fn organization(
        &mut self,
        id: impl Into<String>,
        name: impl Into<String>,
    ) -> NodeBuilder<'_> {
        self.node(NodeKind::Organization, id, name)
    }

    /// Adds a fact of `kind` from node `from` to node `to` (ids).
    pub fn fact(
        &mut self,
        kind: FactKind,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> FactBuilder<'_> {
        self.draft.facts.push(DraftFact {
            kind: Field::Given(kind),
            from: owned(from),
            to: owned(to),
            ..DraftFact::default()
        });
        let last = self.draft.facts.len() - 1;
        FactBuilder {
            fact: &mut self.draft.facts[last],
        }
    }

    /// How many nodes have been added.
    pub fn node_count(&self) -> usize {
        self.draft.nodes.len()
    }

    /// How many facts have been added.
    pub fn fact_count(&self) -> usize {
        self.draft.facts.len()
    }

    /// Validates everything added and builds the graph.
    ///
    /// # Errors
    /// A [`ValidationReport`] naming every problem (up to
    /// [`Limits::max_problems`]), located as in a document.
    pub fn build(self) -> Result<KnowledgeGraph, ValidationReport> {
        let problems = Problems::new(self.limits.max_problems);
        build_graph(self.draft, self.limits, problems)
    }
}

/// Sets the optional fields of a source just added.
#[derive(Debug)]
pub struct SourceBuilder<'b> {
    source: &'b mut DraftSource<'static>,
}

impl SourceBuilder<'_> {
    /// Its title.
    pub fn title(self, title: impl Into<String>) -> Self {
        self.source.title = owned(title);
        self
    }

    /// When it was published (`"2025-09-04"`).
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for a malformed or impossible date.
    pub fn published(self, date: &str) -> Result<Self, ValueError> {
        self.source.published = Field::Given(date.parse()?);
        Ok(self)
    }

    /// When it was published.
    pub fn published_on(self, date: PartialDate) -> Self {
        self.source.published = Field::Given(date);
        self
    }

    /// Where it can be read.
    pub fn url(self, url: impl Into<String>) -> Self {
        self.source.url = owned(url);
        self
    }

    /// Its Admiralty reliability grade.
    pub fn reliability(self, grade: Reliability) -> Self {
        self.source.reliability = Field::Given(grade);
        self
    }
}

/// Sets the optional fields of a node just added. Setting a field its kind
/// does not have (an `iso2` on a region) is reported by `build`, as loading
/// would report it.
#[derive(Debug)]
pub struct NodeBuilder<'b> {
    node: &'b mut DraftNode<'static>,
}

impl NodeBuilder<'_> {
    /// Another name it goes by.
    pub fn alias(self, alias: impl Into<String>) -> Self {
        self.node.aliases.given_mut().push(Cow::Owned(alias.into()));
        self
    }

    /// A description in your own words.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.node.description = owned(text);
        self
    }

    /// An extension value in `props`.
    pub fn prop(self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.node.props.given_mut().insert(key.into(), value.into());
        self
    }

    /// A country's ISO 3166-1 alpha-2 code (checked by `build`).
    pub fn iso2(self, code: impl Into<String>) -> Self {
        self.node.iso2 = owned(code);
        self
    }

    /// A region's level: `"state"`, `"town"`, `"area"`…
    pub fn level(self, level: impl Into<String>) -> Self {
        self.node.level = owned(level);
        self
    }

    /// A region's coordinates in degrees (checked by `build`).
    pub fn coords(self, lat: f64, lon: f64) -> Self {
        self.node.coords = Field::Given((lat, lon));
        self
    }

    /// A resource found in a region.
    pub fn resource(self, commodity: impl Into<String>, sites: Option<Quantity>) -> Self {
        self.node.resources.given_mut().push(Resource {
            commodity: commodity.into(),
            sites,
        });
        self
    }

    /// A route's mode.
    pub fn mode(self, mode: RouteMode) -> Self {
        self.node.mode = Field::Given(Cow::Borrowed(mode.as_str()));
        self
    }

    /// A route's status.
    pub fn status(self, status: RouteStatus) -> Self {
        self.node.status = Field::Given(Cow::Borrowed(status.as_str()));
        self
    }

    /// A person's title.
    pub fn title(self, title: impl Into<String>) -> Self {
        self.node.title = owned(title);
        self
    }
}

/// Sets the optional fields of a fact just added. Setting a field its kind
/// does not have (a `commodity` on a `controls` fact) is reported by
/// `build`, as loading would report it.
#[derive(Debug)]
pub struct FactBuilder<'b> {
    fact: &'b mut DraftFact<'static>,
}

impl FactBuilder<'_> {
    /// Its id; without one it is given `_f<position>`.
    pub fn id(self, id: impl Into<String>) -> Self {
        self.fact.id = owned(id);
        self
    }

    fn period(&mut self) -> &mut DraftPeriod {
        self.fact.valid.given_mut()
    }

    /// When it began to hold (`"2024-10"`: from 1 October 2024).
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for a malformed or impossible date.
    pub fn valid_from(mut self, date: &str) -> Result<Self, ValueError> {
        self.period().from = Some(date.parse()?);
        Ok(self)
    }

    /// When it stopped holding (`"2024-12"`: to 31 December 2024).
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for a malformed or impossible date.
    pub fn valid_to(mut self, date: &str) -> Result<Self, ValueError> {
        self.period().to = Some(date.parse()?);
        Ok(self)
    }

    /// When it held.
    pub fn valid(mut self, period: Period) -> Self {
        let p = self.period();
        p.from = period.from();
        p.to = period.to();
        self
    }

    /// How well established it is (default [`Confidence::Reported`]).
    pub fn confidence(self, confidence: Confidence) -> Self {
        self.fact.confidence = Field::Given(confidence);
        self
    }

    /// A piece of evidence.
    pub fn evidence(self, evidence: Evidence) -> Self {
        self.fact.evidence.given_mut().push(DraftEvidence {
            source: owned(evidence.source_id()),
            speaker: evidence.speaker_id().map_or(Field::Absent, owned),
            note: evidence.note_text().map_or(Field::Absent, owned),
        });
        self
    }

    /// An extension value in `props`.
    pub fn prop(self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.fact.props.given_mut().insert(key.into(), value.into());
        self
    }

    /// How control is held (`controls`).
    pub fn mode(self, mode: ControlMode) -> Self {
        self.fact.mode = Field::Given(Cow::Borrowed(mode.as_str()));
        self
    }

    /// What is exported (`exports_to`, required there).
    pub fn commodity(self, commodity: impl Into<String>) -> Self {
        self.fact.commodity = owned(commodity);
        self
    }

    /// How much is exported (`exports_to`).
    pub fn quantity(self, quantity: Quantity) -> Self {
        self.fact.quantity = Field::Given(quantity);
        self
    }

    /// What is proposed (`proposes`, required there).
    pub fn action(self, action: impl Into<String>) -> Self {
        self.fact.action = owned(action);
        self
    }

    /// Position along the route (`passes_through`).
    pub fn order(self, order: u32) -> Self {
        self.fact.order = Field::Given(order);
        self
    }

    /// The member's role (`member_of`).
    pub fn role(self, role: impl Into<String>) -> Self {
        self.fact.role = owned(role);
        self
    }

    /// The topic (`cooperates_with`, `interested_in`).
    pub fn topic(self, topic: impl Into<String>) -> Self {
        self.fact.topic = owned(topic);
        self
    }
}

impl KnowledgeGraph {
    /// A builder holding everything in this graph, to edit and build again.
    ///
    /// ```
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.country("northland", "Northland");
    /// let g = b.build()?;
    /// let mut b = g.to_builder();
    /// b.country("southland", "Southland");
    /// b.fact(FactKind::Borders, "northland", "southland");
    /// assert_eq!(b.build()?.fact_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> GraphBuilder {
        let mut b = GraphBuilder::with_limits(self.limits);
        for s in &self.sources {
            b.draft.sources.push(DraftSource {
                id: owned(s.id().as_str()),
                publisher: owned(s.publisher()),
                title: s.title().map_or(Field::Absent, owned),
                published: s.published().map_or(Field::Absent, Field::Given),
                url: s.url().map_or(Field::Absent, owned),
                reliability: s.reliability().map_or(Field::Absent, Field::Given),
            });
        }
        for n in self.nodes() {
            let mut d = DraftNode {
                id: owned(n.id().as_str()),
                kind: Field::Given(n.kind()),
                name: owned(n.name()),
                aliases: if n.aliases().is_empty() {
                    Field::Absent
                } else {
                    Field::Given(n.aliases().iter().map(|a| Cow::Owned(a.clone())).collect())
                },
                description: n.description().map_or(Field::Absent, owned),
                props: if n.props().is_empty() {
                    Field::Absent
                } else {
                    Field::Given(n.props().clone())
                },
                ..DraftNode::default()
            };
            match n.details() {
                NodeDetails::Country { iso2 } => {
                    d.iso2 = iso2.map_or(Field::Absent, |c| owned(c.as_str()));
                }
                NodeDetails::Region(r) => {
                    d.level = r.level.as_deref().map_or(Field::Absent, owned);
                    d.coords = r
                        .coords
                        .map_or(Field::Absent, |c| Field::Given((c.lat(), c.lon())));
                    if !r.resources.is_empty() {
                        d.resources = Field::Given(r.resources.clone());
                    }
                }
                NodeDetails::Route { mode, status } => {
                    d.mode =
                        mode.map_or(Field::Absent, |m| Field::Given(Cow::Borrowed(m.as_str())));
                    d.status =
                        status.map_or(Field::Absent, |s| Field::Given(Cow::Borrowed(s.as_str())));
                }
                NodeDetails::Person { title } => {
                    d.title = title.as_deref().map_or(Field::Absent, owned)
                }
                NodeDetails::ArmedGroup | NodeDetails::Organization => {}
            }
            b.draft.nodes.push(d);
        }
        for f in self.facts() {
            let valid = f.valid();
            let mut d = DraftFact {
                id: owned(f.id().as_str()),
                kind: Field::Given(f.kind()),
                from: owned(f.from().id().as_str()),
                to: owned(f.to().id().as_str()),
                valid: if valid.is_all_time() {
                    Field::Absent
                } else {
                    Field::Given(DraftPeriod {
                        from: valid.from(),
                        to: valid.to(),
                    })
                },
                confidence: Field::Given(f.confidence()),
                props: if f.props().is_empty() {
                    Field::Absent
                } else {
                    Field::Given(f.props().clone())
                },
                ..DraftFact::default()
            };
            if f.evidence().len() > 0 {
                d.evidence = Field::Given(
                    f.evidence()
                        .map(|e| DraftEvidence {
                            source: owned(e.source().id().as_str()),
                            speaker: e
                                .speaker()
                                .map_or(Field::Absent, |s| owned(s.id().as_str())),
                            note: e.note().map_or(Field::Absent, owned),
                        })
                        .collect(),
                );
            }
            match f.details() {
                FactDetails::Controls { mode } => {
                    d.mode =
                        mode.map_or(Field::Absent, |m| Field::Given(Cow::Borrowed(m.as_str())));
                }
                FactDetails::ExportsTo {
                    commodity,
                    quantity,
                } => {
                    d.commodity = owned(commodity.as_str());
                    d.quantity = quantity.clone().map_or(Field::Absent, Field::Given);
                }
                FactDetails::Proposes { action } => d.action = owned(action.as_str()),
                FactDetails::PassesThrough { order } => {
                    d.order = order.map_or(Field::Absent, Field::Given)
                }
                FactDetails::MemberOf { role } => {
                    d.role = role.as_deref().map_or(Field::Absent, owned)
                }
                FactDetails::CooperatesWith { topic } | FactDetails::InterestedIn { topic } => {
                    d.topic = topic.as_deref().map_or(Field::Absent, owned);
                }
                FactDetails::Borders | FactDetails::PartOf => {}
            }
            b.draft.facts.push(d);
        }
        b
    }
}
