//! Canonical Cypher for a syntax tree: what `Display` prints.
//!
//! Keywords are in capitals, clauses one per line, operators spaced,
//! parentheses only where the tree needs them, names in backquotes only
//! where they need them. Parsing the printed text gives the same tree
//! (spans aside): the property tests check it.

use std::fmt::{self, Display, Formatter, Write};

use super::ast::*;
use super::lexer::{is_name_part, is_name_start};
use super::parser::is_reserved;

/// Whether `name` can be written without backquotes as a label, type,
/// key or function name.
fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_part)
}

/// Writes a name, in backquotes when it is not a plain word or is a
/// reserved one (safe in every position).
fn write_name(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    if is_plain(name) && !is_reserved(name) {
        f.write_str(name)
    } else {
        f.write_char('`')?;
        f.write_str(&name.replace('`', "``"))?;
        f.write_char('`')
    }
}

fn write_parameter(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    f.write_char('$')?;
    let digits = !name.is_empty() && name.chars().all(|c| c.is_ascii_digit());
    if is_plain(name) || digits {
        f.write_str(name)
    } else {
        write!(f, "`{}`", name.replace('`', "``"))
    }
}

fn write_list<T>(
    f: &mut Formatter<'_>,
    items: &[T],
    mut write: impl FnMut(&mut Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write(f, item)?;
    }
    Ok(())
}

fn write_alternatives(f: &mut Formatter<'_>, names: &[Ident]) -> fmt::Result {
    for (i, name) in names.iter().enumerate() {
        f.write_char(if i == 0 { ':' } else { '|' })?;
        write_name(f, &name.name)?;
    }
    Ok(())
}

fn write_map(f: &mut Formatter<'_>, entries: &[MapEntry]) -> fmt::Result {
    f.write_char('{')?;
    write_list(f, entries, |f, e| e.fmt(f))?;
    f.write_char('}')
}

impl Display for Ident {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_name(f, &self.name)
    }
}

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for clause in &self.clauses {
            writeln!(f, "{clause}")?;
        }
        self.return_clause.fmt(f)
    }
}

impl Display for Clause {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Match(m) => m.fmt(f),
            Clause::Unwind(u) => u.fmt(f),
            Clause::With(w) => w.fmt(f),
        }
    }
}

fn write_where(f: &mut Formatter<'_>, predicate: &Option<Expr>) -> fmt::Result {
    match predicate {
        Some(p) => write!(f, " WHERE {p}"),
        None => Ok(()),
    }
}

impl Display for Match {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.optional {
            f.write_str("OPTIONAL ")?;
        }
        f.write_str("MATCH ")?;
        write_list(f, &self.patterns, |f, p| p.fmt(f))?;
        write_where(f, &self.where_clause)
    }
}

impl Display for Unwind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "UNWIND {} AS {}", self.list, self.variable)
    }
}

impl Display for With {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "WITH {}", self.projection)?;
        write_where(f, &self.where_clause)
    }
}

impl Display for Return {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "RETURN {}", self.projection)
    }
}

impl Display for Projection {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.distinct {
            f.write_str("DISTINCT ")?;
        }
        if self.star {
            f.write_char('*')?;
            if !self.items.is_empty() {
                f.write_str(", ")?;
            }
        }
        write_list(f, &self.items, |f, i| i.fmt(f))?;
        if !self.order_by.is_empty() {
            f.write_str(" ORDER BY ")?;
            write_list(f, &self.order_by, |f, s| s.fmt(f))?;
        }
        if let Some(skip) = &self.skip {
            write!(f, " SKIP {skip}")?;
        }
        if let Some(limit) = &self.limit {
            write!(f, " LIMIT {limit}")?;
        }
        Ok(())
    }
}

impl Display for ProjectionItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)?;
        match &self.alias {
            Some(alias) => write!(f, " AS {alias}"),
            None => Ok(()),
        }
    }
}

