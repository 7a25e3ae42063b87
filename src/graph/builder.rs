//! Building a graph in code.

use std::borrow::Cow;

use crate::error::{Problems, ValidationReport, ValueError};
use crate::graph::draft::{
    Draft, DraftEvidence, DraftFact, DraftNode, DraftPeriod, DraftSource, DraftSpan, Field,
};
use crate::graph::{EvidenceRef, FactRef, KnowledgeGraph, Limits, NodeRef, build_graph};
use crate::model::{
    Confidence, ControlMode, Evidence, FactKind, NodeKind, PartialDate, Period, Quantity,
    Reliability, Resource, RouteMode, RouteStatus, Source, Stance,
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
    pub(super) draft: Draft<'static>,
    limits: Limits,
    /// Where each id is in the draft, for edits by id.
    pub(super) lookup: crate::graph::edit::Lookup,
}

pub(super) fn owned(s: impl Into<String>) -> Field<Cow<'static, str>> {
    Field::Given(Cow::Owned(s.into()))
}

pub(super) fn draft_evidence(evidence: &Evidence) -> DraftEvidence<'static> {
    let mut e = DraftEvidence {
        source: owned(evidence.source_id()),
        extras: None,
    };
    if let Some(s) = evidence.speaker_id() {
        e.extras_mut().speaker = owned(s);
    }
    if let Some(n) = evidence.note_text() {
        e.extras_mut().note = owned(n);
    }
    if evidence.stance_taken() != Stance::default() {
        e.extras_mut().stance = Field::Given(evidence.stance_taken());
    }
    if let Some(d) = evidence.said_on() {
        e.extras_mut().said = Field::Given(d);
    }
    if let Some(c) = evidence.credibility_grade() {
        e.extras_mut().credibility = Field::Given(c);
    }
    e
}

/// Adds an entry to a fact's evidence. A fact's entries are contiguous in
/// the draft's list: those of the fact added last are at its end, and one
/// more extends its span; those of a fact being edited are first moved to
/// the end (the old copies are no longer part of any span, and are never
/// read).
pub(super) fn push_evidence(
    fact: &mut DraftFact<'static>,
    list: &mut Vec<DraftEvidence<'static>>,
    entry: DraftEvidence<'static>,
) {
    let span = fact.evidence.given_mut();
    if span.len > 0 && span.range().end != list.len() {
        let moved: Vec<DraftEvidence<'static>> = list
            .get(span.range())
            .map(<[_]>::to_vec)
            .unwrap_or_default();
        span.len = moved.len() as u32;
        span.start = list.len() as u32;
        list.extend(moved);
    }
    if span.len == 0 {
        span.start = list.len() as u32;
    }
    list.push(entry);
    span.len += 1;
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
            lookup: Default::default(),
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
        let Draft {
            facts, evidence, ..
        } = &mut self.draft;
        facts.push(DraftFact {
            kind: Field::Given(kind),
            from: owned(from),
            to: owned(to),
            ..DraftFact::default()
        });
        let last = facts.len() - 1;
        FactBuilder {
            fact: &mut facts[last],
            evidence,
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
    pub(super) source: &'b mut DraftSource<'static>,
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

    /// The organization that published it: the id of an organization node
    /// (checked by `build`). Reports of one outlet count as one origin
    /// ([`semantics`](crate::semantics#origins-and-support)), however their
    /// publisher is spelled.
    pub fn outlet(self, organization: impl Into<String>) -> Self {
        self.source.outlet = owned(organization);
        self
    }
}

/// Sets the optional fields of a node just added. Setting a field its kind
/// does not have (an `iso2` on a region) is reported by `build`, as loading
/// would report it.
#[derive(Debug)]
pub struct NodeBuilder<'b> {
    pub(super) node: &'b mut DraftNode<'static>,
}

impl NodeBuilder<'_> {
    /// Another name it goes by.
    pub fn alias(self, alias: impl Into<String>) -> Self {
        self.node.aliases.given_mut().push(Cow::Owned(alias.into()));
        self
    }

    /// A description in your own words.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.node.extras_mut().description = owned(text);
        self
    }

    /// An extension value in `props`.
    pub fn prop(self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.node
            .extras_mut()
            .props
            .given_mut()
            .insert(key.into(), value.into());
        self
    }

    /// A country's ISO 3166-1 alpha-2 code (checked by `build`).
    pub fn iso2(self, code: impl Into<String>) -> Self {
        self.node.extras_mut().iso2 = owned(code);
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
        self.node.extras_mut().mode = Field::Given(Cow::Borrowed(mode.as_str()));
        self
    }

    /// A route's status.
    pub fn status(self, status: RouteStatus) -> Self {
        self.node.extras_mut().status = Field::Given(Cow::Borrowed(status.as_str()));
        self
    }

    /// A person's title.
    pub fn title(self, title: impl Into<String>) -> Self {
        self.node.extras_mut().title = owned(title);
        self
    }
}

