//! Queries that list facts: exports, proposals, timeline, and explain
//! ([`semantics`](crate::semantics#exports) from `exports` on).

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value, json};

use crate::error::ResolveError;
use crate::graph::document::FactObject;
use crate::graph::{Dir, FactIdx, FactRef, KnowledgeGraph, NodeKey, NodeRef};
use crate::model::{Bound, FactField, FactKind, FieldValue};
use crate::query::evidence::{write_fact_in_full, write_facts};
use crate::query::filter::Filter;
use crate::query::takes;

/// The total of several amounts in one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total<'g> {
    unit: &'g str,
    value: f64,
    bound: Bound,
    facts: usize,
}

impl<'g> Total<'g> {
    /// The unit (`"t"`).
    pub fn unit(&self) -> &'g str {
        self.unit
    }

    /// The sum of the values.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The bound of the sum: all exact → exact; exact and at_least →
    /// at_least; exact and at_most → at_most; any approx, or at_least with
    /// at_most → approx.
    pub fn bound(&self) -> Bound {
        self.bound
    }

    /// How many facts' quantities it adds up.
    pub fn fact_count(&self) -> usize {
        self.facts
    }
}

impl fmt::Display for Total<'_> {
    /// `at least 3400 t`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.bound {
            Bound::AtLeast => "at least ",
            Bound::AtMost => "at most ",
            Bound::Approx => "about ",
            _ => "",
        };
        write!(f, "{prefix}{} {}", self.value, self.unit)
    }
}

/// A number as canonical answers write it: integral values without a fraction.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// The answer to [`KnowledgeGraph::exports`]: the `exports_to` facts from
/// exactly one node to exactly another, and their totals per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Exports<'g> {
    from: NodeRef<'g>,
    to: NodeRef<'g>,
    commodity: Option<Cow<'g, str>>,
    filter: Filter,
    facts: Vec<FactRef<'g>>,
    totals: Vec<Total<'g>>,
}

impl<'g> Exports<'g> {
    /// The exporter asked about.
    pub fn from(&self) -> NodeRef<'g> {
        self.from
    }

    /// The destination asked about.
    pub fn to(&self) -> NodeRef<'g> {
        self.to
    }

    /// The commodity asked about, if any: as the graph spells it when the
    /// question found exactly one (`rare_earths` when asked for
    /// `"RARE_EARTHS"`), else as asked.
    pub fn commodity(&self) -> Option<&str> {
        self.commodity.as_deref()
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The `exports_to` facts, in id order, with or without a quantity.
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }

    /// The totals of the facts' quantities, one per unit, by unit.
    pub fn totals(&self) -> &[Total<'g>] {
        &self.totals
    }

    /// The total in one unit, if any fact gives an amount in it.
    pub fn total(&self, unit: &str) -> Option<&Total<'g>> {
        self.totals.iter().find(|t| t.unit == unit)
    }

    /// The canonical answer: `{"facts": n, "totals": [[unit, value, bound], …]}`.
    pub fn to_canonical(&self) -> Value {
        let totals: Vec<Value> = self
            .totals
            .iter()
            .map(|t| json!([t.unit, number(t.value), t.bound.as_str()]))
            .collect();
        json!({ "facts": self.facts.len(), "totals": totals })
    }
}

impl fmt::Display for Exports<'_> {
    /// The totals, then every fact with its evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Exports from {} to {}", self.from, self.to)?;
        if let Some(c) = &self.commodity {
            write!(f, " of {c}")?;
        }
        writeln!(f, " ({}):", self.filter)?;
        if self.facts.is_empty() {
            return writeln!(f, "  none known");
        }
        for t in &self.totals {
            writeln!(
                f,
                "  total: {t} (from {} fact{})",
                t.facts,
                if t.facts == 1 { "" } else { "s" }
            )?;
        }
        let unquantified = self.facts.len() - self.totals.iter().map(|t| t.facts).sum::<usize>();
        if unquantified > 0 {
            writeln!(f, "  and {unquantified} fact(s) giving no amount")?;
        }
        write_facts(f, self.facts.iter().copied(), &self.filter, "  ")
    }
}

