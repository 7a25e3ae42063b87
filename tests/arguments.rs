//! The arguments of the queries as a new user types them: a node of a kind
//! a query cannot answer about is refused, saying which kinds it takes; a
//! commodity nobody spells exactly so is matched folded; an unknown fact id
//! gets the closest ids.

use geokg::model::{NodeKind, Quantity};
use geokg::query::Filter;
use geokg::{FactKind, GraphBuilder, KnowledgeGraph, ResolveError};

fn myanmar() -> KnowledgeGraph {
    geokg::datasets::myanmar_cni().unwrap()
}

/// One node of every kind, each named after its kind, with a fact or two.
fn one_of_each() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.country("land", "Land");
    b.armed_group("army", "River Army");
    b.region("vale", "The Vale");
    b.route("road", "Old Road");
    b.person("ann", "Ann Reed");
    b.organization("co", "Pit Company");
    b.fact(FactKind::PartOf, "vale", "land");
    b.fact(FactKind::PassesThrough, "road", "vale");
    b.fact(FactKind::Controls, "army", "vale");
    b.fact(FactKind::Borders, "vale", "land");
    b.fact(FactKind::ExportsTo, "army", "co").commodity("tin");
    b.fact(FactKind::Proposes, "ann", "road")
        .action("reopen the road");
    b.build().unwrap()
}

/// The ids of the nodes a query answers about, and the message it gives
/// for each of the others (which must be refused as of the wrong kind).
fn split<T>(
    g: &KnowledgeGraph,
    ask: impl Fn(&str) -> Result<T, ResolveError>,
) -> (Vec<String>, Vec<String>) {
    let (mut taken, mut refused) = (Vec::new(), Vec::new());
    for n in g.nodes() {
        match ask(n.id().as_str()) {
            Ok(_) => taken.push(n.id().to_string()),
            Err(e @ ResolveError::WrongKind { .. }) => refused.push(e.to_string()),
            Err(e) => panic!("{}: not a wrong kind: {e}", n.id()),
        }
    }
    (taken, refused)
}

#[test]
fn controllers_take_regions_routes_and_countries() {
    let g = one_of_each();
    let (taken, refused) = split(&g, |x| g.controllers(x, &Filter::ALL));
    assert_eq!(taken, ["land", "road", "vale"]);
    assert_eq!(
        refused,
        [
            r#"controllers needs a region, a route or a country; "Ann Reed" (ann) is a person"#,
            r#"controllers needs a region, a route or a country; "River Army" (army) is an armed group"#,
            r#"controllers needs a region, a route or a country; "Pit Company" (co) is an organization"#,
        ]
    );
}

#[test]
fn route_queries_take_the_places_routes_pass_through() {
    let g = one_of_each();
    let all = &Filter::ALL;
    let places = ["land", "vale"];
    let (taken, refused) = split(&g, |x| g.routes_between(x, "vale", all));
    assert_eq!(taken, places);
    assert_eq!(
        refused[3],
        r#"routes_between needs a region or a country; "Old Road" (road) is a route"#
    );
    // The other end is checked as well.
    let (taken, _) = split(&g, |y| g.routes_between("land", y, all));
    assert_eq!(taken, places);
    let (taken, refused) = split(&g, |x| g.who_controls_routes_between("land", x, all));
    assert_eq!(taken, places);
    assert_eq!(
        refused[0],
        r#"who_controls_routes_between needs a region or a country; "Ann Reed" (ann) is a person"#
    );
    let (taken, refused) = split(&g, |x| g.route_path(x, "land", all));
    assert_eq!(taken, places);
    assert_eq!(
        refused[3],
        r#"route_path needs a region or a country; "Old Road" (road) is a route"#
    );
}

