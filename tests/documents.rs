//! Loading and saving documents: the same graph always saves to the same
//! bytes, a save never leaves a half-written file, and a document loads
//! alike from a string, bytes, a reader or a path.

use std::fs;
use std::io::Read;
use std::path::Path;

use geokg::model::{Bound, Confidence, Evidence, Quantity};
use geokg::{FactKind, GraphBuilder, KnowledgeGraph, LoadError, NodeKind, SaveError};

use crate::common::tiny_dir;

#[test]
fn the_tiny_fixture_loads() {
    let g = KnowledgeGraph::load(tiny_dir().join("world.json")).unwrap();
    assert_eq!(g.node_count(), 18);
    assert_eq!(g.fact_count(), 31);
    let again = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), g.to_json_string());
}

#[test]
fn the_embedded_data_set_holds_what_the_report_states() {
    let g = geokg::datasets::myanmar_cni().unwrap();
    assert!(g.warnings().warnings.is_empty(), "{}", g.warnings());
    let sources: Vec<&str> = g.sources().map(|s| s.id().as_str()).collect();
    assert_eq!(sources, ["cni-2025-09-04", "geokg-reference"]);

    let nodes: Vec<(String, usize)> = NodeKind::ALL
        .iter()
        .map(|&k| (k.to_string(), g.nodes_of_kind(k).count()))
        .collect();
    let expected_nodes = [
        ("country", 4),
        ("armed_group", 3),
        ("region", 26),
        ("route", 3),
        ("person", 4),
        ("organization", 6),
    ];
    assert_eq!(nodes, expected_nodes.map(|(k, n)| (k.to_owned(), n)));
    assert_eq!(g.node_count(), 46);

    let facts: Vec<(String, usize)> = FactKind::ALL
        .iter()
        .map(|&k| (k.to_string(), g.facts().filter(|f| f.kind() == k).count()))
        .collect();
    let expected_facts = [
        ("controls", 6),
        ("borders", 13),
        ("exports_to", 3),
        ("proposes", 1),
        ("part_of", 26),
        ("passes_through", 18),
        ("member_of", 4),
        ("cooperates_with", 1),
        ("interested_in", 9),
    ];
    assert_eq!(facts, expected_facts.map(|(k, n)| (k.to_owned(), n)));
    assert_eq!(g.fact_count(), 81);
}

// ---------------------------------------------------------------- saving

/// A world of every kind of thing, added in the order given or reversed.
#[test]
fn a_version_1_document_loads_and_saves_as_version_2() {
    let text = std::fs::read_to_string(tiny_dir().join("world.json")).unwrap();
    assert!(text.contains("\"version\": 1") || text.contains("\"version\":1"));
    let g = KnowledgeGraph::from_json_str(&text).unwrap();
    let saved = g.to_json_string();
    assert!(saved.starts_with("{\"format\":\"geokg\",\"version\":2,\n"));
    // Nothing of version 2 is added to a version 1 graph but the number.
    for field in [
        "\"stance\"",
        "\"said\"",
        "\"credibility\"",
        "\"outlet\"",
        "\"deprecated\"",
    ] {
        assert!(!saved.contains(field), "{field}");
    }
    assert_eq!(KnowledgeGraph::from_json_str(&saved).unwrap(), g);
}

/// A version 2 document with every field of version 2, written loosely:
/// keys in any order, evidence in no order, `valid` as strings.
const VERSION_2: &str = r#"{"version": 2, "format": "geokg",
 "sources": [
  {"id": "herald", "publisher": "Valley Herald", "published": "2024-11-05", "outlet": "herald-co"},
  {"id": "courier", "publisher": "Northern Courier", "published": "2024-11-02", "reliability": "B"}
 ],
 "nodes": [
  {"id": "ra", "kind": "armed_group", "name": "River Army"},
  {"id": "herald-co", "kind": "organization", "name": "Valley Herald"},
  {"id": "north", "kind": "country", "name": "Northland"},
  {"id": "ford", "kind": "region", "name": "Ford Town"}
 ],
 "facts": [
  {"id": "c2", "kind": "controls", "from": "ra", "to": "ford", "valid": "2023",
   "deprecated": "superseded by a later report"},
  {"id": "c1", "kind": "controls", "from": "ra", "to": "ford", "valid": "2024-10..",
   "evidence": [
    {"source": "herald", "credibility": 3},
    {"source": "courier", "stance": "disputes", "speaker": "north", "said": "2025-01-29"},
    {"source": "courier", "note": "seen by the reporter", "stance": "supports"},
    {"source": "courier", "speaker": "ra", "said": "2024-10-30", "credibility": 2}
   ]},
  {"id": "m1", "kind": "member_of", "from": "herald-co", "to": "north", "valid": "..2024-09"},
  {"id": "m2", "kind": "member_of", "from": "ra", "to": "herald-co", "valid": "2024-09..2024-12"}
 ]}"#;