/// The answer to [`KnowledgeGraph::proposals`]: `proposes` facts in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposals<'g> {
    by: Option<NodeRef<'g>>,
    about: Option<NodeRef<'g>>,
    filter: Filter,
    facts: Vec<FactRef<'g>>,
}

impl<'g> Proposals<'g> {
    /// The proposer asked about, if any.
    pub fn by(&self) -> Option<NodeRef<'g>> {
        self.by
    }

    /// The subject asked about, if any.
    pub fn about(&self) -> Option<NodeRef<'g>> {
        self.about
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The `proposes` facts, in id order.
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The canonical answer: `[[fact, from, to, action], …]` by fact id.
    pub fn to_canonical(&self) -> Value {
        Value::Array(
            self.facts
                .iter()
                .map(|f| {
                    let action = f
                        .details()
                        .get(FactField::Action)
                        .and_then(FieldValue::as_text)
                        .unwrap_or_default();
                    json!([
                        f.id().as_str(),
                        f.from().id().as_str(),
                        f.to().id().as_str(),
                        action
                    ])
                })
                .collect(),
        )
    }
}

impl fmt::Display for Proposals<'_> {
    /// Every proposal with its evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Proposals")?;
        if let Some(b) = self.by {
            write!(f, " by {b}")?;
        }
        if let Some(a) = self.about {
            write!(f, " about {a}")?;
        }
        writeln!(f, " ({}):", self.filter)?;
        if self.facts.is_empty() {
            return writeln!(f, "  none known");
        }
        write_facts(f, self.facts.iter().copied(), &self.filter, "  ")
    }
}

/// The answer to [`KnowledgeGraph::timeline`]: the facts touching a node,
/// oldest first, timeless last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline<'g> {
    node: NodeRef<'g>,
    filter: Filter,
    facts: Vec<FactRef<'g>>,
}

impl<'g> Timeline<'g> {
    /// The node asked about.
    pub fn node(&self) -> NodeRef<'g> {
        self.node
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The facts in timeline order.
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The canonical answer: fact ids in timeline order.
    pub fn to_canonical(&self) -> Value {
        Value::Array(self.facts.iter().map(|f| json!(f.id().as_str())).collect())
    }
}

impl fmt::Display for Timeline<'_> {
    /// Every fact, oldest first, with its evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Timeline of {} ({}):", self.node, self.filter)?;
        if self.facts.is_empty() {
            return writeln!(f, "  no facts");
        }
        write_facts(f, self.facts.iter().copied(), &self.filter, "  ")
    }
}

/// The answer to [`KnowledgeGraph::explain`]: one fact in full, with the
/// sources of its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation<'g> {
    fact: FactRef<'g>,
}

impl<'g> Explanation<'g> {
    /// The fact.
    pub fn fact(&self) -> FactRef<'g> {
        self.fact
    }

    /// The fact as the document writes it, plus `"sources"`: the source
    /// objects of its evidence, each once, in evidence order.
    pub fn to_canonical(&self) -> Value {
        let mut object = match serde_json::to_value(FactObject(self.fact)) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let mut sources: Vec<&crate::model::Source> = Vec::new();
        for e in self.fact.evidence() {
            let s = e.source();
            if !sources.iter().any(|known| known.id() == s.id()) {
                sources.push(s);
            }
        }
        let sources = sources
            .into_iter()
            .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
            .collect();
        object.insert("sources".to_owned(), Value::Array(sources));
        Value::Object(object)
    }
}

impl fmt::Display for Explanation<'_> {
    /// Every field of the fact, every piece of evidence with its source and speaker.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_fact_in_full(f, self.fact)
    }
}

