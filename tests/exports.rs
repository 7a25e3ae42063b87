//! Exports to other tools' formats: the same graph gives the same bytes,
//! awkward names survive, the neighbourhood of a node is what it should be,
//! and every node and fact is written.

use std::collections::BTreeMap;
use std::path::Path;

use geokg::io::{View, dot, geojson, graph_db, graphml, ntriples};
use geokg::model::{Confidence, ControlMode, Evidence};
use geokg::query::Filter;
use geokg::{FactKind, GraphBuilder, KnowledgeGraph};

fn myanmar() -> KnowledgeGraph {
    geokg::datasets::myanmar_cni().unwrap()
}

/// Every file of a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn every_text_export(view: &View<'_>) -> Vec<(&'static str, String)> {
    vec![
        (
            "dot",
            dot::to_string(view, &dot::DotOptions::default().legend(true)),
        ),
        ("geojson", geojson::to_string(view)),
        ("graphml", graphml::to_string(view)),
        ("ntriples", ntriples::to_string(view)),
    ]
}

#[test]
fn the_same_graph_gives_the_same_bytes_in_every_format() {
    let a = myanmar();
    // The same graph, rebuilt from its own document: built anew, stored anew.
    let b = KnowledgeGraph::from_json_str(&a.to_json_string()).unwrap();
    for ((name, x), (_, y)) in every_text_export(&View::whole(&a))
        .into_iter()
        .zip(every_text_export(&View::whole(&b)))
    {
        assert_eq!(x, y, "{name} differs between two copies of one graph");
        assert!(x.len() > 1000, "{name} is suspiciously short");
    }
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    graph_db::write_kuzu(&View::whole(&a), da.path()).unwrap();
    graph_db::write_kuzu(&View::whole(&b), db.path()).unwrap();
    assert_eq!(files(da.path()), files(db.path()));
    let (na, nb) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    graph_db::write_neo4j(&View::whole(&a), na.path()).unwrap();
    graph_db::write_neo4j(&View::whole(&b), nb.path()).unwrap();
    assert_eq!(files(na.path()), files(nb.path()));
}

/// A name with quotes, a backslash, markup characters, a line break and
/// letters from several scripts; an alias with the list separators of
/// CSV, Kùzu and Neo4j.
const AWKWARD: &str = "Front \"Red\" \\ <b>&amp; Co</b>\nsecond line: Ünïcödé 東京 Ωμέγα";
const AWKWARD_ALIAS: &str = "a,b;c [d] 'e'";

fn awkward() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("press", "Press \"Agency\"")
        .title("Line one\r\nline two");
    b.armed_group("front", AWKWARD).alias(AWKWARD_ALIAS);
    b.region("town", "Tōwn’s «quoted»\ttab")
        .coords(-33.5, 151.25)
        .description("first\r\nsecond");
    b.region("port", "Port").coords(-34.0, 150.75);
    b.route("road", "Road, with comma");
    b.fact(FactKind::Controls, "front", "town")
        .id("f1")
        .mode(ControlMode::Military)
        .valid_from("2021-03")
        .unwrap()
        .confidence(Confidence::Speculative)
        .evidence(Evidence::from_source("press").note("said \"so\" & more"));
    b.fact(FactKind::PassesThrough, "road", "town")
        .id("f2")
        .order(0);
    b.fact(FactKind::PassesThrough, "road", "port")
        .id("f3")
        .order(1);
    b.build().unwrap()
}

#[test]
fn awkward_names_are_escaped_in_dot() {
    let g = awkward();
    let text = dot::to_string(&View::whole(&g), &dot::DotOptions::default());
    assert!(text.contains(
        r#"label="Front \"Red\" \\ <b>&amp;amp; Co</b>\nsecond line: Ünïcödé 東京 Ωμέγα""#
    ));
    assert!(text.contains("label=\"Tōwn’s «quoted» tab\""));
    assert!(text.contains(
        "\"front\" -> \"town\" [label=\"controls\\nmilitary\\n2021-03.. · speculative\""
    ));
    assert!(text.contains("style=\"dashed\""));
    // Every line is one statement: no raw line break inside a string.
    assert!(
        text.lines()
            .all(|l| l.ends_with('{') || l.ends_with(';') || l.trim() == "}")
    );
}

