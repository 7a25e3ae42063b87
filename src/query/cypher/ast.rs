//! The syntax tree of a query, as [`parse`](super::parse) reads it.
//!
//! Every node carries the [`Span`] of the text it was read from, so later
//! stages (the schema check, the planner) can point at the exact place of
//! a problem with [`Span::position`]. Two parses of the same query laid out
//! differently differ only in their spans: compare them with
//! [`Query::without_spans`].
//!
//! The tree is typed: operators are enums ([`BinaryOp`], [`UnaryOp`]), the
//! aggregates are told apart from other functions ([`AggregateFunction`]),
//! a query always ends with its `RETURN` ([`Query::return_clause`]).
//! `Display` prints canonical Cypher: keywords in capitals, the fewest
//! parentheses that keep the tree, names in backquotes where they need them.

use std::fmt;

/// A range of bytes in the query's text: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// The offset of the first byte.
    pub start: usize,
    /// The offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Where the span starts in `source`, the text it was parsed from.
    pub fn position(self, source: &str) -> Position {
        Position::of_offset(source, self.start)
    }

    /// The text the span covers in `source` (empty if it does not fit).
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// A place in a query's text: 1-based line and column, the column counted
/// in characters (not bytes), and the byte offset for tools that slice the
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The line, from 1. Lines end at `\n`.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The byte offset from the start of the text.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `source`. An offset past the end,
    /// or inside a character, is moved back to the nearest character
    /// boundary, so any offset gives a position.
    ///
    /// ```
    /// use geokg::query::cypher::Position;
    ///
    /// let p = Position::of_offset("MATCH (n)\nRETURN é, m", 17);
    /// assert_eq!((p.line, p.column), (2, 8));
    /// ```
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            offset,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A name as written: a variable, label, relationship type, property key,
/// alias or function name. Backquotes are removed (`` `odd name` `` is the
/// name `odd name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A whole query: reading clauses, then `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The `MATCH`, `OPTIONAL MATCH`, `UNWIND` and `WITH` clauses, in order
    /// (possibly none, as in `RETURN 1`).
    pub clauses: Vec<Clause>,
    /// The final `RETURN`.
    pub return_clause: Return,
    /// The whole query.
    pub span: Span,
}

/// A reading clause.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Clause {
    /// `MATCH` or `OPTIONAL MATCH`.
    Match(Match),
    /// `UNWIND list AS x`.
    Unwind(Unwind),
    /// `WITH …`.
    With(With),
}

impl Clause {
    /// The clause's text.
    pub fn span(&self) -> Span {
        match self {
            Clause::Match(m) => m.span,
            Clause::Unwind(u) => u.span,
            Clause::With(w) => w.span,
        }
    }
}

/// `[OPTIONAL] MATCH pattern, … [WHERE predicate]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// `OPTIONAL MATCH`: rows with no match are kept, the clause's new
    /// variables null.
    pub optional: bool,
    /// The comma-separated patterns (at least one).
    pub patterns: Vec<Pattern>,
    /// The `WHERE` predicate.
    pub where_clause: Option<Expr>,
    /// The clause's text.
    pub span: Span,
}

/// `UNWIND list AS variable`: one row per element.
#[derive(Debug, Clone, PartialEq)]
pub struct Unwind {
    /// The list.
    pub list: Expr,
    /// The variable each element is bound to.
    pub variable: Ident,
    /// The clause's text.
    pub span: Span,
}

/// `WITH projection [WHERE predicate]`: the rows and variables that go on
/// to the next clause.
#[derive(Debug, Clone, PartialEq)]
pub struct With {
    /// What is carried on, and how the rows are ordered and cut.
    pub projection: Projection,
    /// The `WHERE` predicate, applied after the projection.
    pub where_clause: Option<Expr>,
    /// The clause's text.
    pub span: Span,
}

/// `RETURN projection`.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    /// The columns, and how the rows are ordered and cut.
    pub projection: Projection,
    /// The clause's text.
    pub span: Span,
}

