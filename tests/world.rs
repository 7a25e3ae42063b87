//! The world layer: countries, subdivisions, borders, capitals and withdrawn
//! countries, asked as an analyst would, with exact answers.

use std::collections::BTreeSet;

use geokg::model::NodeDetails;
use geokg::query::Filter;
use geokg::{FactKind, KnowledgeGraph, NodeKind, Period, ProblemKind};

fn world() -> KnowledgeGraph {
    geokg::datasets::world().expect("the embedded world layer loads")
}

fn during(span: &str) -> Filter {
    Filter::during(span.parse::<Period>().expect("a valid span"))
}

fn neighbours(g: &KnowledgeGraph, x: &str, filter: &Filter) -> Vec<String> {
    g.neighbours(x, filter)
        .expect("a known node")
        .nodes()
        .map(|n| n.id().to_string())
        .collect()
}

fn within(g: &KnowledgeGraph, x: &str, filter: &Filter) -> BTreeSet<String> {
    g.within(x, filter)
        .expect("a known node")
        .map(|n| n.id().to_string())
        .collect()
}

fn enclosing(g: &KnowledgeGraph, x: &str, filter: &Filter) -> Vec<String> {
    g.enclosing(x, filter)
        .expect("a known node")
        .map(|n| n.id().to_string())
        .collect()
}

fn is_capital(level: Option<&str>) -> bool {
    level == Some("national capital")
}

fn level(g: &KnowledgeGraph, id: &str) -> Option<String> {
    match g.node(id).expect("a node").details() {
        NodeDetails::Region(r) => r.level.clone(),
        _ => None,
    }
}

#[test]
fn the_layer_loads_and_its_only_warnings_are_shared_names() {
    let limits = geokg::Limits::default().max_problems(1_000);
    let g = geokg::io::load_str_with(geokg::datasets::world_json(), limits).expect("loads");
    let report = g.warnings();
    assert!(report.is_valid());
    // Names two places really share: "Central" in eight countries, a capital
    // and the subdivision of the same name (Budapest), a country and one of
    // its subdivisions (Guatemala), an alpha-3 code and a name (EST, Est).
    assert_eq!(report.warning_count(), 229);
    assert_eq!(report.more_warnings, 0);
    for w in &report.warnings {
        assert!(
            matches!(w.kind, ProblemKind::SharedName { .. }),
            "unexpected warning {w}"
        );
    }
}

#[test]
fn how_many_countries_subdivisions_capitals_and_sources() {
    let g = world();
    let countries: Vec<_> = g.nodes_of_kind(NodeKind::Country).collect();
    let current = countries
        .iter()
        .filter(|c| matches!(c.details(), NodeDetails::Country { iso2: Some(_) }))
        .count();
    assert_eq!(current, 249);
    assert_eq!(countries.len() - current, 18, "withdrawn countries");
    let regions: Vec<_> = g.nodes_of_kind(NodeKind::Region).collect();
    let capitals = regions
        .iter()
        .filter(|r| matches!(r.details(), NodeDetails::Region(d) if is_capital(d.level.as_deref())))
        .count();
    assert_eq!(capitals, 252);
    assert_eq!(regions.len() - capitals, 5046, "ISO 3166-2 subdivisions");
    assert_eq!(g.node_count(), 249 + 18 + 252 + 5046);
    let borders = g.facts().filter(|f| f.kind() == FactKind::Borders).count();
    assert_eq!(borders, 372);
    let ids: Vec<_> = g.sources().map(|s| s.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "geokg-world-tables",
            "geonames",
            "iso-3166-2",
            "iso-3166-3",
            "natural-earth"
        ]
    );
}

#[test]
fn every_fact_cites_an_open_data_set_and_every_source_states_its_licence() {
    let g = world();
    for f in g.facts() {
        assert!(f.evidence().len() > 0, "{} has no evidence", f.id());
    }
    for s in g.sources() {
        let title = s.title().unwrap_or_default();
        assert!(title.contains("Licence: "), "{} states no licence", s.id());
    }
}

