//! Read-only Cypher, the query language of Neo4j and Kùzu, over the typed
//! graph: [`KnowledgeGraph::cypher`] runs a query, [`KnowledgeGraph::prepare`]
//! plans one once to run with many parameter sets ([`Prepared`]). Queries
//! give [`Rows`]: named columns and rows of [`Value`]s, printed as a table
//! or as canonical JSON, `{"columns": [...], "rows": [[...], ...]}`, with
//! nodes and relationships as their ids.
//!
//! ```
//! use geokg::query::Filter;
//! use geokg::query::cypher::Params;
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.armed_group("ra", "River Army");
//! b.region("hill", "Hill Province").level("state");
//! b.region("ford", "Ford Town").level("town");
//! b.fact(FactKind::PartOf, "ford", "hill");
//! b.fact(FactKind::Controls, "ra", "ford").valid_from("2024-10")?;
//! let g = b.build()?;
//!
//! let rows = g.cypher(
//!     "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(s:Region {name: 'Hill Province'})
//!      RETURN a.name, r.name, c.valid_from",
//!     &Params::new(),
//!     &Filter::ALL,
//! )?;
//! assert_eq!(rows.to_string(), "\
//! a.name     | r.name    | c.valid_from
//! -----------+-----------+-------------
//! River Army | Ford Town | 2024-10
//! (1 row)");
//!
//! // The schema is typed: a misspelt property is an error, not nulls.
//! let error = g.cypher("MATCH (r:Region) RETURN r.nme", &Params::new(), &Filter::ALL).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "schema error at line 1, column 27: unknown property `nme` on Region; did you mean `name`?\n  \
//!        MATCH (r:Region) RETURN r.nme\n                            ^"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The stages are public too: [`parse`] gives the syntax tree ([`ast`]),
//! whose `Display` prints canonical Cypher that parses to the same tree.
//!
//! # The schema
//!
//! The labels are the node kinds and `Source`; the relationship types the
//! fact kinds in capitals; the properties the fields of the document, named
//! as geokg's Kùzu export names its columns — both read one table,
//! [`crate::graph::schema`], so a query's names are the export's. A
//! property a node or fact does not have is `null`.
//!
//! | label | properties |
//! |---|---|
//! | every label but `Source` | `id`, `name`, `aliases` (a list of texts, empty when none), `description`, `props` (the extension data as JSON text) |
//! | `Country` | `iso2` |
//! | `ArmedGroup` | — |
//! | `Region` | `level`, `lat`, `lon` (floats), `resources` (JSON text) |
//! | `Route` | `mode`, `status` |
//! | `Person` | `title` |
//! | `Organization` | — |
//! | `Source` | `id`, `publisher`, `title`, `published` (as written), `url`, `reliability`, `outlet` (the id of the organization that published it) |
//!
//! | relationship type | from | to | properties of its own |
//! |---|---|---|---|
//! | `CONTROLS` | ArmedGroup, Country, Organization, Person | Region, Route | `mode` |
//! | `BORDERS` (symmetric) | Country, Region | Country, Region | — |
//! | `EXPORTS_TO` | Country, Region, ArmedGroup, Organization | Country, Region, Organization | `commodity`, `quantity_value` (float), `quantity_unit`, `quantity_bound` |
//! | `PROPOSES` | Person, Country, Organization, ArmedGroup | any | `action` |
//! | `PART_OF` | Region | Region, Country | — |
//! | `PASSES_THROUGH` | Route | Region, Country | `position` (integer: the document's `order`, a keyword in Cypher) |
//! | `MEMBER_OF` | Person, Country, Organization, ArmedGroup | Organization, ArmedGroup, Country | `role` |
//! | `COOPERATES_WITH` (symmetric) | Country, Organization, ArmedGroup | Country, Organization, ArmedGroup | `topic` |
//! | `INTERESTED_IN` | Country, Organization, ArmedGroup, Person | Region, Route, Country | `topic` |
//!
//! Every relationship has `id`; `valid_from` and `valid_to`, its period's
//! ends as written (`2024`, `2024-10`, `2024-10-03`), `null` where open;
//! `valid_start` and `valid_end`, the first and last day as `YYYY-MM-DD`
//! texts (which compare as days do); `confidence` (`confirmed`, `reported`,
//! `claimed`, `speculative`) and `confidence_rank` (3 … 0, so
//! `r.confidence_rank >= 2` keeps reported and confirmed facts); `sources`,
//! the ids of its evidence's sources (a list, empty when none); `evidence`
//! (JSON text of `{source, speaker?, note?, stance?, said?, credibility?}`),
//! `props` (JSON text) and `deprecated`, the reason it is no longer to be
//! used (`null` for a fact in use; deprecated facts are matched only under a
//! filter that includes them). And the assessment of its sources
//! ([origins and support](crate::semantics#origins-and-support)): `support`
//! (an integer), how many independent origins its supporting statements
//! have — an armed group's statement carried by two outlets is one, two
//! outlets quoting one person two, a fact without evidence 0 —, and
//! `disputed` (a boolean), whether any statement of its evidence disputes
//! it; both over every statement recorded, whatever the filter. So
//! `MATCH (a)-[c:CONTROLS]->(r) WHERE c.support >= 2 AND NOT c.disputed`
//! keeps control that two origins report and nobody disputes.
//!
//! A `Source` has no relationships: find the sources of a fact with
//! `MATCH (s:Source) WHERE s.id IN r.sources`.
//!
//! The schema is checked before a query runs, and every problem is a
//! [`CypherError::Schema`] with its line, column and the closest name that
//! exists: an unknown label, relationship type or function; a property no
//! label (or type) of the variable has — a variable without a label has
//! every node property, one without a type every relationship property; a
//! relationship type the kind table forbids between the labels the query
//! gives its ends (`(:Person)-[:PART_OF]->()`); a variable used as what it
//! is not. Labels given by the query only count: `(x)<-[:CONTROLS]-(y)<-[:CONTROLS]-(z)`
//! is no error, it matches nothing.
//!
//! # Semantics
//!
//! As openCypher's, with the graph's own rules:
//!
//! - **The filter.** The [`Filter`] given to [`KnowledgeGraph::cypher`] or
//!   [`Prepared::run`] applies to every relationship a query matches —
//!   each step of a variable-length one and the relationships of pattern
//!   predicates included — as it does to every traversal of the headline
//!   queries: a fact that does not pass is not there.
//! - **Symmetric kinds.** `BORDERS` and `COOPERATES_WITH` facts are stored
//!   once and have no direction: `(a)-[:BORDERS]->(b)` matches each both
//!   ways, as `(a)-[:BORDERS]-(b)` does.
//! - **Matching.** Within one `MATCH` (its comma-separated patterns
//!   together) a relationship is used at most once per match, so a
//!   variable-length path never repeats one and `*` without an upper bound
//!   ends. Each path is a match: a node reached by two paths comes twice.
//!   `OPTIONAL MATCH` keeps a row with its new variables `null` where the
//!   pattern (with its `WHERE`) has no match.
//! - **Values.** Three-valued logic: a comparison with `null` is `null`,
//!   `WHERE` keeps rows whose predicate is true. `=` compares numbers by
//!   value (`1 = 1.0`), lists element by element; `<` and its kin compare
//!   numbers, strings, booleans and lists, other pairs give `null`.
//!   Integer arithmetic is checked (overflow and division by zero are
//!   errors); `/` of two integers truncates; `^` gives a float.
//! - **Aggregation.** Items without an aggregate group the rows; `count`,
//!   `collect`, `min`, `max`, `sum` and `avg` skip `null`s, each may take
//!   `DISTINCT`. Over no rows with no grouping item: one row, `count` 0,
//!   `sum` 0, `collect` `[]`, the others `null`.
//! - **Order.** `ORDER BY` sorts by openCypher's global order (maps, nodes,
//!   relationships, lists, strings, booleans, numbers), nulls last
//!   ascending and first descending; it sees the projected items by name
//!   and, without aggregation or `DISTINCT`, the variables before them.
//!   Without `ORDER BY` rows come in an order that is deterministic for a
//!   graph but not promised.
//! - **Functions.** `id(x)`: the id of a node, source or relationship;
//!   `labels(n)`: a list of the one label; `type(r)`; `size(list or
//!   string)` (characters); `coalesce(a, b, …)`; `toLower(s)`, `toUpper(s)`.
//!
//! # Planning
//!
//! A query is parsed, checked and planned once ([`Prepared`]). Each
//! `MATCH` starts at its most selective node — one bound by an earlier
//! clause; one given an `id` (the id index) or a `name` (the folded-name
//! index, then exact equality) in its property map or an equality of its
//! `WHERE`, by a constant, a parameter or an earlier variable; else the
//! label with the fewest nodes — and grows along relationships from bound
//! nodes through the adjacency index of (node, fact kind, direction), each
//! conjunct of `WHERE` checked as soon as its variables are bound. An
//! unnamed `[:PART_OF*]` that no other relationship of its `MATCH` could
//! share a fact with follows the `part_of` closure, as
//! [`within`](KnowledgeGraph::within) and
//! [`enclosing`](KnowledgeGraph::enclosing) do, each node reached once
//! with the number of paths to it; other variable lengths walk their paths
//! depth first, with a stack of their own. Every
//! relationship is checked against the filter from the adjacency entry
//! itself, as the headline queries do. Rows stream through the clauses of
//! a query; only a `WITH` and the `RETURN` keep them (to group, sort and
//! cut), and a `LIMIT` without `ORDER BY` or aggregation stops matching
//! once it has its rows. Every run has a budget of steps of work
//! ([`Prepared::budget`], [`DEFAULT_BUDGET`]), so no query runs forever.
//!
//! Expressions are compiled with the plan, so a row walks no syntax tree:
//! constants and parameters are used where they are, properties read from
//! the graph without copying, and a comparison of a property with a
//! constant or parameter (`a.name STARTS WITH $p`) is made on the text the
//! graph holds; a label scan tests such a comparison on each node before
//! the node is bound. Once a clause's rows are known to meet only its
//! projection, the planner lets a row stand for several identical ones
//! instead of making each:
//!
//! - a relationship whose far node and relationship variable nothing after
//!   it reads, the last a `MATCH` follows, is counted, not enumerated: in
//!   `MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, count(r)` each
//!   group's row comes once, counting the facts of its adjacency slice
//!   that pass the filter (and fit the far node's labels and the
//!   match's other relationships); `count(r)` of a variable a `MATCH`
//!   binds is `count(*)`, as it is never null;
//! - the `part_of` closure sends each node once with the number of its
//!   paths, and does not count them where only `DISTINCT`, `min` or `max`
//!   read the rows (or a pattern predicate asks whether there is one);
//!   where the closure ends the matching and the projection only counts
//!   (`MATCH (r:Region)-[:PART_OF*]->(c:Country {id: $id}) RETURN
//!   count(DISTINCT r)`: one group, `count(*)`, `count(x)` or
//!   `count(DISTINCT x)` of the node reached), the nodes that fit go to
//!   the projection at once, counted without a row each.
//!
//! Grouping by a node (or its `id`) finds the group by the node's position,
//! `count(DISTINCT n)` of nodes or relationships remembers positions, not
//! values, and `ORDER BY … LIMIT n` keeps only the rows that can still be
//! among the first n (rows whose sort keys are equal keep the order they
//! came in); over groups sorted by returned keys and aggregates, it picks
//! the first n groups before making any group's row.
//!
//! # The language
//!
//! A query is a sequence of reading clauses ending with `RETURN`, with an
//! optional `;` after it:
//!
//! - `MATCH` and `OPTIONAL MATCH` with comma-separated path patterns and an
//!   optional `WHERE`.
//! - Node patterns `(v:Label {key: expr, …})`, every part optional; label
//!   alternatives `(v:Region|Country)`.
//! - Relationship patterns `-[r:TYPE {key: expr}]->`, `<-[…]-`, `-[…]-`
//!   (either direction), `-->`, `<--`, `--`; type alternatives
//!   `[:CONTROLS|INTERESTED_IN]` (or `|:`); variable length `*`, `*2`,
//!   `*1..3`, `*..3`, `*2..`.
//! - `WITH [DISTINCT] items [ORDER BY …] [SKIP n] [LIMIT n] [WHERE …]`,
//!   each item other than a variable named with `AS`; `*` for every
//!   variable in scope.
//! - `UNWIND expr AS x`.
//! - `RETURN [DISTINCT] items [ORDER BY expr [ASC|ASCENDING|DESC|DESCENDING], …] [SKIP n] [LIMIT n]`,
//!   items optionally named with `AS`, or `*`. `SKIP` and `LIMIT` take a
//!   non-negative integer or a parameter.
//! - Expressions, from the loosest operator to the tightest: `OR`; `XOR`;
//!   `AND`; `NOT`; comparisons `= <> < <= > >=`; `IN`, `STARTS WITH`,
//!   `ENDS WITH`, `CONTAINS`, `IS NULL`, `IS NOT NULL`; `+ -`; `* / %`;
//!   `^`; unary `-` and `+`; property access `n.name`, indexing `xs[0]`
//!   and label tests `n:Region` (or `n:Region|Country`); atoms. Binary
//!   operators group to the left: `2 ^ 3 ^ 2` is `(2 ^ 3) ^ 2`, and
//!   `-2 ^ 2` is `(-2) ^ 2`, as in openCypher's grammar.
//! - Atoms: integers (decimal, or hexadecimal `0x1F`), floats (`2.5`,
//!   `.5`, `1e-3`), strings in `'…'` or `"…"` with the escapes `\\`, `\'`,
//!   `\"`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX` (UTF-16 surrogate pairs
//!   combine) and `\UXXXXXXXX`; `true`, `false`, `null`; parameters `$x`
//!   (or `$0`); lists `[1, 2]`; maps `{a: 1}`; variables; function calls
//!   `name(args…)` with any name; the aggregates `count(*)`, `count(x)`,
//!   `collect(x)`, `min(x)`, `max(x)`, `sum(x)`, `avg(x)`, each taking
//!   `DISTINCT`; pattern predicates `(a)-[:CONTROLS]->(b)` (at least one
//!   relationship); parenthesised expressions.
//! - Names: letters, digits and `_`, not starting with a digit, or any text
//!   in backquotes (`` `odd name` ``, a backquote doubled inside).
//!   Keywords are case-insensitive; function names keep their case for
//!   the schema check, which matches them case-insensitively. A reserved
//!   word (`MATCH`, `ORDER`, `LIMIT`, `IN`, `true`, …) can be a label, type
//!   or property key as it is, and a variable in backquotes.
//! - Comments `// …` to the end of the line and `/* … */`.
//!
//! # Differences from openCypher
//!
//! The reader's:
//!
//! - Read-only: `CREATE`, `MERGE`, `SET`, `DELETE`, `DETACH DELETE`,
//!   `REMOVE`, `FOREACH`, `LOAD CSV` and `CALL` (procedures and
//!   subqueries) are refused with [`CypherError::Unsupported`], as is
//!   `UNION`.
//! - Not read: named paths (`p = (a)-->(b)`), parenthesised path
//!   patterns, `CASE`, `EXISTS`, list comprehensions, pattern
//!   comprehensions, list slices (`xs[1..3]`), map projections, `COUNT {…}`
//!   subqueries, namespaced function names (`a.b(x)`), the regular-
//!   expression operator `=~`, a parameter as a pattern's property map
//!   (`(n $props)`), octal integers and integers with a leading zero,
//!   `EXPLAIN`/`PROFILE`/`USE`, several queries in one text.
//! - Labels: a node has exactly one label in geokg, so `(n:A:B)` (both
//!   labels) is refused with a hint; `(n:A|B)`, either label, is read (as
//!   in Neo4j 5 and GQL; openCypher 9 has no label alternatives).
//! - Comparisons do not chain: `a < b < c`, which openCypher reads as
//!   `a < b AND b < c`, is refused (and so is `a = b = c`).
//! - `SKIP` and `LIMIT` take an integer literal or a parameter, not an
//!   arbitrary expression.
//! - `DISTINCT` is read only in the six aggregates, and each aggregate
//!   takes exactly one argument; `!=` is refused with a pointer to `<>`.
//! - Unquoted names follow Unicode's alphabetic and alphanumeric classes,
//!   close to but not exactly openCypher's identifier classes.
//! - A query may be at most [`MAX_QUERY_BYTES`] long and nest at most
//!   [`MAX_DEPTH`] levels deep ([`CypherError::TooLong`],
//!   [`CypherError::TooDeep`]).
//!
//! The schema's and the engine's:
//!
//! - An unknown label, type, property or function is an error, where
//!   openCypher gives `null`s or no rows.
//! - Directed patterns match symmetric facts both ways (above).
//! - `id()` is the node's or fact's id (a string), not an internal number.
//! - Only the functions listed above exist (and the six aggregates).
//! - A `MATCH` that names a relationship variable bound by an earlier
//!   clause matches that relationship; a variable-length relationship
//!   needs a new variable.
//! - `+` joins strings with strings and lists with anything, but not a
//!   string with a number (an error).
//! - `UNWIND` of a value that is not a list gives one row with the value.
//! - Aggregates may not appear in `ORDER BY` unless the same expression is
//!   a returned item; a column may not be named twice.
//! - Sources are nodes of the label `Source` without relationships, so
//!   `MATCH (n)` finds them too (as the Kùzu export's tables do).
//!
//! # Differences from Kùzu
//!
//! The same text gives the same rows on Kùzu loaded from geokg's Kùzu
//! export ([`crate::io::graph_db`]) except where Kùzu departs from
//! openCypher, where geokg follows openCypher. `tests/cypher_kuzu` compares
//! the two on random queries and writes each of these the way that means
//! the same thing on Kùzu:
//!
//! - Variable length: Kùzu walks (a relationship may repeat) and stops at
//!   30 hops; here a path uses each relationship once and has no bound
//!   (Kùzu's `* TRAIL` with an upper bound).
//! - Relationship uniqueness: Kùzu lets one relationship match two
//!   patterns of a `MATCH` (`(a)-[r1:BORDERS]-(b)-[r2:BORDERS]-(c)` finds
//!   `a-b-a`); here it does not.
//! - Symmetric kinds: Kùzu matches a directed pattern on `BORDERS` or
//!   `COOPERATES_WITH` only the way the fact is stored.
//! - Labels: Kùzu reads `(n:A:B)` as either label and has no `n:A` test in
//!   expressions; here `(n:A|B)` is either label and `(n:A:B)` is refused.
//! - Functions: Kùzu's `id()` is an internal id (use `n.id` there),
//!   `label(n)` gives a text where `labels(n)` gives a list, `type(r)` is
//!   `label(r)`, `toLower`/`toUpper` are `lower`/`upper`; list indexes
//!   start at 1 there, at 0 here.
//! - Empty aggregates: `sum` and `collect` of no values are `null` in Kùzu,
//!   `0` and `[]` here.
//! - Lists with nulls: Kùzu's `[1, null] = [1, 2]` and `2 IN [1, null]`
//!   are false, here `null`.
//! - Nulls in `+`: Kùzu reads a null text as empty (`null + 'a'` is `'a'`
//!   there), here the sum is `null`.
//! - Pattern predicates and `EXISTS { … }`: Kùzu reads both; here only the
//!   pattern.
//!
//! Kùzu 0.11.3 also gives wrong rows for three shapes the tests steer
//! around (its bugs, not differences of meaning): an item that renames a
//! variable another item uses (`RETURN n AS c1, n + 1`); the other
//! aggregates of a `RETURN` with a `DISTINCT` aggregate; and `IN` on a node
//! variable of several labels (`MATCH (n) WHERE n.id IN ['x']` finds
//! another node).
//!
//! # Errors
//!
//! A query that cannot be read gives a [`CypherError`] with the line and
//! column (from 1, counted in characters), what was found and what was
//! expected; `Display` prints the line with a caret under the column.
//! Parsing never panics, and its time and stack are bounded whatever the
//! input: the text's length is capped, and every level of nesting —
//! parentheses, lists, maps, calls, operators, property accesses — counts
//! against [`MAX_DEPTH`]. At the limit, parsing takes about 1.2 MiB of
//! stack in a debug build and about 0.5 MiB in an optimised one, within
//! the 2 MiB a spawned thread has; the trees it accepts are shallow
//! enough for recursive walks (printing, comparing, dropping) too.
//!
//! # Why a hand-written parser
//!
//! The crates that parse Cypher were tried first. `open-cypher` 0.5 (the
//! full openCypher 2024.3 grammar, LALRPOP) brings about 130,000 lines of
//! generated code, a parse tree of the whole language that would still
//! have to be narrowed to this subset, and overflowed the stack (an abort,
//! not an error) on 100,000 nested parentheses; so did `opencypher` 0.1.
//! `cypher-parser` 0.8 keeps no positions in its tree and reads property
//! values only as literals. Parser combinators (`winnow`, `chumsky`)
//! would add a dependency to write the same grammar, with recursion as
//! deep as the input unless guarded by hand all the same. A recursive-
//! descent parser with precedence climbing (the lexer and parser are about
//! two thousand lines with their comments) needs no dependency, and gives
//! exact positions, messages in the project's words and a nesting limit
//! of its own.

