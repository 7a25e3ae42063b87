//! GeoJSON (RFC 7946), for map viewers: QGIS, geojson.io, Leaflet, kepler.gl,
//! and GitHub's file preview.
//!
//! A `FeatureCollection` of
//! - every shown region with coordinates, as a `Point`;
//! - every shown route with located waypoints, as a `LineString` through
//!   its waypoints in `order` (ties by waypoint id). A waypoint is the end
//!   of a `passes_through` fact that passes the view's filter; waypoints
//!   without coordinates are skipped, and those without an `order` (often
//!   the larger regions a route crosses) are listed in `other_waypoints`
//!   rather than placed on the line. A route with fewer than two ordered
//!   waypoints has no known line: it is a `MultiPoint` of its waypoints in
//!   id order (a `Point` for one), and its `ordered` property is `false`.
//!
//! Positions are `[longitude, latitude]`, as the RFC requires (the geokg
//! document writes `[lat, lon]`). Each feature's `id` is the node id, and
//! its properties are what a viewer shows: `id`, `kind`, `name`,
//! `description`, a region's `level` and `commodities`, a route's `mode`,
//! `status`, `waypoints` (ids, in the line's order), `other_waypoints`
//! and `ordered`;
//! `controllers` (the ids of the actors that control it under the view's
//! filter, as [`KnowledgeGraph::controllers`] finds them),
//! `controller_confidence` (each controller's id with the confidence of the
//! best established `controls` fact behind it) and `controlled_by` (their
//! names, how and that confidence, for people); and the styling
//! hints of the simplestyle convention that GitHub and geojson.io follow
//! (`marker-color`, `stroke`, `stroke-width`): controlled places are red,
//! the others grey. Features come in id order, one per line, so the same
//! view gives the same bytes.
//!
//! [`KnowledgeGraph::controllers`]: crate::KnowledgeGraph::controllers
//!
//! ```
//! use geokg::io::{View, geojson};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.armed_group("north-front", "North Front");
//! b.region("hill-town", "Hill Town").coords(12.5, 45.25);
//! b.region("port-town", "Port Town").coords(11.0, 44.0);
//! b.route("coast-road", "Coast Road");
//! b.fact(FactKind::Controls, "north-front", "port-town");
//! b.fact(FactKind::PassesThrough, "coast-road", "port-town").order(1);
//! b.fact(FactKind::PassesThrough, "coast-road", "hill-town").order(0);
//! let g = b.build()?;
//!
//! let text = geojson::to_string(&View::whole(&g));
//! let doc: serde_json::Value = serde_json::from_str(&text)?;
//! assert_eq!(doc["type"], "FeatureCollection");
//! let road = &doc["features"][0];
//! assert_eq!(road["geometry"]["type"], "LineString");
//! // [lon, lat], hill town first: its order is 0.
//! assert_eq!(road["geometry"]["coordinates"], serde_json::json!([[45.25, 12.5], [44.0, 11.0]]));
//! // The front holds the port, one of the road's waypoints.
//! assert_eq!(road["properties"]["controllers"], serde_json::json!(["north-front"]));
//! assert_eq!(road["properties"]["controller_confidence"], serde_json::json!({"north-front": "reported"}));
//! assert_eq!(road["properties"]["controlled_by"], "North Front (enclosing; reported)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::graph::{Dir, NodeRef};
use crate::io::View;
use crate::model::{Coords, FactField, FactKind, FieldValue, NodeField, NodeKind};

/// Writes the view as a GeoJSON `FeatureCollection`.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write<W: Write>(view: &View<'_>, mut out: W) -> io::Result<()> {
    out.write_all(to_string(view).as_bytes())?;
    out.flush()
}

/// The view as a GeoJSON `FeatureCollection`.
pub fn to_string(view: &View<'_>) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    let mut first = true;
    for n in view.nodes() {
        if let Some(f) = feature(view, n) {
            s.push_str(if first { "\n" } else { ",\n" });
            first = false;
            // Serialising plain data to a string cannot fail.
            s.push_str(&serde_json::to_string(&f).unwrap_or_default());
        }
    }
    s.push_str("\n]}\n");
    s
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    id: &'a str,
    geometry: Geometry,
    properties: Map<String, Value>,
}

#[derive(Serialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Point([f64; 2]),
    MultiPoint(Vec<[f64; 2]>),
    LineString(Vec<[f64; 2]>),
}

fn position(c: Coords) -> [f64; 2] {
    [c.lon(), c.lat()]
}

const CONTROLLED: &str = "#d7301f";
const UNCONTROLLED: &str = "#7f7f7f";

