//! Import files for graph databases: Kùzu's `COPY FROM` and Neo4j's
//! `neo4j-admin database import`.
//!
//! Both get one node table per node kind (`Country`, `ArmedGroup`,
//! `Region`, `Route`, `Person`, `Organization`) plus `Source`, and one
//! relationship table per fact kind, named in upper snake case
//! (`CONTROLS`, `PART_OF`, `PASSES_THROUGH`…). A relationship carries the
//! fact's `id`, its period (`valid_from`/`valid_to` as written, such as
//! `2024-10`; `valid_start`/`valid_end` as dates, the first and last day),
//! `confidence` and `confidence_rank` (0 speculative … 3 confirmed, so
//! `WHERE r.confidence_rank >= 2` keeps reported and confirmed facts),
//! `sources` (a list of source ids), `evidence` (a JSON array of
//! `{source, speaker?, note?}`), `props` (JSON) and the fields of its kind
//! (`mode`, `commodity`, `quantity_value`, `quantity_unit`,
//! `quantity_bound`, `action`, `role`, `topic`, and `position` for a
//! waypoint's `order`, since `order` is a Cypher keyword). Nodes carry
//! `id`, `name`, `aliases` (a JSON array), `description`, `props` and
//! the fields of their kind (`lat` and `lon` as doubles for a region).
//! Absent values are nulls.
//!
//! Symmetric facts (`BORDERS`, `COOPERATES_WITH`) are stored once, in the
//! direction the document gives; match them without a direction:
//! `(a)-[:BORDERS]-(b)`.
//!
//! [`write_kuzu`] writes, into a directory, a CSV file per node table and
//! per pair of node tables a relationship joins, and `import.cypher`,
//! which creates the tables (from the kind table, so every pair the
//! vocabulary allows exists) and copies the files in. Run it from inside
//! the directory, since it names the files by relative path:
//!
//! ```text
//! cd graph-kuzu && kuzu ../graph.kuzu < import.cypher
//! ```
//!
//! or, with Kùzu's Python package,
//! `kuzu.Connection(kuzu.Database("../graph.kuzu")).execute(open("import.cypher").read())`.
//!
//! [`write_neo4j`] writes a CSV file per node kind and per fact kind, with
//! Neo4j's typed headers (`id:ID(Node)`, `:START_ID(Node)`,
//! `lat:double`, `valid_start:date`, `sources:string[]`), and `import.sh`
//! with the `neo4j-admin database import full` command that loads them
//! (the database must be stopped; the script finds its files wherever it
//! is run from):
//!
//! ```text
//! sh graph-neo4j/import.sh neo4j
//! ```
//!
//! The same view always gives the same files, byte for byte.
//!
//! ```
//! use geokg::io::{View, graph_db};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.armed_group("north-front", "North Front");
//! b.region("hill-town", "Hill Town").coords(12.5, 45.25);
//! b.fact(FactKind::Controls, "north-front", "hill-town").id("f1").valid_from("2021-03")?;
//! let g = b.build()?;
//!
//! let dir = tempfile::tempdir()?;
//! graph_db::write_kuzu(&View::whole(&g), dir.path())?;
//! let script = std::fs::read_to_string(dir.path().join("import.cypher"))?;
//! assert!(script.contains("COPY CONTROLS FROM 'controls.armed_group.region.csv'"));
//! let rows = std::fs::read_to_string(dir.path().join("controls.armed_group.region.csv"))?;
//! assert!(rows.contains("\"north-front\",\"hill-town\",\"f1\","));
//! assert!(rows.contains(",2021-03-01,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::error::SaveError;
use crate::graph::{FactRef, NodeRef};
use crate::io::View;
use crate::io::atomic::{SaveSteps, save_atomically};
use crate::io::flat::{self, Col, Ty, Val};
use crate::model::{FactKind, NodeKind, Source};

/// The table of a node kind (`ArmedGroup`).
fn node_table(kind: NodeKind) -> &'static str {
    crate::io::ntriples::node_class(kind)
}

/// The relationship table of a fact kind (`PASSES_THROUGH`).
fn rel_table(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Controls => "CONTROLS",
        FactKind::Borders => "BORDERS",
        FactKind::ExportsTo => "EXPORTS_TO",
        FactKind::Proposes => "PROPOSES",
        FactKind::PartOf => "PART_OF",
        FactKind::PassesThrough => "PASSES_THROUGH",
        FactKind::MemberOf => "MEMBER_OF",
        FactKind::CooperatesWith => "COOPERATES_WITH",
        FactKind::InterestedIn => "INTERESTED_IN",
    }
}