pub mod ast;
mod code;
mod compile;
mod error;
mod exec;
mod lexer;
mod optimize;
mod parser;
mod plan;
mod print;
mod value;

#[cfg(test)]
mod tests;

pub use ast::{
    AggregateFunction, BinaryOp, Clause, Direction, Expr, ExprKind, Ident, Length, Literal,
    MapEntry, Match, NodePattern, Pattern, PatternStep, Position, Projection, ProjectionItem,
    Query, RelationshipPattern, Return, RowCount, SortItem, SortOrder, Span, UnaryOp, Unwind, With,
};
pub use error::{CypherError, Excerpt};
pub use value::{NodeValue, Params, Rows, Value};

use crate::KnowledgeGraph;
use crate::query::Filter;

/// The longest query [`parse`] reads, in bytes (256 KiB). Longer lists of
/// values belong in a parameter.
pub const MAX_QUERY_BYTES: usize = 256 * 1024;

/// How deeply expressions may nest: parentheses, lists, maps, function
/// calls, operators and property accesses each count one level.
pub const MAX_DEPTH: usize = 256;

/// Parses a query.
///
/// # Arguments
///
/// - `text`: the query, in the subset the [module documentation](self)
///   describes.
///
/// # Returns
///
/// The syntax tree, or the first problem in the text (in reading order)
/// with its position.
///
/// # Complexity
///
/// Time and memory linear in the length of `text`; stack bounded by
/// [`MAX_DEPTH`].
///
/// # Example
///
/// ```
/// use geokg::query::cypher::{CypherError, parse};
///
/// let query = parse("MATCH (g:ArmedGroup)-[:CONTROLS]->(r:Region) RETURN g.name, count(r) AS places")?;
/// assert_eq!(query.return_clause.projection.items[1].alias.as_ref().unwrap().name, "places");
///
/// let error = parse("MATCH (n) DELETE n RETURN 1").unwrap_err();
/// assert!(matches!(error, CypherError::Unsupported { .. }));
/// assert!(error.to_string().starts_with("`DELETE` is not supported: geokg's Cypher is read-only"));
/// # Ok::<(), CypherError>(())
/// ```
pub fn parse(text: &str) -> Result<Query, CypherError> {
    parser::parse(text)
}