/// The body of `WITH` and `RETURN`:
/// `[DISTINCT] items [ORDER BY …] [SKIP n] [LIMIT n]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// `DISTINCT`: duplicate rows are dropped.
    pub distinct: bool,
    /// `*`: every variable in scope, before `items`.
    pub star: bool,
    /// The listed items (empty only when `star`).
    pub items: Vec<ProjectionItem>,
    /// `ORDER BY` keys, most significant first (empty: no order).
    pub order_by: Vec<SortItem>,
    /// `SKIP`.
    pub skip: Option<RowCount>,
    /// `LIMIT`.
    pub limit: Option<RowCount>,
    /// From the first item (or `DISTINCT`) to the end of the last part.
    pub span: Span,
}

/// One projected item: `expr [AS alias]`. In `WITH`, an item other than a
/// plain variable always has an alias (the parser requires it).
///
/// A `RETURN` column without an alias is named by its text:
/// `item.expr.span.text(source)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionItem {
    /// The value.
    pub expr: Expr,
    /// The name given with `AS`.
    pub alias: Option<Ident>,
    /// The item's text, alias included.
    pub span: Span,
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    /// The value sorted on.
    pub expr: Expr,
    /// `ASC` (the default) or `DESC`.
    pub order: SortOrder,
    /// The key's text, direction included.
    pub span: Span,
}

/// The direction of an `ORDER BY` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// `ASC`, `ASCENDING` or nothing.
    #[default]
    Ascending,
    /// `DESC` or `DESCENDING`.
    Descending,
}

/// The operand of `SKIP` and `LIMIT`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowCount {
    /// A non-negative integer literal.
    Integer {
        /// The count.
        value: u64,
        /// Where it was written.
        span: Span,
    },
    /// A parameter, `$n`.
    Parameter {
        /// Its name, without the `$`.
        name: String,
        /// Where it was written.
        span: Span,
    },
}

impl RowCount {
    /// Where it was written.
    pub fn span(&self) -> Span {
        match self {
            RowCount::Integer { span, .. } | RowCount::Parameter { span, .. } => *span,
        }
    }
}

/// A path pattern: a node, then zero or more relationship–node steps,
/// `(a)-[:CONTROLS]->(b)<-[:PART_OF]-(c)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The first node.
    pub start: NodePattern,
    /// The steps from it, in order.
    pub steps: Vec<PatternStep>,
    /// The pattern's text.
    pub span: Span,
}

/// One step of a path pattern: a relationship and the node it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternStep {
    /// The relationship.
    pub relationship: RelationshipPattern,
    /// The node at its far end.
    pub node: NodePattern,
}

/// `(variable:Label|Other {key: value, …})`, every part optional.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    /// The variable the node is bound to.
    pub variable: Option<Ident>,
    /// The labels, as alternatives: the node has one of them (empty: any
    /// node). `(n:Region|Country)`.
    pub labels: Vec<Ident>,
    /// Properties the node must have, each equal to its value.
    pub properties: Vec<MapEntry>,
    /// From `(` to `)`.
    pub span: Span,
}

/// `-[variable:TYPE|OTHER *min..max {key: value}]->` and its other
/// directions, every part of the brackets optional (`-->`, `--`).
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipPattern {
    /// The variable the relationship is bound to (a list of
    /// relationships when `length` is set).
    pub variable: Option<Ident>,
    /// The types, as alternatives (empty: any type).
    pub types: Vec<Ident>,
    /// Which way it points.
    pub direction: Direction,
    /// `*…`: a path of several relationships.
    pub length: Option<Length>,
    /// Properties each relationship must have, each equal to its value.
    pub properties: Vec<MapEntry>,
    /// From the first dash or arrow head to the last.
    pub span: Span,
}

/// The direction of a relationship pattern, read left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `-[]->`: from the left node to the right one.
    Outgoing,
    /// `<-[]-`: from the right node to the left one.
    Incoming,
    /// `-[]-` (or `<-[]->`): either way.
    Either,
}

