//! What is contested, and who gained or lost ground (the `semantics` page,
//! "contested" and "control_changes"): rival armies in one town, allies
//! sharing one, a denied report, trade figures that cannot all be true,
//! and the holders of each place on two dates — asked of a small made-up
//! world, each answer exact.

use geokg::model::{Bound, ControlMode, Evidence, Quantity};
use geokg::query::{Answer, Contest, Filter};
use geokg::{FactKind, GraphBuilder, KnowledgeGraph, PartialDate, ResolveError};

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

/// Northland: Hill Province (Ford Town, Mill Crossing, and Pine Ridge until
/// 2022) and Lake Province (Port Lake); the Salt Road runs from Ford Town
/// to Port Lake.
///
/// - Ford Town: the Hill Guard holds it from June to December 2024, the
///   River Army from October 2024 on — rivals, both military.
/// - Mill Crossing: the River Army (2024, then 2025 on, the second told only
///   in February 2025) and the Lake Front (2024 on), allied since 2023 —
///   the Front is a member of the Army, as reported in March 2025.
/// - Pine Ridge: the River Army in 2020–2021, the Lake Front from June 2021
///   to 2022: rivals for half a year, before their alliance.
/// - Port Lake: the Hill Guard's military hold and the Pit Company's
///   economic one, both in 2024: no rivalry.
/// - The Salt Road: the Hill Guard until 2023, the River Army from 2024.
/// - Hill Province: the River Army from December 2024, told by the Courier,
///   denied by the government on 29 January 2025.
/// - Tin to Southland in 2024: 3300 t (twice, the second written as
///   January–December), about 3100 t, and at most 3000 t.
fn northland() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    for (id, publisher, day) in [
        ("courier-2024-11-02", "Northern Courier", "2024-11-02"),
        ("herald-2024-11-05", "Valley Herald", "2024-11-05"),
        ("courier-2024-12-20", "Northern Courier", "2024-12-20"),
        ("courier-2025-02-10", "Northern Courier", "2025-02-10"),
        ("herald-2025-03-01", "Valley Herald", "2025-03-01"),
        ("gov-2025-02-01", "Government of Northland", "2025-02-01"),
    ] {
        b.source(id, publisher).published(day).unwrap();
    }
    b.country("northland", "Northland");
    b.country("southland", "Southland");
    b.region("hill", "Hill Province").level("state");
    b.region("lake", "Lake Province").level("state");
    b.region("ford", "Ford Town").level("town");
    b.region("mill", "Mill Crossing").level("town");
    b.region("pine", "Pine Ridge").level("town");
    b.region("port", "Port Lake").level("town");
    b.route("salt-road", "Salt Road");
    b.armed_group("river-army", "River Army");
    b.armed_group("hill-guard", "Hill Guard");
    b.armed_group("lake-front", "Lake Front");
    b.organization("pit-co", "Pit Company");
    for (place, within) in [
        ("hill", "northland"),
        ("lake", "northland"),
        ("ford", "hill"),
        ("mill", "hill"),
        ("port", "lake"),
    ] {
        b.fact(FactKind::PartOf, place, within);
    }
    b.fact(FactKind::PartOf, "pine", "hill")
        .valid_to("2022")
        .unwrap();
    b.fact(FactKind::PassesThrough, "salt-road", "ford")
        .order(0);
    b.fact(FactKind::PassesThrough, "salt-road", "port")
        .order(1);

    let military = Some(ControlMode::Military);
    let controls = [
        (
            "c-ford-hg",
            "hill-guard",
            "ford",
            military,
            "2024-06..2024-12",
            Some("herald-2024-11-05"),
        ),
        (
            "c-ford-ra",
            "river-army",
            "ford",
            military,
            "2024-10..",
            Some("courier-2024-11-02"),
        ),
        (
            "c-mill-ra-1",
            "river-army",
            "mill",
            military,
            "2024",
            Some("courier-2024-11-02"),
        ),
        (
            "c-mill-ra-2",
            "river-army",
            "mill",
            military,
            "2025..",
            Some("courier-2025-02-10"),
        ),
        (
            "c-mill-lf",
            "lake-front",
            "mill",
            None,
            "2024..",
            Some("herald-2024-11-05"),
        ),
        ("c-pine-ra", "river-army", "pine", None, "2020..2021", None),
        (
            "c-pine-lf",
            "lake-front",
            "pine",
            None,
            "2021-06..2022",
            None,
        ),
        ("c-port-hg", "hill-guard", "port", military, "2024", None),
        (
            "c-port-co",
            "pit-co",
            "port",
            Some(ControlMode::Economic),
            "2024",
            None,
        ),
        ("c-road-hg", "hill-guard", "salt-road", None, "..2023", None),
        ("c-road-ra", "river-army", "salt-road", None, "2024..", None),
    ];
    for (id, actor, place, mode, valid, source) in controls {
        let mut f = b
            .fact(FactKind::Controls, actor, place)
            .id(id)
            .valid_period(valid)
            .unwrap();
        if let Some(mode) = mode {
            f = f.mode(mode);
        }
        if let Some(source) = source {
            f.evidence(Evidence::from_source(source));
        }
    }
    b.fact(FactKind::Controls, "river-army", "hill")
        .id("c-hill-ra")
        .valid_period("2024-12..")
        .unwrap()
        .evidence(Evidence::from_source("courier-2024-12-20"))
        .evidence(
            Evidence::from_source("gov-2025-02-01")
                .speaker("northland")
                .disputes()
                .said(date("2025-01-29")),
        );
    b.fact(FactKind::MemberOf, "lake-front", "river-army")
        .id("m-lf-ra")
        .valid_period("2023..")
        .unwrap()
        .evidence(Evidence::from_source("herald-2025-03-01"));
    for (id, quantity, valid) in [
        ("e1", Quantity::exact(3300.0, "t"), "2024"),
        ("e2", Quantity::new(3100.0, "t", Bound::Approx), "2024"),
        ("e3", Quantity::new(3000.0, "t", Bound::AtMost), "2024"),
        ("e4", Quantity::exact(3300.0, "t"), "2024-01..2024-12"),
        ("e5", Quantity::exact(5000.0, "t"), "2023"),
    ] {
        b.fact(FactKind::ExportsTo, "northland", "southland")
            .id(id)
            .commodity("tin")
            .quantity(quantity.unwrap())
            .valid(valid.parse().unwrap());
    }
    b.build().unwrap()
}

