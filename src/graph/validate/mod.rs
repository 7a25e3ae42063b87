//! Validation: every problem of a draft, found in one pass and reported
//! with its place in the document, before anything is built. Sources and
//! nodes first, then the facts that refer to them, then `part_of` cycles.
//! Names that several nodes share are warnings.

mod checker;
mod cycles;
mod facts;
mod nodes;

use rustc_hash::FxHashMap;

use crate::error::{Location, ProblemKind, Problems, Referent, Section, Suggestion, excerpt};
use crate::graph::draft::{Draft, DraftNode, DraftSource, Field};
use crate::graph::names::{DraftNames, Holders, Suggestions};
use crate::graph::{Limits, NodeIdx};
use crate::model::{NodeId, NodeKind};

use checker::Checker;
use cycles::check_part_of_cycles;
use facts::validate_facts;
use nodes::{DraftIds, validate_nodes};

/// What validation learned that construction needs: resolved references,
/// by draft position.
pub(crate) struct Resolved {
    pub node_kind: Vec<NodeKind>,
    /// Per source: its outlet's draft node position, or `u32::MAX`.
    pub outlets: Vec<u32>,
    /// Per fact: (from, to) as draft node positions.
    pub fact_ends: Vec<(u32, u32)>,
    /// Per entry of `Draft::evidence`: (source position, speaker position
    /// or `u32::MAX`).
    pub evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position; empty when
    /// every fact has its own.
    pub assigned_ids: Vec<Option<String>>,
    /// Fact positions in id order, when no fact was assigned an id.
    pub fact_order: Option<Vec<u32>>,
}

/// Checks `draft`, reporting every problem to `problems`; what it
/// resolved when every reference resolved.
/// `names` are the draft's names, for suggestions.
pub(crate) fn validate(
    draft: &Draft<'_>,
    limits: &Limits,
    names: &DraftNames,
    problems: &mut Problems,
) -> Option<Resolved> {
    let mut c = Checker {
        problems,
        limits: *limits,
    };
    let source_ids = validate_sources(&draft.sources, &mut c);
    let (node_ids, node_kind) = validate_nodes(&draft.nodes, &mut c);
    let outlets = validate_outlets(&draft.sources, &node_ids, &node_kind, &mut c);
    let facts = validate_facts(draft, &source_ids, &node_ids, &node_kind, names, &mut c);
    // Cycles among the facts whose ends are known, even when others are not:
    // one pass names every problem.
    check_part_of_cycles(draft, &facts.ends, &facts.assigned_ids, &mut c);
    let fact_ends = facts.ends.into_iter().collect::<Option<Vec<_>>>()?;
    if !facts.complete {
        return None;
    }
    let outlets = outlets?;
    Some(Resolved {
        node_kind: node_kind
            .into_iter()
            .map(|k| k.unwrap_or(NodeKind::Region))
            .collect(),
        outlets,
        fact_ends,
        evidence: facts.evidence,
        fact_order: facts
            .assigned_ids
            .is_empty()
            .then_some(facts.by_id.into_iter().map(|(_, p)| p).collect()),
        assigned_ids: facts.assigned_ids,
    })
}

/// Checks every source: a unique id, a publisher, texts within the limit.
fn validate_sources<'d>(
    sources: &'d [DraftSource<'d>],
    c: &mut Checker<'_>,
) -> FxHashMap<&'d str, usize> {
    let mut seen = FxHashMap::with_capacity_and_hasher(sources.len(), Default::default());
    for (i, s) in sources.iter().enumerate() {
        let sec = Section::Sources;
        c.id(&s.id, sec, i, "source", &mut seen);
        c.required_text(
            &s.publisher,
            sec,
            i,
            "publisher",
            "who published the source",
        );
        c.optional_text(&s.title, sec, i, "title");
        c.optional_text(&s.url, sec, i, "url");
    }
    seen
}

