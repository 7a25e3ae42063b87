//! Names (the `semantics` page, "Names"): a node is found by its id or any of its names, with
//! case, accents, punctuation and dashes folded; an ambiguous name lists
//! every candidate; an unknown name suggests the closest.

use geokg::error::Candidate;
use geokg::graph::fold_name;
use geokg::{GraphBuilder, KnowledgeGraph, NodeKind, ResolveError};

/// Two towns called Pella, a corridor with a dashed name, a state, an
/// armed group known by its initials.
fn world() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.route("inpha-kohima", "Inpha–Kohima corridor")
        .alias("Inpha–Kohima");
    b.region("pella-north", "Pella").level("town");
    b.region("pella-south", "Pella").level("town");
    b.organization("pella-co", "Pella Mining Co.")
        .alias("PELLA");
    b.region("north", "North State").alias("Northern State");
    b.region("bhamo", "Bhamó");
    b.armed_group("nla", "Northern Liberation Army")
        .alias("NLA");
    b.person("aung", "Daw Aung’s Office");
    // A region whose name is another node's id: the id wins.
    b.region("old-north", "north");
    let g = b.build().unwrap();
    assert_eq!(g.warnings().warning_count(), 1, "{}", g.warnings());
    g
}

fn candidate(id: &str, kind: NodeKind, name: &str) -> (String, NodeKind, String) {
    (id.to_owned(), kind, name.to_owned())
}

fn listed(c: &[Candidate]) -> Vec<(String, NodeKind, String)> {
    c.iter()
        .map(|c| (c.id.to_string(), c.kind, c.name.clone()))
        .collect()
}

#[test]
fn folding_ignores_case_accents_punctuation_and_dashes() {
    let same = [
        "Inpha–Kohima",
        "inpha kohima",
        "INPHA-KOHIMA",
        "Inpha — Kohima",
        "  inpha_kohima ",
        "Inpha/Kohima",
        "ÍNPHÂ-KÖHIMA",
        "Inpha\u{2011}Kohima",
    ];
    for s in same {
        assert_eq!(fold_name(s), "inpha kohima", "{s:?}");
    }
    assert_eq!(fold_name("Bhamó"), "bhamo");
    assert_eq!(fold_name("Bhamo\u{301}"), "bhamo");
    assert_eq!(fold_name("Việt Nam"), "viet nam");
    assert_eq!(fold_name("Đà Nẵng"), "đa nang");
    assert_eq!(fold_name("Αθήνα"), "αθηνα");
    assert_eq!(fold_name("Daw Aung’s Office"), "daw aungs office");
    assert_eq!(fold_name("Daw Aung's office"), "daw aungs office");
    assert_eq!(fold_name("Ｐｅｌｌａ"), "pella");
    assert_eq!(fold_name("Pella Mining Co."), "pella mining co");
    assert_eq!(fold_name("---"), "");
    assert_eq!(fold_name(""), "");
}

#[test]
fn folding_keeps_the_marks_that_spell_other_scripts() {
    // In Myanmar, Devanagari or Thai script the marks are letters of the
    // word, not accents: dropping them would make different names equal.
    assert_ne!(fold_name("ကို"), fold_name("ကီ"));
    assert_ne!(fold_name("ကချင်"), fold_name("ကချင"));
    assert_ne!(fold_name("मणिपुर"), fold_name("मणपुर"));
    assert_ne!(fold_name("กิน"), fold_name("กน"));
    // They still fold case and punctuation around them.
    assert_eq!(fold_name("ကချင် - State"), fold_name("ကချင် state"));
    assert_eq!(fold_name("मणिपुर"), "मणिपुर");
}

#[test]
fn a_node_is_found_by_its_id_or_any_of_its_names() {
    let g = world();
    for asked in [
        "inpha-kohima",
        "Inpha–Kohima",
        "inpha kohima",
        "INPHA-KOHIMA",
        "Inpha–Kohima corridor",
        "inpha kohima CORRIDOR",
    ] {
        assert_eq!(
            g.resolve(asked).unwrap().id().as_str(),
            "inpha-kohima",
            "{asked}"
        );
    }
    assert_eq!(g.resolve("bhamo").unwrap().id().as_str(), "bhamo");
    assert_eq!(g.resolve("BHAMÓ").unwrap().id().as_str(), "bhamo");
    assert_eq!(g.resolve("nla").unwrap().id().as_str(), "nla");
    assert_eq!(g.resolve("Northern State").unwrap().id().as_str(), "north");
    assert_eq!(
        g.resolve("daw aung's office").unwrap().id().as_str(),
        "aung"
    );
}