fn canon(a: &impl Answer) -> String {
    a.to_canonical().to_string()
}

fn contested(g: &KnowledgeGraph, scope: Option<&str>, filter: &Filter) -> String {
    canon(&g.contested(scope, filter).unwrap())
}

fn changes(g: &KnowledgeGraph, d1: &str, d2: &str, scope: Option<&str>, filter: &Filter) -> String {
    canon(
        &g.control_changes(date(d1), date(d2), scope, filter)
            .unwrap(),
    )
}

const FORD: &str = r#"["control","ford","c-ford-hg","c-ford-ra"]"#;
const PINE: &str = r#"["control","pine","c-pine-lf","c-pine-ra"]"#;
const HILL_DENIED: &str = r#"["disputed","c-hill-ra"]"#;
const TIN: &str = r#"["quantity","e1","e3"],["quantity","e3","e4"]"#;

#[test]
fn unallied_actors_holding_one_place_at_once_in_the_same_way_are_rivals() {
    let g = northland();
    // Mill Crossing's holders are allied; Port Lake's hold it in two ways;
    // the Salt Road changed hands without overlap.
    assert_eq!(
        contested(&g, Some("Hill Province"), &Filter::ALL),
        format!("[{FORD},{PINE},{HILL_DENIED}]")
    );
    let answer = g.contested(Some("hill"), &Filter::ALL).unwrap();
    let Contest::Control { place, facts } = &answer.entries()[0] else {
        panic!("a rival control first: {answer}");
    };
    assert_eq!(place.name(), "Ford Town");
    assert_eq!(
        [facts[0].from().name(), facts[1].from().name()],
        ["Hill Guard", "River Army"]
    );
    // Ford Town was held by both only from October to December 2024.
    let ford = |during: &str| contested(&g, Some("ford"), &Filter::during(during.parse().unwrap()));
    assert_eq!(ford("2024-12"), format!("[{FORD}]"));
    assert_eq!(ford("2024-09"), "[]");
    assert_eq!(ford("2025"), "[]");
}

