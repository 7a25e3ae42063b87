//! A recursive-descent parser over the lexer's tokens, with precedence
//! climbing for expressions.
//!
//! Recursion is bounded: every nested expression, every operator applied
//! and every property access counts one level against
//! [`MAX_DEPTH`], so neither parsing nor dropping, printing or walking
//! the tree can exhaust the stack.

use super::ast::*;
use super::error::CypherError;
use super::lexer::{Token, TokenKind, tokenize, truncate};
use super::{MAX_DEPTH, MAX_QUERY_BYTES};

type Result<T> = std::result::Result<T, Box<CypherError>>;

/// Words that cannot be an unquoted variable (they can be a label, type or
/// property key). The printer puts every name among them in backquotes.
const RESERVED: &[&str] = &[
    "ADD",
    "ALL",
    "AND",
    "AS",
    "ASC",
    "ASCENDING",
    "BY",
    "CASE",
    "CONSTRAINT",
    "CONTAINS",
    "CREATE",
    "DELETE",
    "DESC",
    "DESCENDING",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "ELSE",
    "END",
    "ENDS",
    "EXISTS",
    "FALSE",
    "FOR",
    "IN",
    "IS",
    "LIMIT",
    "MANDATORY",
    "MATCH",
    "MERGE",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OPTIONAL",
    "OR",
    "ORDER",
    "REMOVE",
    "REQUIRE",
    "RETURN",
    "SCALAR",
    "SET",
    "SKIP",
    "STARTS",
    "THEN",
    "TRUE",
    "UNION",
    "UNIQUE",
    "UNWIND",
    "WHEN",
    "WHERE",
    "WITH",
    "XOR",
];

/// Whether `word` is reserved, in any case.
pub(super) fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Clause keywords of openCypher that write or call procedures, with the
/// reason each is refused.
const REFUSED_CLAUSES: &[(&str, &str)] = &[
    ("CREATE", "geokg's Cypher is read-only"),
    ("MERGE", "geokg's Cypher is read-only"),
    ("SET", "geokg's Cypher is read-only"),
    ("DELETE", "geokg's Cypher is read-only"),
    ("DETACH", "geokg's Cypher is read-only"),
    ("REMOVE", "geokg's Cypher is read-only"),
    ("FOREACH", "geokg's Cypher is read-only"),
    (
        "LOAD",
        "geokg's Cypher is read-only and reads only the graph",
    ),
    (
        "CALL",
        "geokg's Cypher is read-only and has no procedures or subqueries",
    ),
    ("UNION", "write each query separately"),
];

const CLAUSES: &str = "a clause (`MATCH`, `OPTIONAL MATCH`, `UNWIND`, `WITH` or `RETURN`)";

/// Parses `source` into a query.
pub(super) fn parse(source: &str) -> std::result::Result<Query, CypherError> {
    if source.len() > MAX_QUERY_BYTES {
        return Err(CypherError::TooLong {
            length: source.len(),
            limit: MAX_QUERY_BYTES,
        });
    }
    let tokens = tokenize(source);
    let closing = match_brackets(&tokens);
    let mut parser = Parser {
        source,
        tokens,
        closing,
        pos: 0,
        depth: 0,
    };
    parser.query().map_err(|e| *e)
}

/// For each opening bracket, the index of its closing partner (of the same
/// kind, at the same nesting), or `usize::MAX`.
fn match_brackets(tokens: &[Token]) -> Vec<usize> {
    let mut closing = vec![usize::MAX; tokens.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.kind.is_open() {
            open.push(i);
        } else if token.kind.is_close() {
            let Some(&top) = open.last() else { continue };
            let pair = matches!(
                (&tokens[top].kind, &token.kind),
                (TokenKind::LParen, TokenKind::RParen)
                    | (TokenKind::LBracket, TokenKind::RBracket)
                    | (TokenKind::LBrace, TokenKind::RBrace)
            );
            if pair {
                open.pop();
                closing[top] = i;
            } else {
                // A mismatch: nothing after it pairs reliably; the parser
                // reports the mismatch where it meets it.
                break;
            }
        }
    }
    closing
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    closing: Vec<usize>,
    pos: usize,
    depth: usize,
}

/// The clause a projection belongs to (`WITH` names every item).
enum ProjectionOf {
    With,
    Return,
}