#[test]
fn countries_are_found_by_id_iso_codes_and_names() {
    let g = world();
    for (name, id) in [
        ("mm", "mm"),
        ("Myanmar", "mm"),
        ("Burma", "mm"),
        ("MMR", "mm"),
        ("Republic of Myanmar", "mm"),
        ("Laos", "la"),
        ("Lao People's Democratic Republic", "la"),
        ("ZAR", "cd"),
        ("Upper Volta", "bf"),
        ("Soviet Union", "suhh"),
        ("USSR", "suhh"),
        ("SUN", "suhh"),
        ("East Germany", "ddde"),
        ("DDR", "ddde"),
        ("Yugoslavia", "yucs"),
        ("Czechoslovakia", "cshh"),
    ] {
        assert_eq!(g.resolve(name).expect(name).id().as_str(), id, "{name}");
    }
    // Angola has a province named Zaire.
    let zaire = g.resolve("Zaire").expect_err("ambiguous");
    assert!(
        zaire.to_string().contains("ao-zai") && zaire.to_string().contains("cd"),
        "{zaire}"
    );
    let mm = g.node("mm").expect("mm");
    assert!(
        matches!(mm.details(), NodeDetails::Country { iso2: Some(c) } if c.to_string() == "MM")
    );
}

#[test]
fn subdivisions_are_part_of_their_country_or_their_parent() {
    let g = world();
    let kachin = g.node("mm-11").expect("Kachin");
    assert_eq!(kachin.name(), "Kachin");
    assert_eq!(level(&g, "mm-11").as_deref(), Some("state"));
    assert_eq!(level(&g, "mm-01").as_deref(), Some("region"));
    assert_eq!(enclosing(&g, "mm-11", &Filter::ALL), ["mm-11", "mm"]);
    // ISO nests the City of London in England.
    assert_eq!(
        enclosing(&g, "gb-lnd", &Filter::ALL),
        ["gb-lnd", "gb-eng", "gb"]
    );
    // Myanmar's 15 subdivisions and its capital.
    let mm = within(&g, "mm", &Filter::ALL);
    assert_eq!(mm.len(), 1 + 15 + 1);
    assert!(mm.contains("mm.nay-pyi-taw"));
}

#[test]
fn the_neighbours_of_myanmar() {
    let g = world();
    assert_eq!(
        neighbours(&g, "Myanmar", &Filter::ALL),
        ["bd", "cn", "in", "la", "th"]
    );
    let names: Vec<_> = g
        .neighbours("Myanmar", &Filter::ALL)
        .expect("known")
        .nodes()
        .map(|n| n.name().to_owned())
        .collect();
    assert_eq!(names, ["Bangladesh", "China", "India", "Laos", "Thailand"]);
}

#[test]
fn islands_have_no_land_neighbours() {
    let g = world();
    for island in ["Iceland", "Japan", "Australia", "Madagascar", "Sri Lanka"] {
        assert_eq!(
            neighbours(&g, island, &Filter::ALL),
            Vec::<String>::new(),
            "{island}"
        );
    }
}

#[test]
fn lesotho_borders_only_south_africa() {
    let g = world();
    assert_eq!(neighbours(&g, "Lesotho", &Filter::ALL), ["za"]);
}

#[test]
fn france_borders_brazil_through_french_guiana() {
    let g = world();
    let france = neighbours(&g, "fr", &Filter::ALL);
    assert_eq!(
        france,
        ["ad", "be", "br", "ch", "de", "es", "it", "lu", "mc", "sr"]
    );
    // French Guiana's own ISO 3166-1 entry has no shape, so no border; its
    // ISO 3166-2 entry is part of France.
    assert_eq!(neighbours(&g, "gf", &Filter::ALL), Vec::<String>::new());
    assert_eq!(enclosing(&g, "fr-973", &Filter::ALL), ["fr-973", "fr"]);
}