impl KnowledgeGraph {
    /// What one node exports to another
    /// ([`semantics`](crate::semantics#exports)).
    ///
    /// # Arguments
    /// - `from`, `to`: the exporter (a country, region, armed group or
    ///   organization) and the destination (a country, region or
    ///   organization), by id or any name, exactly: exports of a region
    ///   inside `from` do not count.
    /// - `commodity`: only facts of this commodity, or all. A commodity
    ///   some `exports_to` fact spells exactly so is matched exactly;
    ///   otherwise it is folded as names are, so `"Rare_Earths"` finds
    ///   `rare_earths`.
    /// - `filter`: which `exports_to` facts count.
    ///
    /// # Returns
    /// The passing `exports_to` facts from `from` to `to`, in id order, and
    /// the totals of their quantities per unit with the bound of each sum.
    /// Facts without a quantity count among the facts, not in the totals.
    ///
    /// # Errors
    /// [`ResolveError`] when `from` or `to` names no node, or several;
    /// [`ResolveError::WrongKind`] when either names a node of a kind the
    /// `exports_to` row of the kind table does not allow there.
    ///
    /// # Complexity
    /// O(e) for the e `exports_to` facts from `from` to `to`, found by one
    /// hash lookup.
    ///
    /// # Example
    /// ```
    /// use geokg::model::{Bound, Quantity};
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.country("land", "Land");
    /// b.country("isle", "Isle");
    /// b.fact(FactKind::ExportsTo, "land", "isle")
    ///     .commodity("tin")
    ///     .quantity(Quantity::new(3300.0, "t", Bound::AtLeast)?)
    ///     .valid("2024-09".parse()?);
    /// b.fact(FactKind::ExportsTo, "land", "isle")
    ///     .commodity("tin")
    ///     .quantity(Quantity::exact(100.0, "t")?)
    ///     .valid("2024-10".parse()?);
    /// let g = b.build()?;
    ///
    /// let all = g.exports("Land", "Isle", Some("tin"), &Filter::ALL)?;
    /// let t = all.total("t").unwrap();
    /// assert_eq!((t.value(), t.bound()), (3400.0, Bound::AtLeast));
    /// let october = g.exports("land", "isle", None, &Filter::during("2024-10".parse()?))?;
    /// assert_eq!(october.to_canonical().to_string(), r#"{"facts":1,"totals":[["t",100,"exact"]]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exports(
        &self,
        from: impl NodeKey,
        to: impl NodeKey,
        commodity: Option<&str>,
        filter: &Filter,
    ) -> Result<Exports<'_>, ResolveError> {
        let from = self.locate_for(&from, "exports", Some("from"), takes::EXPORTERS)?;
        let to = self.locate_for(&to, "exports", Some("to"), takes::IMPORTERS)?;
        let pass = filter.compile(self);
        let candidates = self.trade.between(from.idx(), to.idx());
        let mut facts = Vec::with_capacity(candidates.len());
        let mut totals: Vec<Total<'_>> = Vec::new();
        // Commodities and units compare as positions in the graph's table
        // of names; a commodity no fact names, even folded, matches nothing.
        let trade = &self.trade;
        let wanted = commodity.map(|c| trade.commodities_like(c));
        // The commodity as the graph spells it, when it is one: no copy.
        let named = match wanted.as_deref() {
            Some(&[one]) => Some(trade.name(one)),
            _ => None,
        };
        for t in candidates {
            if !pass.admits_when(t.fact, &t.when) {
                continue;
            }
            if let Some(wanted) = &wanted
                && !wanted.contains(&t.commodity)
            {
                continue;
            }
            facts.push(self.fact_at(t.fact));
            if t.unit != u32::MAX {
                let unit = trade.name(t.unit);
                match totals.iter_mut().find(|x| x.unit == unit) {
                    Some(x) => {
                        x.value += t.value;
                        x.bound = x.bound.combine(t.bound);
                        x.facts += 1;
                    }
                    None => totals.push(Total {
                        unit,
                        value: t.value,
                        bound: t.bound,
                        facts: 1,
                    }),
                }
            }
        }
        totals.sort_unstable_by(|a, b| a.unit.cmp(b.unit));
        Ok(Exports {
            from,
            to,
            commodity: commodity
                .map(|c| named.map_or_else(|| Cow::Owned(c.to_owned()), Cow::Borrowed)),
            filter: *filter,
            facts,
            totals,
        })
    }

    /// Proposals by an actor and/or about a node
    /// ([`semantics`](crate::semantics#proposals)).
    ///
    /// # Arguments
    /// - `by`: only proposals by this actor (a person, country,
    ///   organization or armed group; id or any name), or by anyone.
    /// - `about`: only proposals about this node, or about anything.
    /// - `filter`: which `proposes` facts count.
    ///
    /// # Returns
    /// The passing `proposes` facts that match, in id order.
    ///
    /// # Errors
    /// [`ResolveError`] when `by` or `about` names no node, or several;
    /// [`ResolveError::WrongKind`] when `by` names a region or a route,
    /// which propose nothing.
    ///
    /// # Complexity
    /// O(p) for the p `proposes` facts of `by` (or else of `about`); with
    /// neither, one pass over every fact.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.person("ann", "Ann Reed");
    /// b.route("road", "Old Road");
    /// b.fact(FactKind::Proposes, "ann", "road").id("p1").action("reopen the road");
    /// let g = b.build()?;
    ///
    /// let answer = g.proposals(Some(&"Ann Reed"), None, &Filter::ALL)?;
    /// assert_eq!(
    ///     answer.to_canonical().to_string(),
    ///     r#"[["p1","ann","road","reopen the road"]]"#
    /// );
    /// assert_eq!(g.proposals(None, Some(&"road"), &Filter::ALL)?.facts().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn proposals(
        &self,
        by: Option<&dyn NodeKey>,
        about: Option<&dyn NodeKey>,
        filter: &Filter,
    ) -> Result<Proposals<'_>, ResolveError> {
        let by = by
            .map(|k| self.locate_for(k, "proposals", Some("by"), takes::PROPOSERS))
            .transpose()?;
        let about = about.map(|k| k.locate(self)).transpose()?;
        let pass = filter.compile(self);
        let keep = |i: FactIdx| {
            let m = self.fact_meta(i);
            m.kind == FactKind::Proposes
                && pass.admits_fact(i, m)
                && by.is_none_or(|b| b.idx() == m.from)
                && about.is_none_or(|a| a.idx() == m.to)
        };
        let facts = match (by, about) {
            (Some(n), _) => self
                .adjacent(n.idx(), FactKind::Proposes, Dir::Out)
                .iter()
                .map(|e| e.fact)
                .filter(|&i| keep(i))
                .map(|i| self.fact_at(i))
                .collect(),
            (None, Some(n)) => self
                .adjacent(n.idx(), FactKind::Proposes, Dir::In)
                .iter()
                .map(|e| e.fact)
                .filter(|&i| keep(i))
                .map(|i| self.fact_at(i))
                .collect(),
            (None, None) => (0..self.fact_count() as u32)
                .map(FactIdx)
                .filter(|&i| keep(i))
                .map(|i| self.fact_at(i))
                .collect(),
        };
        Ok(Proposals {
            by,
            about,
            filter: *filter,
            facts,
        })
    }

    /// Every fact that touches a node, oldest first
    /// ([`semantics`](crate::semantics#timeline)).
    ///
    /// # Arguments
    /// - `x`: any node (id or any name).
    /// - `filter`: which facts count.
    ///
    /// # Returns
    /// The passing facts whose `from` or `to` is `x`: dated facts by the
    /// first day of `valid.from` (a period with only an end counts as
    /// earliest), then timeless facts; ties by id.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` names no node, or several.
    ///
    /// # Complexity
    /// O(f log f) for the f facts of `x`.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("vale", "The Vale");
    /// b.country("land", "Land");
    /// b.armed_group("guard", "River Guard");
    /// b.fact(FactKind::PartOf, "vale", "land").id("a");
    /// b.fact(FactKind::Controls, "guard", "vale").id("b").valid_from("2024-10")?;
    /// b.fact(FactKind::Controls, "guard", "vale").id("c").valid_to("2012")?;
    /// let g = b.build()?;
    ///
    /// let t = g.timeline("The Vale", &Filter::ALL)?;
    /// assert_eq!(t.to_canonical().to_string(), r#"["c","b","a"]"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timeline(&self, x: impl NodeKey, filter: &Filter) -> Result<Timeline<'_>, ResolveError> {
        let node = x.locate(self)?;
        let pass = filter.compile(self);
        let slices = FactKind::ALL.map(|kind| {
            let out = self.adjacent_sparse(node.idx(), kind, Dir::Out);
            // A symmetric kind's slice is the same both ways: take it once.
            let inward = if kind.is_symmetric() {
                &[][..]
            } else {
                self.adjacent_sparse(node.idx(), kind, Dir::In)
            };
            (out, inward)
        });
        let total = slices.iter().map(|(a, b)| a.len() + b.len()).sum();
        // Timeless facts last, then by first day (0 for an open start), then
        // by id, packed into one integer so that sorting is one sort of u64:
        // bit 59 timeless, bits 32..59 the day (yyyymmdd < 2^27), bits 0..32 the fact.
        let mut keyed: Vec<u64> = Vec::with_capacity(total);
        for (out, inward) in slices {
            for e in out.iter().chain(inward) {
                if pass.admits_entry(e) {
                    let timeless = e.start() == 0 && e.end() == u32::MAX;
                    keyed.push(
                        (u64::from(timeless) << 59)
                            | (u64::from(e.start() & 0x07ff_ffff) << 32)
                            | u64::from(e.fact.0),
                    );
                }
            }
        }
        keyed.sort_unstable();
        Ok(Timeline {
            node,
            filter: *filter,
            facts: keyed
                .into_iter()
                .map(|k| self.fact_at(FactIdx(k as u32)))
                .collect(),
        })
    }

    /// One fact in full, with its evidence and sources
    /// ([`semantics`](crate::semantics#explain)).
    ///
    /// # Arguments
    /// - `fact`: a fact id, matched exactly.
    ///
    /// # Returns
    /// The fact, whatever its period or confidence.
    ///
    /// # Errors
    /// [`ResolveError::UnknownFact`] when no fact has this id, with the
    /// closest fact ids ([`suggest_facts`](Self::suggest_facts)).
    ///
    /// # Complexity
    /// O(log F): a binary search over fact ids; an unknown id also compares
    /// with the fact ids nearest it (see `suggest_facts`).
    ///
    /// # Example
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.source("gazette", "Vale Gazette").published("2025-09-04")?;
    /// b.region("vale", "The Vale");
    /// b.armed_group("guard", "River Guard");
    /// b.fact(FactKind::Controls, "guard", "vale").id("guard-holds-vale").evidence(Evidence::from_source("gazette"));
    /// let g = b.build()?;
    ///
    /// let e = g.explain("guard-holds-vale")?;
    /// assert_eq!(e.to_canonical()["sources"][0]["publisher"], "Vale Gazette");
    /// assert!(e.to_string().contains("Vale Gazette"));
    /// assert_eq!(
    ///     g.explain("guard-hold-vale").unwrap_err().to_string(),
    ///     r#"no fact has the id "guard-hold-vale"; closest: guard-holds-vale"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, fact: &str) -> Result<Explanation<'_>, ResolveError> {
        match self.fact(fact) {
            Some(fact) => Ok(Explanation { fact }),
            None => Err(ResolveError::UnknownFact {
                id: crate::error::excerpt(fact),
                suggestions: self.suggest_facts(fact, 5),
            }),
        }
    }
}