fn feature<'g>(view: &View<'g>, n: NodeRef<'g>) -> Option<Feature<'g>> {
    let mut props = Map::new();
    props.insert("id".into(), n.id().as_str().into());
    props.insert("kind".into(), n.kind().as_str().into());
    props.insert("name".into(), n.name().into());
    if let Some(d) = n.description() {
        props.insert("description".into(), d.into());
    }
    for (field, value) in n.details().fields() {
        let Some(v) = value else { continue };
        match field {
            NodeField::Level | NodeField::Mode | NodeField::Status => {
                props.insert(field.as_str().into(), v.to_string().into());
            }
            // The commodities by name, `tin, jade`.
            NodeField::Resources => {
                props.insert("commodities".into(), v.to_string().into());
            }
            NodeField::Iso2 | NodeField::Coords | NodeField::Title => {}
        }
    }
    let geometry = match n.kind() {
        NodeKind::Region => Geometry::Point(position(n.coords()?)),
        NodeKind::Route => route_geometry(view, n, &mut props)?,
        NodeKind::Country | NodeKind::ArmedGroup | NodeKind::Person | NodeKind::Organization => {
            return None;
        }
    };
    let controlled = controllers(view, n, &mut props);
    let colour = if controlled { CONTROLLED } else { UNCONTROLLED };
    if n.kind() == NodeKind::Route {
        props.insert("stroke".into(), colour.into());
        props.insert("stroke-width".into(), 3.into());
    }
    props.insert("marker-color".into(), colour.into());
    Some(Feature {
        ty: "Feature",
        id: n.id().as_str(),
        geometry,
        properties: props,
    })
}

/// A route's line through its located waypoints, or `None` when none has
/// coordinates.
fn route_geometry<'g>(
    view: &View<'g>,
    route: NodeRef<'g>,
    props: &mut Map<String, Value>,
) -> Option<Geometry> {
    let g = view.graph();
    let pass = view.filter().compile(g);
    let mut stops: Vec<(Option<u32>, NodeRef<'g>, Coords)> = Vec::new();
    for e in g.adjacent(route.idx(), FactKind::PassesThrough, Dir::Out) {
        if !pass.admits_entry(e) {
            continue;
        }
        let f = g.fact_at(e.fact);
        let order = f
            .details()
            .get(FactField::Order)
            .and_then(FieldValue::as_integer);
        let w = f.to();
        if let Some(c) = w.coords() {
            stops.push((order, w, c));
        }
    }
    // The line runs through the waypoints whose place along the route is
    // known; waypoints without an `order` (often the larger regions the
    // route crosses) are listed beside it. With fewer than two ordered
    // waypoints the way is unknown, and the waypoints are only points.
    let (mut on_line, mut others): (Vec<_>, Vec<_>) =
        stops.into_iter().partition(|(o, _, _)| o.is_some());
    on_line.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    if on_line.len() < 2 {
        others.append(&mut on_line);
    }
    others.sort_by(|a, b| a.1.cmp(&b.1));
    let ids = |stops: &[(Option<u32>, NodeRef<'g>, Coords)]| -> Value {
        stops
            .iter()
            .map(|(_, w, _)| Value::from(w.id().as_str()))
            .collect()
    };
    let positions = |stops: &[(Option<u32>, NodeRef<'g>, Coords)]| -> Vec<[f64; 2]> {
        stops.iter().map(|(_, _, c)| position(*c)).collect()
    };
    props.insert("ordered".into(), (!on_line.is_empty()).into());
    if !on_line.is_empty() {
        props.insert("waypoints".into(), ids(&on_line));
        if !others.is_empty() {
            props.insert("other_waypoints".into(), ids(&others));
        }
        return Some(Geometry::LineString(positions(&on_line)));
    }
    props.insert("waypoints".into(), ids(&others));
    match positions(&others).as_slice() {
        [] => None,
        [one] => Some(Geometry::Point(*one)),
        many => Some(Geometry::MultiPoint(many.to_vec())),
    }
}

/// Adds `controllers` (actor ids), `controller_confidence` (id →
/// confidence) and `controlled_by` (`North Front (direct; confirmed); Hill
/// Council (partial; claimed)`); whether there is any.
fn controllers<'g>(view: &View<'g>, n: NodeRef<'g>, props: &mut Map<String, Value>) -> bool {
    // A node of this graph always resolves; an error would leave it uncontrolled.
    let Ok(answer) = view.graph().controllers(n, view.filter()) else {
        props.insert("controllers".into(), Value::Array(Vec::new()));
        return false;
    };
    let mut ids = Vec::new();
    let mut confidence = Map::new();
    let mut words = Vec::new();
    for c in answer.controllers() {
        ids.push(Value::from(c.actor().id().as_str()));
        let mut scopes: Vec<&str> = Vec::new();
        for w in c.ways() {
            let s = w.scope().as_str();
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        // How well established the best fact behind the actor is.
        let best = c.facts().iter().map(|f| f.confidence()).max();
        let level = best.map_or("", |b| b.as_str());
        confidence.insert(c.actor().id().to_string(), level.into());
        words.push(format!(
            "{} ({}; {level})",
            c.actor().name(),
            scopes.join(", ")
        ));
    }
    let controlled = !ids.is_empty();
    props.insert("controllers".into(), Value::Array(ids));
    if controlled {
        props.insert("controller_confidence".into(), Value::Object(confidence));
        props.insert("controlled_by".into(), words.join("; ").into());
    }
    controlled
}