#[test]
fn borders_the_shapes_give_or_withhold() {
    let g = world();
    // Kosovo's shape counts as Serbia's: ISO 3166-2 lists it there.
    assert!(neighbours(&g, "al", &Filter::ALL).contains(&"rs".to_owned()));
    // Gibraltar, Ceuta and Melilla at 1:10m.
    assert_eq!(neighbours(&g, "gi", &Filter::ALL), ["es"]);
    assert!(neighbours(&g, "es", &Filter::ALL).contains(&"ma".to_owned()));
    // Shapes touching in one point, decided one by one.
    assert!(neighbours(&g, "zm", &Filter::ALL).contains(&"bw".to_owned()));
    assert_eq!(neighbours(&g, "mo", &Filter::ALL), ["cn"]);
    assert!(!neighbours(&g, "na", &Filter::ALL).contains(&"zw".to_owned()));
    // The Palk Strait is sea.
    assert!(!neighbours(&g, "in", &Filter::ALL).contains(&"lk".to_owned()));
}

#[test]
fn a_border_path_from_portugal_to_china() {
    let g = world();
    let path = g
        .border_path("Portugal", "China", &during("2024"))
        .expect("known");
    // Portugal, Spain, France, Germany, Poland, Russia (Kaliningrad), China.
    assert_eq!(path.step_count(), Some(6));
    let nodes: Vec<_> = path.nodes().iter().map(|n| n.id().to_string()).collect();
    assert_eq!(nodes.first().map(String::as_str), Some("pt"));
    assert_eq!(nodes.last().map(String::as_str), Some("cn"));
    for pair in nodes.windows(2) {
        assert!(neighbours(&g, &pair[0], &during("2024")).contains(&pair[1]));
    }
    // No land route to an island.
    let path = g
        .border_path("Portugal", "Japan", &Filter::ALL)
        .expect("known");
    assert_eq!(path.step_count(), None);
}

#[test]
fn the_soviet_union_in_1985_and_in_2000() {
    let g = world();
    assert_eq!(
        neighbours(&g, "Soviet Union", &during("1985")),
        [
            "af", "cn", "cshh", "fi", "hu", "ir", "kp", "mn", "no", "pl", "ro", "tr"
        ]
    );
    assert_eq!(
        neighbours(&g, "Soviet Union", &during("2000")),
        Vec::<String>::new()
    );
    // Its successors border from the withdrawal of its code on.
    assert_eq!(neighbours(&g, "ru", &during("1985")), Vec::<String>::new());
    assert_eq!(
        neighbours(&g, "ru", &during("2000")),
        [
            "az", "by", "cn", "ee", "fi", "ge", "kp", "kz", "lt", "lv", "mn", "no", "pl", "ua"
        ]
    );
    let ussr_1985 = within(&g, "suhh", &during("1985"));
    for place in ["ru-mow", "ua-30", "kz-75", "ee-37"] {
        assert!(ussr_1985.contains(place), "{place}");
    }
    assert_eq!(within(&g, "suhh", &during("2000")).len(), 1);
    assert_eq!(
        enclosing(&g, "ru-mow", &during("1985")),
        ["ru-mow", "ru", "suhh"]
    );
    assert_eq!(enclosing(&g, "ru-mow", &during("2000")), ["ru-mow", "ru"]);
}