/// Sets the optional fields of a fact just added. Setting a field its kind
/// does not have (a `commodity` on a `controls` fact) is reported by
/// `build`, as loading would report it.
#[derive(Debug)]
pub struct FactBuilder<'b> {
    pub(super) fact: &'b mut DraftFact<'static>,
    /// The draft's evidence list, where this fact's entries go.
    pub(super) evidence: &'b mut Vec<DraftEvidence<'static>>,
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

    /// When it held, written as the document may write `valid`: `"2023"`
    /// (that year), `"2024-10.."`, `"..2024-09"` or `"2024-09..2024-12"`.
    ///
    /// ```
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1").valid_period("2024-10..")?;
    /// let g = b.build()?;
    /// assert_eq!(g.fact("c1").unwrap().valid().to_string(), "2024-10..");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ValueError`] for a malformed date or a period that ends before it starts.
    pub fn valid_period(self, period: &str) -> Result<Self, ValueError> {
        Ok(self.valid(period.parse()?))
    }

    /// Marks it deprecated, with the reason (not blank, checked by
    /// `build`): it is kept, for history and for `explain`, but no query
    /// uses it unless its filter includes deprecated facts.
    pub fn deprecated(self, reason: impl Into<String>) -> Self {
        self.fact.extras_mut().deprecated = owned(reason);
        self
    }

    /// How well established it is (default [`Confidence::Reported`]).
    pub fn confidence(self, confidence: Confidence) -> Self {
        self.fact.confidence = Field::Given(confidence);
        self
    }

    /// A piece of evidence. A fact's evidence is kept in a fixed order
    /// ([`semantics`](crate::semantics#the-order-of-evidence)), whatever
    /// order it is added in.
    pub fn evidence(self, evidence: Evidence) -> Self {
        push_evidence(self.fact, self.evidence, draft_evidence(&evidence));
        self
    }

    /// An extension value in `props`.
    pub fn prop(self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.fact
            .extras_mut()
            .props
            .given_mut()
            .insert(key.into(), value.into());
        self
    }

    /// How control is held (`controls`).
    pub fn mode(self, mode: ControlMode) -> Self {
        self.fact.extras_mut().mode = Field::Given(Cow::Borrowed(mode.as_str()));
        self
    }

    /// What is exported (`exports_to`, required there).
    pub fn commodity(self, commodity: impl Into<String>) -> Self {
        self.fact.extras_mut().commodity = owned(commodity);
        self
    }

    /// How much is exported (`exports_to`).
    pub fn quantity(self, quantity: Quantity) -> Self {
        self.fact.extras_mut().quantity = Field::Given(quantity);
        self
    }

    /// What is proposed (`proposes`, required there).
    pub fn action(self, action: impl Into<String>) -> Self {
        self.fact.extras_mut().action = owned(action);
        self
    }

    /// Position along the route (`passes_through`).
    pub fn order(self, order: u32) -> Self {
        self.fact.order = Field::Given(order);
        self
    }

    /// The member's role (`member_of`).
    pub fn role(self, role: impl Into<String>) -> Self {
        self.fact.extras_mut().role = owned(role);
        self
    }

    /// The topic (`cooperates_with`, `interested_in`).
    pub fn topic(self, topic: impl Into<String>) -> Self {
        self.fact.extras_mut().topic = owned(topic);
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
        b.draft
            .sources
            .extend(self.sources.iter().map(draft_source));
        b.draft.nodes.extend(self.nodes().map(draft_node));
        for f in self.facts() {
            let fact = draft_fact(f, f.evidence(), &mut b.draft.evidence);
            b.draft.facts.push(fact);
        }
        b
    }
}

/// A source as a builder holds it.
pub(super) fn draft_source(s: &Source) -> DraftSource<'static> {
    DraftSource {
        id: owned(s.id().as_str()),
        publisher: owned(s.publisher()),
        title: s.title().map_or(Field::Absent, owned),
        published: s.published().map_or(Field::Absent, Field::Given),
        url: s.url().map_or(Field::Absent, owned),
        reliability: s.reliability().map_or(Field::Absent, Field::Given),
        outlet: s.outlet().map_or(Field::Absent, |o| owned(o.as_str())),
    }
}

/// A node as a builder holds it.
pub(super) fn draft_node(n: NodeRef<'_>) -> DraftNode<'static> {
    let mut d = DraftNode {
        id: owned(n.id().as_str()),
        kind: Field::Given(n.kind()),
        name: owned(n.name()),
        aliases: if n.aliases().is_empty() {
            Field::Absent
        } else {
            Field::Given(n.aliases().iter().map(|a| Cow::Owned(a.clone())).collect())
        },
        ..DraftNode::default()
    };
    if let Some(text) = n.description() {
        d.extras_mut().description = owned(text);
    }
    if !n.props().is_empty() {
        d.extras_mut().props = Field::Given(n.props().clone());
    }
    for (field, value) in n.details().fields() {
        if let Some(v) = value {
            d.slot(field).set(v);
        }
    }
    d
}

/// A fact as a builder holds it, with the evidence entries `evidence`
/// (all of the fact's, or some), which are appended to `list`.
pub(super) fn draft_fact<'g>(
    f: FactRef<'g>,
    evidence: impl Iterator<Item = EvidenceRef<'g>>,
    list: &mut Vec<DraftEvidence<'static>>,
) -> DraftFact<'static> {
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
        ..DraftFact::default()
    };
    if !f.props().is_empty() {
        d.extras_mut().props = Field::Given(f.props().clone());
    }
    if let Some(reason) = f.deprecated() {
        d.extras_mut().deprecated = owned(reason);
    }
    let start = list.len() as u32;
    list.extend(evidence.map(|e| draft_evidence(&e.to_evidence())));
    let len = list.len() as u32 - start;
    if len > 0 {
        d.evidence = Field::Given(DraftSpan { start, len });
    }
    for (field, value) in f.details().fields() {
        if let Some(v) = value {
            d.slot(field).set(v);
        }
    }
    d
}
