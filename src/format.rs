#![doc = include_str!("../docs/format.md")]

#[cfg(test)]
mod tests {
    //! The tables of `docs/format.md` against the code they describe: the
    //! kind table against [`FactKind::rule`], the node kinds against
    //! [`NodeKind::fields`]. A table that drifts from the code fails here.

    use std::collections::BTreeSet;

    use crate::model::{FactField, FactKind, NodeKind};

    const PAGE: &str = include_str!("../docs/format.md");

    /// The rows of the table whose header row is exactly `header`, each as
    /// its cells, trimmed.
    fn table(header: &str) -> Vec<Vec<&'static str>> {
        let mut lines = PAGE.lines().skip_while(|l| l.trim() != header);
        assert!(lines.next().is_some(), "no table headed {header}");
        let separator = lines.next().unwrap_or_default();
        assert!(separator.starts_with("|---"), "{header} is not a table");
        lines
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                l.trim()
                    .trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect()
            })
            .collect()
    }

    /// The names in a cell: `` `a`, `b` `` → {a, b}; `—` → {}.
    fn names(cell: &str) -> BTreeSet<&str> {
        if cell == "—" {
            return BTreeSet::new();
        }
        cell.split(',')
            .map(|name| {
                let name = name.trim();
                name.strip_prefix('`')
                    .and_then(|n| n.strip_suffix('`'))
                    .unwrap_or_else(|| panic!("{name:?} in {cell:?} is not a `name`"))
            })
            .collect()
    }

    fn node_kinds(cell: &str) -> BTreeSet<&'static str> {
        if cell == "any node" {
            return NodeKind::ALL.iter().map(|k| k.as_str()).collect();
        }
        let listed = names(cell);
        for name in &listed {
            assert!(name.parse::<NodeKind>().is_ok(), "{name} is no node kind");
        }
        NodeKind::ALL
            .iter()
            .map(|k| k.as_str())
            .filter(|k| listed.contains(k))
            .collect()
    }

    fn fact_fields(fields: &[FactField]) -> BTreeSet<&'static str> {
        fields.iter().map(|f| f.as_str()).collect()
    }

    fn yes_no(cell: &str) -> bool {
        match cell {
            "yes" => true,
            "no" => false,
            other => panic!("{other:?} is neither yes nor no"),
        }
    }

    #[test]
    fn the_kind_table_on_the_format_page_is_the_kind_table_of_the_code() {
        let rows = table("| kind | from | to | required | optional | symmetric | acyclic |");
        let mut seen = Vec::new();
        for row in &rows {
            let [kind, from, to, required, optional, symmetric, acyclic] = row[..] else {
                panic!("a row of the kind table has {} cells: {row:?}", row.len());
            };
            let kind: FactKind = names(kind)
                .pop_first()
                .and_then(|k| k.parse().ok())
                .unwrap_or_else(|| panic!("{kind} is no fact kind"));
            let rule = kind.rule();
            let code = |kinds: &[NodeKind]| kinds.iter().map(|k| k.as_str()).collect();
            assert_eq!(node_kinds(from), code(rule.from), "{kind}: from");
            assert_eq!(node_kinds(to), code(rule.to), "{kind}: to");
            assert_eq!(
                names(required),
                fact_fields(rule.required),
                "{kind}: required"
            );
            assert_eq!(
                names(optional),
                fact_fields(rule.optional),
                "{kind}: optional"
            );
            assert_eq!(yes_no(symmetric), rule.symmetric, "{kind}: symmetric");
            assert_eq!(yes_no(acyclic), rule.acyclic, "{kind}: acyclic");
            seen.push(kind);
        }
        assert_eq!(seen, FactKind::ALL, "one row per fact kind, in this order");
    }

    #[test]
    fn the_node_kinds_on_the_format_page_have_the_fields_of_the_code() {
        let rows = table("| `kind` | Rust | what it is | fields of its own |");
        let mut seen = Vec::new();
        for row in &rows {
            let [kind, _, _, fields] = row[..] else {
                panic!("a row of the node kinds has {} cells: {row:?}", row.len());
            };
            let kind: NodeKind = names(kind)
                .pop_first()
                .and_then(|k| k.parse().ok())
                .unwrap_or_else(|| panic!("{kind} is no node kind"));
            let code: BTreeSet<&str> = kind.fields().iter().map(|f| f.as_str()).collect();
            assert_eq!(names(fields), code, "{kind}: fields of its own");
            seen.push(kind);
        }
        assert_eq!(seen, NodeKind::ALL, "one row per node kind, in this order");
    }
}