#[test]
fn allies_share_a_place_only_while_their_alliance_holds() {
    let g = northland();
    // The Lake Front joined the River Army in 2023: their overlap at Pine
    // Ridge (second half of 2021) came before, at Mill Crossing after.
    let pine = g.contested(Some("Pine Ridge"), &Filter::ALL).unwrap();
    assert_eq!(canon(&pine), format!("[{PINE}]"));
    assert_eq!(contested(&g, Some("mill"), &Filter::ALL), "[]");
}

#[test]
fn a_stricter_filter_can_add_a_rivalry_by_dropping_the_alliance() {
    let g = northland();
    // At the end of 2024 the alliance had not been reported (March 2025),
    // nor the government's denial (January 2025).
    let then = Filter::ALL.known_at(date("2024-12"));
    assert_eq!(
        contested(&g, Some("hill"), &then),
        format!(r#"[{FORD},["control","mill","c-mill-lf","c-mill-ra-1"],{PINE}]"#)
    );
}

#[test]
fn a_disputed_fact_is_contested_once_the_dispute_is_on_record() {
    let g = northland();
    let known_at = |day: &str| contested(&g, Some("hill"), &Filter::ALL.known_at(date(day)));
    assert!(!known_at("2025-01-28").contains(HILL_DENIED));
    assert!(known_at("2025-01-29").contains(HILL_DENIED));
    assert!(known_at("2025-04").contains(HILL_DENIED));
    let answer = g.contested(Some("hill"), &Filter::ALL).unwrap();
    let Some(Contest::Disputed { fact, disputed_by }) = answer.entries().last() else {
        panic!("the dispute last: {answer}");
    };
    assert_eq!(fact.id().as_str(), "c-hill-ra");
    assert_eq!(disputed_by.len(), 1);
    assert_eq!(disputed_by[0].speaker().unwrap().name(), "Northland");
    assert_eq!(disputed_by[0].stated_on(), Some(date("2025-01-29")));
    // Left out when disputed facts are: the fact no longer passes.
    assert_eq!(
        contested(&g, Some("hill"), &Filter::ALL.undisputed()),
        format!("[{FORD},{PINE}]")
    );
}

#[test]
fn figures_that_cannot_both_hold_are_rivals_and_figures_within_ten_percent_are_not() {
    let g = northland();
    // 3300 t and about 3100 t (2790 to 3410) can both hold; at most 3000 t
    // cannot hold with 3300 t, written as "2024" or as January–December.
    // The figure of 2023 is for another year.
    assert_eq!(
        contested(&g, Some("northland"), &Filter::ALL),
        format!("[{FORD},{PINE},{HILL_DENIED},{TIN}]")
    );
    // Hill Province neither exports nor imports: no figures in its scope.
    assert!(!contested(&g, Some("hill"), &Filter::ALL).contains("quantity"));
    // The importer's scope has them too; a period without them, none.
    assert_eq!(
        contested(&g, Some("southland"), &Filter::ALL),
        format!("[{TIN}]")
    );
    assert_eq!(
        contested(
            &g,
            Some("southland"),
            &Filter::during("2023".parse().unwrap())
        ),
        "[]"
    );
}

#[test]
fn the_scope_is_a_place_what_lies_in_it_and_the_routes_through_it() {
    let g = northland();
    // The whole world: everything lies in Northland.
    assert_eq!(
        contested(&g, None, &Filter::ALL),
        contested(&g, Some("northland"), &Filter::ALL)
    );
    // Lake Province holds Port Lake and the road through it: nothing there.
    assert_eq!(contested(&g, Some("lake"), &Filter::ALL), "[]");
    assert_eq!(contested(&g, Some("Salt Road"), &Filter::ALL), "[]");
    // An actor's scope is the actor: its disputed facts.
    assert_eq!(
        contested(&g, Some("River Army"), &Filter::ALL),
        format!("[{HILL_DENIED}]")
    );
    assert!(matches!(
        g.contested(Some("Nowhere"), &Filter::ALL),
        Err(ResolveError::Unknown { .. })
    ));
}

#[test]
fn control_changes_name_who_gained_and_who_lost_each_place() {
    let g = northland();
    // August 2024 to March 2025: the River Army took Ford Town from the
    // Hill Guard and gained Hill Province. Mill Crossing kept its holders,
    // by other facts; the Salt Road stayed the Army's.
    assert_eq!(
        changes(&g, "2024-08", "2025-03", Some("hill"), &Filter::ALL),
        r#"[["ford",["river-army"],["hill-guard"]],["hill",["river-army"],[]]]"#
    );
    // From 2023 to June 2024: the road through Ford Town is a place of the
    // scope too.
    assert_eq!(
        changes(&g, "2023", "2024-06", Some("hill"), &Filter::ALL),
        r#"[["ford",["hill-guard"],[]],["mill",["lake-front","river-army"],[]],["salt-road",["river-army"],["hill-guard"]]]"#
    );
    // The other way round, gained and lost swap.
    assert_eq!(
        changes(&g, "2024-06", "2023", Some("hill"), &Filter::ALL),
        r#"[["ford",[],["hill-guard"]],["mill",[],["lake-front","river-army"]],["salt-road",["hill-guard"],["river-army"]]]"#
    );
    let answer = g
        .control_changes(date("2024-08"), date("2025-03"), Some("ford"), &Filter::ALL)
        .unwrap();
    let ford = &answer.changes()[0];
    assert_eq!(ford.place().name(), "Ford Town");
    let ids = |facts: &[geokg::FactRef<'_>]| -> Vec<String> {
        facts.iter().map(|f| f.id().to_string()).collect()
    };
    assert_eq!(ids(ford.gained()[0].facts()), ["c-ford-ra"]);
    assert_eq!(ids(ford.lost()[0].facts()), ["c-ford-hg"]);
}

#[test]
fn a_date_stands_for_its_whole_span() {
    let g = northland();
    // The Hill Guard held Ford Town for part of 2024: it holds it "in 2024".
    assert_eq!(
        changes(&g, "2024", "2025", Some("ford"), &Filter::ALL),
        r#"[["ford",[],["hill-guard"]]]"#
    );
    assert_eq!(
        changes(&g, "2024", "2024-11", Some("ford"), &Filter::ALL),
        "[]"
    );
}

#[test]
fn the_scope_of_control_changes_limits_the_places() {
    let g = northland();
    let everywhere = r#"[["ford",["river-army"],["hill-guard"]],["hill",["river-army"],[]],["port",[],["hill-guard","pit-co"]]]"#;
    assert_eq!(
        changes(&g, "2024-08", "2025-03", Some("northland"), &Filter::ALL),
        everywhere
    );
    assert_eq!(
        changes(&g, "2024-08", "2025-03", None, &Filter::ALL),
        everywhere
    );
    assert_eq!(
        changes(
            &g,
            "2024-08",
            "2025-03",
            Some("Lake Province"),
            &Filter::ALL
        ),
        r#"[["port",[],["hill-guard","pit-co"]]]"#
    );
    let err = g
        .control_changes(date("2024"), date("2025"), Some("River Army"), &Filter::ALL)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"control_changes needs a region, a route or a country; "River Army" (river-army) is an armed group"#
    );
}