#[test]
fn a_version_2_document_saves_every_field_in_one_form_and_loads_back_equal() {
    let g = KnowledgeGraph::from_json_str(VERSION_2).unwrap();
    let saved = g.to_json_string();
    assert_eq!(
        saved,
        r#"{"format":"geokg","version":2,
"sources":[
{"id":"courier","publisher":"Northern Courier","published":"2024-11-02","reliability":"B"},
{"id":"herald","publisher":"Valley Herald","published":"2024-11-05","outlet":"herald-co"}
],
"nodes":[
{"id":"ford","kind":"region","name":"Ford Town"},
{"id":"herald-co","kind":"organization","name":"Valley Herald"},
{"id":"north","kind":"country","name":"Northland"},
{"id":"ra","kind":"armed_group","name":"River Army"}
],
"facts":[
{"id":"c1","kind":"controls","from":"ra","to":"ford","valid":{"from":"2024-10"},"confidence":"reported","evidence":[{"source":"courier","note":"seen by the reporter"},{"source":"courier","speaker":"ra","said":"2024-10-30","credibility":2},{"source":"courier","speaker":"north","stance":"disputes","said":"2025-01-29"},{"source":"herald","credibility":3}]},
{"id":"c2","kind":"controls","from":"ra","to":"ford","valid":{"from":"2023","to":"2023"},"confidence":"reported","deprecated":"superseded by a later report"},
{"id":"m1","kind":"member_of","from":"herald-co","to":"north","valid":{"to":"2024-09"},"confidence":"reported"},
{"id":"m2","kind":"member_of","from":"ra","to":"herald-co","valid":{"from":"2024-09","to":"2024-12"},"confidence":"reported"}
]}
"#
    );
    let again = KnowledgeGraph::from_json_str(&saved).unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), saved);
    // Through a builder, and saved to a file, the same.
    assert_eq!(g.to_builder().build().unwrap(), g);
    let dir = tempfile::tempdir().unwrap();
    g.save(dir.path().join("v2.json")).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("v2.json")).unwrap(),
        saved
    );
}

