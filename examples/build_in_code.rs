//! Building a graph in code rather than loading a document, then asking it
//! questions. The places and groups are made up.
//!
//! ```text
//! cargo run --example build_in_code
//! ```

use std::error::Error;

use geokg::model::{Bound, Confidence, ControlMode, Evidence, Quantity, Reliability, RouteMode};
use geokg::query::Filter;
use geokg::{FactKind, GraphBuilder, Period};

fn main() -> Result<(), Box<dyn Error>> {
    let mut b = GraphBuilder::new();
    b.source("gazette-2025-03-01", "Valley Gazette")
        .published("2025-03-01")?
        .reliability(Reliability::B);

    b.country("northland", "Northland").iso2("NL");
    b.country("southland", "Southland").iso2("SL");
    b.region("high-vale", "High Vale").level("province");
    b.region("ford", "Ford").level("town").coords(12.5, 40.25);
    b.region("pass", "Stone Pass")
        .level("pass")
        .coords(12.0, 40.5);
    b.region("harbour", "South Harbour")
        .level("town")
        .coords(10.0, 41.0);
    b.route("salt-road", "Salt Road")
        .alias("Old Salt Way")
        .mode(RouteMode::Road);
    b.armed_group("river-army", "River Army").alias("RA");
    b.person("ann-reed", "Ann Reed").title("analyst");

    let cite = || Evidence::from_source("gazette-2025-03-01");
    b.fact(FactKind::PartOf, "high-vale", "northland")
        .evidence(cite());
    b.fact(FactKind::PartOf, "ford", "high-vale")
        .evidence(cite());
    b.fact(FactKind::PartOf, "pass", "high-vale")
        .evidence(cite());
    b.fact(FactKind::PartOf, "harbour", "southland")
        .evidence(cite());
    b.fact(FactKind::Borders, "northland", "southland")
        .evidence(cite());
    for (order, stop) in ["ford", "pass", "harbour"].into_iter().enumerate() {
        b.fact(FactKind::PassesThrough, "salt-road", stop)
            .order(u32::try_from(order)?)
            .evidence(cite());
    }
    b.fact(FactKind::Controls, "river-army", "pass")
        .id("ra-holds-pass")
        .mode(ControlMode::Military)
        .valid_from("2024-06")?
        .evidence(cite().speaker("ann-reed"));
    b.fact(FactKind::ExportsTo, "northland", "southland")
        .commodity("salt")
        .quantity(Quantity::new(1200.0, "t", Bound::AtLeast)?)
        .valid(Period::on("2024".parse()?))
        .confidence(Confidence::Confirmed)
        .evidence(cite());

    // build() validates everything at once, exactly as loading a document does.
    let g = b.build()?;
    println!("{} nodes, {} facts\n", g.node_count(), g.fact_count());

    println!(
        "{}",
        g.who_controls_routes_between("Northland", "Southland", &Filter::ALL)?
    );
    let before = Filter::during("..2024-05".parse()?);
    println!(
        "{}",
        g.who_controls_routes_between("Northland", "Southland", &before)?
    );
    println!(
        "{}",
        g.exports("Northland", "Southland", Some("salt"), &Filter::ALL)?
    );

    // A mistake is reported where it is, with what was expected.
    let mut bad = GraphBuilder::new();
    bad.region("ford", "Ford");
    bad.fact(FactKind::Controls, "ford", "ford");
    match bad.build() {
        Ok(_) => println!("unexpectedly valid"),
        Err(report) => println!("A graph with mistakes:\n{report}"),
    }
    Ok(())
}