#[test]
fn yugoslavia_before_and_after_1992_and_serbia_and_montenegro() {
    let g = world();
    assert_eq!(
        neighbours(&g, "Yugoslavia", &during("1985")),
        ["al", "at", "bg", "gr", "hu", "it", "ro"]
    );
    // The Federal Republic of Yugoslavia: Serbia and Montenegro.
    assert_eq!(
        neighbours(&g, "Yugoslavia", &during("2000")),
        ["al", "ba", "bg", "hr", "hu", "mk", "ro"]
    );
    assert_eq!(
        neighbours(&g, "Serbia and Montenegro", &during("2005")),
        ["al", "ba", "bg", "hr", "hu", "mk", "ro"]
    );
    assert_eq!(
        neighbours(&g, "hr", &during("2000")),
        ["ba", "hu", "si", "yucs"]
    );
    let sfry = within(&g, "yucs", &during("1985"));
    assert!(sfry.contains("hr-01") && sfry.contains("si-001") && sfry.contains("rs-00"));
    let fry = within(&g, "yucs", &during("2000"));
    assert!(!fry.contains("hr-01") && fry.contains("rs-00") && fry.contains("me-01"));
}

#[test]
fn east_germany_czechoslovakia_and_poland_in_1985() {
    let g = world();
    assert_eq!(
        neighbours(&g, "pl", &during("1985")),
        ["cshh", "ddde", "suhh"]
    );
    assert_eq!(
        neighbours(&g, "pl", &during("2000")),
        ["by", "cz", "de", "lt", "ru", "sk", "ua"]
    );
    assert_eq!(
        neighbours(&g, "East Germany", &during("1985")),
        ["cshh", "de", "pl"]
    );
    assert_eq!(
        neighbours(&g, "Czechoslovakia", &during("1985")),
        ["at", "ddde", "de", "hu", "pl", "suhh"]
    );
    assert_eq!(enclosing(&g, "de-sn", &during("1985")), ["de-sn", "ddde"]);
    assert_eq!(enclosing(&g, "de-sn", &during("2000")), ["de-sn", "de"]);
    // Bavaria was never the GDR's.
    assert_eq!(enclosing(&g, "de-by", &during("1985")), ["de-by", "de"]);
}

#[test]
fn withdrawn_facts_end_at_the_iso_withdrawal_date() {
    let g = world();
    let fact = g.fact("world.borders.pl.suhh").expect("the fact");
    assert_eq!(fact.valid().to_string(), "..1992-08-30");
    let fact = g.fact("world.borders.pl.ua").expect("the fact");
    assert_eq!(fact.valid().to_string(), "1992-08-30..");
    let ussr = g.node("suhh").expect("suhh");
    assert_eq!(
        ussr.props().get("withdrawn").and_then(|v| v.as_str()),
        Some("1992-08-30")
    );
}

#[test]
fn capitals_have_coordinates_and_belong_to_their_country() {
    let g = world();
    let capital = g.node("mm.nay-pyi-taw").expect("Nay Pyi Taw");
    let coords = capital.coords().expect("coordinates");
    assert!((coords.lat() - 19.745).abs() < 1e-9 && (coords.lon() - 96.12972).abs() < 1e-9);
    assert_eq!(
        enclosing(&g, "mm.nay-pyi-taw", &Filter::ALL),
        ["mm.nay-pyi-taw", "mm"]
    );
    // Several capitals where a country has several.
    let za: Vec<_> = within(&g, "za", &Filter::ALL)
        .into_iter()
        .filter(|id| is_capital(level(&g, id).as_deref()))
        .collect();
    assert_eq!(za, ["za.bloemfontein", "za.cape-town", "za.pretoria"]);
    // Every capital has coordinates and is part of exactly one country.
    for r in g.nodes_of_kind(NodeKind::Region) {
        if is_capital(level(&g, r.id().as_str()).as_deref()) {
            assert!(r.coords().is_some(), "{}", r.id());
            let up = enclosing(&g, r.id().as_str(), &Filter::ALL);
            assert_eq!(up.len(), 2, "{}", r.id());
        }
    }
}

#[test]
fn saving_the_layer_and_loading_it_again_gives_the_same_graph() {
    let g = world();
    let again = KnowledgeGraph::from_json_str(&g.to_json_string()).expect("loads");
    assert_eq!(again, g);
}
