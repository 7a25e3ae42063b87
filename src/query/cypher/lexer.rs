//! Cutting a query's text into tokens.
//!
//! The lexer never fails: a malformed token (an unterminated string, an
//! unknown escape, an integer too large) becomes an [`TokenKind::Error`]
//! token holding its error, and lexing stops there. The parser reports it
//! when it reaches it, so of a lexical and a grammatical mistake the one
//! that comes first in the text is the one reported.

use super::ast::Span;
use super::error::CypherError;

/// A token and its text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// The kinds of token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind {
    /// A name or keyword, as written (its text is the span's).
    Word,
    /// A name in backquotes, the doubled backquotes undone.
    Quoted(String),
    /// A decimal or hexadecimal integer, without sign.
    Integer(u64),
    /// A finite float, without sign.
    Float(f64),
    /// A string literal, its escapes resolved.
    String(String),
    /// `$name`, without the `$`.
    Parameter(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Pipe,
    Semicolon,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Caret,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// A character that starts no token.
    Unknown(char),
    /// A malformed token; the parser reports its error when it gets here.
    Error(Box<CypherError>),
    /// The end of the text.
    Eof,
}

impl TokenKind {
    /// Whether the token opens a bracket pair.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace
        )
    }

    /// Whether the token closes a bracket pair.
    pub fn is_close(&self) -> bool {
        matches!(
            self,
            TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace
        )
    }
}

/// Cuts `source` into tokens. The last token is always [`TokenKind::Eof`];
/// a malformed token ends the list early (followed by `Eof`).
pub(super) fn tokenize(source: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        source,
        chars: source.char_indices().peekable(),
        tokens: Vec::new(),
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    source: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    tokens: Vec<Token>,
}

