//! The reader's tests: each clause, operator, literal and error, the
//! limits, and (in `round_trip`) printed trees that parse back equal.

use super::*;

/// Parses or fails the test with the error's message.
fn ok(text: &str) -> Query {
    match parse(text) {
        Ok(query) => query,
        Err(error) => panic!("{text}\n{error}"),
    }
}

/// The error's message, or fails the test.
fn err(text: &str) -> String {
    match parse(text) {
        Ok(query) => panic!("{text} parsed as {query}"),
        Err(error) => error.to_string(),
    }
}

/// The error's line, column and first line of its message.
fn err_at(text: &str) -> (usize, usize, String) {
    let error = parse(text).expect_err(text);
    let at = error.position().expect("a position");
    let first = error.to_string().lines().next().unwrap_or("").to_owned();
    (at.line, at.column, first)
}

/// The expression of `RETURN text`, spans removed.
fn expr(text: &str) -> Expr {
    let query = ok(&format!("RETURN {text}")).without_spans();
    query.return_clause.projection.items[0].expr.clone()
}

/// An expression as a fully parenthesised prefix form, to check grouping.
fn sexp(e: &Expr) -> String {
    let list = |items: &[Expr]| items.iter().map(sexp).collect::<Vec<_>>().join(" ");
    let names = |names: &[Ident]| {
        names
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
        ExprKind::Literal(l) => l.to_string(),
        ExprKind::Parameter(p) => format!("${p}"),
        ExprKind::Variable(v) => v.clone(),
        ExprKind::List(items) => format!("[{}]", list(items)),
        ExprKind::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| format!("{}: {}", e.key.name, sexp(&e.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Property { subject, key } => format!("(. {} {})", sexp(subject), key.name),
        ExprKind::Index { subject, index } => format!("([] {} {})", sexp(subject), sexp(index)),
        ExprKind::HasLabel { subject, labels } => {
            format!("(: {} {})", sexp(subject), names(labels))
        }
        ExprKind::Unary { op, operand } => format!("({op} {})", sexp(operand)),
        ExprKind::Binary { op, left, right } => {
            format!("({} {} {})", op.symbol(), sexp(left), sexp(right))
        }
        ExprKind::IsNull { operand, negated } => format!(
            "({} {})",
            if *negated { "IS NOT NULL" } else { "IS NULL" },
            sexp(operand)
        ),
        ExprKind::Function { name, args } => format!("({}() {})", name.name, list(args)),
        ExprKind::Aggregate {
            function,
            distinct,
            argument,
        } => format!(
            "({}(){} {})",
            function.name(),
            if *distinct { " DISTINCT" } else { "" },
            sexp(argument)
        ),
        ExprKind::CountStar => "count(*)".to_owned(),
        ExprKind::Pattern(p) => format!("<{p}>"),
    }
}

fn e(text: &str) -> String {
    sexp(&expr(text))
}

fn the_match(query: &Query, i: usize) -> &Match {
    match &query.clauses[i] {
        Clause::Match(m) => m,
        other => panic!("clause {i} is {other:?}"),
    }
}

// ----- the queries of the issue -----

/// The issue's example queries, word for word but for the names of real
/// places and groups, which are made up here.
#[test]
fn the_issue_queries_parse_and_print_canonically() {
    let cases = [
        (
            "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(s:Region {name: 'Hill Province'}) RETURN a.name, r.name, c.valid_from",
            "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(s:Region {name: 'Hill Province'})\nRETURN a.name, r.name, c.valid_from",
        ),
        (
            "MATCH (g:ArmedGroup)-[c:CONTROLS]->(t:Region)-[:PART_OF*0..]->(m:Country {name: $country}) WHERE c.valid_from <= '2023' RETURN g.name, collect(DISTINCT t.name) AS towns, c.sources ORDER BY g.name",
            "MATCH (g:ArmedGroup)-[c:CONTROLS]->(t:Region)-[:PART_OF*0..]->(m:Country {name: $country}) WHERE c.valid_from <= '2023'\nRETURN g.name, collect(DISTINCT t.name) AS towns, c.sources ORDER BY g.name",
        ),
        (
            "MATCH (r:Route)-[:PASSES_THROUGH]->(w) WHERE (w)<-[:CONTROLS]-(:ArmedGroup {name: 'River Army'}) RETURN DISTINCT r.id",
            "MATCH (r:Route)-[:PASSES_THROUGH]->(w) WHERE (w)<-[:CONTROLS]-(:ArmedGroup {name: 'River Army'})\nRETURN DISTINCT r.id",
        ),
        (
            "MATCH (x)-[e:EXPORTS_TO {commodity: 'gold'}]->(:Country {iso2: 'NL'}) RETURN x.name, sum(e.quantity_value) AS total",
            "MATCH (x)-[e:EXPORTS_TO {commodity: 'gold'}]->(:Country {iso2: 'NL'})\nRETURN x.name, sum(e.quantity_value) AS total",
        ),
        (
            "MATCH (a)-[:BORDERS]-(b) WITH a, count(*) AS n WHERE n > 3 RETURN a.name, n ORDER BY n DESC, a.name SKIP 1 LIMIT 10",
            "MATCH (a)-[:BORDERS]-(b)\nWITH a, count(*) AS n WHERE n > 3\nRETURN a.name, n ORDER BY n DESC, a.name SKIP 1 LIMIT 10",
        ),
        (
            "UNWIND [1, 2, 3] AS x RETURN x * 2",
            "UNWIND [1, 2, 3] AS x\nRETURN x * 2",
        ),
        (
            "OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(o) RETURN p.name, m.role, o.name",
            "OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(o)\nRETURN p.name, m.role, o.name",
        ),
    ];
    for (text, canonical) in cases {
        let query = ok(text);
        assert_eq!(query.to_string(), canonical);
        assert_eq!(ok(canonical).without_spans(), query.without_spans());
    }
}

#[test]
fn the_done_when_query_has_the_expected_tree() {
    let query = ok(
        "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(s:Region {name: 'Hill Province'}) RETURN a.name, r.name, c.valid_from",
    );
    let m = the_match(&query, 0);
    assert!(!m.optional);
    assert_eq!(m.patterns.len(), 1);
    let p = &m.patterns[0];
    assert_eq!(p.start.variable.as_ref().unwrap().name, "a");
    assert_eq!(p.start.labels[0].name, "ArmedGroup");
    let first = &p.steps[0].relationship;
    assert_eq!(first.variable.as_ref().unwrap().name, "c");
    assert_eq!(first.types[0].name, "CONTROLS");
    assert_eq!(first.direction, Direction::Outgoing);
    assert_eq!(first.length, None);
    let second = &p.steps[1].relationship;
    assert_eq!(second.variable, None);
    assert_eq!(second.types[0].name, "PART_OF");
    let length = second.length.unwrap();
    assert_eq!((length.min, length.max), (None, None));
    let s = &p.steps[1].node;
    assert_eq!(s.properties[0].key.name, "name");
    assert_eq!(
        s.properties[0].value.kind,
        ExprKind::Literal(Literal::String("Hill Province".into()))
    );
    let items = &query.return_clause.projection.items;
    assert_eq!(items.len(), 3);
    assert_eq!(sexp(&items[2].expr), "(. c valid_from)");
    assert_eq!(items[2].alias, None);
}

// ----- spans -----

#[test]
fn spans_cover_the_text_of_each_part() {
    let text = "MATCH (a:Region)-[c:CONTROLS]->(b)\nWHERE a.name STARTS WITH 'Fo'\nRETURN b.name AS town, count(*)";
    let query = ok(text);
    let m = the_match(&query, 0);
    assert_eq!(
        m.span.text(text),
        "MATCH (a:Region)-[c:CONTROLS]->(b)\nWHERE a.name STARTS WITH 'Fo'"
    );
    assert_eq!(
        m.patterns[0].span.text(text),
        "(a:Region)-[c:CONTROLS]->(b)"
    );
    assert_eq!(m.patterns[0].start.span.text(text), "(a:Region)");
    assert_eq!(m.patterns[0].start.labels[0].span.text(text), "Region");
    assert_eq!(
        m.patterns[0].steps[0].relationship.span.text(text),
        "-[c:CONTROLS]->"
    );
    let predicate = m.where_clause.as_ref().unwrap();
    assert_eq!(predicate.span.text(text), "a.name STARTS WITH 'Fo'");
    assert_eq!(predicate.span.position(text).line, 2);
    let items = &query.return_clause.projection.items;
    assert_eq!(items[0].span.text(text), "b.name AS town");
    assert_eq!(items[0].expr.span.text(text), "b.name");
    assert_eq!(items[0].alias.as_ref().unwrap().span.text(text), "town");
    assert_eq!(items[1].expr.span.text(text), "count(*)");
    assert_eq!(
        query.return_clause.span.text(text),
        "RETURN b.name AS town, count(*)"
    );
    assert_eq!(query.span.text(text), text);
}

#[test]
fn a_parenthesised_expression_spans_its_parentheses() {
    let text = "RETURN (1 + 2) * 3";
    let query = ok(text);
    let product = &query.return_clause.projection.items[0].expr;
    assert_eq!(product.span.text(text), "(1 + 2) * 3");
    let ExprKind::Binary { left, .. } = &product.kind else {
        panic!()
    };
    assert_eq!(left.span.text(text), "(1 + 2)");
}

#[test]
fn without_spans_makes_layouts_equal() {
    let a = ok("MATCH (n:Region) WHERE n.name = 'x' RETURN n.name");
    let b = ok("match\n  (n :Region)\n  where n . name = \"x\"\nreturn n.name;");
    assert_ne!(a, b);
    assert_eq!(a.without_spans(), b.without_spans());
}

// ----- clauses -----

#[test]
fn match_reads_comma_separated_patterns_and_where() {
    let query = ok("MATCH (a:Country), (b:Country {iso2: 'NL'})--(c) WHERE a <> b RETURN a");
    let m = the_match(&query, 0);
    assert_eq!(m.patterns.len(), 2);
    assert_eq!(m.patterns[0].steps.len(), 0);
    assert_eq!(m.patterns[1].steps.len(), 1);
    assert_eq!(sexp(m.where_clause.as_ref().unwrap()), "(<> a b)");
}

#[test]
fn optional_match_sets_optional_and_clauses_keep_their_order() {
    let query = ok("MATCH (a) OPTIONAL MATCH (a)-->(b) UNWIND [1] AS x WITH a, b RETURN a");
    assert!(!the_match(&query, 0).optional);
    assert!(the_match(&query, 1).optional);
    assert!(matches!(query.clauses[2], Clause::Unwind(_)));
    assert!(matches!(query.clauses[3], Clause::With(_)));
}

#[test]
fn node_patterns_take_every_part_optionally() {
    let query = ok(
        "MATCH (), (v), (:Region), ({name: 'x'}), (v:Region {name: 'x', level: 1}), (w:Region|Country), (u:Region|:Country) RETURN 1",
    );
    let nodes: Vec<_> = the_match(&query, 0)
        .patterns
        .iter()
        .map(|p| p.start.clone())
        .collect();
    let summary: Vec<_> = nodes
        .iter()
        .map(|n| {
            (
                n.variable.as_ref().map(|v| v.name.clone()),
                n.labels.iter().map(|l| l.name.clone()).collect::<Vec<_>>(),
                n.properties.len(),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_owned());
    let l = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        vec![
            (None, l(&[]), 0),
            (s("v"), l(&[]), 0),
            (None, l(&["Region"]), 0),
            (None, l(&[]), 1),
            (s("v"), l(&["Region"]), 2),
            (s("w"), l(&["Region", "Country"]), 0),
            (s("u"), l(&["Region", "Country"]), 0),
        ]
    );
}

#[test]
fn relationship_patterns_read_every_direction() {
    let cases = [
        ("(a)-[r:T]->(b)", Direction::Outgoing, "-[r:T]->"),
        ("(a)<-[r:T]-(b)", Direction::Incoming, "<-[r:T]-"),
        ("(a)-[r:T]-(b)", Direction::Either, "-[r:T]-"),
        ("(a)-->(b)", Direction::Outgoing, "-->"),
        ("(a)<--(b)", Direction::Incoming, "<--"),
        ("(a)--(b)", Direction::Either, "--"),
        ("(a)<-->(b)", Direction::Either, "--"),
        ("(a)<-[]->(b)", Direction::Either, "--"),
        ("(a) - [ r ] -> (b)", Direction::Outgoing, "-[r]->"),
    ];
    for (pattern, direction, printed) in cases {
        let query = ok(&format!("MATCH {pattern} RETURN 1"));
        let r = &the_match(&query, 0).patterns[0].steps[0].relationship;
        assert_eq!(r.direction, direction, "{pattern}");
        assert_eq!(r.to_string(), printed, "{pattern}");
    }
}

#[test]
fn relationship_types_read_as_alternatives() {
    for text in [
        "MATCH (a)-[:CONTROLS|INTERESTED_IN]->(b) RETURN 1",
        "MATCH (a)-[:CONTROLS|:INTERESTED_IN]->(b) RETURN 1",
    ] {
        let query = ok(text);
        let r = &the_match(&query, 0).patterns[0].steps[0].relationship;
        let types: Vec<_> = r.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["CONTROLS", "INTERESTED_IN"]);
        assert_eq!(r.to_string(), "-[:CONTROLS|INTERESTED_IN]->");
    }
}

#[test]
fn variable_lengths_read_their_bounds() {
    let cases = [
        ("*", None, None, "*"),
        ("*2", Some(2), Some(2), "*2"),
        ("*1..3", Some(1), Some(3), "*1..3"),
        ("*..3", None, Some(3), "*..3"),
        ("*0..5", Some(0), Some(5), "*0..5"),
        ("*0..", Some(0), None, "*0.."),
        ("*..", None, None, "*"),
        ("* 1 .. 3", Some(1), Some(3), "*1..3"),
    ];
    for (written, min, max, printed) in cases {
        let query = ok(&format!("MATCH (a)-[r:PART_OF{written}]->(b) RETURN 1"));
        let r = &the_match(&query, 0).patterns[0].steps[0].relationship;
        let length = r.length.expect(written);
        assert_eq!((length.min, length.max), (min, max), "{written}");
        assert_eq!(length.to_string(), printed);
    }
    let query = ok("MATCH (a)-[*1..2 {kind: 'x'}]-(b) RETURN 1");
    let r = &the_match(&query, 0).patterns[0].steps[0].relationship;
    assert_eq!(r.properties.len(), 1);
    assert_eq!(r.to_string(), "-[*1..2 {kind: 'x'}]-");
}

#[test]
fn with_reads_distinct_aliases_order_skip_limit_and_where() {
    let query = ok(
        "MATCH (a) WITH DISTINCT a, a.name AS name ORDER BY name DESC SKIP 2 LIMIT $n WHERE name STARTS WITH 'N' RETURN name",
    );
    let Clause::With(w) = &query.clauses[1] else {
        panic!()
    };
    let p = &w.projection;
    assert!(p.distinct);
    assert!(!p.star);
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[1].alias.as_ref().unwrap().name, "name");
    assert_eq!(p.order_by[0].order, SortOrder::Descending);
    assert!(matches!(p.skip, Some(RowCount::Integer { value: 2, .. })));
    assert!(matches!(&p.limit, Some(RowCount::Parameter { name, .. }) if name == "n"));
    assert_eq!(
        sexp(w.where_clause.as_ref().unwrap()),
        "(STARTS WITH name \"N\")"
    );
    let star = ok("MATCH (a) WITH * WHERE a.x > 1 RETURN a");
    let Clause::With(w) = &star.clauses[1] else {
        panic!()
    };
    assert!(w.projection.star && w.projection.items.is_empty());
}

#[test]
fn with_needs_a_name_for_anything_but_a_variable() {
    assert_eq!(
        err("MATCH (a) WITH a.name RETURN 1"),
        "invalid query at line 1, column 16: `a.name` in `WITH` has no name; expected `AS` and a name after it (only a variable may go unnamed)\n  MATCH (a) WITH a.name RETURN 1\n                 ^"
    );
    ok("MATCH (a) WITH a RETURN a");
    ok("MATCH (a) WITH a AS b RETURN b");
}

#[test]
fn unwind_binds_a_variable() {
    let query = ok("UNWIND $names AS name RETURN name");
    let Clause::Unwind(u) = &query.clauses[0] else {
        panic!()
    };
    assert_eq!(sexp(&u.list), "$names");
    assert_eq!(u.variable.name, "name");
}

#[test]
fn return_reads_distinct_star_aliases_and_modifiers() {
    let query = ok(
        "MATCH (a) RETURN DISTINCT *, a.name AS name ORDER BY name ASC, a.id DESCENDING, a.x ASCENDING, a.y DESC SKIP $s LIMIT 5",
    );
    let p = &query.return_clause.projection;
    assert!(p.distinct && p.star);
    assert_eq!(p.items.len(), 1);
    let orders: Vec<_> = p.order_by.iter().map(|s| s.order).collect();
    assert_eq!(
        orders,
        [
            SortOrder::Ascending,
            SortOrder::Descending,
            SortOrder::Ascending,
            SortOrder::Descending
        ]
    );
    assert!(matches!(&p.skip, Some(RowCount::Parameter { name, .. }) if name == "s"));
    assert!(matches!(p.limit, Some(RowCount::Integer { value: 5, .. })));
    assert_eq!(
        query.return_clause.to_string(),
        "RETURN DISTINCT *, a.name AS name ORDER BY name, a.id DESC, a.x, a.y DESC SKIP $s LIMIT 5"
    );
    ok("RETURN 1");
    ok("MATCH (a) RETURN *");
}

#[test]
fn aggregates_are_told_from_functions() {
    assert_eq!(e("count(*)"), "count(*)");
    assert_eq!(e("COUNT( * )"), "count(*)");
    assert_eq!(e("count(x)"), "(count() x)");
    assert_eq!(e("count(DISTINCT x)"), "(count() DISTINCT x)");
    assert_eq!(e("collect(x.name)"), "(collect() (. x name))");
    assert_eq!(e("Collect(distinct x)"), "(collect() DISTINCT x)");
    assert_eq!(e("min(x)"), "(min() x)");
    assert_eq!(e("MAX(x)"), "(max() x)");
    assert_eq!(e("sum(e.quantity_value)"), "(sum() (. e quantity_value))");
    assert_eq!(e("avg(x)"), "(avg() x)");
    assert_eq!(e("`count`(x)"), "(count() x)");
}

#[test]
fn any_function_name_parses() {
    assert_eq!(e("id(n)"), "(id() n)");
    assert_eq!(e("labels(n)"), "(labels() n)");
    assert_eq!(e("type(r)"), "(type() r)");
    assert_eq!(e("size(xs)"), "(size() xs)");
    assert_eq!(
        e("coalesce(a.x, b.x, 'none')"),
        "(coalesce() (. a x) (. b x) \"none\")"
    );
    assert_eq!(e("toLower(s)"), "(toLower() s)");
    assert_eq!(e("toUpper(s)"), "(toUpper() s)");
    assert_eq!(e("noSuchThing()"), "(noSuchThing() )");
    assert_eq!(e("`odd fn`(1)"), "(odd fn() 1)");
}

#[test]
fn parameters_take_names_digits_and_backquotes() {
    assert_eq!(e("$country"), "$country");
    assert_eq!(e("$0"), "$0");
    assert_eq!(e("$`odd name`"), "$odd name");
    assert_eq!(e("$limit"), "$limit");
    assert_eq!(expr("$`odd name`").to_string(), "$`odd name`");
}

// ----- literals -----

#[test]
fn integers_read_in_decimal_and_hexadecimal_to_the_ends_of_i64() {
    let int = |text: &str| match expr(text).kind {
        ExprKind::Literal(Literal::Integer(n)) => n,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(int("0"), 0);
    assert_eq!(int("42"), 42);
    assert_eq!(int("-7"), -7);
    assert_eq!(int("- 7"), -7);
    assert_eq!(int("0x1F"), 31);
    assert_eq!(int("0XfF"), 255);
    assert_eq!(int("9223372036854775807"), i64::MAX);
    assert_eq!(int("-9223372036854775808"), i64::MIN);
    assert_eq!(int("-0x8000000000000000"), i64::MIN);
}

#[test]
fn floats_read_in_every_form() {
    let float = |text: &str| match expr(text).kind {
        ExprKind::Literal(Literal::Float(x)) => x,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(float("2.5"), 2.5);
    assert_eq!(float(".5"), 0.5);
    assert_eq!(float("1e3"), 1000.0);
    assert_eq!(float("1.5E-3"), 0.0015);
    assert_eq!(float("2e+2"), 200.0);
    assert_eq!(float("-0.25"), -0.25);
    assert_eq!(float("1.7976931348623157e308"), f64::MAX);
    assert_eq!(expr("1.0").to_string(), "1.0");
    assert_eq!(expr("1e21").to_string(), "1e21");
}

#[test]
fn strings_read_both_quotes_and_every_escape() {
    let string = |text: &str| match expr(text).kind {
        ExprKind::Literal(Literal::String(s)) => s,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(string("'Hill Province'"), "Hill Province");
    assert_eq!(string("\"Hill Province\""), "Hill Province");
    assert_eq!(string(r#"'it\'s'"#), "it's");
    assert_eq!(string(r#""say \"hi\"""#), "say \"hi\"");
    assert_eq!(string(r#"'"' "#), "\"");
    assert_eq!(string(r#""'""#), "'");
    assert_eq!(string(r"'a\\b'"), "a\\b");
    assert_eq!(string(r"'\b\f\n\r\t'"), "\u{8}\u{c}\n\r\t");
    assert_eq!(string(r"'\B\F\N\R\T'"), "\u{8}\u{c}\n\r\t");
    assert_eq!(string(r"'caf\u00E9'"), "café");
    assert_eq!(string(r"'\U0001F30D'"), "🌍");
    assert_eq!(string(r"'\uD83C\uDF0D'"), "🌍");
    assert_eq!(string("'line\nbreak'"), "line\nbreak");
    assert_eq!(string("''"), "");
    assert_eq!(expr(r"'it\'s a \\ \n'").to_string(), r"'it\'s a \\ \n'");
}

#[test]
fn booleans_null_lists_and_maps() {
    assert_eq!(e("true"), "true");
    assert_eq!(e("FALSE"), "false");
    assert_eq!(e("Null"), "null");
    assert_eq!(e("[1, 2]"), "[1 2]");
    assert_eq!(e("[]"), "[]");
    assert_eq!(e("[[1], ['a', null]]"), "[[1] [\"a\" null]]");
    assert_eq!(
        e("{a: 1, `odd key`: 'x', limit: [true]}"),
        "{a: 1, odd key: \"x\", limit: [true]}"
    );
    assert_eq!(e("{}"), "{}");
}

// ----- names, keywords, comments -----

#[test]
fn backquoted_names_take_any_text() {
    let query = ok(
        "MATCH (`odd name`:`Odd Label` {`a``b`: 1}) RETURN `odd name`.`key with space` AS `the result`",
    );
    let node = &the_match(&query, 0).patterns[0].start;
    assert_eq!(node.variable.as_ref().unwrap().name, "odd name");
    assert_eq!(node.labels[0].name, "Odd Label");
    assert_eq!(node.properties[0].key.name, "a`b");
    let item = &query.return_clause.projection.items[0];
    assert_eq!(sexp(&item.expr), "(. odd name key with space)");
    assert_eq!(item.alias.as_ref().unwrap().name, "the result");
    assert_eq!(
        query.to_string(),
        "MATCH (`odd name`:`Odd Label` {`a``b`: 1})\nRETURN `odd name`.`key with space` AS `the result`"
    );
}

#[test]
fn reserved_words_are_labels_types_and_keys_but_variables_only_in_backquotes() {
    let query = ok("MATCH (n:Match)-[:Order]->(m {limit: 1}) RETURN n.order, n.return, `limit`");
    assert_eq!(
        the_match(&query, 0).patterns[0].start.labels[0].name,
        "Match"
    );
    assert_eq!(
        query.return_clause.projection.items[2].expr.kind,
        ExprKind::Variable("limit".into())
    );
    assert_eq!(
        err_at("UNWIND [1] AS limit RETURN 1"),
        (
            1,
            15,
            "syntax error at line 1, column 15: expected a variable, found `limit`".into()
        )
    );
    assert_eq!(
        err_at("MATCH (order) RETURN 1"),
        (
            1,
            8,
            "syntax error at line 1, column 8: expected a variable, `:`, `{` or `)`, found `order`"
                .into()
        )
    );
}

#[test]
fn unicode_names_are_plain_words() {
    let query = ok("MATCH (région:Région) RETURN région.nom");
    assert_eq!(
        query.to_string(),
        "MATCH (région:Région)\nRETURN région.nom"
    );
}

#[test]
fn keywords_read_in_any_case() {
    let lower = ok(
        "optional match (n:Region) where n.x is not null and not n.y starts with 'a' with distinct n order by n.x descending skip 1 limit 2 unwind [1] as x return distinct n.x as y order by y asc",
    );
    let mixed = ok(
        "OpTiOnAl MaTcH (n:Region) WhErE n.x Is NoT nUlL AnD nOt n.y StArTs WiTh 'a' WiTh DiStInCt n OrDeR bY n.x DeScEnDiNg SkIp 1 LiMiT 2 UnWiNd [1] As x ReTuRn DiStInCt n.x aS y OrDeR bY y AsC",
    );
    assert_eq!(lower.without_spans(), mixed.without_spans());
    assert_eq!(
        lower.to_string(),
        "OPTIONAL MATCH (n:Region) WHERE n.x IS NOT NULL AND NOT n.y STARTS WITH 'a'\nWITH DISTINCT n ORDER BY n.x DESC SKIP 1 LIMIT 2\nUNWIND [1] AS x\nRETURN DISTINCT n.x AS y ORDER BY y"
    );
    assert_eq!(e("a xor b Or c"), "(OR (XOR a b) c)");
    assert_eq!(
        e("x iN [1] anD y CONTAINS 'z' aNd z ends WITH 'q'"),
        "(AND (AND (IN x [1]) (CONTAINS y \"z\")) (ENDS WITH z \"q\"))"
    );
}

#[test]
fn comments_and_a_final_semicolon_are_skipped() {
    let query = ok(
        "// who controls what\nMATCH (a)-[:CONTROLS]->(b) /* any group,\n any place */ RETURN a, /* inline */ b // done\n;",
    );
    assert_eq!(query.to_string(), "MATCH (a)-[:CONTROLS]->(b)\nRETURN a, b");
    ok("RETURN 1;");
    ok("RETURN 1 ; ");
    ok("RETURN '// not a comment', \"/* nor this */\"");
    assert_eq!(e("'// x'"), "\"// x\"");
    assert_eq!(e("4/2"), "(/ 4 2)");
}

// ----- operators and precedence -----

#[test]
fn logical_operators_bind_or_xor_and_not_from_loosest() {
    assert_eq!(e("a OR b XOR c"), "(OR a (XOR b c))");
    assert_eq!(e("a XOR b OR c"), "(OR (XOR a b) c)");
    assert_eq!(e("a XOR b AND c"), "(XOR a (AND b c))");
    assert_eq!(e("a AND b OR c AND d"), "(OR (AND a b) (AND c d))");
    assert_eq!(e("NOT a AND b"), "(AND (NOT a) b)");
    assert_eq!(e("a AND NOT b"), "(AND a (NOT b))");
    assert_eq!(e("NOT NOT a"), "(NOT (NOT a))");
    assert_eq!(e("NOT a OR b"), "(OR (NOT a) b)");
    assert_eq!(e("a OR b OR c"), "(OR (OR a b) c)");
}

#[test]
fn not_binds_looser_than_comparisons() {
    assert_eq!(e("NOT a = b"), "(NOT (= a b))");
    assert_eq!(e("NOT a.x IS NULL"), "(NOT (IS NULL (. a x)))");
    assert_eq!(
        err("RETURN a = NOT b"),
        "syntax error at line 1, column 12: expected an expression (a `NOT` inside a comparison or arithmetic needs parentheses), found `NOT`\n  RETURN a = NOT b\n             ^"
    );
    assert_eq!(e("a = (NOT b)"), "(= a (NOT b))");
}

#[test]
fn each_comparison_reads() {
    for (op, symbol) in [
        ("=", "="),
        ("<>", "<>"),
        ("<", "<"),
        ("<=", "<="),
        (">", ">"),
        (">=", ">="),
    ] {
        assert_eq!(
            e(&format!("a {op} b AND c")),
            format!("(AND ({symbol} a b) c)")
        );
        assert_eq!(e(&format!("a{op}-1")), format!("({symbol} a -1)"));
    }
}

#[test]
fn comparisons_do_not_chain() {
    assert_eq!(
        err("MATCH (a) WHERE 1 < a.x < 3 RETURN a"),
        "a chain of comparisons (`a < b < c`) is not supported: write each comparison separately, `a < b AND b < c` (at line 1, column 25)\n  MATCH (a) WHERE 1 < a.x < 3 RETURN a\n                          ^"
    );
    assert!(err("RETURN a = b = c").starts_with("a chain of comparisons"));
    assert_eq!(e("(a < b) < c"), "(< (< a b) c)");
    assert_eq!(e("a < (b < c)"), "(< a (< b c))");
}

#[test]
fn predicates_bind_tighter_than_comparisons_and_looser_than_arithmetic() {
    assert_eq!(e("a = b IN c"), "(= a (IN b c))");
    assert_eq!(e("a IN b = c"), "(= (IN a b) c)");
    assert_eq!(e("a IN b + c"), "(IN a (+ b c))");
    assert_eq!(e("a + b IN c"), "(IN (+ a b) c)");
    assert_eq!(e("a STARTS WITH b + c"), "(STARTS WITH a (+ b c))");
    assert_eq!(e("a ENDS WITH b"), "(ENDS WITH a b)");
    assert_eq!(e("a CONTAINS b = true"), "(= (CONTAINS a b) true)");
    assert_eq!(e("a + b IS NULL"), "(IS NULL (+ a b))");
    assert_eq!(e("a = b IS NOT NULL"), "(= a (IS NOT NULL b))");
    assert_eq!(e("a IS NULL IS NULL"), "(IS NULL (IS NULL a))");
    assert_eq!(e("a IN b IN c"), "(IN (IN a b) c)");
    assert_eq!(
        e("a.x IN [1, 2] AND a.y IS NULL"),
        "(AND (IN (. a x) [1 2]) (IS NULL (. a y)))"
    );
}

#[test]
fn arithmetic_binds_as_in_school_and_groups_left() {
    assert_eq!(e("a + b * c"), "(+ a (* b c))");
    assert_eq!(e("a * b + c"), "(+ (* a b) c)");
    assert_eq!(e("a - b - c"), "(- (- a b) c)");
    assert_eq!(e("a / b / c"), "(/ (/ a b) c)");
    assert_eq!(e("a % b * c"), "(* (% a b) c)");
    assert_eq!(e("a * b ^ c"), "(* a (^ b c))");
    assert_eq!(e("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
    assert_eq!(e("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(e("a - -b"), "(- a (- b))");
    assert_eq!(e("a--1"), "(- a -1)");
}

#[test]
fn unary_minus_binds_tighter_than_power_and_looser_than_property_access() {
    assert_eq!(e("-a ^ 2"), "(^ (- a) 2)");
    assert_eq!(e("-2 ^ 2"), "(^ -2 2)");
    assert_eq!(e("2 ^ -a"), "(^ 2 (- a))");
    assert_eq!(e("-a.b"), "(- (. a b))");
    assert_eq!(e("-xs[0]"), "(- ([] xs 0))");
    assert_eq!(e("-(1)"), "(- 1)");
    assert_eq!(e("- -1"), "(- -1)");
    assert_eq!(e("+a"), "(+ a)");
    assert_eq!(e("-a * b"), "(* (- a) b)");
    assert_eq!(e("-5.x"), "(- (. 5 x))");
}

#[test]
fn property_access_indexing_and_label_tests_are_postfix() {
    assert_eq!(e("n.a.b"), "(. (. n a) b)");
    assert_eq!(e("xs[0].name"), "(. ([] xs 0) name)");
    assert_eq!(e("n.xs[1 + 1]"), "([] (. n xs) (+ 1 1))");
    assert_eq!(e("xs[-1]"), "([] xs -1)");
    assert_eq!(e("[1, 2][0]"), "([] [1 2] 0)");
    assert_eq!(e("{a: 1}.a"), "(. {a: 1} a)");
    assert_eq!(e("n:Region"), "(: n Region)");
    assert_eq!(e("n :Region|Country"), "(: n Region|Country)");
    assert_eq!(e("n:Region|:Country"), "(: n Region|Country)");
    assert_eq!(
        e("n:Region AND m:Country"),
        "(AND (: n Region) (: m Country))"
    );
    assert_eq!(e("NOT n:Region"), "(NOT (: n Region))");
    assert_eq!(e("a.b:Region"), "(: (. a b) Region)");
    assert_eq!(e("(n:Region).name"), "(. (: n Region) name)");
}

#[test]
fn pattern_predicates_are_told_from_parentheses() {
    let query = ok("MATCH (r:Region) WHERE NOT (r)-[:PART_OF]->(:Region) RETURN r");
    assert_eq!(
        sexp(the_match(&query, 0).where_clause.as_ref().unwrap()),
        "(NOT <(r)-[:PART_OF]->(:Region)>)"
    );
    let query = ok("MATCH (a), (b) WHERE (a)-[:CONTROLS]->(b) AND (b)<--(a) RETURN a");
    assert_eq!(
        sexp(the_match(&query, 0).where_clause.as_ref().unwrap()),
        "(AND <(a)-[:CONTROLS]->(b)> <(b)<--(a)>)"
    );
    assert_eq!(
        e("(a)-[:X*1..2 {k: 1}]-(:L {m: 2})--(c)"),
        "<(a)-[:X*1..2 {k: 1}]-(:L {m: 2})--(c)>"
    );
    // Parentheses that are not followed by a relationship and a node are
    // an expression.
    assert_eq!(e("(a) - (b)"), "(- a b)");
    assert_eq!(e("(a) < -(b)"), "(< a (- b))");
    assert_eq!(e("(a) - [1] - (b + 1)"), "(- (- a [1]) (+ b 1))");
    assert_eq!(e("(a)"), "a");
    assert_eq!(e("((a)-->(b))"), "<(a)-->(b)>");
    assert_eq!(e("(a)-->(b) - c"), "(- <(a)-->(b)> c)");
}

#[test]
fn the_printer_parenthesises_only_where_needed() {
    for (written, canonical) in [
        ("((a + b)) * (c)", "(a + b) * c"),
        ("a + (b * c)", "a + b * c"),
        ("(a - b) - c", "a - b - c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a < b) = c", "(a < b) = c"),
        ("NOT (a AND b)", "NOT (a AND b)"),
        ("(NOT a) AND b", "NOT a AND b"),
        ("-(5)", "-(5)"),
        ("-(-5)", "--5"),
        ("(-5).x", "(-5).x"),
        ("(1 + 2).x", "(1 + 2).x"),
        ("((a)-->(b)) IS NULL", "((a)-->(b)) IS NULL"),
        ("x IN ((a)-->(b))", "x IN ((a)-->(b))"),
        ("(n:R):S", "(n:R):S"),
        ("-(-a)", "--a"),
        ("(2 ^ 3) ^ 2", "2 ^ 3 ^ 2"),
        ("2 ^ (3 ^ 2)", "2 ^ (3 ^ 2)"),
    ] {
        let printed = expr(written).to_string();
        assert_eq!(printed, canonical, "{written}");
        assert_eq!(expr(&printed), expr(written), "{written}");
    }
}

// ----- errors -----

#[test]
fn a_syntax_error_prints_the_line_and_a_caret() {
    assert_eq!(
        err("MATCH (a:ArmedGroup {name: 'x' RETURN a"),
        "syntax error at line 1, column 32: expected `,` or `}`, found `RETURN`\n  MATCH (a:ArmedGroup {name: 'x' RETURN a\n                                 ^"
    );
    assert_eq!(
        err("MATCH (a:ArmedGroup RETURN a"),
        "syntax error at line 1, column 21: expected `|`, `{` or `)`, found `RETURN`\n  MATCH (a:ArmedGroup RETURN a\n                      ^"
    );
}

#[test]
fn positions_count_lines_and_characters() {
    let text = "MATCH (é:Région)\n\tWHERE é.nom = 'Ford'\n  RETURN é.nom é";
    assert_eq!(
        err(text),
        "syntax error at line 3, column 16: expected `,`, `AS`, `ORDER BY`, `SKIP`, `LIMIT` or the end of the query (`RETURN` is the last clause), found `é`\n    RETURN é.nom é\n                 ^"
    );
    // A tab before the column stays a tab under it, so the caret lines up.
    assert_eq!(
        err("\tRETURN )"),
        "syntax error at line 1, column 9: expected an expression, found `)`\n  \tRETURN )\n  \t       ^"
    );
    let p = Position::of_offset("ab\ncé\nx", 6);
    assert_eq!((p.line, p.column, p.offset), (2, 3, 6));
    let inside = Position::of_offset("cé", 2);
    assert_eq!((inside.line, inside.column, inside.offset), (1, 2, 1));
    let past = Position::of_offset("ab", 99);
    assert_eq!((past.line, past.column, past.offset), (1, 3, 2));
}

#[test]
fn a_long_line_is_cut_around_the_column() {
    let text = format!("RETURN {} +", "x + ".repeat(100));
    let message = err(&text);
    let lines: Vec<_> = message.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with(
        "syntax error at line 1, column 410: expected an expression, found end of input"
    ));
    assert!(lines[1].starts_with("  …"));
    assert!(lines[1].chars().count() < 140);
    assert_eq!(lines[2].chars().count(), lines[1].chars().count() + 1);
    assert!(lines[2].ends_with('^'));
}

#[test]
fn carriage_returns_are_characters_of_the_line() {
    // Found by fuzzing: the excerpt once dropped trailing `\r`s from the
    // line but not from the column, and its arithmetic overflowed.
    let text = "\r".repeat(66);
    assert_eq!(
        err(&text),
        format!(
            "syntax error at line 1, column 67: expected a clause (`MATCH`, `OPTIONAL MATCH`, `UNWIND`, `WITH` or `RETURN`), found end of input\n  …{}\n   {}^",
            " ".repeat(60),
            " ".repeat(60)
        )
    );
    assert_eq!(
        err("MATCH (n)\r\nRETURN n n\r\n"),
        "syntax error at line 2, column 10: expected `,`, `AS`, `ORDER BY`, `SKIP`, `LIMIT` or the end of the query (`RETURN` is the last clause), found `n`\n  RETURN n n \n           ^"
    );
}

#[test]
fn missing_and_extra_clauses_say_what_was_expected() {
    assert_eq!(
        err(""),
        "syntax error at line 1, column 1: expected a clause (`MATCH`, `OPTIONAL MATCH`, `UNWIND`, `WITH` or `RETURN`), found end of input\n  \n  ^"
    );
    assert_eq!(
        err_at("MATCH (n)"),
        (
            1,
            10,
            "syntax error at line 1, column 10: expected `,`, a relationship, `WHERE` or a clause (`MATCH`, `OPTIONAL MATCH`, `UNWIND`, `WITH` or `RETURN`), found end of input".into()
        )
    );
    assert_eq!(
        err_at("MATCH (n) WITH n"),
        (
            1,
            17,
            "syntax error at line 1, column 17: expected `,`, `AS`, `ORDER BY`, `SKIP`, `LIMIT`, `WHERE` or a clause (`MATCH`, `OPTIONAL MATCH`, `UNWIND`, `WITH` or `RETURN`), found end of input".into()
        )
    );
    assert_eq!(
        err_at("RETURN 1; RETURN 2"),
        (
            1,
            11,
            "syntax error at line 1, column 11: expected the end of the query (`RETURN` is the last clause), found `RETURN`".into()
        )
    );
    assert_eq!(
        err_at("RETURN a ORDER BY a LIMIT 1 MATCH (n)"),
        (
            1,
            29,
            "syntax error at line 1, column 29: expected the end of the query (`RETURN` is the last clause), found `MATCH`".into()
        )
    );
    assert_eq!(
        err_at("RETURN a ORDER BY a x"),
        (
            1,
            21,
            "syntax error at line 1, column 21: expected `,`, `ASC`, `DESC`, `SKIP`, `LIMIT` or the end of the query (`RETURN` is the last clause), found `x`".into()
        )
    );
    assert_eq!(
        err_at("OPTIONAL (n) RETURN n"),
        (
            1,
            10,
            "syntax error at line 1, column 10: expected `MATCH` after `OPTIONAL`, found `(`"
                .into()
        )
    );
    assert_eq!(
        err_at("MATCH RETURN 1"),
        (
            1,
            7,
            "syntax error at line 1, column 7: expected `(` to start a node pattern, found `RETURN`".into()
        )
    );
    assert_eq!(
        err_at("MATCH (a)-[:X]-> RETURN 1"),
        (
            1,
            18,
            "syntax error at line 1, column 18: expected `(` to start a node pattern, found `RETURN`".into()
        )
    );
    assert_eq!(
        err_at("MATCH (a)-[:X RETURN 1"),
        (
            1,
            15,
            "syntax error at line 1, column 15: expected `|`, `*`, `{` or `]`, found `RETURN`"
                .into()
        )
    );
    assert_eq!(
        err_at("RETURN f(1 2)"),
        (
            1,
            12,
            "syntax error at line 1, column 12: expected `,` or `)`, found `2`".into()
        )
    );
    assert_eq!(
        err_at("RETURN [1 2]"),
        (
            1,
            11,
            "syntax error at line 1, column 11: expected `,` or `]`, found `2`".into()
        )
    );
    assert_eq!(
        err_at("RETURN n."),
        (
            1,
            10,
            "syntax error at line 1, column 10: expected a property name after `.`, found end of input".into()
        )
    );
    assert_eq!(
        err_at("MATCH (n) RETURN n LIMIT 'x'"),
        (
            1,
            26,
            "syntax error at line 1, column 26: expected an integer or a parameter after `LIMIT`, found `'x'`".into()
        )
    );
    assert_eq!(
        err_at("RETURN 1 SKIP -1"),
        (
            1,
            15,
            "invalid query at line 1, column 15: `SKIP` is negative; expected zero or more rows"
                .into()
        )
    );
}

#[test]
fn writes_are_refused_as_read_only() {
    let cases = [
        ("CREATE (n:Region {name: 'x'})", 1, "`CREATE`"),
        ("MATCH (n) SET n.name = 'x' RETURN n", 11, "`SET`"),
        ("MERGE (n:Region)", 1, "`MERGE`"),
        ("MATCH (n) DELETE n", 11, "`DELETE`"),
        ("MATCH (n) DETACH DELETE n", 11, "`DETACH DELETE`"),
        ("MATCH (n) REMOVE n.name", 11, "`REMOVE`"),
        (
            "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
            11,
            "`FOREACH`",
        ),
        ("LOAD CSV FROM 'f' AS line RETURN line", 1, "`LOAD CSV`"),
        ("create (n)", 1, "`CREATE`"),
        ("MATCH (n) RETURN n CREATE (m)", 20, "`CREATE`"),
    ];
    for (text, column, feature) in cases {
        let error = parse(text).expect_err(text);
        let CypherError::Unsupported {
            at,
            feature: f,
            reason,
            ..
        } = &error
        else {
            panic!("{text}: {error:?}")
        };
        assert_eq!((at.line, at.column), (1, column), "{text}");
        assert_eq!(f, feature, "{text}");
        assert!(reason.starts_with("geokg's Cypher is read-only"), "{text}");
    }
    assert_eq!(
        err("MATCH (n) CREATE (m)"),
        "`CREATE` is not supported: geokg's Cypher is read-only (at line 1, column 11)\n  MATCH (n) CREATE (m)\n            ^"
    );
    assert_eq!(
        err_at("CALL db.labels()"),
        (
            1,
            1,
            "`CALL` is not supported: geokg's Cypher is read-only and has no procedures or subqueries (at line 1, column 1)".into()
        )
    );
}

#[test]
fn other_unsupported_features_say_what_to_write_instead() {
    let first = |text: &str| err_at(text).2;
    assert_eq!(
        first("RETURN 1 UNION RETURN 2"),
        "`UNION` is not supported: write each query separately (at line 1, column 10)"
    );
    assert_eq!(
        first("MATCH p = (a)-->(b) RETURN p"),
        "a named path (`p = (…)`) is not supported: bind the nodes and relationships you need to variables instead (at line 1, column 7)"
    );
    assert_eq!(
        first("MATCH (n:Region:Country) RETURN n"),
        "a second label (`:A:B`) is not supported: a node has exactly one label, so `:A:B` never matches; for either label write `:A|B` (at line 1, column 16)"
    );
    assert_eq!(
        first("MATCH (n) WHERE n:Region:Country RETURN n"),
        "a second label (`:A:B`) is not supported: a node has exactly one label, so `:A:B` never matches; for either label write `:A|B` (at line 1, column 25)"
    );
    assert_eq!(
        first("MATCH (n $props) RETURN n"),
        "a parameter as a property map is not supported: write the properties out, `{name: $name}` (at line 1, column 10)"
    );
    assert_eq!(
        first("RETURN CASE WHEN 1 THEN 2 END"),
        "`CASE` is not supported: no conditional expressions yet (at line 1, column 8)"
    );
    assert_eq!(
        first("MATCH (a) WHERE exists(a.name) RETURN a"),
        "`EXISTS` is not supported: write the pattern itself as the predicate, `WHERE (a)-[:CONTROLS]->(b)`, or test a property with `IS NOT NULL` (at line 1, column 17)"
    );
    assert_eq!(
        first("RETURN [x IN [1, 2] WHERE x > 1 | x]"),
        "a list comprehension (`[x IN xs WHERE … | …]`) is not supported: filter with `UNWIND` and `WHERE`, then `collect` (at line 1, column 8)"
    );
    assert_eq!(
        first("RETURN xs[1..3]"),
        "a list slice (`xs[1..3]`) is not supported: index one element at a time, `xs[1]` (at line 1, column 10)"
    );
    assert_eq!(
        first("RETURN xs[..3]"),
        "a list slice (`xs[1..3]`) is not supported: index one element at a time, `xs[1]` (at line 1, column 10)"
    );
    assert_eq!(
        first("MATCH (n) WHERE n.name =~ 'K.*' RETURN n"),
        "`=~` (regular expressions) is not supported: use STARTS WITH, ENDS WITH or CONTAINS (at line 1, column 24)"
    );
}

#[test]
fn bad_tokens_are_reported_where_they_start() {
    let first = |text: &str| err_at(text);
    assert_eq!(
        first("RETURN 'Hill"),
        (
            1,
            8,
            "syntax error at line 1, column 8: expected `'` to close the string that starts here, found end of input".into()
        )
    );
    assert_eq!(
        first("RETURN \"a\\\"b"),
        (
            1,
            8,
            "syntax error at line 1, column 8: expected `\"` to close the string that starts here, found end of input".into()
        )
    );
    assert_eq!(
        first("RETURN 'a\\qb'"),
        (
            1,
            10,
            r#"syntax error at line 1, column 10: expected an escape: \\, \', \", \b, \f, \n, \r, \t, \uXXXX or \UXXXXXXXX, found `\q`"#.into()
        )
    );
    assert_eq!(
        first("RETURN '\\u12G4'"),
        (
            1,
            9,
            "syntax error at line 1, column 9: expected 4 hexadecimal digits in the escape that starts here, found `G`".into()
        )
    );
    assert_eq!(
        first("RETURN '\\uD800'"),
        (
            1,
            9,
            "invalid query at line 1, column 9: the escape `\\uD800` is not a Unicode character; expected a code point outside D800-DFFF (or a surrogate pair), at most 10FFFF".into()
        )
    );
    assert_eq!(
        first("RETURN '\\U00110000'"),
        (
            1,
            9,
            "invalid query at line 1, column 9: the escape `\\u110000` is not a Unicode character; expected a code point outside D800-DFFF (or a surrogate pair), at most 10FFFF".into()
        )
    );
    assert_eq!(
        first("RETURN `odd"),
        (
            1,
            8,
            "syntax error at line 1, column 8: expected `` ` `` to close the name that starts here, found end of input".into()
        )
    );
    assert_eq!(
        first("MATCH (n) /* unfinished\n RETURN n"),
        (
            1,
            11,
            "syntax error at line 1, column 11: expected `*/` to close the comment that starts here, found end of input".into()
        )
    );
    assert_eq!(
        first("RETURN 9223372036854775808"),
        (
            1,
            8,
            "invalid query at line 1, column 8: the integer `9223372036854775808` is too large; expected at most 9223372036854775807".into()
        )
    );
    assert_eq!(
        first("RETURN -9223372036854775809"),
        (
            1,
            8,
            "invalid query at line 1, column 8: the integer `-9223372036854775809` is too small; expected at least -9223372036854775808".into()
        )
    );
    assert_eq!(
        first("RETURN 123456789012345678901234567890"),
        (
            1,
            8,
            "invalid query at line 1, column 8: the integer `123456789012345678901234567890` is too large; expected at most 9223372036854775807".into()
        )
    );
    assert_eq!(
        first("RETURN 1e999"),
        (
            1,
            8,
            "invalid query at line 1, column 8: the float `1e999` is out of range; expected a magnitude below 1.8e308".into()
        )
    );
    assert_eq!(
        first("RETURN 007"),
        (
            1,
            8,
            "invalid query at line 1, column 8: the integer `007` has a leading zero; expected a decimal integer without one (or hexadecimal, `0x…`)".into()
        )
    );
    assert_eq!(
        first("RETURN 0x"),
        (
            1,
            10,
            "syntax error at line 1, column 10: expected hexadecimal digits after `0x`, found end of input".into()
        )
    );
    assert_eq!(
        first("MATCH (n) WHERE n.a != 1 RETURN n"),
        (
            1,
            21,
            "syntax error at line 1, column 21: expected `<>` (Cypher's not-equal), found `!=`"
                .into()
        )
    );
    assert_eq!(
        first("RETURN $ x"),
        (
            1,
            9,
            "syntax error at line 1, column 9: expected a parameter name after `$`, found ` `"
                .into()
        )
    );
    assert_eq!(
        first("RETURN 1 # 2"),
        (
            1,
            10,
            "syntax error at line 1, column 10: expected `,`, `AS`, `ORDER BY`, `SKIP`, `LIMIT` or the end of the query (`RETURN` is the last clause), found `#`".into()
        )
    );
}

#[test]
fn the_first_problem_in_reading_order_is_reported() {
    // The grammar error comes before the bad escape.
    assert_eq!(err_at("RETURN ) + 'a\\q'").1, 8);
    // The bad escape comes before the grammar error.
    assert_eq!(err_at("RETURN 'a\\q' )").1, 10);
}

#[test]
fn functions_and_aggregates_check_distinct_and_arity() {
    assert_eq!(
        err_at("RETURN toLower(DISTINCT x)"),
        (
            1,
            16,
            "invalid query at line 1, column 16: `DISTINCT` in `toLower`, which is not an aggregate; expected it only in count, collect, min, max, sum or avg".into()
        )
    );
    assert_eq!(
        err_at("RETURN count(a, b)"),
        (
            1,
            8,
            "invalid query at line 1, column 8: `count` takes one argument, found 2; expected `count(x)`".into()
        )
    );
    assert_eq!(
        err_at("RETURN sum()"),
        (
            1,
            8,
            "invalid query at line 1, column 8: `sum` takes one argument, found 0; expected `sum(x)`".into()
        )
    );
    assert_eq!(
        err_at("RETURN collect(*)"),
        (
            1,
            16,
            "syntax error at line 1, column 16: expected an expression, found `*`".into()
        )
    );
}

#[test]
fn a_length_with_its_bounds_reversed_is_refused() {
    assert_eq!(
        err_at("MATCH (a)-[:PART_OF*3..1]->(b) RETURN a"),
        (
            1,
            20,
            "invalid query at line 1, column 20: the length `*3..1` has its upper bound below its lower one; expected `*1..3`".into()
        )
    );
    assert_eq!(
        err_at("MATCH (a)-[*-1]->(b) RETURN a").2,
        "invalid query at line 1, column 13: a relationship length is negative; expected zero or more"
    );
}

// ----- limits -----

#[test]
fn a_query_too_long_is_refused_before_reading() {
    let text = format!("RETURN '{}'", "x".repeat(MAX_QUERY_BYTES));
    let error = parse(&text).unwrap_err();
    assert_eq!(
        error,
        CypherError::TooLong {
            length: MAX_QUERY_BYTES + 9,
            limit: MAX_QUERY_BYTES
        }
    );
    assert_eq!(error.position(), None);
    assert_eq!(
        error.to_string(),
        "the query is 262153 bytes long; expected at most 262144"
    );
}

/// Inputs nested `n` levels deep in each way the parser recurses.
fn nestings(n: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "parentheses",
            format!("RETURN {}1{}", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "lists",
            format!("RETURN {}1{}", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "maps",
            format!("RETURN {}1{}", "{a: ".repeat(n), "}".repeat(n)),
        ),
        (
            "calls",
            format!("RETURN {}1{}", "f(".repeat(n), ")".repeat(n)),
        ),
        (
            "aggregates",
            format!("RETURN {}1{}", "count(".repeat(n), ")".repeat(n)),
        ),
        (
            "indexes",
            format!("RETURN {}1{}", "x[".repeat(n), "]".repeat(n)),
        ),
        ("minus", format!("RETURN {}x", "- ".repeat(n))),
        ("not", format!("RETURN {}x", "NOT ".repeat(n))),
        ("properties", format!("RETURN x{}", ".a".repeat(n))),
        ("sums", format!("RETURN 1{}", " + 1".repeat(n))),
        ("ors", format!("RETURN a{}", " OR a".repeat(n))),
        ("is null", format!("RETURN a{}", " IS NULL".repeat(n))),
        ("powers", format!("RETURN 2{}", " ^ 2".repeat(n))),
        (
            "nested patterns",
            format!(
                "MATCH (a) WHERE {}true{} RETURN a",
                "(a)--(b {k: ".repeat(n),
                "})".repeat(n)
            ),
        ),
        (
            "pattern maps",
            format!(
                "MATCH (a {}1{}) RETURN a",
                "{k: {k: ".repeat(n / 2),
                "}}".repeat(n / 2)
            ),
        ),
        (
            "right-nested comparisons",
            format!("RETURN 1{}{}", " = (1".repeat(n), ")".repeat(n)),
        ),
    ]
}

#[test]
fn deep_nesting_is_refused_with_its_own_error() {
    // As deep as the length limit allows, in every way of nesting.
    for (what, text) in nestings(100_000).into_iter().chain(nestings(20_000)) {
        if text.len() > MAX_QUERY_BYTES {
            continue;
        }
        let error = parse(&text).expect_err(what);
        assert!(
            matches!(
                error,
                CypherError::TooDeep {
                    limit: MAX_DEPTH,
                    ..
                }
            ),
            "{what}: {error}"
        );
    }
    assert_eq!(
        err_at(&format!("RETURN {}", "(".repeat(100_000))),
        (
            1,
            264,
            "the query nests too deeply at line 1, column 264: more than 256 levels of parentheses, lists, maps, calls and operators; expected a flatter expression (a long chain of `OR`s can be an `IN [...]`)".into()
        )
    );
}

#[test]
fn the_nesting_limit_is_exact_for_parentheses() {
    // The item is one level, each parenthesis one more.
    let nested = |n: usize| format!("RETURN {}1{}", "(".repeat(n), ")".repeat(n));
    ok(&nested(MAX_DEPTH - 1));
    assert!(matches!(
        parse(&nested(MAX_DEPTH)),
        Err(CypherError::TooDeep { .. })
    ));
}

#[test]
fn what_parses_at_the_nesting_limit_fits_a_threads_default_stack() {
    // A spawned thread has 2 MiB of stack unless told otherwise; parsing,
    // printing, comparing, cloning, debugging and dropping the deepest
    // tree the parser accepts must fit in it, even in a debug build.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let mut parsed = 0;
            for depth in (MAX_DEPTH / 4..=MAX_DEPTH).rev().step_by(8) {
                for (what, text) in nestings(depth) {
                    let Ok(query) = parse(&text) else { continue };
                    parsed += 1;
                    let printed = query.to_string();
                    let again = parse(&printed).unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(again.without_spans(), query.without_spans(), "{what}");
                    assert!(!format!("{query:?}").is_empty());
                    drop(query.clone());
                }
            }
            parsed
        })
        .expect("a thread");
    let parsed = handle.join().expect("no stack overflow");
    assert!(parsed > 100, "{parsed}");
}

#[test]
fn prefixes_of_valid_queries_never_panic() {
    let text = "MATCH (g:ArmedGroup {name: $n})-[c:CONTROLS|INTERESTED_IN*1..3 {mode: 'military'}]->(t:Region)<-[:PART_OF]-(:Region) \
                WHERE NOT (t)-[:PART_OF]->(:Country) AND t.name STARTS WITH 'K' OR c.valid_from IS NOT NULL XOR -2 ^ 2 > xs[0] \
                WITH DISTINCT g, collect(DISTINCT t.name) AS towns ORDER BY g.name DESC SKIP 1 LIMIT $l WHERE size(towns) > 0 \
                UNWIND towns AS town RETURN g.name AS `the group`, town, count(*), {a: [1, 2.5, 'é\\n', true, null]} ORDER BY town; // end";
    for (i, _) in text.char_indices() {
        let _ = parse(&text[..i]);
        let _ = parse(&text[i..]);
    }
    ok(text);
}

mod rewrites;
mod round_trip;