#[test]
fn border_queries_take_countries_and_regions() {
    let g = one_of_each();
    let all = &Filter::ALL;
    let (taken, refused) = split(&g, |x| g.neighbours(x, all));
    assert_eq!(taken, ["land", "vale"]);
    assert_eq!(
        refused,
        [
            r#"neighbours needs a country or a region; "Ann Reed" (ann) is a person"#,
            r#"neighbours needs a country or a region; "River Army" (army) is an armed group"#,
            r#"neighbours needs a country or a region; "Pit Company" (co) is an organization"#,
            r#"neighbours needs a country or a region; "Old Road" (road) is a route"#,
        ]
    );
    let (taken, refused) = split(&g, |y| g.border_path("vale", y, all));
    assert_eq!(taken, ["land", "vale"]);
    assert_eq!(
        refused[3],
        r#"border_path needs a country or a region; "Old Road" (road) is a route"#
    );
}

#[test]
fn exports_take_the_ends_the_kind_table_allows() {
    let g = one_of_each();
    let all = &Filter::ALL;
    let (from, refused) = split(&g, |x| g.exports(x, "co", None, all));
    assert_eq!(from, ["army", "co", "land", "vale"]);
    assert_eq!(
        refused,
        [
            r#"exports needs a country, a region, an armed group or an organization as `from`; "Ann Reed" (ann) is a person"#,
            r#"exports needs a country, a region, an armed group or an organization as `from`; "Old Road" (road) is a route"#,
        ]
    );
    let (to, refused) = split(&g, |y| g.exports("army", y, None, all));
    assert_eq!(to, ["co", "land", "vale"]);
    assert_eq!(
        refused[1],
        r#"exports needs a country, a region or an organization as `to`; "River Army" (army) is an armed group"#
    );
}

#[test]
fn proposals_are_by_actors_and_about_anything() {
    let g = one_of_each();
    let all = &Filter::ALL;
    let (by, refused) = split(&g, |x| g.proposals(Some(&x), None, all));
    assert_eq!(by, ["ann", "army", "co", "land"]);
    assert_eq!(
        refused,
        [
            r#"proposals needs a person, a country, an organization or an armed group as `by`; "Old Road" (road) is a route"#,
            r#"proposals needs a person, a country, an organization or an armed group as `by`; "The Vale" (vale) is a region"#,
        ]
    );
    let (about, refused) = split(&g, |y| g.proposals(None, Some(&y), all));
    assert_eq!(about.len(), g.node_count());
    assert!(refused.is_empty());
    let (any, _) = split(&g, |x| g.timeline(x, all));
    assert_eq!(any.len(), NodeKind::ALL.len());
}

#[test]
fn a_wrong_kind_names_the_node_the_query_and_the_kinds_it_takes() {
    let g = myanmar();
    let err = g.controllers("KIA", &Filter::ALL).unwrap_err();
    let ResolveError::WrongKind {
        query,
        argument,
        expected,
        node,
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!((*query, *argument), ("controllers", None));
    assert_eq!(
        expected,
        &[NodeKind::Region, NodeKind::Route, NodeKind::Country]
    );
    assert_eq!(
        (node.id.as_str(), node.kind, node.name.as_str()),
        ("kia", NodeKind::ArmedGroup, "Kachin Independence Army")
    );
    assert_eq!(
        err.to_string(),
        r#"controllers needs a region, a route or a country; "Kachin Independence Army" (kia) is an armed group"#
    );
    // An unknown name is still unknown, whatever the query takes.
    assert!(matches!(
        g.controllers("Atlantis", &Filter::ALL),
        Err(ResolveError::Unknown { .. })
    ));
    // A country is read as a region: the armed groups holding parts of it.
    let actors: Vec<String> = g
        .controllers("Myanmar", &Filter::ALL)
        .unwrap()
        .actors()
        .map(|a| a.id().to_string())
        .collect();
    assert_eq!(actors, ["chinese-operators", "kia", "ndaa", "uwsa"]);
}

/// Two spellings of tin, one of rare earths, and jade.
fn traders() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.country("land", "Land");
    b.country("isle", "Isle");
    let mut trade = |commodity: &str, tonnes: f64| {
        b.fact(FactKind::ExportsTo, "land", "isle")
            .commodity(commodity)
            .quantity(Quantity::exact(tonnes, "t").unwrap());
    };
    trade("tin", 1.0);
    trade("Tin", 10.0);
    trade("rare_earths", 100.0);
    trade("jade", 1000.0);
    b.build().unwrap()
}