/// The length of a variable-length relationship: `*` (`min` and `max`
/// both `None`: one or more), `*3` (exactly three), `*1..3`, `*..3`,
/// `*2..`. A missing `min` means 1; a missing `max`, no bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Length {
    /// The fewest relationships.
    pub min: Option<u64>,
    /// The most relationships.
    pub max: Option<u64>,
    /// From `*` to the last bound.
    pub span: Span,
}

/// `key: value` in a map literal or a pattern's property map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEntry {
    /// The key.
    pub key: Ident,
    /// The value.
    pub value: Expr,
}

/// An expression and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its text, including the parentheses around it, if any.
    pub span: Span,
}

impl Expr {
    /// An expression of this kind over this text.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ExprKind {
    /// `1`, `2.5`, `'text'`, `true`, `null`.
    Literal(Literal),
    /// `$name`: a value supplied with the query. The name has no `$`.
    Parameter(String),
    /// A variable bound by a pattern, `UNWIND` or `WITH`.
    Variable(String),
    /// `[a, b, …]`.
    List(Vec<Expr>),
    /// `{key: value, …}`.
    Map(Vec<MapEntry>),
    /// `subject.key`.
    Property {
        /// The node, relationship or map.
        subject: Box<Expr>,
        /// The property.
        key: Ident,
    },
    /// `subject[index]`.
    Index {
        /// The list.
        subject: Box<Expr>,
        /// The position, from 0 (negative: from the end).
        index: Box<Expr>,
    },
    /// `subject:Label|Other`: whether the node has one of the labels.
    HasLabel {
        /// The node.
        subject: Box<Expr>,
        /// The labels, as alternatives.
        labels: Vec<Ident>,
    },
    /// `NOT x`, `-x`, `+x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// `left op right`: logic, comparison, string and list predicates,
    /// arithmetic.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
    },
    /// `operand IS NULL`, or with `negated`, `operand IS NOT NULL`.
    IsNull {
        /// The value tested.
        operand: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `name(args…)`: a function that is not an aggregate. Any name
    /// parses; the schema check knows which exist.
    Function {
        /// The function's name, as written (Cypher's function names are
        /// case-insensitive).
        name: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `count(x)`, `collect(DISTINCT x)`, `min`, `max`, `sum`, `avg`.
    Aggregate {
        /// Which aggregate.
        function: AggregateFunction,
        /// `DISTINCT`: each distinct value counted once.
        distinct: bool,
        /// What is aggregated.
        argument: Box<Expr>,
    },
    /// `count(*)`: the number of rows.
    CountStar,
    /// A pattern as a predicate, `WHERE (a)-[:CONTROLS]->(b)`: true when
    /// the pattern has a match. It has at least one relationship.
    Pattern(Box<Pattern>),
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A 64-bit integer, `42`, `-7`, `0x1F`.
    Integer(i64),
    /// A finite 64-bit float, `2.5`, `.5`, `1e-3`.
    Float(f64),
    /// A string, its escapes resolved.
    String(String),
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnaryOp {
    /// `NOT`.
    Not,
    /// `-`.
    Negate,
    /// `+` (numbers unchanged).
    Plus,
}

/// An infix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `OR`.
    Or,
    /// `XOR`.
    Xor,
    /// `AND`.
    And,
    /// `=`.
    Eq,
    /// `<>`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `IN`: list membership.
    In,
    /// `STARTS WITH`.
    StartsWith,
    /// `ENDS WITH`.
    EndsWith,
    /// `CONTAINS`.
    Contains,
    /// `+`: addition, and concatenation of strings and lists.
    Add,
    /// `-`.
    Subtract,
    /// `*`.
    Multiply,
    /// `/`.
    Divide,
    /// `%`.
    Modulo,
    /// `^`.
    Power,
}

impl BinaryOp {
    /// The operator as written in canonical Cypher.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::Xor => "XOR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "IN",
            BinaryOp::StartsWith => "STARTS WITH",
            BinaryOp::EndsWith => "ENDS WITH",
            BinaryOp::Contains => "CONTAINS",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Power => "^",
        }
    }

    /// How tightly the operator binds: higher binds tighter. From loosest:
    /// `OR`; `XOR`; `AND`; (`NOT`); comparisons; `IN`, `STARTS WITH`,
    /// `ENDS WITH`, `CONTAINS` (and `IS [NOT] NULL`); `+ -`; `* / %`; `^`.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => prec::OR,
            BinaryOp::Xor => prec::XOR,
            BinaryOp::And => prec::AND,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => prec::COMPARISON,
            BinaryOp::In | BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => {
                prec::PREDICATE
            }
            BinaryOp::Add | BinaryOp::Subtract => prec::ADDITIVE,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => prec::MULTIPLICATIVE,
            BinaryOp::Power => prec::POWER,
        }
    }

    /// Whether this is one of `= <> < <= > >=`, which do not chain.
    pub fn is_comparison(self) -> bool {
        self.precedence() == prec::COMPARISON
    }
}

