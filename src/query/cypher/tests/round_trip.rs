//! Property tests: random trees within the subset print as Cypher that
//! parses back to the same tree; random text never panics the parser.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::super::*;

fn ident(name: &str) -> Ident {
    Ident {
        name: name.to_owned(),
        span: Span::default(),
    }
}

fn ex(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

/// Plain names, reserved words, Unicode, and names that need backquotes.
const NAMES: &[&str] = &[
    "a", "n", "name", "_x1", "Region", "PART_OF", "limit", "MATCH", "count", "Null", "true",
    "call", "odd name", "a`b", "", "1st", "ñandú", "x y`", "is",
];
/// Function names: none of them an aggregate's.
const FUNCTIONS: &[&str] = &[
    "id", "labels", "type", "size", "coalesce", "toLower", "toUpper", "f", "odd fn", "EXISTS",
    "CASE",
];
const PARAMETERS: &[&str] = &["x", "country", "0", "12", "odd name", "limit", "a`b", "1st"];

fn name() -> impl Strategy<Value = Ident> {
    select(NAMES).prop_map(ident)
}

fn text() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..6).prop_map(|chars| chars.into_iter().collect())
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        Just(Literal::Null),
        any::<bool>().prop_map(Literal::Boolean),
        any::<i64>().prop_map(Literal::Integer),
        (-3i64..3).prop_map(Literal::Integer),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Literal::Float),
        text().prop_map(Literal::String),
    ]
}

const BINARY: &[BinaryOp] = &[
    BinaryOp::Or,
    BinaryOp::Xor,
    BinaryOp::And,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Lt,
    BinaryOp::Le,
    BinaryOp::Gt,
    BinaryOp::Ge,
    BinaryOp::In,
    BinaryOp::StartsWith,
    BinaryOp::EndsWith,
    BinaryOp::Contains,
    BinaryOp::Add,
    BinaryOp::Subtract,
    BinaryOp::Multiply,
    BinaryOp::Divide,
    BinaryOp::Modulo,
    BinaryOp::Power,
];

fn entry(value: impl Strategy<Value = Expr>) -> impl Strategy<Value = MapEntry> {
    (name(), value).prop_map(|(key, value)| MapEntry { key, value })
}

fn node(value: impl Strategy<Value = Expr> + Clone) -> impl Strategy<Value = NodePattern> {
    (
        option::of(name()),
        vec(name(), 0..3),
        vec(entry(value), 0..2),
    )
        .prop_map(|(variable, labels, properties)| NodePattern {
            variable,
            labels,
            properties,
            span: Span::default(),
        })
}

fn length() -> impl Strategy<Value = Length> {
    let bound = prop_oneof![0u64..4, any::<u64>()];
    (option::of(bound.clone()), option::of(bound))
        .prop_filter("min ≤ max", |(min, max)| match (min, max) {
            (Some(lo), Some(hi)) => lo <= hi,
            _ => true,
        })
        .prop_map(|(min, max)| Length {
            min,
            max,
            span: Span::default(),
        })
}

fn relationship(
    value: impl Strategy<Value = Expr> + Clone,
) -> impl Strategy<Value = RelationshipPattern> {
    (
        option::of(name()),
        vec(name(), 0..3),
        select(&[Direction::Outgoing, Direction::Incoming, Direction::Either][..]),
        option::of(length()),
        vec(entry(value), 0..2),
    )
        .prop_map(
            |(variable, types, direction, length, properties)| RelationshipPattern {
                variable,
                types,
                direction,
                length,
                properties,
                span: Span::default(),
            },
        )
}

fn pattern(
    value: impl Strategy<Value = Expr> + Clone,
    min_steps: usize,
) -> impl Strategy<Value = Pattern> {
    let step = (relationship(value.clone()), node(value.clone()))
        .prop_map(|(relationship, node)| PatternStep { relationship, node });
    (node(value), vec(step, min_steps..3)).prop_map(|(start, steps)| Pattern {
        start,
        steps,
        span: Span::default(),
    })
}

fn expr() -> impl Strategy<Value = Expr> + Clone {
    let leaf = prop_oneof![
        literal().prop_map(|l| ex(ExprKind::Literal(l))),
        select(PARAMETERS).prop_map(|p| ex(ExprKind::Parameter(p.to_owned()))),
        select(NAMES).prop_map(|v| ex(ExprKind::Variable(v.to_owned()))),
        Just(ex(ExprKind::CountStar)),
    ];
    leaf.prop_recursive(4, 40, 3, |inner| {
        let boxed = inner.clone().prop_map(Box::new);
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(|items| ex(ExprKind::List(items))),
            vec(entry(inner.clone()), 0..3).prop_map(|entries| ex(ExprKind::Map(entries))),
            (boxed.clone(), name())
                .prop_map(|(subject, key)| ex(ExprKind::Property { subject, key })),
            (boxed.clone(), boxed.clone())
                .prop_map(|(subject, index)| ex(ExprKind::Index { subject, index })),
            (boxed.clone(), vec(name(), 1..3))
                .prop_map(|(subject, labels)| ex(ExprKind::HasLabel { subject, labels })),
            (
                select(&[UnaryOp::Not, UnaryOp::Negate, UnaryOp::Plus][..]),
                boxed.clone()
            )
                .prop_map(|(op, operand)| ex(ExprKind::Unary { op, operand })),
            (select(BINARY), boxed.clone(), boxed.clone())
                .prop_map(|(op, left, right)| ex(ExprKind::Binary { op, left, right })),
            (boxed.clone(), any::<bool>())
                .prop_map(|(operand, negated)| ex(ExprKind::IsNull { operand, negated })),
            (select(FUNCTIONS), vec(inner.clone(), 0..3)).prop_map(|(name, args)| ex(
                ExprKind::Function {
                    name: ident(name),
                    args
                }
            )),
            (select(&AggregateFunction::ALL[..]), any::<bool>(), boxed).prop_map(
                |(function, distinct, argument)| ex(ExprKind::Aggregate {
                    function,
                    distinct,
                    argument
                })
            ),
            pattern(inner, 1).prop_map(|p| ex(ExprKind::Pattern(Box::new(p)))),
        ]
    })
}