#[test]
fn awkward_names_are_escaped_in_graphml() {
    let g = awkward();
    let xml = graphml::to_string(&View::whole(&g));
    assert!(xml.contains(
        "<data key=\"n_name\">Front &quot;Red&quot; \\ &lt;b&gt;&amp;amp; Co&lt;/b&gt;\nsecond line: Ünïcödé 東京 Ωμέγα</data>"
    ));
    assert!(xml.contains("<data key=\"n_name\">Tōwn’s «quoted»&#9;tab</data>"));
    assert!(xml.contains("<data key=\"n_description\">first&#13;\nsecond</data>"));
    assert!(xml.contains("<data key=\"n_aliases\">[&quot;a,b;c [d] &apos;e&apos;&quot;]</data>"));
}

#[test]
fn awkward_names_are_escaped_in_ntriples() {
    let g = awkward();
    let nt = ntriples::to_string(&View::whole(&g));
    assert!(nt.contains(
        "<https://geokg.dev/id/node/front> <http://www.w3.org/2000/01/rdf-schema#label> \
         \"Front \\\"Red\\\" \\\\ <b>&amp; Co</b>\\nsecond line: Ünïcödé 東京 Ωμέγα\" .\n"
    ));
    assert!(nt.contains("\"Tōwn’s «quoted»\\ttab\" .\n"));
    assert!(nt.contains("<https://geokg.dev/ns#title> \"Line one\\r\\nline two\" .\n"));
    // One triple per line, each ending in " .".
    assert!(nt.lines().all(|l| l.starts_with('<') && l.ends_with(" .")));
}

#[test]
fn awkward_names_are_quoted_in_database_csv() {
    let g = awkward();
    let dir = tempfile::tempdir().unwrap();
    graph_db::write_kuzu(&View::whole(&g), dir.path()).unwrap();
    let groups = std::fs::read_to_string(dir.path().join("armed_group.csv")).unwrap();
    assert_eq!(
        groups,
        "id,name,aliases,description,props\n\
         \"front\",\"Front \"\"Red\"\" \\ <b>&amp; Co</b>\nsecond line: Ünïcödé 東京 Ωμέγα\",\
         \"[a%2Cb;c%20%5Bd%5D%20%27e%27]\",,\n"
    );
    let controls =
        std::fs::read_to_string(dir.path().join("controls.armed_group.region.csv")).unwrap();
    assert_eq!(
        controls,
        "from,to,id,valid_from,valid_to,valid_start,valid_end,confidence,confidence_rank,sources,evidence,props,deprecated,support,disputed,mode\n\
         \"front\",\"town\",\"f1\",\"2021-03\",,2021-03-01,,\"speculative\",0,\"[press]\",\
         \"[{\"\"source\"\":\"\"press\"\",\"\"note\"\":\"\"said \\\"\"so\\\"\" & more\"\"}]\",,,1,false,\"military\"\n"
    );
}

#[test]
fn awkward_names_survive_geojson() {
    let g = awkward();
    let text = geojson::to_string(&View::whole(&g));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Port", "Road, with comma", "Tōwn’s «quoted»\ttab"]);
}

fn ids<'g>(view: &View<'g>) -> Vec<&'g str> {
    view.nodes().map(|n| n.id().as_str()).collect()
}