/// Binding strengths shared by the parser and the printer.
pub(super) mod prec {
    pub const OR: u8 = 1;
    pub const XOR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    pub const COMPARISON: u8 = 5;
    pub const PREDICATE: u8 = 6;
    pub const ADDITIVE: u8 = 7;
    pub const MULTIPLICATIVE: u8 = 8;
    pub const POWER: u8 = 9;
    pub const UNARY: u8 = 10;
    /// A label test `x:L`: it takes a postfix subject but cannot be one.
    pub const LABEL: u8 = 11;
    pub const POSTFIX: u8 = 12;
    pub const ATOM: u8 = 13;
}

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AggregateFunction {
    /// `count(x)`: the number of non-null values.
    Count,
    /// `collect(x)`: the non-null values as a list.
    Collect,
    /// `min(x)`.
    Min,
    /// `max(x)`.
    Max,
    /// `sum(x)`.
    Sum,
    /// `avg(x)`.
    Avg,
}

impl AggregateFunction {
    /// Every aggregate.
    pub const ALL: [AggregateFunction; 6] = [
        AggregateFunction::Count,
        AggregateFunction::Collect,
        AggregateFunction::Min,
        AggregateFunction::Max,
        AggregateFunction::Sum,
        AggregateFunction::Avg,
    ];

    /// The name, in lower case.
    pub fn name(self) -> &'static str {
        match self {
            AggregateFunction::Count => "count",
            AggregateFunction::Collect => "collect",
            AggregateFunction::Min => "min",
            AggregateFunction::Max => "max",
            AggregateFunction::Sum => "sum",
            AggregateFunction::Avg => "avg",
        }
    }

    /// The aggregate with this name, in any case.
    pub fn from_name(name: &str) -> Option<AggregateFunction> {
        AggregateFunction::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }
}

impl Query {
    /// The same query with every span set to zero: two parses of the same
    /// query, however laid out, give equal trees this way.
    ///
    /// ```
    /// use geokg::query::cypher::parse;
    ///
    /// let a = parse("MATCH (n:Region) RETURN n.name")?;
    /// let b = parse("match (n :Region)\n  return n . name ;")?;
    /// assert_ne!(a, b);
    /// assert_eq!(a.without_spans(), b.without_spans());
    /// # Ok::<(), geokg::query::cypher::CypherError>(())
    /// ```
    pub fn without_spans(&self) -> Query {
        let mut query = self.clone();
        query.clear_spans();
        query
    }
}

/// Zeroes every span in a tree; behind [`Query::without_spans`].
pub(super) trait ClearSpans {
    fn clear_spans(&mut self);
}

impl<T: ClearSpans> ClearSpans for Vec<T> {
    fn clear_spans(&mut self) {
        self.iter_mut().for_each(ClearSpans::clear_spans);
    }
}

