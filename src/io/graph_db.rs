//! Import files for graph databases: Kùzu's `COPY FROM` and Neo4j's
//! `neo4j-admin database import`.
//!
//! Both get one node table per node kind (`Country`, `ArmedGroup`,
//! `Region`, `Route`, `Person`, `Organization`) plus `Source`, and one
//! relationship table per fact kind, named in upper snake case
//! (`CONTROLS`, `PART_OF`, `PASSES_THROUGH`…). The columns are the graph's
//! property tables ([`crate::graph::schema`]), the same properties a
//! Cypher query reads ([`crate::query::cypher`]), so a query gives the same
//! rows here as in geokg. A relationship carries the fact's `id`, its
//! period (`valid_from`/`valid_to` as written, such as `2024-10`;
//! `valid_start`/`valid_end`, the first and last day, as `YYYY-MM-DD`
//! texts in Kùzu, which compare as days do, and as dates in Neo4j),
//! `confidence` and `confidence_rank` (0 speculative … 3 confirmed, so
//! `WHERE r.confidence_rank >= 2` keeps reported and confirmed facts),
//! `sources` (a list of source ids, empty when it has no evidence),
//! `evidence` (a JSON array of `{source, speaker?, note?}`), `props`
//! (JSON) and the fields of its kind (`mode`, `commodity`,
//! `quantity_value`, `quantity_unit`, `quantity_bound`, `action`, `role`,
//! `topic`, and `position` for a waypoint's `order`, since `order` is a
//! Cypher keyword). Nodes carry `id`, `name`, `aliases` (a list of texts
//! in Kùzu, empty when it has none; a JSON array in Neo4j, whose list
//! delimiter could be inside a name), `description`, `props` and the
//! fields of their kind (`lat` and `lon` as doubles for a region).
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
use crate::graph::schema::{PropertyType, SOURCE_LABEL};
use crate::graph::{FactRef, NodeRef};
use crate::io::View;
use crate::io::atomic::{SaveSteps, save_atomically};
use crate::io::flat::{self, Col, Val};
use crate::model::{FactKind, NodeKind};

/// The table of a node kind (`ArmedGroup`): its label.
fn node_table(kind: NodeKind) -> &'static str {
    kind.label()
}

/// The relationship table of a fact kind (`PASSES_THROUGH`): its label.
fn rel_table(kind: FactKind) -> &'static str {
    kind.label()
}

fn node_cols(kind: NodeKind) -> Vec<Col> {
    flat::node_cols(kind)
}

fn fact_cols(kind: FactKind) -> Vec<Col> {
    flat::fact_cols(kind)
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
fn field(out: &mut String, col: &Col, v: Option<&Val<'_>>, db: Db) {
    let Some(v) = v else { return };
    match (v, db) {
        // A day holds nothing to quote.
        (Val::Text(day), _) if col.ty == PropertyType::Day => out.push_str(day),
        (Val::Integer(_) | Val::Float(_) | Val::Boolean(_), _) => out.push_str(&v.text()),
        // Ids have no commas, semicolons, quotes, brackets or spaces.
        (Val::IdList(items), Db::Kuzu) => quoted(out, &format!("[{}]", items.join(","))),
        (Val::TextList(items), Db::Kuzu) => {
            let encoded: Vec<String> = items.iter().map(|t| kuzu_list_item(t)).collect();
            quoted(out, &format!("[{}]", encoded.join(",")));
        }
        // Neo4j and GraphML have no empty lists: an empty one is a null.
        (Val::IdList(items), Db::Neo4j) if items.is_empty() => {}
        (Val::TextList([]), Db::Neo4j) => {}
        (Val::IdList(items), Db::Neo4j) => quoted(out, &items.join(";")),
        (Val::Text(_) | Val::TextList(_), _) => quoted(out, &v.text()),
    }
}

/// Characters Kùzu's list reader splits on, unquotes or trims: written
/// `%XX` inside a list of texts, and turned back by the statements
/// [`kuzu_decoded_list`] writes. `%` comes first, so that it is decoded
/// last.
const KUZU_LIST_ESCAPES: &[(char, &str)] = &[
    ('%', "%25"),
    (',', "%2C"),
    ('[', "%5B"),
    (']', "%5D"),
    ('{', "%7B"),
    ('}', "%7D"),
    ('"', "%22"),
    ('\'', "%27"),
    ('\\', "%5C"),
    (' ', "%20"),
    ('\t', "%09"),
    ('\n', "%0A"),
    ('\r', "%0D"),
];

/// A text as an item of a Kùzu list in a CSV file.
fn kuzu_list_item(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match KUZU_LIST_ESCAPES.iter().find(|(e, _)| *e == c) {
            Some((_, code)) => out.push_str(code),
            None => out.push(c),
        }
    }
    out
}