impl Display for SortItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)?;
        match self.order {
            SortOrder::Ascending => Ok(()),
            SortOrder::Descending => f.write_str(" DESC"),
        }
    }
}

impl Display for RowCount {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            RowCount::Integer { value, .. } => write!(f, "{value}"),
            RowCount::Parameter { name, .. } => write_parameter(f, name),
        }
    }
}

impl Display for Pattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.start.fmt(f)?;
        for step in &self.steps {
            write!(f, "{}{}", step.relationship, step.node)?;
        }
        Ok(())
    }
}

impl Display for NodePattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('(')?;
        if let Some(variable) = &self.variable {
            variable.fmt(f)?;
        }
        write_alternatives(f, &self.labels)?;
        if !self.properties.is_empty() {
            if self.variable.is_some() || !self.labels.is_empty() {
                f.write_char(' ')?;
            }
            write_map(f, &self.properties)?;
        }
        f.write_char(')')
    }
}

impl Display for RelationshipPattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self.direction {
            Direction::Incoming => "<-",
            Direction::Outgoing | Direction::Either => "-",
        })?;
        let detailed = self.variable.is_some()
            || !self.types.is_empty()
            || self.length.is_some()
            || !self.properties.is_empty();
        if detailed {
            f.write_char('[')?;
            if let Some(variable) = &self.variable {
                variable.fmt(f)?;
            }
            write_alternatives(f, &self.types)?;
            if let Some(length) = &self.length {
                length.fmt(f)?;
            }
            if !self.properties.is_empty() {
                if self.variable.is_some() || !self.types.is_empty() || self.length.is_some() {
                    f.write_char(' ')?;
                }
                write_map(f, &self.properties)?;
            }
            f.write_char(']')?;
        }
        f.write_str(match self.direction {
            Direction::Outgoing => "->",
            Direction::Incoming | Direction::Either => "-",
        })
    }
}

impl Display for Length {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('*')?;
        match (self.min, self.max) {
            (None, None) => Ok(()),
            (Some(min), Some(max)) if min == max => write!(f, "{min}"),
            (min, max) => {
                if let Some(min) = min {
                    write!(f, "{min}")?;
                }
                f.write_str("..")?;
                if let Some(max) = max {
                    write!(f, "{max}")?;
                }
                Ok(())
            }
        }
    }
}

impl Display for MapEntry {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.value)
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Boolean(b) => write!(f, "{b}"),
            Literal::Integer(n) => write!(f, "{n}"),
            // `{:?}` always writes a `.` or an exponent, so the text reads
            // back as a float, and the shortest digits that round-trip.
            Literal::Float(x) => write!(f, "{x:?}"),
            Literal::String(s) => write_string(f, s),
        }
    }
}

fn write_string(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\'' => f.write_str("\\'")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if c.is_control() => match u16::try_from(u32::from(c)) {
                Ok(unit) => write!(f, "\\u{unit:04X}")?,
                Err(_) => write!(f, "\\U{:08X}", u32::from(c))?,
            },
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

impl Display for UnaryOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnaryOp::Not => "NOT",
            UnaryOp::Negate => "-",
            UnaryOp::Plus => "+",
        })
    }
}

impl Display for BinaryOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl Display for AggregateFunction {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_expr(f, self, 0)
    }
}

fn is_negative_number(e: &Expr) -> bool {
    match e.kind {
        ExprKind::Literal(Literal::Integer(n)) => n < 0,
        ExprKind::Literal(Literal::Float(x)) => x.is_sign_negative(),
        _ => false,
    }
}

fn is_number(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Literal(Literal::Integer(_) | Literal::Float(_))
    )
}