#[test]
fn a_commodity_spelt_exactly_so_is_matched_exactly() {
    let g = traders();
    let ask = |c: &str| {
        let e = g.exports("land", "isle", Some(c), &Filter::ALL).unwrap();
        (
            e.commodity().map(str::to_owned),
            e.to_canonical().to_string(),
        )
    };
    let tonnes = |t: u32| format!(r#"{{"facts":1,"totals":[["t",{t},"exact"]]}}"#);
    assert_eq!(ask("tin"), (Some("tin".into()), tonnes(1)));
    assert_eq!(ask("Tin"), (Some("Tin".into()), tonnes(10)));
    assert_eq!(
        ask("rare_earths"),
        (Some("rare_earths".into()), tonnes(100))
    );
}

#[test]
fn a_commodity_nobody_spells_so_is_matched_folded() {
    let g = traders();
    let ask = |c: &str| {
        let e = g.exports("land", "isle", Some(c), &Filter::ALL).unwrap();
        (
            e.commodity().map(str::to_owned),
            e.to_canonical().to_string(),
        )
    };
    for asked in ["Rare_Earths", "RARE-EARTHS", "rare earths"] {
        assert_eq!(
            ask(asked),
            (
                Some("rare_earths".into()),
                r#"{"facts":1,"totals":[["t",100,"exact"]]}"#.into()
            ),
            "{asked}"
        );
    }
    // Folded, "TIN" is both spellings of tin.
    assert_eq!(
        ask("TIN"),
        (
            Some("TIN".into()),
            r#"{"facts":2,"totals":[["t",11,"exact"]]}"#.into()
        )
    );
    assert_eq!(
        ask("copper"),
        (Some("copper".into()), r#"{"facts":0,"totals":[]}"#.into())
    );
    // A unit is no commodity.
    assert_eq!(ask("T").1, r#"{"facts":0,"totals":[]}"#);
}

#[test]
fn rare_earths_in_capitals_are_rare_earths() {
    let g = myanmar();
    let during = Filter::during("2024-09..2024-12".parse().unwrap());
    let exact = g.exports("Myanmar", "China", Some("rare_earths"), &during);
    let capitals = g.exports("Myanmar", "China", Some("RARE_EARTHS"), &during);
    let (exact, capitals) = (exact.unwrap(), capitals.unwrap());
    assert_eq!(
        capitals.to_canonical().to_string(),
        r#"{"facts":2,"totals":[["t",7500,"at_least"]]}"#
    );
    assert_eq!(capitals.to_canonical(), exact.to_canonical());
    assert_eq!(capitals.to_string(), exact.to_string());
}

#[test]
fn an_unknown_fact_id_gets_the_closest_ids() {
    let g = myanmar();
    let err = g.explain("kia-controls-panwaa").unwrap_err();
    let ResolveError::UnknownFact { id, suggestions } = &err else {
        panic!("{err}");
    };
    assert_eq!(id, "kia-controls-panwaa");
    let ids: Vec<&str> = suggestions.iter().map(|f| f.as_str()).collect();
    assert_eq!(
        ids,
        [
            "kia-controls-panwa",
            "kia-controls-kachin-re-area",
            "kohima-part-of-nagaland",
            "homalin-part-of-sagaing"
        ]
    );
    // Case does not count in the search (ids have none).
    assert_eq!(
        g.explain("KIA-Controls-Panwa").unwrap_err().to_string(),
        r#"no fact has the id "KIA-Controls-Panwa"; closest: kia-controls-panwa, kia-controls-kachin-re-area"#
    );
    // Nothing close: nothing suggested.
    assert_eq!(
        g.explain("f1x").unwrap_err().to_string(),
        r#"no fact has the id "f1x""#
    );
    assert!(g.explain("kia-controls-panwa").is_ok());
}