#[test]
fn a_stricter_filter_can_add_a_control_change() {
    let g = northland();
    // The Army's hold on Mill Crossing in 2025 was reported in February
    // 2025: on record at the end of 2024, it held the town in August 2024
    // and not in March 2025.
    assert_eq!(
        changes(
            &g,
            "2024-08",
            "2025-03",
            Some("hill"),
            &Filter::ALL.known_at(date("2024-12"))
        ),
        r#"[["ford",["river-army"],["hill-guard"]],["hill",["river-army"],[]],["mill",[],["river-army"]]]"#
    );
}

#[test]
fn the_filter_bounds_the_scope_and_each_date_the_holders() {
    let g = northland();
    // Pine Ridge was part of Hill Province until 2022.
    let pine = r#"[["pine",["lake-front"],[]]]"#;
    assert_eq!(
        changes(&g, "2020", "2021-08", Some("hill"), &Filter::ALL),
        pine
    );
    let in_2024 = Filter::during("2024".parse().unwrap());
    assert_eq!(changes(&g, "2020", "2021-08", Some("hill"), &in_2024), "[]");
    // The holders are read on each date, whatever `during` says.
    let in_2019 = Filter::during("2019".parse().unwrap());
    assert_eq!(
        changes(&g, "2024-08", "2025-03", Some("ford"), &in_2019),
        r#"[["ford",["river-army"],["hill-guard"]]]"#
    );
    // Under the whole world no place is left out.
    assert_eq!(changes(&g, "2020", "2021-08", None, &in_2024), pine);
}