impl Parser<'_> {
    // ----- tokens -----

    /// The token at `i`, or the final `Eof` past the end.
    fn token(&self, i: usize) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[i.min(last)]
    }

    fn kind_at(&self, i: usize) -> &TokenKind {
        &self.token(i).kind
    }

    fn peek(&self) -> &TokenKind {
        self.kind_at(self.pos)
    }

    fn span(&self) -> Span {
        self.token(self.pos).span
    }

    /// The end of the last token consumed.
    fn last_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.token(self.pos - 1).span.end
        }
    }

    fn advance(&mut self) -> Span {
        let span = self.span();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        span
    }

    fn at(&self, kind: &TokenKind) -> bool {
        self.peek() == kind
    }

    fn eat(&mut self, kind: &TokenKind) -> Option<Span> {
        if self.at(kind) {
            Some(self.advance())
        } else {
            None
        }
    }

    fn expect(&mut self, kind: &TokenKind, expected: &str) -> Result<Span> {
        match self.eat(kind) {
            Some(span) => Ok(span),
            None => Err(self.error_expected(expected)),
        }
    }

    /// The text of the word at `i`, if it is one.
    fn word_at(&self, i: usize) -> Option<&str> {
        let token = self.token(i);
        match token.kind {
            TokenKind::Word => Some(token.span.text(self.source)),
            _ => None,
        }
    }

    fn keyword_at(&self, i: usize, keyword: &str) -> bool {
        self.word_at(i)
            .is_some_and(|w| w.eq_ignore_ascii_case(keyword))
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        self.keyword_at(self.pos, keyword)
    }

    fn eat_keyword(&mut self, keyword: &str) -> Option<Span> {
        if self.at_keyword(keyword) {
            Some(self.advance())
        } else {
            None
        }
    }

    fn expect_keyword(&mut self, keyword: &str, expected: &str) -> Result<Span> {
        match self.eat_keyword(keyword) {
            Some(span) => Ok(span),
            None => Err(self.error_expected(expected)),
        }
    }

    // ----- errors -----

    /// A syntax error at the current token — or, if the current token is
    /// malformed, the lexer's error for it.
    fn error_expected(&self, expected: &str) -> Box<CypherError> {
        let token = self.token(self.pos);
        let found = match &token.kind {
            TokenKind::Error(error) => return error.clone(),
            TokenKind::Eof => "end of input".to_owned(),
            _ => format!("`{}`", truncate(token.span.text(self.source))),
        };
        Box::new(CypherError::syntax(
            self.source,
            token.span,
            expected,
            found,
        ))
    }

    fn unsupported(&self, span: Span, feature: &str, reason: &str) -> Box<CypherError> {
        Box::new(CypherError::unsupported(self.source, span, feature, reason))
    }

    fn invalid(&self, span: Span, problem: String) -> Box<CypherError> {
        Box::new(CypherError::invalid(self.source, span, problem))
    }

    /// If the current token starts a clause geokg refuses, its error.
    fn refused_clause(&self) -> Option<Box<CypherError>> {
        let word = self.word_at(self.pos)?;
        let (keyword, reason) = REFUSED_CLAUSES
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(word))?;
        let feature = match *keyword {
            "LOAD" if self.keyword_at(self.pos + 1, "CSV") => "`LOAD CSV`".to_owned(),
            "DETACH" if self.keyword_at(self.pos + 1, "DELETE") => "`DETACH DELETE`".to_owned(),
            k => format!("`{k}`"),
        };
        Some(self.unsupported(self.span(), &feature, reason))
    }

    /// One more level of nesting, refused past [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Box::new(CypherError::too_deep(
                self.source,
                self.span(),
                MAX_DEPTH,
            )));
        }
        Ok(())
    }

    fn leave(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    // ----- clauses -----

    fn query(&mut self) -> Result<Query> {
        let start = self.span().start;
        let mut clauses = Vec::new();
        // What could have continued the previous clause, for the message
        // when no clause follows it.
        let mut continuation: Vec<&str> = Vec::new();
        let return_clause = loop {
            if self.at_keyword("MATCH") || self.at_keyword("OPTIONAL") {
                let m = self.match_clause()?;
                continuation = if m.where_clause.is_none() {
                    vec!["`,`", "a relationship", "`WHERE`"]
                } else {
                    Vec::new()
                };
                clauses.push(Clause::Match(m));
            } else if self.at_keyword("UNWIND") {
                clauses.push(Clause::Unwind(self.unwind_clause()?));
                continuation.clear();
            } else if self.at_keyword("WITH") {
                let w = self.with_clause()?;
                continuation = if w.where_clause.is_none() {
                    let mut parts = projection_continuations(&w.projection);
                    parts.push("`WHERE`");
                    parts
                } else {
                    Vec::new()
                };
                clauses.push(Clause::With(w));
            } else if self.at_keyword("RETURN") {
                break self.return_clause()?;
            } else if let Some(error) = self.refused_clause() {
                return Err(error);
            } else {
                continuation.push(CLAUSES);
                return Err(self.error_expected(&one_of(&continuation)));
            }
        };
        let end = self.last_end();
        let semicolon = self.eat(&TokenKind::Semicolon).is_some();
        if !self.at(&TokenKind::Eof) {
            if let Some(error) = self.refused_clause() {
                return Err(error);
            }
            let mut expected = if semicolon {
                Vec::new()
            } else {
                projection_continuations(&return_clause.projection)
            };
            expected.push("the end of the query (`RETURN` is the last clause)");
            return Err(self.error_expected(&one_of(&expected)));
        }
        Ok(Query {
            clauses,
            return_clause,
            span: Span::new(start, end),
        })
    }

    fn match_clause(&mut self) -> Result<Match> {
        let start = self.span().start;
        let optional = self.eat_keyword("OPTIONAL").is_some();
        self.expect_keyword("MATCH", "`MATCH` after `OPTIONAL`")?;
        let mut patterns = vec![self.pattern(false)?];
        while self.eat(&TokenKind::Comma).is_some() {
            patterns.push(self.pattern(false)?);
        }
        let where_clause = self.where_clause()?;
        Ok(Match {
            optional,
            patterns,
            where_clause,
            span: Span::new(start, self.last_end()),
        })
    }

    fn where_clause(&mut self) -> Result<Option<Expr>> {
        if self.eat_keyword("WHERE").is_some() {
            Ok(Some(self.expr()?))
        } else {
            Ok(None)
        }
    }

    fn unwind_clause(&mut self) -> Result<Unwind> {
        let start = self.advance().start;
        let list = self.expr()?;
        self.expect_keyword("AS", "`AS` and a variable after `UNWIND`'s list")?;
        let variable = self.variable()?;
        Ok(Unwind {
            list,
            variable,
            span: Span::new(start, self.last_end()),
        })
    }

    fn with_clause(&mut self) -> Result<With> {
        let start = self.advance().start;
        let projection = self.projection(ProjectionOf::With)?;
        let where_clause = self.where_clause()?;
        Ok(With {
            projection,
            where_clause,
            span: Span::new(start, self.last_end()),
        })
    }

    fn return_clause(&mut self) -> Result<Return> {
        let start = self.advance().start;
        let projection = self.projection(ProjectionOf::Return)?;
        Ok(Return {
            projection,
            span: Span::new(start, self.last_end()),
        })
    }

    fn projection(&mut self, of: ProjectionOf) -> Result<Projection> {
        let start = self.span().start;
        let distinct = self.eat_keyword("DISTINCT").is_some();
        let mut star = false;
        let mut items = Vec::new();
        if self.eat(&TokenKind::Star).is_some() {
            star = true;
            while self.eat(&TokenKind::Comma).is_some() {
                items.push(self.projection_item(&of)?);
            }
        } else {
            items.push(self.projection_item(&of)?);
            while self.eat(&TokenKind::Comma).is_some() {
                items.push(self.projection_item(&of)?);
            }
        }
        let mut order_by = Vec::new();
        if self.eat_keyword("ORDER").is_some() {
            self.expect_keyword("BY", "`BY` after `ORDER`")?;
            order_by.push(self.sort_item()?);
            while self.eat(&TokenKind::Comma).is_some() {
                order_by.push(self.sort_item()?);
            }
        }
        let skip = match self.eat_keyword("SKIP") {
            Some(_) => Some(self.row_count("SKIP")?),
            None => None,
        };
        let limit = match self.eat_keyword("LIMIT") {
            Some(_) => Some(self.row_count("LIMIT")?),
            None => None,
        };
        Ok(Projection {
            distinct,
            star,
            items,
            order_by,
            skip,
            limit,
            span: Span::new(start, self.last_end()),
        })
    }

    fn projection_item(&mut self, of: &ProjectionOf) -> Result<ProjectionItem> {
        let expr = self.expr()?;
        let alias = if self.eat_keyword("AS").is_some() {
            Some(self.variable()?)
        } else {
            None
        };
        if matches!(of, ProjectionOf::With)
            && alias.is_none()
            && !matches!(expr.kind, ExprKind::Variable(_))
        {
            return Err(self.invalid(
                expr.span,
                format!(
                    "`{}` in `WITH` has no name; expected `AS` and a name after it (only a variable may go unnamed)",
                    truncate(expr.span.text(self.source))
                ),
            ));
        }
        let span = Span::new(expr.span.start, self.last_end());
        Ok(ProjectionItem { expr, alias, span })
    }

    fn sort_item(&mut self) -> Result<SortItem> {
        let expr = self.expr()?;
        let order = if self.eat_keyword("DESC").is_some()
            || self.eat_keyword("DESCENDING").is_some()
        {
            SortOrder::Descending
        } else {
            let _ = self.eat_keyword("ASC").is_some() || self.eat_keyword("ASCENDING").is_some();
            SortOrder::Ascending
        };
        let span = Span::new(expr.span.start, self.last_end());
        Ok(SortItem { expr, order, span })
    }

    fn row_count(&mut self, keyword: &str) -> Result<RowCount> {
        let span = self.span();
        match self.peek().clone() {
            TokenKind::Integer(value) => {
                self.advance();
                Ok(RowCount::Integer { value, span })
            }
            TokenKind::Parameter(name) => {
                self.advance();
                Ok(RowCount::Parameter { name, span })
            }
            TokenKind::Minus if matches!(self.kind_at(self.pos + 1), TokenKind::Integer(_)) => {
                Err(self.invalid(
                    span,
                    format!("`{keyword}` is negative; expected zero or more rows"),
                ))
            }
            _ => Err(self.error_expected(&format!("an integer or a parameter after `{keyword}`"))),
        }
    }

    // ----- names -----

    /// A variable: an unquoted word that is not reserved, or a backquoted
    /// name.
    fn variable(&mut self) -> Result<Ident> {
        match self.variable_at(self.pos) {
            Some(name) => {
                let span = self.advance();
                Ok(Ident { name, span })
            }
            None => Err(self.error_expected("a variable")),
        }
    }

    fn variable_at(&self, i: usize) -> Option<String> {
        match self.kind_at(i) {
            TokenKind::Quoted(name) => Some(name.clone()),
            TokenKind::Word => {
                let word = self.word_at(i)?;
                (!is_reserved(word)).then(|| word.to_owned())
            }
            _ => None,
        }
    }

    /// A label, type or property key: any word, reserved or not, or a
    /// backquoted name.
    fn name(&mut self, expected: &str) -> Result<Ident> {
        let name = match self.peek() {
            TokenKind::Quoted(name) => name.clone(),
            TokenKind::Word => self.span().text(self.source).to_owned(),
            _ => return Err(self.error_expected(expected)),
        };
        let span = self.advance();
        Ok(Ident { name, span })
    }

    fn is_name_at(&self, i: usize) -> bool {
        matches!(self.kind_at(i), TokenKind::Word | TokenKind::Quoted(_))
    }

    /// Label or type alternatives after their first `:` (consumed):
    /// `A|B`, `A|:B`.
    fn alternatives(&mut self, what: &str) -> Result<Vec<Ident>> {
        let mut names = vec![self.name(what)?];
        while self.eat(&TokenKind::Pipe).is_some() {
            self.eat(&TokenKind::Colon);
            names.push(self.name(what)?);
        }
        Ok(names)
    }

    /// Node labels after the first `:` (consumed); `:A:B` is refused.
    fn labels(&mut self) -> Result<Vec<Ident>> {
        let labels = self.alternatives("a label")?;
        if self.at(&TokenKind::Colon) {
            return Err(self.unsupported(
                self.span(),
                "a second label (`:A:B`)",
                "a node has exactly one label, so `:A:B` never matches; for either label write `:A|B`",
            ));
        }
        Ok(labels)
    }

    // ----- patterns -----

    /// A path pattern. In an expression it ends where no further step
    /// follows; in `MATCH` a dash or arrow head always continues it.
    fn pattern(&mut self, in_expression: bool) -> Result<Pattern> {
        if !in_expression && self.variable_at(self.pos).is_some() && self.at_eq_after_name() {
            return Err(self.unsupported(
                self.span(),
                "a named path (`p = (…)`)",
                "bind the nodes and relationships you need to variables instead",
            ));
        }
        self.enter()?;
        let start = self.node_pattern()?;
        let mut steps = Vec::new();
        loop {
            let continues = if in_expression {
                self.relationship_shape_end(self.pos)
                    .is_some_and(|end| self.at_kind(end, &TokenKind::LParen))
            } else {
                matches!(self.peek(), TokenKind::Minus | TokenKind::Lt)
            };
            if !continues {
                break;
            }
            let relationship = self.relationship_pattern()?;
            let node = self.node_pattern()?;
            steps.push(PatternStep { relationship, node });
        }
        self.leave(1);
        let span = Span::new(start.span.start, self.last_end());
        Ok(Pattern { start, steps, span })
    }

    fn at_eq_after_name(&self) -> bool {
        matches!(self.kind_at(self.pos + 1), TokenKind::Eq)
    }

    fn at_kind(&self, i: usize, kind: &TokenKind) -> bool {
        self.kind_at(i) == kind
    }

    fn node_pattern(&mut self) -> Result<NodePattern> {
        let start = self
            .expect(&TokenKind::LParen, "`(` to start a node pattern")?
            .start;
        let variable = if self.variable_at(self.pos).is_some() {
            Some(self.variable()?)
        } else {
            None
        };
        let labels = if self.eat(&TokenKind::Colon).is_some() {
            self.labels()?
        } else {
            Vec::new()
        };
        let properties = self.pattern_properties()?;
        let expected = match (&variable, labels.is_empty(), properties.is_empty()) {
            (_, _, false) => "`)`",
            (_, false, true) => "`|`, `{` or `)`",
            (Some(_), true, true) => "`:`, `{` or `)`",
            (None, true, true) => "a variable, `:`, `{` or `)`",
        };
        self.expect(&TokenKind::RParen, expected)?;
        Ok(NodePattern {
            variable,
            labels,
            properties,
            span: Span::new(start, self.last_end()),
        })
    }

    fn pattern_properties(&mut self) -> Result<Vec<MapEntry>> {
        match self.peek() {
            TokenKind::LBrace => self.map_entries(),
            TokenKind::Parameter(_) => Err(self.unsupported(
                self.span(),
                "a parameter as a property map",
                "write the properties out, `{name: $name}`",
            )),
            _ => Ok(Vec::new()),
        }
    }

    fn relationship_pattern(&mut self) -> Result<RelationshipPattern> {
        let start = self.span().start;
        let incoming = self.eat(&TokenKind::Lt).is_some();
        self.expect(
            &TokenKind::Minus,
            if incoming {
                "`-` after `<`"
            } else {
                "a relationship"
            },
        )?;
        let mut variable = None;
        let mut types = Vec::new();
        let mut length = None;
        let mut properties = Vec::new();
        if self.eat(&TokenKind::LBracket).is_some() {
            if self.variable_at(self.pos).is_some() {
                variable = Some(self.variable()?);
            }
            if self.eat(&TokenKind::Colon).is_some() {
                types = self.alternatives("a relationship type")?;
            }
            if self.at(&TokenKind::Star) {
                length = Some(self.length()?);
            }
            properties = self.pattern_properties()?;
            let expected = if !properties.is_empty() {
                "`]`"
            } else if length.is_some() {
                "`{` or `]`"
            } else if !types.is_empty() {
                "`|`, `*`, `{` or `]`"
            } else if variable.is_some() {
                "`:`, `*`, `{` or `]`"
            } else {
                "a variable, `:`, `*`, `{` or `]`"
            };
            self.expect(&TokenKind::RBracket, expected)?;
            self.expect(&TokenKind::Minus, "`-` after `]`")?;
        } else {
            self.expect(&TokenKind::Minus, "`[` or `-` to continue the relationship")?;
        }
        let outgoing = self.eat(&TokenKind::Gt).is_some();
        let direction = match (incoming, outgoing) {
            (false, true) => Direction::Outgoing,
            (true, false) => Direction::Incoming,
            _ => Direction::Either,
        };
        Ok(RelationshipPattern {
            variable,
            types,
            direction,
            length,
            properties,
            span: Span::new(start, self.last_end()),
        })
    }

    /// `*`, `*n`, `*n..`, `*..m`, `*n..m`.
    fn length(&mut self) -> Result<Length> {
        let start = self.advance().start;
        let min = self.bound()?;
        let (min, max) = if self.eat(&TokenKind::DotDot).is_some() {
            (min, self.bound()?)
        } else {
            (min, min)
        };
        let span = Span::new(start, self.last_end());
        if let (Some(lo), Some(hi)) = (min, max)
            && hi < lo
        {
            return Err(self.invalid(
                span,
                format!(
                    "the length `*{lo}..{hi}` has its upper bound below its lower one; expected `*{hi}..{lo}`"
                ),
            ));
        }
        Ok(Length { min, max, span })
    }

    fn bound(&mut self) -> Result<Option<u64>> {
        match self.peek() {
            &TokenKind::Integer(n) => {
                self.advance();
                Ok(Some(n))
            }
            TokenKind::Minus => Err(self.invalid(
                self.span(),
                "a relationship length is negative; expected zero or more".to_owned(),
            )),
            _ => Ok(None),
        }
    }

    /// Whether a pattern starts at token `i`: a node, a relationship, and
    /// the `(` of the next node. Decides between `(a)-[:T]->(b)` and a
    /// parenthesised expression without backtracking.
    fn looks_like_pattern(&self, i: usize) -> bool {
        self.node_shape_end(i)
            .and_then(|j| self.relationship_shape_end(j))
            .is_some_and(|k| self.at_kind(k, &TokenKind::LParen))
    }

    /// The index after a node pattern's `)` if tokens from `i` have its
    /// shape: `(` [variable] [`:`name {`|` [`:`] name}] [`{`…`}`] `)`.
    fn node_shape_end(&self, i: usize) -> Option<usize> {
        if !self.at_kind(i, &TokenKind::LParen) {
            return None;
        }
        let mut j = i + 1;
        if self.variable_at(j).is_some() {
            j += 1;
        }
        if self.at_kind(j, &TokenKind::Colon) {
            j += 1;
            loop {
                if !self.is_name_at(j) {
                    return None;
                }
                j += 1;
                match self.kind_at(j) {
                    TokenKind::Pipe | TokenKind::Colon => {
                        j += 1;
                        if self.at_kind(j, &TokenKind::Colon) {
                            j += 1;
                        }
                    }
                    _ => break,
                }
            }
        }
        if self.at_kind(j, &TokenKind::LBrace) {
            j = self.closing.get(j).copied().filter(|&c| c != usize::MAX)? + 1;
        }
        self.at_kind(j, &TokenKind::RParen).then_some(j + 1)
    }

    /// The index after a relationship pattern starting at `i`, if the
    /// tokens have its shape: [`<`] `-` [`[`…`]`] `-` [`>`].
    fn relationship_shape_end(&self, i: usize) -> Option<usize> {
        let mut j = i;
        if self.at_kind(j, &TokenKind::Lt) {
            j += 1;
        }
        if !self.at_kind(j, &TokenKind::Minus) {
            return None;
        }
        j += 1;
        if self.at_kind(j, &TokenKind::LBracket) {
            j = self.detail_shape_end(j + 1)? + 1;
        }
        if !self.at_kind(j, &TokenKind::Minus) {
            return None;
        }
        j += 1;
        if self.at_kind(j, &TokenKind::Gt) {
            j += 1;
        }
        Some(j)
    }

    /// The index of the `]` closing a relationship's brackets, if the
    /// tokens from `i` have their shape: [variable] [`:`type {`|` [`:`]
    /// type}] [`*` [n] [`..` [m]]] [`{`…`}`] `]`. Tells `(a)-[r]->(b)`
    /// from `(a) - [1] - (b)`.
    fn detail_shape_end(&self, i: usize) -> Option<usize> {
        let mut j = i;
        if self.variable_at(j).is_some() {
            j += 1;
        }
        if self.at_kind(j, &TokenKind::Colon) {
            j += 1;
            loop {
                if !self.is_name_at(j) {
                    return None;
                }
                j += 1;
                if !self.at_kind(j, &TokenKind::Pipe) {
                    break;
                }
                j += 1;
                if self.at_kind(j, &TokenKind::Colon) {
                    j += 1;
                }
            }
        }
        if self.at_kind(j, &TokenKind::Star) {
            j += 1;
            if matches!(self.kind_at(j), TokenKind::Integer(_)) {
                j += 1;
            }
            if self.at_kind(j, &TokenKind::DotDot) {
                j += 1;
                if matches!(self.kind_at(j), TokenKind::Integer(_)) {
                    j += 1;
                }
            }
        }
        if self.at_kind(j, &TokenKind::LBrace) {
            j = self.closing.get(j).copied().filter(|&c| c != usize::MAX)? + 1;
        }
        self.at_kind(j, &TokenKind::RBracket).then_some(j)
    }

    // ----- expressions -----
    //
    // The functions on the recursive path (expr_bp, apply, prefix,
    // postfix, atom, parenthesised, …) keep few locals and leave error
    // messages to cold helpers, so that a level of nesting costs little
    // stack even in a debug build.

    fn expr(&mut self) -> Result<Expr> {
        self.expr_bp(0)
    }

    /// An expression whose operators all bind at least as tightly as
    /// `min` (precedence climbing).
    fn expr_bp(&mut self, min: u8) -> Result<Expr> {
        self.enter()?;
        let mut left = self.prefix(min)?;
        let mut applied = 0;
        let mut left_is_comparison = false;
        while let Some((infix, tokens)) = self.infix() {
            if infix.precedence() < min {
                break;
            }
            if left_is_comparison && infix.is_comparison() {
                return Err(self.chained_comparison());
            }
            for _ in 0..tokens {
                self.advance();
            }
            self.enter()?;
            applied += 1;
            left = self.apply(infix, left)?;
            left_is_comparison = infix.is_comparison();
        }
        self.leave(applied + 1);
        Ok(left)
    }

    /// `left` and the operator just read, with its right operand.
    fn apply(&mut self, infix: Infix, left: Expr) -> Result<Expr> {
        match infix {
            Infix::Binary(op) => {
                let right = self.expr_bp(op.precedence() + 1)?;
                Ok(binary(op, left, right))
            }
            Infix::IsNull { negated } => Ok(is_null(left, negated, self.last_end())),
        }
    }

    #[cold]
    fn chained_comparison(&self) -> Box<CypherError> {
        self.unsupported(
            self.span(),
            "a chain of comparisons (`a < b < c`)",
            "write each comparison separately, `a < b AND b < c`",
        )
    }

    /// The infix or postfix operator at the current token, and how many
    /// tokens it takes.
    fn infix(&self) -> Option<(Infix, usize)> {
        let binary = |op| Some((Infix::Binary(op), 1));
        match self.peek() {
            TokenKind::Eq => binary(BinaryOp::Eq),
            TokenKind::Ne => binary(BinaryOp::Ne),
            TokenKind::Lt => binary(BinaryOp::Lt),
            TokenKind::Le => binary(BinaryOp::Le),
            TokenKind::Gt => binary(BinaryOp::Gt),
            TokenKind::Ge => binary(BinaryOp::Ge),
            TokenKind::Plus => binary(BinaryOp::Add),
            TokenKind::Minus => binary(BinaryOp::Subtract),
            TokenKind::Star => binary(BinaryOp::Multiply),
            TokenKind::Slash => binary(BinaryOp::Divide),
            TokenKind::Percent => binary(BinaryOp::Modulo),
            TokenKind::Caret => binary(BinaryOp::Power),
            TokenKind::Word => {
                let word = self.word_at(self.pos)?;
                let is = |k: &str| word.eq_ignore_ascii_case(k);
                let next = |k: &str| self.keyword_at(self.pos + 1, k);
                if is("OR") {
                    binary(BinaryOp::Or)
                } else if is("XOR") {
                    binary(BinaryOp::Xor)
                } else if is("AND") {
                    binary(BinaryOp::And)
                } else if is("IN") {
                    binary(BinaryOp::In)
                } else if is("CONTAINS") {
                    binary(BinaryOp::Contains)
                } else if is("STARTS") && next("WITH") {
                    Some((Infix::Binary(BinaryOp::StartsWith), 2))
                } else if is("ENDS") && next("WITH") {
                    Some((Infix::Binary(BinaryOp::EndsWith), 2))
                } else if is("IS") && next("NULL") {
                    Some((Infix::IsNull { negated: false }, 2))
                } else if is("IS") && next("NOT") && self.keyword_at(self.pos + 2, "NULL") {
                    Some((Infix::IsNull { negated: true }, 3))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// `NOT`, unary `-` and `+`, or a postfix expression.
    fn prefix(&mut self, min: u8) -> Result<Expr> {
        if self.at_keyword("NOT") {
            return self.not(min);
        }
        match self.peek() {
            TokenKind::Minus => self.unary(UnaryOp::Negate),
            TokenKind::Plus => self.unary(UnaryOp::Plus),
            _ => self.postfix(),
        }
    }

    fn not(&mut self, min: u8) -> Result<Expr> {
        if min > prec::NOT {
            return Err(self.error_expected(
                "an expression (a `NOT` inside a comparison or arithmetic needs parentheses)",
            ));
        }
        let start = self.advance().start;
        let operand = self.expr_bp(prec::NOT)?;
        Ok(unary(UnaryOp::Not, start, operand))
    }

    fn unary(&mut self, op: UnaryOp) -> Result<Expr> {
        let start = self.advance().start;
        if op == UnaryOp::Negate
            && let Some(literal) = self.negative_number(start)?
        {
            return Ok(literal);
        }
        let operand = self.expr_bp(prec::UNARY)?;
        Ok(unary(op, start, operand))
    }

    /// After a unary `-` at `minus`: a number that nothing postfix follows
    /// becomes a negative literal, so that -9223372036854775808 can be
    /// written.
    fn negative_number(&mut self, minus: usize) -> Result<Option<Expr>> {
        let postfix_follows = matches!(
            self.kind_at(self.pos + 1),
            TokenKind::Dot | TokenKind::LBracket | TokenKind::Colon
        );
        if postfix_follows {
            return Ok(None);
        }
        let literal = match *self.peek() {
            TokenKind::Integer(n) => match 0i64.checked_sub_unsigned(n) {
                Some(value) => Literal::Integer(value),
                None => return Err(self.integer_out_of_range(minus, '-', n)),
            },
            TokenKind::Float(x) => Literal::Float(-x),
            _ => return Ok(None),
        };
        let end = self.advance().end;
        Ok(Some(Expr::new(
            ExprKind::Literal(literal),
            Span::new(minus, end),
        )))
    }

    #[cold]
    fn integer_out_of_range(&self, at: usize, sign: char, n: u64) -> Box<CypherError> {
        let (bound, limit) = if sign == '-' {
            ("small", "at least -9223372036854775808")
        } else {
            ("large", "at most 9223372036854775807")
        };
        let sign = if sign == '-' { "-" } else { "" };
        self.invalid(
            Span::new(at, at),
            format!("the integer `{sign}{n}` is too {bound}; expected {limit}"),
        )
    }

    /// An atom followed by property accesses and indexes, then at most one
    /// label test.
    fn postfix(&mut self) -> Result<Expr> {
        let mut subject = self.atom()?;
        let mut applied = 0;
        loop {
            subject = match self.peek() {
                TokenKind::Dot => self.property(subject)?,
                TokenKind::LBracket => self.index(subject)?,
                _ => break,
            };
            self.enter()?;
            applied += 1;
        }
        if self.at(&TokenKind::Colon) {
            subject = self.has_label(subject)?;
            self.enter()?;
            applied += 1;
        }
        self.leave(applied);
        Ok(subject)
    }

    fn property(&mut self, subject: Expr) -> Result<Expr> {
        self.advance();
        let key = self.name("a property name after `.`")?;
        let span = Span::new(subject.span.start, key.span.end);
        Ok(Expr::new(
            ExprKind::Property {
                subject: Box::new(subject),
                key,
            },
            span,
        ))
    }

    fn index(&mut self, subject: Expr) -> Result<Expr> {
        let bracket = self.advance();
        if self.at(&TokenKind::DotDot) {
            return Err(self.list_slice(bracket));
        }
        let index = self.expr()?;
        if self.at(&TokenKind::DotDot) {
            return Err(self.list_slice(bracket));
        }
        self.expect(&TokenKind::RBracket, "`]` to close the index")?;
        let span = Span::new(subject.span.start, self.last_end());
        Ok(Expr::new(
            ExprKind::Index {
                subject: Box::new(subject),
                index: Box::new(index),
            },
            span,
        ))
    }

    fn has_label(&mut self, subject: Expr) -> Result<Expr> {
        self.advance();
        let labels = self.labels()?;
        let span = Span::new(subject.span.start, self.last_end());
        Ok(Expr::new(
            ExprKind::HasLabel {
                subject: Box::new(subject),
                labels,
            },
            span,
        ))
    }

    #[cold]
    fn list_slice(&self, bracket: Span) -> Box<CypherError> {
        self.unsupported(
            bracket,
            "a list slice (`xs[1..3]`)",
            "index one element at a time, `xs[1]`",
        )
    }

    fn atom(&mut self) -> Result<Expr> {
        match self.peek() {
            TokenKind::LParen => self.parenthesised(),
            TokenKind::LBracket => self.list(),
            TokenKind::LBrace => self.map(),
            TokenKind::Word | TokenKind::Quoted(_) => self.word(),
            _ => self.literal(),
        }
    }

    /// A pattern predicate or a parenthesised expression.
    fn parenthesised(&mut self) -> Result<Expr> {
        if self.looks_like_pattern(self.pos) {
            let pattern = self.pattern(true)?;
            let span = pattern.span;
            return Ok(Expr::new(ExprKind::Pattern(Box::new(pattern)), span));
        }
        let start = self.advance().start;
        let mut inner = self.expr()?;
        self.expect(&TokenKind::RParen, "`)` to close the parenthesis")?;
        inner.span = Span::new(start, self.last_end());
        Ok(inner)
    }

    fn literal(&mut self) -> Result<Expr> {
        let span = self.span();
        let kind = match self.peek() {
            &TokenKind::Integer(n) => match i64::try_from(n) {
                Ok(value) => ExprKind::Literal(Literal::Integer(value)),
                Err(_) => return Err(self.integer_out_of_range(span.start, '+', n)),
            },
            &TokenKind::Float(x) => ExprKind::Literal(Literal::Float(x)),
            TokenKind::String(s) => ExprKind::Literal(Literal::String(s.clone())),
            TokenKind::Parameter(name) => ExprKind::Parameter(name.clone()),
            _ => return Err(self.error_expected("an expression")),
        };
        self.advance();
        Ok(Expr::new(kind, span))
    }

    /// A word or backquoted name: a keyword literal, a variable or a call.
    fn word(&mut self) -> Result<Expr> {
        let span = self.span();
        if self.at_kind(self.pos + 1, &TokenKind::LParen) && self.variable_at(self.pos).is_some() {
            return self.call();
        }
        let kind = match &self.token(self.pos).kind {
            TokenKind::Quoted(name) => ExprKind::Variable(name.clone()),
            _ => {
                let word = span.text(self.source);
                if word.eq_ignore_ascii_case("true") {
                    ExprKind::Literal(Literal::Boolean(true))
                } else if word.eq_ignore_ascii_case("false") {
                    ExprKind::Literal(Literal::Boolean(false))
                } else if word.eq_ignore_ascii_case("null") {
                    ExprKind::Literal(Literal::Null)
                } else if is_reserved(word) {
                    return Err(self.reserved_in_expression(word));
                } else {
                    ExprKind::Variable(word.to_owned())
                }
            }
        };
        self.advance();
        Ok(Expr::new(kind, span))
    }

    #[cold]
    fn reserved_in_expression(&self, word: &str) -> Box<CypherError> {
        let span = self.span();
        if word.eq_ignore_ascii_case("CASE") {
            self.unsupported(span, "`CASE`", "no conditional expressions yet")
        } else if word.eq_ignore_ascii_case("EXISTS") {
            self.unsupported(
                span,
                "`EXISTS`",
                "write the pattern itself as the predicate, `WHERE (a)-[:CONTROLS]->(b)`, or test a property with `IS NOT NULL`",
            )
        } else {
            self.error_expected("an expression")
        }
    }

    fn list(&mut self) -> Result<Expr> {
        let start = self.advance().start;
        let mut items = Vec::new();
        if self.eat(&TokenKind::RBracket).is_none() {
            loop {
                items.push(self.expr()?);
                if self.eat(&TokenKind::Comma).is_none() {
                    if self.at_keyword("WHERE") || self.at(&TokenKind::Pipe) {
                        return Err(self.list_comprehension(start));
                    }
                    self.expect(&TokenKind::RBracket, "`,` or `]`")?;
                    break;
                }
            }
        }
        Ok(Expr::new(
            ExprKind::List(items),
            Span::new(start, self.last_end()),
        ))
    }

    #[cold]
    fn list_comprehension(&self, start: usize) -> Box<CypherError> {
        self.unsupported(
            Span::new(start, start + 1),
            "a list comprehension (`[x IN xs WHERE … | …]`)",
            "filter with `UNWIND` and `WHERE`, then `collect`",
        )
    }

    fn map(&mut self) -> Result<Expr> {
        let start = self.span().start;
        let entries = self.map_entries()?;
        Ok(Expr::new(
            ExprKind::Map(entries),
            Span::new(start, self.last_end()),
        ))
    }

    /// `{key: value, …}`, from its `{`.
    fn map_entries(&mut self) -> Result<Vec<MapEntry>> {
        self.advance();
        let mut entries = Vec::new();
        if self.eat(&TokenKind::RBrace).is_some() {
            return Ok(entries);
        }
        loop {
            let key = self.name("a property name")?;
            self.expect(&TokenKind::Colon, "`:` after the property name")?;
            let value = self.expr()?;
            entries.push(MapEntry { key, value });
            if self.eat(&TokenKind::Comma).is_none() {
                self.expect(&TokenKind::RBrace, "`,` or `}`")?;
                return Ok(entries);
            }
        }
    }

    /// A function call or aggregate, from its name (followed by `(`).
    fn call(&mut self) -> Result<Expr> {
        let name = self.name("a function name")?;
        self.advance();
        let aggregate = AggregateFunction::from_name(&name.name);
        if aggregate == Some(AggregateFunction::Count) && self.at(&TokenKind::Star) {
            self.advance();
            self.expect(&TokenKind::RParen, "`)` after `count(*`")?;
            let span = Span::new(name.span.start, self.last_end());
            return Ok(Expr::new(ExprKind::CountStar, span));
        }
        let distinct = self.eat_keyword("DISTINCT");
        let mut args = Vec::new();
        if self.eat(&TokenKind::RParen).is_none() {
            loop {
                args.push(self.expr()?);
                if self.eat(&TokenKind::Comma).is_none() {
                    self.expect(&TokenKind::RParen, "`,` or `)`")?;
                    break;
                }
            }
        }
        self.finish_call(name, aggregate, distinct, args)
    }

    fn finish_call(
        &self,
        name: Ident,
        aggregate: Option<AggregateFunction>,
        distinct: Option<Span>,
        mut args: Vec<Expr>,
    ) -> Result<Expr> {
        let span = Span::new(name.span.start, self.last_end());
        let Some(function) = aggregate else {
            if let Some(at) = distinct {
                return Err(self.invalid(
                    at,
                    format!(
                        "`DISTINCT` in `{}`, which is not an aggregate; expected it only in count, collect, min, max, sum or avg",
                        truncate(&name.name)
                    ),
                ));
            }
            return Ok(Expr::new(ExprKind::Function { name, args }, span));
        };
        let count = args.len();
        let Some(argument) = args.pop().filter(|_| count == 1) else {
            return Err(self.invalid(
                span,
                format!(
                    "`{}` takes one argument, found {count}; expected `{}(x)`",
                    function.name(),
                    function.name()
                ),
            ));
        };
        Ok(Expr::new(
            ExprKind::Aggregate {
                function,
                distinct: distinct.is_some(),
                argument: Box::new(argument),
            },
            span,
        ))
    }
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = Span::new(left.span.start, right.span.end);
    Expr::new(
        ExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        span,
    )
}

fn is_null(operand: Expr, negated: bool, end: usize) -> Expr {
    let span = Span::new(operand.span.start, end);
    Expr::new(
        ExprKind::IsNull {
            operand: Box::new(operand),
            negated,
        },
        span,
    )
}

fn unary(op: UnaryOp, start: usize, operand: Expr) -> Expr {
    let span = Span::new(start, operand.span.end);
    Expr::new(
        ExprKind::Unary {
            op,
            operand: Box::new(operand),
        },
        span,
    )
}

/// An infix or postfix operator.
#[derive(Clone, Copy)]
enum Infix {
    Binary(BinaryOp),
    IsNull { negated: bool },
}

impl Infix {
    fn precedence(self) -> u8 {
        match self {
            Infix::Binary(op) => op.precedence(),
            Infix::IsNull { .. } => prec::PREDICATE,
        }
    }

    fn is_comparison(self) -> bool {
        matches!(self, Infix::Binary(op) if op.is_comparison())
    }
}

/// The parts that could still follow a projection.
fn projection_continuations(projection: &Projection) -> Vec<&'static str> {
    let mut parts = Vec::new();
    let nothing_after_items =
        projection.order_by.is_empty() && projection.skip.is_none() && projection.limit.is_none();
    if nothing_after_items {
        parts.push("`,`");
        if projection.items.last().is_some_and(|i| i.alias.is_none()) {
            parts.push("`AS`");
        }
        parts.push("`ORDER BY`");
    } else if let Some(last) = projection.order_by.last()
        && projection.skip.is_none()
        && projection.limit.is_none()
    {
        parts.push("`,`");
        if last.span == last.expr.span {
            parts.push("`ASC`");
            parts.push("`DESC`");
        }
    }
    if projection.skip.is_none() && projection.limit.is_none() {
        parts.push("`SKIP`");
    }
    if projection.limit.is_none() {
        parts.push("`LIMIT`");
    }
    parts
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