fn row_count() -> impl Strategy<Value = RowCount> {
    prop_oneof![
        any::<u64>().prop_map(|value| RowCount::Integer {
            value,
            span: Span::default()
        }),
        select(PARAMETERS).prop_map(|name| RowCount::Parameter {
            name: name.to_owned(),
            span: Span::default()
        }),
    ]
}

fn projection(in_with: bool) -> impl Strategy<Value = Projection> {
    let item = (expr(), option::of(name())).prop_map(move |(expr, alias)| {
        // `WITH` names every item but a plain variable.
        let alias = match (&expr.kind, alias) {
            (ExprKind::Variable(_), alias) => alias,
            (_, None) if in_with => Some(ident("alias")),
            (_, alias) => alias,
        };
        ProjectionItem {
            expr,
            alias,
            span: Span::default(),
        }
    });
    let sort = (
        expr(),
        select(&[SortOrder::Ascending, SortOrder::Descending][..]),
    )
        .prop_map(|(expr, order)| SortItem {
            expr,
            order,
            span: Span::default(),
        });
    (
        any::<bool>(),
        any::<bool>(),
        vec(item, 0..3),
        vec(sort, 0..2),
        option::of(row_count()),
        option::of(row_count()),
    )
        .prop_filter("items or *", |(_, star, items, ..)| {
            *star || !items.is_empty()
        })
        .prop_map(
            |(distinct, star, items, order_by, skip, limit)| Projection {
                distinct,
                star,
                items,
                order_by,
                skip,
                limit,
                span: Span::default(),
            },
        )
}

fn clause() -> impl Strategy<Value = Clause> {
    prop_oneof![
        (
            any::<bool>(),
            vec(pattern(expr(), 0), 1..3),
            option::of(expr())
        )
            .prop_map(|(optional, patterns, where_clause)| Clause::Match(Match {
                optional,
                patterns,
                where_clause,
                span: Span::default(),
            })),
        (expr(), name()).prop_map(|(list, variable)| Clause::Unwind(Unwind {
            list,
            variable,
            span: Span::default(),
        })),
        (projection(true), option::of(expr())).prop_map(|(projection, where_clause)| {
            Clause::With(With {
                projection,
                where_clause,
                span: Span::default(),
            })
        }),
    ]
}

fn query() -> impl Strategy<Value = Query> {
    (vec(clause(), 0..4), projection(false)).prop_map(|(clauses, projection)| Query {
        clauses,
        return_clause: Return {
            projection,
            span: Span::default(),
        },
        span: Span::default(),
    })
}

/// Pieces of Cypher, valid and not, for text that gets deep into the
/// parser.
const PIECES: &[&str] = &[
    "MATCH",
    "OPTIONAL",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "AS",
    "DISTINCT",
    "ORDER",
    "BY",
    "SKIP",
    "LIMIT",
    "DESC",
    "NOT",
    "AND",
    "OR",
    "XOR",
    "IN",
    "IS",
    "NULL",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "count",
    "collect",
    "CREATE",
    "UNION",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    ">",
    "<",
    "=",
    "<>",
    "<=",
    "+",
    "*",
    "/",
    "%",
    "^",
    ":",
    "|",
    ",",
    ".",
    "..",
    ";",
    "a",
    "b",
    "n",
    "Region",
    "1",
    "0",
    "2.5",
    "1e3",
    "0x1F",
    "'s'",
    "\"t\"",
    "'\\n'",
    "'\\u00e9'",
    "$p",
    "`q`",
    "//",
    "/*",
    "*/",
    "\n",
    "é",
    "'",
    "\\",
    "`",
    "$",
    "!",
    "~",
    "#",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_printed_query_parses_back_to_the_same_tree(query in query()) {
        let text = query.to_string();
        let back = match parse(&text) {
            Ok(back) => back,
            Err(error) => return Err(TestCaseError::fail(format!("{text}\n{error}"))),
        };
        prop_assert_eq!(back.without_spans(), query.without_spans(), "{}", text);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn text_from_pieces_never_panics_and_errors_point_inside_it(
        pieces in vec((select(PIECES), select(&["", " "][..])), 0..40)
    ) {
        let text: String = pieces.iter().flat_map(|(piece, gap)| [*piece, *gap]).collect();
        check_text(&text)?;
    }

    #[test]
    fn any_text_never_panics(text in any::<String>()) {
        check_text(&text)?;
    }
}

/// Whatever `text` is: parsing it returns; an error points inside it and
/// prints; a query prints as text that parses back equal.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(query) => {
            let printed = query.to_string();
            let back =
                parse(&printed).map_err(|e| TestCaseError::fail(format!("{printed}\n{e}")))?;
            prop_assert_eq!(back.without_spans(), query.without_spans());
        }
        Err(error) => {
            let at = error.position().expect("a position");
            prop_assert!(at.offset <= text.len());
            prop_assert_eq!(Position::of_offset(text, at.offset), at);
            prop_assert!(error.to_string().contains('^'));
        }
    }
    Ok(())
}