#[test]
fn an_exact_id_wins_over_a_name() {
    let g = world();
    // "north" is the id of North State and the name of old-north.
    assert_eq!(g.resolve("north").unwrap().id().as_str(), "north");
    // Not an exact id (case differs): then it is a name.
    assert_eq!(g.resolve("North").unwrap().id().as_str(), "old-north");
    // "pella-co" is an id; "PELLA" is a name that three nodes share.
    assert_eq!(g.resolve("pella-co").unwrap().id().as_str(), "pella-co");
}

#[test]
fn an_ambiguous_name_lists_every_candidate() {
    let g = world();
    let err = g.resolve("pella").unwrap_err();
    let ResolveError::Ambiguous { name, candidates } = &err else {
        panic!("expected ambiguity, got {err}")
    };
    assert_eq!(name, "pella");
    assert_eq!(
        listed(candidates),
        [
            candidate("pella-co", NodeKind::Organization, "Pella Mining Co."),
            candidate("pella-north", NodeKind::Region, "Pella"),
            candidate("pella-south", NodeKind::Region, "Pella"),
        ]
    );
    assert_eq!(
        err.to_string(),
        "\"pella\" is ambiguous; it names 3: pella-co (organization, \"Pella Mining Co.\"); \
         pella-north (region, \"Pella\"); pella-south (region, \"Pella\"); use an id"
    );
    // Every spelling of the name is ambiguous alike.
    assert_eq!(
        g.resolve("PÉLLA").unwrap_err(),
        ResolveError::Ambiguous {
            name: "PÉLLA".into(),
            candidates: candidates.clone()
        }
    );
}

#[test]
fn an_unknown_name_suggests_the_closest_names() {
    let g = world();
    let err = g.resolve("Inpha Kohma").unwrap_err();
    let ResolveError::Unknown { name, suggestions } = &err else {
        panic!("expected an unknown name, got {err}")
    };
    assert_eq!(name, "Inpha Kohma");
    assert_eq!(
        listed(suggestions).first(),
        Some(&candidate(
            "inpha-kohima",
            NodeKind::Route,
            "Inpha–Kohima corridor"
        ))
    );
    assert!(suggestions.len() <= 5);
    assert!(
        err.to_string().starts_with(
            "no node is named \"Inpha Kohma\"; closest: inpha-kohima (route, \"Inpha–Kohima corridor\")"
        ),
        "{err}"
    );

    let err = g.resolve("Northen Liberation Army").unwrap_err();
    assert!(matches!(
        &err,
        ResolveError::Unknown { suggestions, .. } if suggestions[0].id.as_str() == "nla"
    ));
}

#[test]
fn a_name_like_nothing_suggests_nothing() {
    let g = world();
    let err = g.resolve("Zzyzx").unwrap_err();
    assert_eq!(
        err,
        ResolveError::Unknown {
            name: "Zzyzx".into(),
            suggestions: vec![]
        }
    );
    assert_eq!(err.to_string(), "no node is named \"Zzyzx\"");
    for nothing in ["", "   ", "—"] {
        assert!(matches!(
            g.resolve(nothing),
            Err(ResolveError::Unknown { .. })
        ));
    }
}

#[test]
fn a_very_long_name_is_refused_quickly() {
    let g = world();
    let long = "Pella ".repeat(200_000);
    let err = g.resolve(&long).unwrap_err();
    let ResolveError::Unknown { name, suggestions } = &err else {
        panic!("expected an unknown name")
    };
    assert!(suggestions.is_empty());
    // The message quotes the name in part.
    assert!(name.chars().count() <= 65, "{}", name.len());
    assert!(err.to_string().len() < 200);
}

#[test]
fn suggestions_are_capped_and_best_first() {
    let mut b = GraphBuilder::new();
    for i in 0..20 {
        b.region(format!("town-{i:02}"), format!("Town {i:02}"));
    }
    let g = b.build().unwrap();
    let all = g.suggest("Town 0", 50);
    assert!(all.len() >= 10);
    let three = g.suggest("Town 0", 3);
    assert_eq!(three.len(), 3);
    assert_eq!(three, all[..3]);
    assert_eq!(g.suggest("Town 07", 1)[0].id.as_str(), "town-07");
}
