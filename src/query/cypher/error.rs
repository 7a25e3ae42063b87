//! What can be wrong with a query's text, and where.

use std::fmt;

use super::ast::{Position, Span};

/// The line of the query an error is on, with a caret under the column:
/// what an error's `Display` prints after its message.
///
/// Long lines are cut to a window around the column, marked with `…`,
/// so an error in a megabyte-long one-line query prints a short excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Excerpt {
    line: String,
    caret: String,
}

/// Characters kept on each side of the column in an excerpt.
const EXCERPT_HALF_WIDTH: usize = 60;

impl Excerpt {
    /// The excerpt of `source` at `position` (from [`Position::of_offset`]
    /// on the same text).
    pub fn new(source: &str, position: Position) -> Excerpt {
        let offset = position.offset.min(source.len());
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        // A `\r` (of a `\r\n` line end, or anywhere) is a character of the
        // line like any other: the column counts it, the excerpt shows it
        // as a space.
        let text = &source[line_start..line_end];
        let column = position.column.saturating_sub(1);
        let first = column.saturating_sub(EXCERPT_HALF_WIDTH);
        let total = text.chars().count();
        let last = column
            .saturating_add(EXCERPT_HALF_WIDTH)
            .min(total)
            .max(first);
        let mut line = String::new();
        let mut caret = String::new();
        if first > 0 {
            line.push('…');
            caret.push(' ');
        }
        for (i, c) in text.chars().enumerate().skip(first).take(last - first) {
            // Control characters would garble the terminal; tabs are kept
            // in both lines so the caret stays under the column.
            let shown = if c != '\t' && c.is_control() { ' ' } else { c };
            line.push(shown);
            if i < column {
                caret.push(if c == '\t' { '\t' } else { ' ' });
            }
        }
        if last < total {
            line.push('…');
        }
        caret.push('^');
        Excerpt { line, caret }
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "  {}\n  {}", self.line, self.caret)
    }
}

/// Why a query could not be read.
///
/// Each variant that points into the text carries its [`Position`] and an
/// [`Excerpt`]; `Display` prints the message, then the line with a caret
/// under the column:
///
/// ```text
/// syntax error at line 1, column 32: expected `,` or `}`, found `RETURN`
///   MATCH (a:ArmedGroup {name: 'x' RETURN a
///                                  ^
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CypherError {
    /// The text does not follow the grammar: what was found where
    /// something else was expected.
    #[error("syntax error at {at}: expected {expected}, found {found}\n{excerpt}")]
    Syntax {
        /// Where.
        at: Position,
        /// What the parser could have read there, such as ``"`)`"`` or
        /// `"an expression"`.
        expected: String,
        /// What is there: the token in backquotes, or `end of input`.
        found: String,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// Well-formed Cypher that geokg does not read: writes (`CREATE`,
    /// `MERGE`, `SET`, …), `UNION`, named paths, and the other features the
    /// module documentation lists.
    #[error("{feature} is not supported: {reason} (at {at})\n{excerpt}")]
    Unsupported {
        /// Where.
        at: Position,
        /// The feature, such as ``"`CREATE`"``.
        feature: String,
        /// Why, or what to write instead.
        reason: String,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// A token that follows the grammar but cannot stand: an integer out
    /// of range, an unknown escape in a string, `DISTINCT` in a function
    /// that is not an aggregate, a variable-length range whose upper bound
    /// is below its lower one.
    #[error("invalid query at {at}: {problem}\n{excerpt}")]
    Invalid {
        /// Where.
        at: Position,
        /// What is wrong, and what was expected.
        problem: String,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// Expressions nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH)
    /// levels. Parentheses, lists, maps, calls, operators and property
    /// accesses each count as a level.
    #[error(
        "the query nests too deeply at {at}: more than {limit} levels of parentheses, lists, maps, calls and operators; expected a flatter expression (a long chain of `OR`s can be an `IN [...]`)\n{excerpt}"
    )]
    TooDeep {
        /// Where the limit was passed.
        at: Position,
        /// The limit.
        limit: usize,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// A query that does not fit the graph's schema: an unknown label,
    /// relationship type, property or function (with the closest name
    /// that exists), a relationship type the kind table forbids between
    /// those labels, or a variable used as what it is not.
    #[error("schema error at {at}: {problem}\n{excerpt}")]
    Schema {
        /// Where.
        at: Position,
        /// What is wrong, and what was expected.
        problem: String,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// A query that went wrong while it ran: an operator or function given
    /// values of the wrong type, an integer overflow, a division by zero.
    #[error("query error at {at}: {problem}\n{excerpt}")]
    Runtime {
        /// The expression that failed.
        at: Position,
        /// What is wrong, and what was expected.
        problem: String,
        /// The line, with a caret under the column.
        excerpt: Excerpt,
    },
    /// A parameter the query uses that is missing, or of the wrong type.
    #[error("parameter `${name}`: {problem}")]
    Parameter {
        /// Its name, without the `$`.
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// A query that did more steps of work (rows, relationships followed,
    /// list elements unwound) than its budget allows
    /// ([`Prepared::budget`](super::Prepared::budget)).
    #[error(
        "the query did more than {limit} steps of work; expected a more selective query (an anchor by id or name, a bound on `*`) or a larger budget"
    )]
    TooMuchWork {
        /// The budget.
        limit: u64,
    },
    /// A query longer than [`MAX_QUERY_BYTES`](super::MAX_QUERY_BYTES).
    #[error("the query is {length} bytes long; expected at most {limit}")]
    TooLong {
        /// The query's length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
}

impl CypherError {
    /// Where in the text the problem is (`None` for a query too long to
    /// read at all).
    pub fn position(&self) -> Option<Position> {
        match self {
            CypherError::Syntax { at, .. }
            | CypherError::Unsupported { at, .. }
            | CypherError::Invalid { at, .. }
            | CypherError::TooDeep { at, .. }
            | CypherError::Schema { at, .. }
            | CypherError::Runtime { at, .. } => Some(*at),
            CypherError::TooLong { .. }
            | CypherError::Parameter { .. }
            | CypherError::TooMuchWork { .. } => None,
        }
    }

    pub(super) fn syntax(source: &str, span: Span, expected: &str, found: String) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::Syntax {
            at,
            expected: expected.to_owned(),
            found,
            excerpt: Excerpt::new(source, at),
        }
    }

    pub(super) fn unsupported(
        source: &str,
        span: Span,
        feature: &str,
        reason: &str,
    ) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::Unsupported {
            at,
            feature: feature.to_owned(),
            reason: reason.to_owned(),
            excerpt: Excerpt::new(source, at),
        }
    }

    pub(super) fn invalid(source: &str, span: Span, problem: String) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::Invalid {
            at,
            problem,
            excerpt: Excerpt::new(source, at),
        }
    }

    pub(super) fn schema(source: &str, span: Span, problem: String) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::Schema {
            at,
            problem,
            excerpt: Excerpt::new(source, at),
        }
    }

    pub(super) fn runtime(source: &str, span: Span, problem: String) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::Runtime {
            at,
            problem,
            excerpt: Excerpt::new(source, at),
        }
    }

    pub(super) fn too_deep(source: &str, span: Span, limit: usize) -> CypherError {
        let at = Position::of_offset(source, span.start);
        CypherError::TooDeep {
            at,
            limit,
            excerpt: Excerpt::new(source, at),
        }
    }
}