#[test]
fn period_strings_are_read_as_periods_and_saved_as_objects() {
    for (written, saved) in [
        ("\"2023\"", r#""valid":{"from":"2023","to":"2023"}"#),
        ("\"2024-10..\"", r#""valid":{"from":"2024-10"}"#),
        ("\"..2024-09\"", r#""valid":{"to":"2024-09"}"#),
        (
            "\"2024-09..2024-12-31\"",
            r#""valid":{"from":"2024-09","to":"2024-12-31"}"#,
        ),
        ("\"..\"", r#""confidence""#),
    ] {
        // In a version 1 document as in a version 2 one.
        for version in [1, 2] {
            let text = format!(
                r#"{{"format": "geokg", "version": {version},
                  "nodes": [{{"id": "a", "kind": "region", "name": "A"}},
                            {{"id": "b", "kind": "region", "name": "B"}}],
                  "facts": [{{"id": "f", "kind": "borders", "from": "a", "to": "b", "valid": {written}}}]}}"#
            );
            let g = KnowledgeGraph::from_json_str(&text).unwrap();
            let out = g.to_json_string();
            assert!(
                out.contains(&format!(r#""to":"b",{saved}"#)),
                "{written} in version {version}: {out}"
            );
        }
    }
}

#[test]
fn the_myanmar_documents_of_version_2_each_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/datasets/myanmar");
    let (mut disputes, mut deprecated, mut outlets) = (0, 0, 0);
    for name in ["global-witness", "irrawaddy", "others", "reuters", "rfa"] {
        let g = KnowledgeGraph::load(dir.join(format!("{name}.json")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        disputes += g.facts().filter(|f| f.is_disputed()).count();
        deprecated += g.facts().filter(|f| f.deprecated().is_some()).count();
        outlets += g.sources().filter(|s| s.outlet().is_some()).count();
        let again = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
        assert_eq!(again, g, "{name}");
    }
    assert!(disputes > 0 && deprecated > 0 && outlets > 0);
}

fn world(reversed: bool) -> KnowledgeGraph {
    type Step = Box<dyn Fn(&mut GraphBuilder)>;
    let steps: Vec<Step> = vec![
        Box::new(|b| {
            b.source("news", "Northern Courier")
                .published("2025-09-04")
                .unwrap();
        }),
        Box::new(|b| {
            b.source("agency", "Customs Agency");
        }),
        Box::new(|b| {
            b.country("aland", "Aland").iso2("AL");
        }),
        Box::new(|b| {
            b.region("pella", "Pella")
                .level("town")
                .coords(25.85, 98.4)
                .alias("Pella Town")
                .alias("Pela")
                .prop("population", 5000)
                .prop("district", "east");
        }),
        Box::new(|b| {
            b.armed_group("nla", "Northern Liberation Army")
                .alias("NLA");
        }),
        Box::new(|b| {
            b.person("dana", "Dana Vey").title("analyst");
        }),
        Box::new(|b| {
            b.fact(FactKind::Controls, "nla", "pella")
                .id("f-control")
                .valid_from("2024-10")
                .unwrap()
                .evidence(Evidence::from_source("news").speaker("dana"))
                .evidence(Evidence::from_source("agency").note("figures"));
        }),
        Box::new(|b| {
            b.fact(FactKind::ExportsTo, "nla", "aland")
                .id("f-export")
                .commodity("rare_earths")
                .quantity(Quantity::new(3300.0, "t", Bound::AtLeast).unwrap())
                .confidence(Confidence::Claimed);
        }),
        Box::new(|b| {
            b.fact(FactKind::PartOf, "pella", "aland").id("f-part");
        }),
    ];
    let mut b = GraphBuilder::new();
    if reversed {
        steps.iter().rev().for_each(|s| s(&mut b));
    } else {
        steps.iter().for_each(|s| s(&mut b));
    }
    b.build().unwrap()
}

fn bytes_of(g: &KnowledgeGraph) -> Vec<u8> {
    let mut out = Vec::new();
    g.write_json(&mut out).unwrap();
    out
}

/// Every entry of a folder, by name.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saving_the_same_graph_gives_the_same_bytes() {
    let g = world(false);
    let first = bytes_of(&g);
    assert_eq!(bytes_of(&g), first);
    assert_eq!(g.to_json_string().as_bytes(), first);
    let dir = tempfile::tempdir().unwrap();
    g.save(dir.path().join("a.json")).unwrap();
    g.save(dir.path().join("b.json")).unwrap();
    assert_eq!(fs::read(dir.path().join("a.json")).unwrap(), first);
    assert_eq!(fs::read(dir.path().join("b.json")).unwrap(), first);
}

#[test]
fn a_graph_built_in_another_order_saves_to_the_same_bytes() {
    let (forward, backward) = (world(false), world(true));
    assert_eq!(forward, backward);
    assert_eq!(bytes_of(&forward), bytes_of(&backward));
    // Items are written in id order, one per line.
    let text = forward.to_json_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], r#"{"format":"geokg","version":2,"#);
    assert!(lines[2].starts_with(r#"{"id":"agency""#), "{text}");
    assert!(lines[3].starts_with(r#"{"id":"news""#), "{text}");
}

#[test]
fn a_saved_document_loads_back_equal_and_saves_to_the_same_bytes() {
    let g = world(false);
    let text = g.to_json_string();
    let again = KnowledgeGraph::from_json_str(&text).unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), text);
    // A hand-written document, once saved, is in the canonical form.
    let hand = r#"{"version": 1, "format": "geokg",
        "facts": [{"to": "b", "from": "a", "kind": "borders", "valid": {"to": "2024"}}],
        "nodes": [{"name": "B", "kind": "region", "id": "b"},
                  {"name": "A", "kind": "region", "id": "a", "props": {"z": 1, "a": [true, null]}}]}"#;
    let g = KnowledgeGraph::from_json_str(hand).unwrap();
    let saved = g.to_json_string();
    assert_eq!(
        saved,
        "{\"format\":\"geokg\",\"version\":2,\n\
         \"sources\":[\n],\n\
         \"nodes\":[\n\
         {\"id\":\"a\",\"kind\":\"region\",\"name\":\"A\",\"props\":{\"a\":[true,null],\"z\":1}},\n\
         {\"id\":\"b\",\"kind\":\"region\",\"name\":\"B\"}\n],\n\
         \"facts\":[\n\
         {\"id\":\"_f0\",\"kind\":\"borders\",\"from\":\"a\",\"to\":\"b\",\"valid\":{\"to\":\"2024\"},\"confidence\":\"reported\"}\n\
         ]}\n"
    );
    assert_eq!(KnowledgeGraph::from_json_str(&saved).unwrap(), g);
}

#[test]
fn saving_over_a_file_replaces_it_and_leaves_nothing_else_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.json");
    fs::write(&path, "old content").unwrap();
    let g = world(false);
    g.save(&path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), bytes_of(&g));
    assert_eq!(entries(dir.path()), ["world.json"]);
    assert_eq!(KnowledgeGraph::load(&path).unwrap(), g);
}

#[test]
fn a_failed_save_leaves_what_was_there_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder holding a file: the rename over it fails.
    let target = dir.path().join("world.json");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "kept").unwrap();
    let e = world(false).save(&target).unwrap_err();
    let SaveError::Io { path, .. } = &e else {
        panic!("expected an io error, got {e}")
    };
    assert_eq!(path.as_deref(), Some(target.as_path()));
    assert!(
        e.to_string()
            .starts_with(&format!("cannot write {}: ", target.display()))
    );
    assert_eq!(entries(dir.path()), ["world.json"]);
    assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "kept");
}