#[test]
fn the_neighbourhood_of_panwa_one_hop_out() {
    let g = myanmar();
    let view = View::around(&g, ["Panwa"], 1, &Filter::ALL).unwrap();
    // Who holds it, what it is part of, and who has an eye on it.
    assert_eq!(
        ids(&view),
        ["in", "kachin-re-area", "kia", "mm-11", "panwa"]
    );
    let facts: Vec<&str> = view.facts().map(|f| f.id().as_str()).collect();
    // Kachin State borders India, and the KIA holds the area: a fact between two
    // shown nodes is shown.
    assert_eq!(
        facts,
        [
            "in-interested-in-panwa",
            "kachin-borders-in",
            "kachin-re-area-part-of-kachin",
            "kia-controls-kachin-re-area",
            "kia-controls-panwa",
            "kia-runs-kachin-re-mining",
            "panwa-part-of-kachin",
            "panwa-part-of-kachin-re-area"
        ]
    );
}

#[test]
fn the_neighbourhood_shrinks_under_a_filter() {
    let g = myanmar();
    // Reported or better: India's speculative interest drops out.
    let reported = View::around(
        &g,
        ["panwa"],
        1,
        &Filter::ALL.min_confidence(Confidence::Reported),
    )
    .unwrap();
    assert_eq!(ids(&reported), ["kachin-re-area", "kia", "mm-11", "panwa"]);
    // In 2023, before the KIA's hold, the report gives only the geography.
    let in_2023 = Filter::during("2023".parse().unwrap()).min_confidence(Confidence::Reported);
    let in_2023 = View::around(&g, ["panwa"], 1, &in_2023).unwrap();
    assert_eq!(ids(&in_2023), ["kachin-re-area", "mm-11", "panwa"]);
}

#[test]
fn the_neighbourhood_two_hops_out_and_of_two_centres() {
    let g = myanmar();
    let two = View::around(&g, ["KIA"], 2, &Filter::ALL).unwrap();
    assert_eq!(
        ids(&two),
        [
            "chinese-operators",
            "cn",
            "in",
            "kachin-re-area",
            "kia",
            "mm-11",
            "panwa"
        ]
    );
    let pair = View::around(&g, ["UWSA", "NDAA"], 0, &Filter::ALL).unwrap();
    assert_eq!(ids(&pair), ["ndaa", "uwsa"]);
    assert_eq!(pair.facts().len(), 0);
    let dot = dot::to_string(&two, &dot::DotOptions::default());
    assert_eq!(dot.matches(" -> ").count(), two.facts().len());
    assert!(!dot.contains("\"uwsa\""));
}

#[test]
fn a_neighbourhood_is_written_as_a_document_of_its_own() {
    let g = myanmar();
    let since = Filter::during("2024-10..".parse().unwrap());
    let view = View::around(&g, ["Panwa"], 1, &since).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panwa.json");
    view.save(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, view.to_json_string());
    let written = KnowledgeGraph::load(&path).unwrap();
    let node_ids: Vec<&str> = written.nodes().map(|n| n.id().as_str()).collect();
    let fact_ids: Vec<&str> = written.facts().map(|f| f.id().as_str()).collect();
    // Exactly the view's facts, and its nodes, with the party leader whom
    // India's interest in Panwa quotes (a document must hold its speakers)
    assert_eq!(
        fact_ids,
        view.facts().map(|f| f.id().as_str()).collect::<Vec<_>>()
    );
    assert_eq!(
        fact_ids,
        [
            "in-interested-in-panwa",
            "kachin-borders-in",
            "kachin-re-area-part-of-kachin",
            "kia-controls-kachin-re-area",
            "kia-controls-panwa",
            "kia-runs-kachin-re-mining",
            "panwa-part-of-kachin",
            "panwa-part-of-kachin-re-area"
        ]
    );
    assert_eq!(
        ids(&view),
        ["in", "kachin-re-area", "kia", "mm-11", "panwa"]
    );
    // ... and the outlet its sources name.
    assert_eq!(
        node_ids,
        [
            "cni-news",
            "in",
            "kachin-re-area",
            "kia",
            "mm-11",
            "panwa",
            "sai-htay-aung"
        ]
    );
    // Every written node and fact is the graph's, unchanged.
    for n in written.nodes() {
        assert_eq!(n.node(), g.node(n.id().as_str()).unwrap().node());
    }
    for f in written.facts() {
        assert_eq!(f.to_string(), g.fact(f.id().as_str()).unwrap().to_string());
    }
    assert_eq!(written.source_count(), g.source_count());
}