/// Whether `c` can start an unquoted name.
pub(super) fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` can continue an unquoted name.
pub(super) fn is_name_part(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Lexer<'_> {
    fn run(&mut self) {
        loop {
            self.skip_blanks();
            let Some(&(start, c)) = self.chars.peek() else {
                let end = self.source.len();
                self.push(TokenKind::Eof, Span::new(end, end));
                return;
            };
            let kind = match self.token(start, c) {
                Ok(kind) => kind,
                Err(error) => TokenKind::Error(error),
            };
            let failed = matches!(kind, TokenKind::Error(_));
            let end = self.offset();
            self.push(kind, Span::new(start, end.max(start + c.len_utf8())));
            if failed {
                self.push(TokenKind::Eof, Span::new(end, end));
                return;
            }
        }
    }

    fn push(&mut self, kind: TokenKind, span: Span) {
        self.tokens.push(Token { kind, span });
    }

    /// The offset of the next character (the end when there is none).
    fn offset(&mut self) -> usize {
        self.chars.peek().map_or(self.source.len(), |&(i, _)| i)
    }

    fn peek_char(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    /// The character after the next one.
    fn peek_second(&self) -> Option<char> {
        let mut ahead = self.chars.clone();
        ahead.next();
        ahead.next().map(|(_, c)| c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek_char() == Some(c) {
            self.chars.next();
            true
        } else {
            false
        }
    }

    /// Skips whitespace and comments. An unterminated `/*` comment is left
    /// for [`Lexer::token`] to report.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek_char() {
                Some(c) if c.is_whitespace() => {
                    self.chars.next();
                }
                Some('/') if self.peek_second() == Some('/') => {
                    while self.peek_char().is_some_and(|c| c != '\n') {
                        self.chars.next();
                    }
                }
                Some('/') if self.peek_second() == Some('*') => {
                    let start = self.offset();
                    match self.source[start + 2..].find("*/") {
                        Some(i) => {
                            let end = start + 2 + i + 2;
                            while self.offset() < end {
                                self.chars.next();
                            }
                        }
                        None => return,
                    }
                }
                _ => return,
            }
        }
    }

    fn token(&mut self, start: usize, c: char) -> Result<TokenKind, Box<CypherError>> {
        self.chars.next();
        let kind = match c {
            '(' => TokenKind::LParen,
            ')' => TokenKind::RParen,
            '[' => TokenKind::LBracket,
            ']' => TokenKind::RBracket,
            '{' => TokenKind::LBrace,
            '}' => TokenKind::RBrace,
            ',' => TokenKind::Comma,
            ':' => TokenKind::Colon,
            '|' => TokenKind::Pipe,
            ';' => TokenKind::Semicolon,
            '*' => TokenKind::Star,
            '+' => TokenKind::Plus,
            '-' => TokenKind::Minus,
            '%' => TokenKind::Percent,
            '^' => TokenKind::Caret,
            '/' if self.peek_char() == Some('*') => {
                return Err(self.syntax(
                    start,
                    "`*/` to close the comment that starts here",
                    "end of input",
                ));
            }
            '/' => TokenKind::Slash,
            '=' if self.peek_char() == Some('~') => {
                return Err(Box::new(CypherError::unsupported(
                    self.source,
                    Span::new(start, start + 2),
                    "`=~` (regular expressions)",
                    "use STARTS WITH, ENDS WITH or CONTAINS",
                )));
            }
            '=' => TokenKind::Eq,
            '!' if self.peek_char() == Some('=') => {
                return Err(self.syntax(start, "`<>` (Cypher's not-equal)", "`!=`"));
            }
            '<' if self.eat('>') => TokenKind::Ne,
            '<' if self.eat('=') => TokenKind::Le,
            '<' => TokenKind::Lt,
            '>' if self.eat('=') => TokenKind::Ge,
            '>' => TokenKind::Gt,
            '.' if self.eat('.') => TokenKind::DotDot,
            '.' if self.peek_char().is_some_and(|c| c.is_ascii_digit()) => self.number(start)?,
            '.' => TokenKind::Dot,
            '0'..='9' => self.number(start)?,
            '\'' | '"' => TokenKind::String(self.string(start, c)?),
            '`' => TokenKind::Quoted(self.quoted(start)?),
            '$' => TokenKind::Parameter(self.parameter(start)?),
            c if is_name_start(c) => {
                while self.peek_char().is_some_and(is_name_part) {
                    self.chars.next();
                }
                TokenKind::Word
            }
            c => TokenKind::Unknown(c),
        };
        Ok(kind)
    }

    fn syntax(&self, start: usize, expected: &str, found: &str) -> Box<CypherError> {
        Box::new(CypherError::syntax(
            self.source,
            Span::new(start, start),
            expected,
            found.to_owned(),
        ))
    }

    fn invalid(&self, start: usize, problem: String) -> Box<CypherError> {
        Box::new(CypherError::invalid(
            self.source,
            Span::new(start, start),
            problem,
        ))
    }

    fn digits(&mut self, radix: u32) {
        while self.peek_char().is_some_and(|c| c.is_digit(radix)) {
            self.chars.next();
        }
    }

    /// A number whose first character (a digit, or the `.` of `.5`) has
    /// been read.
    fn number(&mut self, start: usize) -> Result<TokenKind, Box<CypherError>> {
        let first = self.source[start..].chars().next();
        if first == Some('0') && matches!(self.peek_char(), Some('x' | 'X')) {
            self.chars.next();
            let digits_start = self.offset();
            self.digits(16);
            let digits = &self.source[digits_start..self.offset()];
            if digits.is_empty() {
                let found = found_char(self.peek_char());
                return Err(self.syntax(digits_start, "hexadecimal digits after `0x`", &found));
            }
            return u64::from_str_radix(digits, 16)
                .map(TokenKind::Integer)
                .map_err(|_| self.too_large(start));
        }
        let mut float = first == Some('.');
        self.digits(10);
        if !float
            && self.peek_char() == Some('.')
            && self.peek_second().is_some_and(|c| c.is_ascii_digit())
        {
            self.chars.next();
            self.digits(10);
            float = true;
        }
        if matches!(self.peek_char(), Some('e' | 'E')) {
            let mut ahead = self.chars.clone();
            ahead.next();
            let mut next = ahead.next().map(|(_, c)| c);
            if matches!(next, Some('+' | '-')) {
                next = ahead.next().map(|(_, c)| c);
            }
            if next.is_some_and(|c| c.is_ascii_digit()) {
                self.chars.next();
                if matches!(self.peek_char(), Some('+' | '-')) {
                    self.chars.next();
                }
                self.digits(10);
                float = true;
            }
        }
        let text = &self.source[start..self.offset()];
        if float {
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(TokenKind::Float(value)),
                _ => Err(self.invalid(
                    start,
                    format!(
                        "the float `{text}` is out of range; expected a magnitude below 1.8e308"
                    ),
                )),
            }
        } else if text.len() > 1 && text.starts_with('0') {
            Err(self.invalid(
                start,
                format!(
                    "the integer `{text}` has a leading zero; expected a decimal integer without one (or hexadecimal, `0x…`)"
                ),
            ))
        } else {
            text.parse::<u64>()
                .map(TokenKind::Integer)
                .map_err(|_| self.too_large(start))
        }
    }

    fn too_large(&mut self, start: usize) -> Box<CypherError> {
        let text = &self.source[start..self.offset()];
        self.invalid(
            start,
            format!(
                "the integer `{}` is too large; expected at most 9223372036854775807",
                truncate(text)
            ),
        )
    }

    /// A string literal whose opening quote has been read.
    fn string(&mut self, start: usize, quote: char) -> Result<String, Box<CypherError>> {
        let mut value = String::new();
        loop {
            let Some((at, c)) = self.chars.next() else {
                return Err(self.syntax(
                    start,
                    &format!("`{quote}` to close the string that starts here"),
                    "end of input",
                ));
            };
            match c {
                c if c == quote => return Ok(value),
                '\\' => value.push(self.escape(at)?),
                c => value.push(c),
            }
        }
    }

    /// The escape after a backslash at `at`.
    fn escape(&mut self, at: usize) -> Result<char, Box<CypherError>> {
        const EXPECTED: &str =
            "an escape: \\\\, \\', \\\", \\b, \\f, \\n, \\r, \\t, \\uXXXX or \\UXXXXXXXX";
        let Some((_, c)) = self.chars.next() else {
            return Err(self.syntax(at, EXPECTED, "end of input"));
        };
        Ok(match c {
            '\\' => '\\',
            '\'' => '\'',
            '"' => '"',
            'b' | 'B' => '\u{8}',
            'f' | 'F' => '\u{c}',
            'n' | 'N' => '\n',
            'r' | 'R' => '\r',
            't' | 'T' => '\t',
            'u' => {
                let high = self.hex(at, 4)?;
                if (0xD800..0xDC00).contains(&high) {
                    // A UTF-16 surrogate pair, as Java-based engines accept.
                    let mut ahead = self.chars.clone();
                    if ahead.next().map(|(_, c)| c) == Some('\\')
                        && ahead.next().map(|(_, c)| c) == Some('u')
                    {
                        let low_at = self.offset();
                        self.chars.next();
                        self.chars.next();
                        let low = self.hex(low_at, 4)?;
                        if (0xDC00..0xE000).contains(&low) {
                            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            return char::from_u32(code).ok_or_else(|| self.not_scalar(at, code));
                        }
                    }
                    return Err(self.not_scalar(at, high));
                }
                char::from_u32(high).ok_or_else(|| self.not_scalar(at, high))?
            }
            'U' => {
                let code = self.hex(at, 8)?;
                char::from_u32(code).ok_or_else(|| self.not_scalar(at, code))?
            }
            c => {
                return Err(self.syntax(at, EXPECTED, &format!("`\\{c}`")));
            }
        })
    }

    fn not_scalar(&self, at: usize, code: u32) -> Box<CypherError> {
        self.invalid(
            at,
            format!(
                "the escape `\\u{code:04X}` is not a Unicode character; expected a code point outside D800-DFFF (or a surrogate pair), at most 10FFFF"
            ),
        )
    }

    /// Exactly `count` hex digits, after the `\u` or `\U` at `at`.
    fn hex(&mut self, at: usize, count: usize) -> Result<u32, Box<CypherError>> {
        let mut code = 0u32;
        for _ in 0..count {
            match self.peek_char().and_then(|c| c.to_digit(16)) {
                Some(digit) => {
                    self.chars.next();
                    code = code.wrapping_mul(16).wrapping_add(digit);
                }
                None => {
                    let found = found_char(self.peek_char());
                    return Err(self.syntax(
                        at,
                        &format!("{count} hexadecimal digits in the escape that starts here"),
                        &found,
                    ));
                }
            }
        }
        Ok(code)
    }

    /// A backquoted name whose opening backquote has been read.
    fn quoted(&mut self, start: usize) -> Result<String, Box<CypherError>> {
        let mut name = String::new();
        loop {
            match self.chars.next() {
                None => {
                    return Err(self.syntax(
                        start,
                        "`` ` `` to close the name that starts here",
                        "end of input",
                    ));
                }
                Some((_, '`')) if self.eat('`') => name.push('`'),
                Some((_, '`')) => return Ok(name),
                Some((_, c)) => name.push(c),
            }
        }
    }

    /// A parameter's name, after its `$`.
    fn parameter(&mut self, start: usize) -> Result<String, Box<CypherError>> {
        match self.peek_char() {
            Some('`') => {
                let at = self.offset();
                self.chars.next();
                self.quoted(at)
            }
            Some(c) if is_name_start(c) || c.is_ascii_digit() => {
                let from = self.offset();
                if c.is_ascii_digit() {
                    self.digits(10);
                } else {
                    while self.peek_char().is_some_and(is_name_part) {
                        self.chars.next();
                    }
                }
                Ok(self.source[from..self.offset()].to_owned())
            }
            c => {
                let found = found_char(c);
                Err(self.syntax(start + 1, "a parameter name after `$`", &found))
            }
        }
    }
}

/// How an error names a character, or the end of the text.
fn found_char(c: Option<char>) -> String {
    match c {
        Some(c) => format!("`{}`", c.escape_debug()),
        None => "end of input".to_owned(),
    }
}

/// At most 40 characters of `text`, with `…` when cut.
pub(super) fn truncate(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