/// A column as the databases name it: `order` is a Cypher keyword.
fn db_name(col: &Col) -> &'static str {
    if col.name == "order" {
        "position"
    } else {
        col.name
    }
}

/// The columns of one kind's table: its table already says its kind.
fn table_cols(common: &[Col], specific: &[Col]) -> Vec<Col> {
    common
        .iter()
        .chain(specific)
        .filter(|c| c.name != "kind")
        .copied()
        .collect()
}

fn node_cols(kind: NodeKind) -> Vec<Col> {
    table_cols(flat::NODE_COMMON, &flat::node_specific(kind))
}

fn fact_cols(kind: FactKind) -> Vec<Col> {
    table_cols(flat::FACT_COMMON, &flat::fact_specific(kind))
}

const SOURCE_COLS: &[(&str, &str)] = &[
    ("id", "STRING"),
    ("publisher", "STRING"),
    ("title", "STRING"),
    ("published", "STRING"),
    ("url", "STRING"),
    ("reliability", "STRING"),
    ("outlet", "STRING"),
];

fn source_row(s: &Source) -> Vec<Option<String>> {
    vec![
        Some(s.id().to_string()),
        Some(s.publisher().to_owned()),
        s.title().map(str::to_owned),
        s.published().map(|d| d.to_string()),
        s.url().map(str::to_owned),
        s.reliability().map(|r| r.as_str().to_owned()),
        s.outlet().map(|o| o.to_string()),
    ]
}

/// A file name part: `armed_group`.
fn file_part(kind: NodeKind) -> &'static str {
    kind.as_str()
}

/// Which database a CSV is for: they differ in list syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Db {
    Kuzu,
    Neo4j,
}

/// One CSV field. Strings are always quoted, so that an empty field is a
/// null and an empty string is `""`; quotes inside are doubled.
fn field(out: &mut String, v: Option<&Val<'_>>, db: Db) {
    let Some(v) = v else { return };
    match v {
        Val::Double(_) | Val::Int(_) | Val::Date(_) => out.push_str(&v.text()),
        Val::IdList(items) => {
            // Ids have no commas, semicolons, quotes or brackets.
            let list = match db {
                Db::Kuzu => format!("[{}]", items.join(",")),
                Db::Neo4j => items.join(";"),
            };
            quoted(out, &list);
        }
        Val::Str(s) => quoted(out, s),
    }
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

fn text_field(out: &mut String, v: Option<&str>) {
    if let Some(s) = v {
        quoted(out, s);
    }
}

fn node_csv(nodes: &[NodeRef<'_>], cols: &[Col], db: Db) -> String {
    let mut s = String::new();
    let header: Vec<String> = cols
        .iter()
        .map(|c| match db {
            Db::Kuzu => db_name(c).to_owned(),
            Db::Neo4j if c.name == "id" => "id:ID(Node)".to_owned(),
            Db::Neo4j => neo4j_header(c),
        })
        .collect();
    s.push_str(&header.join(","));
    s.push('\n');
    for n in nodes {
        let row = flat::node_values(n.node());
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            field(&mut s, flat::get(&row, c.name), db);
        }
        s.push('\n');
    }
    s
}

fn fact_csv(facts: &[FactRef<'_>], cols: &[Col], db: Db) -> String {
    let mut s = String::new();
    let ends = match db {
        Db::Kuzu => "from,to",
        Db::Neo4j => ":START_ID(Node),:END_ID(Node)",
    };
    s.push_str(ends);
    for c in cols {
        s.push(',');
        match db {
            Db::Kuzu => s.push_str(db_name(c)),
            Db::Neo4j => s.push_str(&neo4j_header(c)),
        }
    }
    s.push('\n');
    for f in facts {
        let row = flat::fact_values(*f);
        quoted(&mut s, f.from().id().as_str());
        s.push(',');
        quoted(&mut s, f.to().id().as_str());
        for c in cols {
            s.push(',');
            field(&mut s, flat::get(&row, c.name), db);
        }
        s.push('\n');
    }
    s
}

fn source_csv(view: &View<'_>, db: Db) -> String {
    let mut s = String::new();
    let header: Vec<String> = SOURCE_COLS
        .iter()
        .map(|(name, _)| match (db, *name) {
            (Db::Neo4j, "id") => "id:ID(Source)".to_owned(),
            _ => (*name).to_owned(),
        })
        .collect();
    s.push_str(&header.join(","));
    s.push('\n');
    for src in view.graph().sources() {
        for (i, v) in source_row(src).iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            text_field(&mut s, v.as_deref());
        }
        s.push('\n');
    }
    s
}

fn kuzu_type(c: &Col) -> &'static str {
    match c.ty {
        Ty::Str | Ty::Json => "STRING",
        Ty::Double => "DOUBLE",
        Ty::Int => "INT64",
        Ty::Date => "DATE",
        Ty::IdList => "STRING[]",
    }
}