/// A Cypher string literal of `replacement` as RE2 reads a rewrite
/// string, where a backslash is doubled.
fn kuzu_rewrite_literal(c: char) -> &'static str {
    match c {
        '\\' => "'\\\\\\\\'",
        '\'' => "'\\''",
        '\t' => "'\\t'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '%' => "'%'",
        ',' => "','",
        '[' => "'['",
        ']' => "']'",
        '{' => "'{'",
        '}' => "'}'",
        '"' => "'\"'",
        _ => "' '",
    }
}

/// The expression that turns the `%XX` codes of a list of texts back into
/// their characters.
fn kuzu_decoded_list(col: &str) -> String {
    let mut expr = "x".to_owned();
    for (c, code) in KUZU_LIST_ESCAPES.iter().rev() {
        expr = format!(
            "regexp_replace({expr}, '{code}', {}, 'g')",
            kuzu_rewrite_literal(*c)
        );
    }
    format!("list_transform({col}, x -> {expr})")
}

/// The statement that copies a node file into its table. A table with a
/// list of texts is copied from a `LOAD FROM` that decodes it on the way
/// in (an `UPDATE` after the copy would do the same, but Kùzu 0.11
/// garbles long texts set inside lists that way).
fn kuzu_copy_nodes(table: &str, file: &str, cols: &[Col]) -> String {
    if cols.iter().all(|c| c.ty != PropertyType::TextList) {
        return format!("COPY {table} FROM '{file}' ({KUZU_CSV_OPTIONS});");
    }
    let header: Vec<String> = cols
        .iter()
        .map(|c| format!("{} {}", c.name, kuzu_type(c)))
        .collect();
    let values: Vec<String> = cols
        .iter()
        .map(|c| match c.ty {
            PropertyType::TextList => kuzu_decoded_list(c.name),
            _ => c.name.to_owned(),
        })
        .collect();
    format!(
        "COPY {table} FROM (LOAD WITH HEADERS ({}) FROM '{file}' ({KUZU_CSV_OPTIONS}) RETURN {});",
        header.join(", "),
        values.join(", ")
    )
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

fn node_csv(nodes: &[NodeRef<'_>], cols: &[Col], db: Db) -> String {
    let mut s = String::new();
    let header: Vec<String> = cols
        .iter()
        .map(|c| match db {
            Db::Kuzu => c.name.to_owned(),
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
            field(&mut s, c, flat::get(&row, c.name), db);
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
            Db::Kuzu => s.push_str(c.name),
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
            field(&mut s, c, flat::get(&row, c.name), db);
        }
        s.push('\n');
    }
    s
}

fn source_csv(view: &View<'_>, db: Db) -> String {
    let cols = flat::source_cols();
    let mut s = String::new();
    let header: Vec<String> = cols
        .iter()
        .map(|c| match (db, c.name) {
            (Db::Neo4j, "id") => "id:ID(Source)".to_owned(),
            (Db::Kuzu, _) => c.name.to_owned(),
            (Db::Neo4j, _) => neo4j_header(c),
        })
        .collect();
    s.push_str(&header.join(","));
    s.push('\n');
    for src in view.graph().sources() {
        let row = flat::source_values(src);
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            field(&mut s, c, flat::get(&row, c.name), db);
        }
        s.push('\n');
    }
    s
}

/// Days are texts in Kùzu as in Cypher queries (`YYYY-MM-DD` compares as
/// days do), so that a query gives the same rows on both.
fn kuzu_type(c: &Col) -> &'static str {
    match c.ty {
        PropertyType::Float => "DOUBLE",
        PropertyType::Integer => "INT64",
        PropertyType::Boolean => "BOOLEAN",
        PropertyType::TextList | PropertyType::IdList => "STRING[]",
        _ => "STRING",
    }
}

/// A list of free texts is a JSON array in Neo4j, whose list delimiter
/// could be inside an item.
fn neo4j_header(c: &Col) -> String {
    let ty = match c.ty {
        PropertyType::Float => "double",
        PropertyType::Integer => "long",
        PropertyType::Boolean => "boolean",
        PropertyType::Day => "date",
        PropertyType::IdList => "string[]",
        _ => return c.name.to_owned(),
    };
    format!("{}:{ty}", c.name)
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
                    format!("{} {}", c.name, kuzu_type(c))
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
    let cols: Vec<String> = flat::source_cols()
        .iter()
        .map(|c| {
            if c.name == "id" {
                "id STRING PRIMARY KEY".to_owned()
            } else {
                format!("{} {}", c.name, kuzu_type(c))
            }
        })
        .collect();
    let _ = writeln!(s, "CREATE NODE TABLE {SOURCE_LABEL}({});", cols.join(", "));
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
                .map(|c| format!("{} {}", c.name, kuzu_type(c))),
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
            "{}",
            kuzu_copy_nodes(node_table(kind), &name, &node_cols(kind))
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