/// How tightly an expression holds together when printed: it needs
/// parentheses where its context asks for more.
fn binding(e: &Expr) -> u8 {
    match &e.kind {
        // A leading `-` makes it a unary expression to the parser.
        ExprKind::Literal(_) if is_negative_number(e) => prec::UNARY,
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::List(_)
        | ExprKind::Map(_)
        | ExprKind::Function { .. }
        | ExprKind::Aggregate { .. }
        | ExprKind::CountStar => prec::ATOM,
        // Bare only where a keyword or the end follows it, so a following
        // `-` or `<` can never be read as another step of the pattern.
        ExprKind::Pattern(_) => prec::NOT,
        ExprKind::Property { .. } | ExprKind::Index { .. } => prec::POSTFIX,
        ExprKind::HasLabel { .. } => prec::LABEL,
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => prec::NOT,
        ExprKind::Unary { .. } => prec::UNARY,
        ExprKind::Binary { op, .. } => op.precedence(),
        ExprKind::IsNull { .. } => prec::PREDICATE,
    }
}

fn write_expr(f: &mut Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if binding(e) < min {
        f.write_char('(')?;
        write_bare(f, e)?;
        f.write_char(')')
    } else {
        write_bare(f, e)
    }
}

fn write_bare(f: &mut Formatter<'_>, e: &Expr) -> fmt::Result {
    match &e.kind {
        ExprKind::Literal(literal) => literal.fmt(f),
        ExprKind::Parameter(name) => write_parameter(f, name),
        ExprKind::Variable(name) => write_name(f, name),
        ExprKind::List(items) => {
            f.write_char('[')?;
            write_list(f, items, |f, e| write_expr(f, e, 0))?;
            f.write_char(']')
        }
        ExprKind::Map(entries) => write_map(f, entries),
        ExprKind::Property { subject, key } => {
            write_expr(f, subject, prec::POSTFIX)?;
            write!(f, ".{key}")
        }
        ExprKind::Index { subject, index } => {
            write_expr(f, subject, prec::POSTFIX)?;
            f.write_char('[')?;
            write_expr(f, index, 0)?;
            f.write_char(']')
        }
        ExprKind::HasLabel { subject, labels } => {
            write_expr(f, subject, prec::POSTFIX)?;
            write_alternatives(f, labels)
        }
        ExprKind::Unary { op, operand } => match op {
            UnaryOp::Not => {
                f.write_str("NOT ")?;
                write_expr(f, operand, prec::NOT)
            }
            UnaryOp::Negate | UnaryOp::Plus => {
                op.fmt(f)?;
                // `-5` reads back as the literal -5, not as `-` applied
                // to 5: keep the tree with parentheses.
                if *op == UnaryOp::Negate && is_number(operand) && !is_negative_number(operand) {
                    write!(f, "({operand})")
                } else {
                    write_expr(f, operand, prec::UNARY)
                }
            }
        },
        ExprKind::Binary { op, left, right } => {
            let p = op.precedence();
            // Comparisons do not chain: a comparison on the left needs
            // parentheses. Every other operator is left-associative.
            let left_min = if op.is_comparison() { p + 1 } else { p };
            write_expr(f, left, left_min)?;
            write!(f, " {} ", op.symbol())?;
            write_expr(f, right, p + 1)
        }
        ExprKind::IsNull { operand, negated } => {
            write_expr(f, operand, prec::PREDICATE)?;
            f.write_str(if *negated { " IS NOT NULL" } else { " IS NULL" })
        }
        ExprKind::Function { name, args } => {
            write!(f, "{name}(")?;
            write_list(f, args, |f, e| write_expr(f, e, 0))?;
            f.write_char(')')
        }
        ExprKind::Aggregate {
            function,
            distinct,
            argument,
        } => {
            write!(f, "{function}(")?;
            if *distinct {
                f.write_str("DISTINCT ")?;
            }
            write_expr(f, argument, 0)?;
            f.write_char(')')
        }
        ExprKind::CountStar => f.write_str("count(*)"),
        ExprKind::Pattern(pattern) => pattern.fmt(f),
    }
}