fn neo4j_header(c: &Col) -> String {
    let ty = match c.ty {
        Ty::Str | Ty::Json => return db_name(c).to_owned(),
        Ty::Double => "double",
        Ty::Int => "long",
        Ty::Date => "date",
        Ty::IdList => "string[]",
    };
    format!("{}:{ty}", db_name(c))
}

/// The Kùzu statements that create every table of the vocabulary.
fn kuzu_schema() -> String {
    let mut s = String::new();
    for kind in NodeKind::ALL {
        let cols: Vec<String> = node_cols(kind)
            .iter()
            .map(|c| {
                if c.name == "id" {
                    "id STRING PRIMARY KEY".to_owned()
                } else {
                    format!("{} {}", db_name(c), kuzu_type(c))
                }
            })
            .collect();
        let _ = writeln!(
            s,
            "CREATE NODE TABLE {}({});",
            node_table(kind),
            cols.join(", ")
        );
    }
    let cols: Vec<String> = SOURCE_COLS
        .iter()
        .map(|(n, t)| {
            if *n == "id" {
                "id STRING PRIMARY KEY".to_owned()
            } else {
                format!("{n} {t}")
            }
        })
        .collect();
    let _ = writeln!(s, "CREATE NODE TABLE Source({});", cols.join(", "));
    for kind in FactKind::ALL {
        let rule = kind.rule();
        let mut parts: Vec<String> = Vec::new();
        for &a in rule.from {
            for &b in rule.to {
                parts.push(format!("FROM {} TO {}", node_table(a), node_table(b)));
            }
        }
        parts.extend(
            fact_cols(kind)
                .iter()
                .map(|c| format!("{} {}", db_name(c), kuzu_type(c))),
        );
        parts.push("MANY_MANY".to_owned());
        let _ = writeln!(
            s,
            "CREATE REL TABLE {}({});",
            rel_table(kind),
            parts.join(", ")
        );
    }
    s
}

/// `items` grouped by `key`, each group in the order given: the view's id
/// order, which the files keep.
fn group_by<T, K: Ord>(
    items: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> BTreeMap<K, Vec<T>> {
    let mut groups: BTreeMap<K, Vec<T>> = BTreeMap::new();
    for item in items {
        groups.entry(key(&item)).or_default().push(item);
    }
    groups
}

struct Bytes<'a>(&'a [u8]);

impl SaveSteps for Bytes<'_> {
    fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.0)
    }
}

fn save(dir: &Path, name: &str, text: &str) -> Result<(), SaveError> {
    save_atomically(&dir.join(name), &mut Bytes(text.as_bytes()))
}

fn make_dir(dir: &Path) -> Result<(), SaveError> {
    fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: Some(dir.to_path_buf()),
        source,
    })
}

const KUZU_CSV_OPTIONS: &str = "HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false";