/// A query parsed, checked against a graph's schema and planned once, to
/// run as often as needed with different parameters and filters.
///
/// # Example
///
/// ```
/// use geokg::query::Filter;
/// use geokg::query::cypher::Params;
/// use geokg::{FactKind, GraphBuilder};
///
/// let mut b = GraphBuilder::new();
/// b.region("hill", "Hill Province");
/// b.region("ford", "Ford Town");
/// b.region("mill", "Millbrook");
/// b.fact(FactKind::PartOf, "ford", "hill");
/// b.fact(FactKind::PartOf, "mill", "hill");
/// let g = b.build()?;
///
/// let towns = g.prepare("MATCH (t:Region)-[:PART_OF]->(:Region {id: $p}) RETURN t.name ORDER BY t.name")?;
/// for (place, want) in [("hill", 2), ("ford", 0)] {
///     let rows = towns.run(&Params::new().with("p", place), &Filter::ALL)?;
///     assert_eq!(rows.len(), want);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Prepared<'g> {
    graph: &'g KnowledgeGraph,
    text: String,
    plan: plan::Plan,
    budget: u64,
}

/// The steps of work a query may do unless told otherwise
/// ([`Prepared::budget`]): about 4 billion rows, relationships followed and
/// list elements unwound — minutes of work, never forever.
pub const DEFAULT_BUDGET: u64 = 1 << 32;