#[test]
fn a_view_without_outside_speakers_writes_exactly_its_nodes_and_the_outlets() {
    let g = myanmar();
    let view = View::around(&g, ["KIA"], 1, &Filter::ALL).unwrap();
    let written = KnowledgeGraph::from_json_str(&view.to_json_string()).unwrap();
    let node_ids: Vec<&str> = written.nodes().map(|n| n.id().as_str()).collect();
    assert_eq!(ids(&view), ["kachin-re-area", "kia", "panwa"]);
    // The document holds every source, so the outlet they name too.
    assert_eq!(node_ids, ["cni-news", "kachin-re-area", "kia", "panwa"]);
    assert_eq!(written.fact_count(), view.facts().len());
    // The whole graph's view is the graph's own document.
    assert_eq!(View::whole(&g).to_json_string(), g.to_json_string());
}

#[test]
fn an_unknown_centre_is_an_error_that_suggests_names() {
    let g = myanmar();
    let err = View::around(&g, ["Panwah"], 1, &Filter::ALL).unwrap_err();
    assert!(err.to_string().contains("panwa"), "{err}");
}

#[test]
fn every_node_and_fact_is_written() {
    let g = myanmar();
    let view = View::whole(&g);
    let (n, f) = (g.node_count(), g.fact_count());
    assert!(n > 40 && f > 70, "{n} nodes, {f} facts");

    let xml = graphml::to_string(&view);
    assert_eq!(xml.matches("<node id=").count(), n);
    assert_eq!(xml.matches("<edge id=").count(), f);

    let nt = ntriples::to_string(&view);
    let typed_facts = nt
        .lines()
        .filter(|l| {
            l.ends_with(
                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://geokg.dev/ns#Fact> .",
            )
        })
        .count();
    assert_eq!(typed_facts, f);

    let dot = dot::to_string(&view, &dot::DotOptions::default());
    assert_eq!(dot.matches(" -> ").count(), f);

    for (writer, label) in [
        (graph_db::write_kuzu as fn(&View<'_>, &Path) -> _, "kuzu"),
        (graph_db::write_neo4j, "neo4j"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        writer(&view, dir.path()).unwrap();
        let (mut nodes, mut facts) = (0, 0);
        for (name, bytes) in files(dir.path()) {
            let Some(stem) = name.strip_suffix(".csv") else {
                continue;
            };
            // Rows, not lines: descriptions hold no line breaks in this data set.
            let rows = String::from_utf8(bytes).unwrap().lines().count() - 1;
            if stem == "source" {
                assert_eq!(rows, 2);
            } else if FactKind::ALL.iter().any(|k| stem.starts_with(k.as_str())) {
                facts += rows;
            } else {
                nodes += rows;
            }
        }
        assert_eq!((nodes, facts), (n, f), "{label}");
    }
}

#[test]
fn the_map_has_every_located_place_and_route() {
    let g = myanmar();
    let text = geojson::to_string(&View::whole(&g));
    let parsed: ::geojson::GeoJson = text.parse().unwrap();
    let ::geojson::GeoJson::FeatureCollection(fc) = parsed else {
        panic!("not a FeatureCollection")
    };
    let located = g.nodes().filter(|n| n.coords().is_some()).count();
    // The regions with coordinates, and the three routes.
    assert_eq!(fc.features.len(), located + 3);
    let mut kinds = BTreeMap::new();
    for f in &fc.features {
        let geometry = f.geometry.as_ref().unwrap();
        let positions: Vec<&::geojson::Position> = match &geometry.value {
            ::geojson::GeometryValue::Point { coordinates } => vec![coordinates],
            ::geojson::GeometryValue::LineString { coordinates } => {
                assert!(coordinates.len() >= 2);
                coordinates.iter().collect()
            }
            ::geojson::GeometryValue::MultiPoint { coordinates } => coordinates.iter().collect(),
            other => panic!("unexpected geometry {}", other.type_name()),
        };
        for p in positions {
            let (lon, lat) = (p[0], p[1]);
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            // Everything in this data set lies east of 90°E and north of
            // the equator: a swapped [lat, lon] would put it in the sea.
            assert!(lon > 90.0 && lat > 20.0 && lat < 30.0, "{lon}, {lat}");
        }
        *kinds.entry(geometry.value.type_name()).or_insert(0) += 1;
    }
    // The Inpha–Kohima corridor's waypoints have no order: points, not a line.
    // The Ledo Road's towns have one; the states it crosses are set aside.
    assert_eq!(
        kinds,
        BTreeMap::from([("LineString", 2), ("MultiPoint", 1), ("Point", located)])
    );
    let ledo = fc
        .features
        .iter()
        .find(|f| f.property("id").and_then(|v| v.as_str()) == Some("ledo-road"))
        .unwrap();
    let ::geojson::GeometryValue::LineString { coordinates } =
        &ledo.geometry.as_ref().unwrap().value
    else {
        panic!("the Ledo Road is not a line")
    };
    // From Ledo in Assam to Kunming, west to east, through its eight towns.
    assert_eq!(coordinates.len(), 8);
    assert_eq!(
        ledo.property("other_waypoints").unwrap(),
        &serde_json::json!(["mm-01", "mm-11"])
    );
    assert_eq!(coordinates.first().unwrap().as_slice(), [95.74, 27.29]);
    assert_eq!(coordinates.last().unwrap().as_slice(), [102.71, 25.04]);
}

fn map_properties(view: &View<'_>) -> BTreeMap<String, serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(&geojson::to_string(view)).unwrap();
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["properties"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_map_shows_who_controls_each_place_under_the_filter() {
    let g = myanmar();
    let all = map_properties(&View::whole(&g));
    assert_eq!(
        all["panwa"]["controllers"],
        serde_json::json!(["chinese-operators", "kia"])
    );
    assert_eq!(
        all["panwa"]["controlled_by"],
        "Chinese rare-earth operators (enclosing; reported); \
         Kachin Independence Army (direct, enclosing; reported)"
    );
    assert_eq!(
        all["panwa"]["controller_confidence"],
        serde_json::json!({"chinese-operators": "reported", "kia": "reported"})
    );
    assert_eq!(
        all["mm-11"]["controllers"],
        serde_json::json!(["chinese-operators", "kia"])
    );
    assert_eq!(all["mm-11"]["marker-color"], "#d7301f");
    assert_eq!(all["mm-01"]["controllers"], serde_json::json!([]));
    assert_eq!(all["mm-01"]["marker-color"], "#7f7f7f");
    // In 2023, before the KIA's hold, the data record the Chinese operators' hold on
    // the area around Panwa and no other.
    let in_2023 = map_properties(&View::filtered(
        &g,
        &Filter::during("2023".parse().unwrap()),
    ));
    assert_eq!(
        in_2023["panwa"]["controllers"],
        serde_json::json!(["chinese-operators"])
    );
    assert_eq!(
        in_2023["mm-11"]["controllers"],
        serde_json::json!(["chinese-operators"])
    );
}

#[test]
fn neo4j_files_carry_typed_headers_and_the_import_command() {
    let g = myanmar();
    let dir = tempfile::tempdir().unwrap();
    graph_db::write_neo4j(&View::whole(&g), dir.path()).unwrap();
    let first_line = |name: &str| {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        text.lines().next().unwrap().to_owned()
    };
    assert_eq!(
        first_line("region.csv"),
        "id:ID(Node),name,aliases,description,props,level,lat:double,lon:double,resources"
    );
    assert_eq!(
        first_line("passes_through.csv"),
        ":START_ID(Node),:END_ID(Node),id,valid_from,valid_to,valid_start:date,valid_end:date,\
         confidence,confidence_rank:long,sources:string[],evidence,props,deprecated,support:long,\
         disputed:boolean,position:long"
    );
    assert_eq!(
        first_line("source.csv"),
        "id:ID(Source),publisher,title,published,url,reliability,outlet"
    );
    let controls = std::fs::read_to_string(dir.path().join("controls.csv")).unwrap();
    assert!(controls.contains(
        "\"kia\",\"panwa\",\"kia-controls-panwa\",\"2024-10\",,2024-10-01,,\"reported\",2,\
         \"cni-2025-09-04\","
    ));
    let script = std::fs::read_to_string(dir.path().join("import.sh")).unwrap();
    assert!(script.contains("neo4j-admin database import full"));
    assert!(script.contains("  --nodes=Region=\"$here/region.csv\" \\\n"));
    assert!(script.contains("  --relationships=PASSES_THROUGH=\"$here/passes_through.csv\" \\\n"));
    // Every CSV file written is imported.
    for name in files(dir.path()).keys().filter(|n| n.ends_with(".csv")) {
        assert!(
            script.contains(&format!("/{name}\" \\")),
            "{name} is not imported"
        );
    }
}

/// A directory's files as one text: each file's name on a line of its own
/// (`=== name`), then its content, in name order.
fn directory_text(dir: &Path) -> String {
    let mut text = String::new();
    for (name, bytes) in files(dir) {
        text.push_str(&format!("=== {name}\n"));
        text.push_str(&String::from_utf8(bytes).unwrap());
    }
    text
}

/// Every format, byte for byte as recorded, for a graph with every node
/// kind, fact kind and kind-specific field (some given, some not): a change
/// to what any writer or export says shows here first.
#[test]
fn every_format_writes_the_recorded_bytes_for_a_graph_of_every_field() {
    let dir = crate::common::data_dir().join("exports/every_field");
    let g = KnowledgeGraph::load(dir.join("graph.json")).unwrap();
    let view = View::whole(&g);
    let full = dot::DotOptions::default()
        .title("T \"q\" & x")
        .legend(true)
        .fact_details(true)
        .top_to_bottom(true)
        .layout("neato");
    let (kuzu, neo4j) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    graph_db::write_kuzu(&view, kuzu.path()).unwrap();
    graph_db::write_neo4j(&view, neo4j.path()).unwrap();
    let mut facts = String::new();
    for f in g.facts() {
        let e = g.explain(f.id().as_str()).unwrap();
        facts.push_str(&format!("{e}\n{}\n", e.to_canonical()));
    }
    for n in g.nodes() {
        facts.push_str(&format!("{}\n", g.timeline(n, &Filter::ALL).unwrap()));
    }
    let written = [
        ("document.json", g.to_json_string()),
        (
            "picture.dot",
            dot::to_string(&view, &dot::DotOptions::default()),
        ),
        ("picture_in_full.dot", dot::to_string(&view, &full)),
        ("graph.graphml", graphml::to_string(&view)),
        ("graph.nt", ntriples::to_string(&view)),
        ("map.geojson", geojson::to_string(&view)),
        ("kuzu.txt", directory_text(kuzu.path())),
        ("neo4j.txt", directory_text(neo4j.path())),
        ("facts.txt", facts),
    ];
    for (name, text) in written {
        // GEOKG_BLESS=1 records what the writers say now: for a change to
        // a writer that is meant, read the diff of the files before committing.
        if std::env::var_os("GEOKG_BLESS").is_some() {
            std::fs::write(dir.join(name), &text).unwrap();
        }
        let recorded = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(text, recorded, "{name} differs from the recorded bytes");
    }
}