#[test]
fn answers_print_both_sides_with_their_evidence() {
    let g = northland();
    let answer = g.contested(Some("Ford Town"), &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_string(),
        "Contested in Ford Town (region ford) (all time, any confidence):\n\
         \x20 rival control of Ford Town (ford) by Hill Guard (hill-guard) and River Army (river-army), 2024-10..2024-12:\n\
         \x20   [c-ford-hg] Hill Guard (hill-guard) controls Ford Town (ford) · military · 2024-06..2024-12 · reported\n\
         \x20               source: Valley Herald, 2024-11-05\n\
         \x20   [c-ford-ra] River Army (river-army) controls Ford Town (ford) · military · 2024-10.. · reported\n\
         \x20               source: Northern Courier, 2024-11-02\n"
    );
    let denied = g.contested(Some("River Army"), &Filter::ALL).unwrap();
    assert_eq!(
        denied.to_string(),
        "Contested in River Army (armed_group river-army) (all time, any confidence):\n\
         \x20 [c-hill-ra] disputed by 1 statement:\n\
         \x20   [c-hill-ra] River Army (river-army) controls Hill Province (hill) · 2024-12.. · reported\n\
         \x20               source: Northern Courier, 2024-12-20\n\
         \x20               source: Government of Northland, 2025-02-01; disputes; said by Northland (northland); said on 2025-01-29\n\
         \x20               disputed by Northland, 2025-01-29\n"
    );
    let changes = g
        .control_changes(date("2024-08"), date("2025-03"), Some("ford"), &Filter::ALL)
        .unwrap();
    assert_eq!(
        changes.to_string(),
        "Control changes from 2024-08 to 2025-03 in Ford Town (region ford) (all time, any confidence):\n\
         \x20 Ford Town (ford):\n\
         \x20   gained by River Army (river-army), holding it in 2025-03:\n\
         \x20     [c-ford-ra] River Army (river-army) controls Ford Town (ford) · military · 2024-10.. · reported\n\
         \x20                 source: Northern Courier, 2024-11-02\n\
         \x20   lost by Hill Guard (hill-guard), holding it in 2024-08:\n\
         \x20     [c-ford-hg] Hill Guard (hill-guard) controls Ford Town (ford) · military · 2024-06..2024-12 · reported\n\
         \x20                 source: Valley Herald, 2024-11-05\n"
    );
    let quiet = g
        .control_changes(date("2025"), date("2026"), Some("ford"), &Filter::ALL)
        .unwrap();
    assert!(
        quiet
            .to_string()
            .ends_with("(all time, any confidence):\n  no change\n")
    );
    let calm = g.contested(Some("lake"), &Filter::ALL).unwrap();
    assert!(calm.to_string().ends_with("  nothing contested\n"));
}