#[test]
fn a_save_into_a_missing_folder_fails_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("world.json");
    let e = world(false).save(&target).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot write {}: ", target.display()))
    );
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

// A superuser writes anywhere, so the permission proves nothing for root,
// and builds often run as root: the test is ignored by default and
// `.ci/run` runs it as an unprivileged user. (Every step of a save failing
// is also checked, for any user, by the unit tests of `src/io/atomic.rs`.)
#[cfg(unix)]
#[test]
#[ignore = "needs a user who cannot write into a read-only folder (not root): .ci/run runs it as one"]
fn a_save_into_a_read_only_folder_fails_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.json");
    fs::write(&path, "old content").unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.path().join("probe");
    if fs::write(&probe, "").is_ok() {
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        panic!(
            "this user can write into a read-only folder (root?), so the test would prove nothing; run it as an ordinary user"
        );
    }
    let result = world(false).save(&path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), "old content");
    assert_eq!(entries(dir.path()), ["world.json"]);
}

#[test]
fn a_reader_never_sees_a_half_written_file() {
    // Two graphs saved in turn over one path while another thread loads it:
    // every load finds one whole document or the other.
    let small = world(false);
    let mut b = small.to_builder();
    for i in 0..2_000 {
        b.region(format!("extra-{i:04}"), format!("Extra {i}"))
            .description("x".repeat(100));
    }
    let large = b.build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.json");
    small.save(&path).unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut loads = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) || loads == 0 {
                let g = KnowledgeGraph::load(&path).unwrap();
                assert!(g == small || g == large, "a load saw neither graph");
                loads += 1;
            }
            loads
        });
        for i in 0..40 {
            let g = if i % 2 == 0 { &large } else { &small };
            g.save(&path).unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
    });
    assert_eq!(entries(dir.path()), ["world.json"]);
}

// ---------------------------------------------------------------- loading

#[test]
fn a_document_loads_alike_from_a_string_bytes_a_reader_and_a_path() {
    let g = world(false);
    let text = g.to_json_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.json");
    fs::write(&path, &text).unwrap();
    assert_eq!(KnowledgeGraph::from_json_str(&text).unwrap(), g);
    assert_eq!(KnowledgeGraph::from_json_slice(text.as_bytes()).unwrap(), g);
    assert_eq!(KnowledgeGraph::from_reader(text.as_bytes()).unwrap(), g);
    assert_eq!(
        KnowledgeGraph::from_reader(fs::File::open(&path).unwrap()).unwrap(),
        g
    );
    assert_eq!(KnowledgeGraph::load(&path).unwrap(), g);
}

#[test]
fn a_bad_document_is_reported_alike_from_a_string_a_reader_and_a_path() {
    let text = r#"{"format": "geokg", "version": 1, "nodes": [{"id": "A", "kind": "region", "name": "A"}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    fs::write(&path, text).unwrap();
    let from_str = KnowledgeGraph::from_json_str(text).unwrap_err();
    let expected = from_str.report().unwrap();
    assert_eq!(expected.errors[0].at.to_string(), "nodes[0].id");
    for e in [
        KnowledgeGraph::from_reader(text.as_bytes()).unwrap_err(),
        KnowledgeGraph::load(&path).unwrap_err(),
        KnowledgeGraph::from_json_slice(text.as_bytes()).unwrap_err(),
    ] {
        assert_eq!(e.report(), Some(expected));
    }
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.json");
    let e = KnowledgeGraph::load(&path).unwrap_err();
    let LoadError::Io { path: at, source } = &e else {
        panic!("expected an io error, got {e}")
    };
    assert_eq!(at.as_deref(), Some(path.as_path()));
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(e.report().is_none());
    assert!(
        e.to_string()
            .starts_with(&format!("cannot read {}: ", path.display()))
    );
}

#[test]
fn a_reader_that_fails_is_an_io_error() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the line dropped"))
        }
    }
    let e = KnowledgeGraph::from_reader(Broken).unwrap_err();
    assert!(matches!(&e, LoadError::Io { path: None, .. }));
    assert_eq!(e.to_string(), "cannot read the input: the line dropped");
}