impl<T: ClearSpans> ClearSpans for Option<T> {
    fn clear_spans(&mut self) {
        if let Some(x) = self {
            x.clear_spans();
        }
    }
}

impl<T: ClearSpans> ClearSpans for Box<T> {
    fn clear_spans(&mut self) {
        (**self).clear_spans();
    }
}

impl ClearSpans for Span {
    fn clear_spans(&mut self) {
        *self = Span::default();
    }
}

impl ClearSpans for Ident {
    fn clear_spans(&mut self) {
        self.span.clear_spans();
    }
}

impl ClearSpans for Query {
    fn clear_spans(&mut self) {
        self.clauses.clear_spans();
        self.return_clause.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for Clause {
    fn clear_spans(&mut self) {
        match self {
            Clause::Match(m) => {
                m.patterns.clear_spans();
                m.where_clause.clear_spans();
                m.span.clear_spans();
            }
            Clause::Unwind(u) => {
                u.list.clear_spans();
                u.variable.clear_spans();
                u.span.clear_spans();
            }
            Clause::With(w) => {
                w.projection.clear_spans();
                w.where_clause.clear_spans();
                w.span.clear_spans();
            }
        }
    }
}

impl ClearSpans for Return {
    fn clear_spans(&mut self) {
        self.projection.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for Projection {
    fn clear_spans(&mut self) {
        self.items.clear_spans();
        self.order_by.clear_spans();
        self.skip.clear_spans();
        self.limit.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for ProjectionItem {
    fn clear_spans(&mut self) {
        self.expr.clear_spans();
        self.alias.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for SortItem {
    fn clear_spans(&mut self) {
        self.expr.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for RowCount {
    fn clear_spans(&mut self) {
        match self {
            RowCount::Integer { span, .. } | RowCount::Parameter { span, .. } => {
                span.clear_spans();
            }
        }
    }
}

impl ClearSpans for Pattern {
    fn clear_spans(&mut self) {
        self.start.clear_spans();
        for step in &mut self.steps {
            step.relationship.clear_spans();
            step.node.clear_spans();
        }
        self.span.clear_spans();
    }
}

impl ClearSpans for NodePattern {
    fn clear_spans(&mut self) {
        self.variable.clear_spans();
        self.labels.clear_spans();
        self.properties.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for RelationshipPattern {
    fn clear_spans(&mut self) {
        self.variable.clear_spans();
        self.types.clear_spans();
        if let Some(length) = &mut self.length {
            length.span.clear_spans();
        }
        self.properties.clear_spans();
        self.span.clear_spans();
    }
}

impl ClearSpans for MapEntry {
    fn clear_spans(&mut self) {
        self.key.clear_spans();
        self.value.clear_spans();
    }
}

impl ClearSpans for Expr {
    fn clear_spans(&mut self) {
        self.span.clear_spans();
        match &mut self.kind {
            ExprKind::Literal(_)
            | ExprKind::Parameter(_)
            | ExprKind::Variable(_)
            | ExprKind::CountStar => {}
            ExprKind::List(items) => items.clear_spans(),
            ExprKind::Map(entries) => entries.clear_spans(),
            ExprKind::Property { subject, key } => {
                subject.clear_spans();
                key.clear_spans();
            }
            ExprKind::Index { subject, index } => {
                subject.clear_spans();
                index.clear_spans();
            }
            ExprKind::HasLabel { subject, labels } => {
                subject.clear_spans();
                labels.clear_spans();
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::IsNull { operand, .. }
            | ExprKind::Aggregate {
                argument: operand, ..
            } => operand.clear_spans(),
            ExprKind::Binary { left, right, .. } => {
                left.clear_spans();
                right.clear_spans();
            }
            ExprKind::Function { name, args } => {
                name.clear_spans();
                args.clear_spans();
            }
            ExprKind::Pattern(pattern) => pattern.clear_spans(),
        }
    }
}