impl<'g> Prepared<'g> {
    /// Parses, checks and plans `text` for `graph`.
    ///
    /// # Errors
    /// [`CypherError`]: a syntax error, a feature outside the subset, or a
    /// query that does not fit the schema, each with its position.
    pub fn new(graph: &'g KnowledgeGraph, text: &str) -> Result<Prepared<'g>, CypherError> {
        let query = parse(text)?;
        let plan = compile::compile(text, &query, graph)?;
        Ok(Prepared {
            graph,
            text: text.to_owned(),
            plan,
            budget: DEFAULT_BUDGET,
        })
    }

    /// The same query, stopped with [`CypherError::TooMuchWork`] once it
    /// has done `steps` steps of work (rows, relationships followed, list
    /// elements unwound) in one run. The default is [`DEFAULT_BUDGET`].
    #[must_use]
    pub fn budget(mut self, steps: u64) -> Self {
        self.budget = steps;
        self
    }

    /// Runs the query with `params`, following only the relationships
    /// that pass `filter`.
    ///
    /// # Errors
    /// [`CypherError::Parameter`] for a missing parameter or a bad `SKIP`
    /// or `LIMIT`; [`CypherError::Runtime`] for an operation on values of
    /// the wrong type, an integer overflow or a division by zero;
    /// [`CypherError::TooMuchWork`] past the budget.
    pub fn run(&self, params: &Params, filter: &Filter) -> Result<Rows<'g>, CypherError> {
        let exec = exec::Exec {
            plan: &self.plan,
            graph: self.graph,
            source: &self.text,
            params: exec::Exec::resolve_params(&self.plan, params)?,
            pass: filter.compile(self.graph),
            budget: std::cell::Cell::new(self.budget),
            limit: self.budget,
        };
        Ok(Rows {
            columns: self.plan.columns.clone(),
            rows: exec.run()?,
        })
    }