/// Writes the view as Kùzu import files into `dir` (created if missing):
/// the CSV files and `import.cypher`, which creates the schema and copies
/// them in.
///
/// # Errors
/// [`SaveError::Io`] when the directory or a file cannot be written.
pub fn write_kuzu(view: &View<'_>, dir: &Path) -> Result<(), SaveError> {
    make_dir(dir)?;
    let nodes_by_kind = group_by(view.nodes(), |n| n.kind());
    let facts_by_ends = group_by(view.facts(), |f| (f.kind(), f.from().kind(), f.to().kind()));
    let mut script = String::from(
        "// Kùzu import written by geokg. Run it from this directory, in the Kùzu\n\
         // shell (kuzu ../graph.kuzu < import.cypher) or from Python:\n\
         //   python3 -c \"import kuzu; kuzu.Connection(kuzu.Database('../graph.kuzu')).execute(open('import.cypher').read())\"\n\
         // Symmetric facts (BORDERS, COOPERATES_WITH) are stored once: match them\n\
         // without a direction. confidence_rank: 0 speculative .. 3 confirmed.\n",
    );
    script.push_str(&kuzu_schema());
    // Quoted fields may hold line breaks, which Kùzu reads only serially.
    for kind in NodeKind::ALL {
        let nodes = nodes_by_kind.get(&kind).map_or(&[][..], Vec::as_slice);
        let name = format!("{}.csv", file_part(kind));
        save(dir, &name, &node_csv(nodes, &node_cols(kind), Db::Kuzu))?;
        let _ = writeln!(
            script,
            "COPY {} FROM '{name}' ({KUZU_CSV_OPTIONS});",
            node_table(kind)
        );
    }
    save(dir, "source.csv", &source_csv(view, Db::Kuzu))?;
    let _ = writeln!(
        script,
        "COPY Source FROM 'source.csv' ({KUZU_CSV_OPTIONS});"
    );
    for ((kind, a, b), facts) in &facts_by_ends {
        let name = format!("{}.{}.{}.csv", kind.as_str(), file_part(*a), file_part(*b));
        save(dir, &name, &fact_csv(facts, &fact_cols(*kind), Db::Kuzu))?;
        let _ = writeln!(
            script,
            "COPY {} FROM '{name}' (from='{}', to='{}', {KUZU_CSV_OPTIONS});",
            rel_table(*kind),
            node_table(*a),
            node_table(*b)
        );
    }
    save(dir, "import.cypher", &script)
}

/// Writes the view as `neo4j-admin database import` files into `dir`
/// (created if missing): a CSV file per node kind and per fact kind, and
/// `import.sh` with the command that imports them.
///
/// # Errors
/// [`SaveError::Io`] when the directory or a file cannot be written.
pub fn write_neo4j(view: &View<'_>, dir: &Path) -> Result<(), SaveError> {
    make_dir(dir)?;
    let nodes_by_kind = group_by(view.nodes(), |n| n.kind());
    let mut args: Vec<String> = Vec::new();
    for kind in NodeKind::ALL {
        let nodes = nodes_by_kind.get(&kind).map_or(&[][..], Vec::as_slice);
        let name = format!("{}.csv", file_part(kind));
        save(dir, &name, &node_csv(nodes, &node_cols(kind), Db::Neo4j))?;
        args.push(format!("--nodes={}=\"$here/{name}\"", node_table(kind)));
    }
    save(dir, "source.csv", &source_csv(view, Db::Neo4j))?;
    args.push("--nodes=Source=\"$here/source.csv\"".to_owned());
    // One file per fact kind, whatever its ends: Neo4j's node ids are global.
    for (kind, facts) in group_by(view.facts(), |f| f.kind()) {
        let name = format!("{}.csv", kind.as_str());
        save(dir, &name, &fact_csv(&facts, &fact_cols(kind), Db::Neo4j))?;
        args.push(format!(
            "--relationships={}=\"$here/{name}\"",
            rel_table(kind)
        ));
    }
    let mut script = String::from(
        "#!/bin/sh\n\
         # Neo4j import written by geokg. Run it with the database stopped:\n\
         #   sh import.sh [DATABASE]     (default: neo4j)\n\
         # It replaces the database's content. Symmetric facts (BORDERS,\n\
         # COOPERATES_WITH) are stored once: match them without a direction.\n\
         set -e\n\
         here=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n\
         neo4j-admin database import full --overwrite-destination=true \\\n  \
         --multiline-fields=true --legacy-style-quoting=false --array-delimiter=';' \\\n",
    );
    for a in &args {
        let _ = writeln!(script, "  {a} \\");
    }
    script.push_str("  \"${1:-neo4j}\"\n");
    save(dir, "import.sh", &script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kuzu_schema_has_a_table_per_kind_and_every_pair_a_fact_may_join() {
        let ddl = kuzu_schema();
        assert!(ddl.contains("CREATE NODE TABLE Region(id STRING PRIMARY KEY, name STRING,"));
        assert!(
            ddl.contains("CREATE REL TABLE PART_OF(FROM Region TO Region, FROM Region TO Country,")
        );
    }
}