/// Checks each source's outlet, once the nodes are known: the id of an
/// organization. The outlets' positions when every one resolved.
fn validate_outlets(
    sources: &[DraftSource<'_>],
    node_ids: &DraftIds<'_>,
    node_kind: &[Option<NodeKind>],
    c: &mut Checker<'_>,
) -> Option<Vec<u32>> {
    let mut outlets = Vec::with_capacity(sources.len());
    let mut complete = true;
    // The organizations' ids, gathered for the first unknown outlet; only
    // the first few unknown outlets get suggestions, as for facts.
    let mut organizations: Option<Vec<(&str, NodeIdx)>> = None;
    let mut suggestions_left = 20usize;
    for (i, s) in sources.iter().enumerate() {
        let Field::Given(id) = &s.outlet else {
            complete &= !matches!(s.outlet, Field::Invalid);
            outlets.push(u32::MAX);
            continue;
        };
        let at = || Location::field(Section::Sources, i, "outlet");
        match node_ids.get(id) {
            Some(n) => match node_kind.get(n) {
                Some(Some(NodeKind::Organization)) => outlets.push(n as u32),
                Some(Some(kind)) => {
                    let kind = *kind;
                    c.error(|| {
                        (
                            at(),
                            ProblemKind::OutletKind {
                                id: excerpt(id),
                                kind,
                            },
                        )
                    });
                    complete = false;
                }
                // A node of unreadable kind: already reported.
                _ => complete = false,
            },
            None => {
                let mut suggestions = Vec::new();
                if suggestions_left > 0 && id.len() <= 256 {
                    suggestions_left -= 1;
                    let orgs = organizations.get_or_insert_with(|| {
                        node_ids
                            .entries()
                            .filter(|&(_, n)| {
                                node_kind.get(n.get()).copied()
                                    == Some(Some(NodeKind::Organization))
                            })
                            .collect()
                    });
                    let mut close = Suggestions::new(id, 0.8);
                    for &(o, n) in orgs.iter() {
                        close.consider(o, [(o, n)]);
                    }
                    suggestions = close
                        .best(3)
                        .into_iter()
                        .map(|(o, n)| Suggestion::new(o, node_ids.node(n).1))
                        .collect();
                }
                c.error(|| {
                    (
                        at(),
                        ProblemKind::UnknownReference {
                            what: Referent::Outlet,
                            id: excerpt(id),
                            suggestions,
                        },
                    )
                });
                complete = false;
            }
        }
    }
    complete.then_some(outlets)
}

/// Warns of each name that several nodes share, where it is first shared.
pub(crate) fn warn_shared_names(
    nodes: &[DraftNode<'_>],
    names: &DraftNames,
    problems: &mut Problems,
) {
    let mut shared: Vec<(&str, usize, Option<usize>)> = names
        .shared
        .iter()
        .map(|(pos, field, k)| (k.as_ref(), *pos, *field))
        .collect();
    shared.sort_by_key(|&(_, pos, field)| (pos, field));
    for (key, pos, field) in shared {
        problems.warning(|| {
            let node = nodes.get(pos);
            let (field, written) = match field {
                None => ("name".to_owned(), node.and_then(|n| n.name.given())),
                Some(j) => (
                    format!("aliases[{j}]"),
                    node.and_then(|n| n.aliases.given()?.get(j)),
                ),
            };
            let mut ids: Vec<NodeId> = names
                .index
                .get(key)
                .map(Holders::as_slice)
                .into_iter()
                .flatten()
                .filter_map(|&p| nodes.get(p.get())?.id.given())
                .map(|id| NodeId::from_checked(id.as_ref()))
                .collect();
            ids.sort();
            (
                Location::field(Section::Nodes, pos, field),
                ProblemKind::SharedName {
                    name: written.map(|w| excerpt(w)).unwrap_or_default(),
                    nodes: ids,
                },
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ProblemKind;
    use crate::graph::Limits;
    use crate::model::NodeId;

    #[test]
    fn a_shared_name_is_warned_once_where_it_is_first_shared() {
        let text = r#"{"format":"geokg","version":1,"sources":[],"nodes":[
            {"id":"c","kind":"region","name":"Xa","aliases":["Y","Z","q1","q2","q3","q4","q5","q6","q7","q8","W","V"]},
            {"id":"b","kind":"region","name":"Y","aliases":["XA"]},
            {"id":"a","kind":"region","name":"X-a","aliases":["y","v","q","r","s","t","u","k","x","z","W"]}
        ],"facts":[]}"#;
        let report = crate::io::validate_str(text);
        assert!(report.errors.is_empty(), "{report}");
        let found: Vec<(String, String, Vec<&str>)> = report
            .warnings
            .iter()
            .map(|p| match &p.kind {
                ProblemKind::SharedName { name, nodes } => (
                    p.at.to_string(),
                    name.clone(),
                    nodes.iter().map(NodeId::as_str).collect(),
                ),
                other => panic!("not a shared name: {other}"),
            })
            .collect();
        let expected = [
            ("nodes[1].name", "Y", &["a", "b", "c"][..]),
            ("nodes[1].aliases[0]", "XA", &["b", "c"]),
            ("nodes[2].aliases[1]", "v", &["a", "c"]),
            ("nodes[2].aliases[9]", "z", &["a", "c"]),
            ("nodes[2].aliases[10]", "W", &["a", "c"]),
        ];
        let expected: Vec<(String, String, Vec<&str>)> = expected
            .iter()
            .map(|(at, name, nodes)| (at.to_string(), name.to_string(), nodes.to_vec()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_overlong_alias_or_note_is_located() {
        let text = r#"{"format":"geokg","version":1,
            "sources":[{"id":"s","publisher":"P"}],
            "nodes":[{"id":"a","kind":"region","name":"A","aliases":["B","Longer"]},
                     {"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"f","kind":"borders","from":"a","to":"b",
                      "evidence":[{"source":"s"},{"source":"s","note":"a long note"}]}]}"#;
        let limits = Limits {
            max_string_bytes: 5,
            ..Limits::default()
        };
        let Err(crate::LoadError::Invalid(report)) = crate::io::load_str_with(text, limits) else {
            panic!("over-long strings must not load");
        };
        let at: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
        assert_eq!(at, ["nodes[0].aliases[1]", "facts[0].evidence[1].note"]);
    }
}