    /// The names of the columns the query returns.
    pub fn columns(&self) -> &[String] {
        &self.plan.columns
    }

    /// The names of the parameters the query uses, in order of first use.
    pub fn parameters(&self) -> &[String] {
        &self.plan.params
    }

    /// The query's text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl KnowledgeGraph {
    /// Parses, checks and plans a Cypher query once, to run it many times:
    /// see [`Prepared`].
    ///
    /// # Errors
    /// As [`Prepared::new`].
    pub fn prepare(&self, text: &str) -> Result<Prepared<'_>, CypherError> {
        Prepared::new(self, text)
    }

    /// Runs a read-only Cypher query (the subset and the schema are set
    /// out in [`query::cypher`](crate::query::cypher)), following only the
    /// relationships that pass `filter`.
    ///
    /// # Arguments
    ///
    /// - `text`: the query.
    /// - `params`: the values of its `$parameters`.
    /// - `filter`: which facts the query may use: every relationship it
    ///   matches, each step of a variable-length one included, must pass.
    ///
    /// # Returns
    ///
    /// The rows of its `RETURN`, in its `ORDER BY` order (without one, in
    /// an order that is deterministic but not promised).
    ///
    /// # Complexity
    ///
    /// Parsing and planning are linear in the text. Matching starts from
    /// the most selective node — an id or name given, else the smallest
    /// label — and follows the adjacency index, so a query that starts at
    /// one node reads only the relationships it follows.
    ///
    /// # Errors
    /// As [`Prepared::new`] and [`Prepared::run`].
    ///
    /// # Example
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::query::cypher::Params;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("ra", "River Army");
    /// b.region("hill", "Hill Province");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::PartOf, "ford", "hill");
    /// b.fact(FactKind::Controls, "ra", "ford").valid_from("2024-10")?;
    /// let g = b.build()?;
    ///
    /// let rows = g.cypher(
    ///     "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(:Region {name: $place})
    ///      RETURN a.name, r.name, c.valid_from",
    ///     &Params::new().with("place", "Hill Province"),
    ///     &Filter::ALL,
    /// )?;
    /// assert_eq!(
    ///     rows.to_json(),
    ///     serde_json::json!({
    ///         "columns": ["a.name", "r.name", "c.valid_from"],
    ///         "rows": [["River Army", "Ford Town", "2024-10"]]
    ///     })
    /// );
    /// // Before October 2024 the army held nothing.
    /// let before = Filter::during("..2024-09".parse()?);
    /// let rows = g.cypher("MATCH (:ArmedGroup)-[c:CONTROLS]->() RETURN count(c) AS n", &Params::new(), &before)?;
    /// assert_eq!(rows.to_json()["rows"], serde_json::json!([[0]]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cypher(
        &self,
        text: &str,
        params: &Params,
        filter: &Filter,
    ) -> Result<Rows<'_>, CypherError> {
        self.prepare(text)?.run(params, filter)
    }
}
