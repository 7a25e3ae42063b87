//! Graphviz DOT: a picture of a graph, or of the neighbourhood of some of
//! its nodes.
//!
//! Each node is drawn in the shape and colour of its kind, labelled with
//! its name; each fact is an arrow labelled with its kind, what its fields
//! say (a commodity and its quantity, an action, a mode of control, a
//! waypoint's stop, a role, a topic: the words the printed answers use), its
//! period and its confidence.
//! Symmetric facts (`borders`, `cooperates_with`) have no arrowhead;
//! speculative facts are dashed and claimed ones dotted. Nodes and facts
//! are written in id order, so the same view gives the same bytes.
//!
//! ```
//! use geokg::io::{View, dot};
//! use geokg::model::{Confidence, ControlMode, Period};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.armed_group("north-front", "North Front");
//! b.region("hill-town", "Hill Town");
//! b.fact(FactKind::Controls, "north-front", "hill-town")
//!     .mode(ControlMode::Military)
//!     .valid_from("2021-03")?
//!     .confidence(Confidence::Speculative);
//! let g = b.build()?;
//!
//! let text = dot::to_string(&View::whole(&g), &dot::DotOptions::default());
//! assert!(text.starts_with("digraph geokg {"));
//! assert!(text.contains(r#""north-front" -> "hill-town""#));
//! assert!(text.contains(r#"label="controls\nmilitary\n2021-03.. · speculative""#));
//! assert!(text.contains(r#"style="dashed""#));
//! // Without the details, the kind, period and confidence.
//! let bare = dot::DotOptions::default().fact_details(false);
//! let text = dot::to_string(&View::whole(&g), &bare);
//! assert!(text.contains(r#"label="controls\n2021-03.. · speculative""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::{FactRef, NodeRef};
use crate::io::View;
use crate::model::{Confidence, NodeKind};
use crate::query::evidence::field_text;

/// How a DOT picture is drawn.
///
/// ```
/// use geokg::io::dot::DotOptions;
/// let opts = DotOptions::default().title("Hill country, 2024").legend(true);
/// assert_eq!(opts.title.as_deref(), Some("Hill country, 2024"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DotOptions {
    /// A caption above the picture.
    pub title: Option<String>,
    /// Lay the graph out top to bottom instead of left to right (which
    /// suits the long labels of facts better).
    pub top_to_bottom: bool,
    /// Draw a legend of the node kinds that appear.
    pub legend: bool,
    /// Add the fact's details to its label, under its kind: a commodity
    /// and its quantity, an action, a mode of control, a waypoint's stop, a
    /// role or a topic (on by default).
    pub fact_details: bool,
    /// The Graphviz layout engine named in the file (`dot`, `neato`,
    /// `fdp`, `sfdp`…); `None` leaves it to the command that renders it.
    pub layout: Option<String>,
}

impl Default for DotOptions {
    /// No title, left to right, no legend, with the facts' details, the
    /// layout engine left to the renderer.
    fn default() -> Self {
        DotOptions {
            title: None,
            top_to_bottom: false,
            legend: false,
            fact_details: true,
            layout: None,
        }
    }
}

impl DotOptions {
    /// Sets the caption.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets top-to-bottom layout.
    #[must_use]
    pub fn top_to_bottom(mut self, yes: bool) -> Self {
        self.top_to_bottom = yes;
        self
    }

    /// Sets whether a legend is drawn.
    #[must_use]
    pub fn legend(mut self, yes: bool) -> Self {
        self.legend = yes;
        self
    }

    /// Sets whether fact labels carry the fact's details.
    #[must_use]
    pub fn fact_details(mut self, yes: bool) -> Self {
        self.fact_details = yes;
        self
    }

    /// Names the layout engine in the file.
    #[must_use]
    pub fn layout(mut self, engine: impl Into<String>) -> Self {
        self.layout = Some(engine.into());
        self
    }
}

/// The shape and fill colour of a node kind.
fn kind_style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Country => ("doubleoctagon", "#9ecae1"),
        NodeKind::ArmedGroup => ("hexagon", "#fc9272"),
        NodeKind::Region => ("ellipse", "#c7e9c0"),
        NodeKind::Route => ("cds", "#fdd0a2"),
        NodeKind::Person => ("egg", "#dadaeb"),
        NodeKind::Organization => ("box", "#fff7bc"),
    }
}

/// Writes the view as a DOT digraph.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write<W: Write>(view: &View<'_>, options: &DotOptions, mut out: W) -> io::Result<()> {
    out.write_all(to_string(view, options).as_bytes())?;
    out.flush()
}

/// The view as a DOT digraph.
pub fn to_string(view: &View<'_>, options: &DotOptions) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = render(view, options, &mut s);
    s
}

fn render(view: &View<'_>, o: &DotOptions, s: &mut String) -> std::fmt::Result {
    s.push_str("digraph geokg {\n");
    let mut graph_attrs = vec![
        ("fontname", "Helvetica"),
        ("rankdir", if o.top_to_bottom { "TB" } else { "LR" }),
        // Edge labels sit between nodes of one rank: twice Graphviz's
        // default gap keeps labels of several lines clear of each other.
        ("nodesep", "0.5"),
    ];
    if let Some(engine) = &o.layout {
        graph_attrs.push(("layout", engine));
    }
    if let Some(t) = &o.title {
        graph_attrs.push(("label", t));
        graph_attrs.push(("labelloc", "t"));
        graph_attrs.push(("fontsize", "16"));
    }
    write!(s, "  graph [")?;
    attrs(s, &graph_attrs)?;
    s.push_str("];\n");
    s.push_str("  node [fontname=\"Helvetica\", fontsize=10, style=filled, color=\"#555555\"];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n");
    for n in view.nodes() {
        node(s, n)?;
    }
    for f in view.facts() {
        fact(s, f, o.fact_details)?;
    }
    if o.legend {
        legend(s, view)?;
    }
    s.push_str("}\n");
    Ok(())
}

fn node(s: &mut String, n: NodeRef<'_>) -> std::fmt::Result {
    let (shape, fill) = kind_style(n.kind());
    let tooltip = format!("{} ({})", n.id(), n.kind());
    write!(s, "  {} [", quote(n.id().as_str()))?;
    attrs(
        s,
        &[
            ("label", n.name()),
            ("shape", shape),
            ("fillcolor", fill),
            ("tooltip", &tooltip),
        ],
    )?;
    s.push_str("];\n");
    Ok(())
}

/// The widest a line of a fact's details is let grow before it breaks, in
/// characters: a long `action` would otherwise widen its label across the
/// picture.
const DETAILS_WIDTH: usize = 32;

/// The values of the fields the fact gives, in the words the printed
/// answers use (`rare_earths, at least 3300 t`, `military`, `stop 2`,
/// `"reopen the road"`), broken into lines of about [`DETAILS_WIDTH`]
/// characters.
fn details(f: FactRef<'_>) -> Option<String> {
    let words: Vec<String> = f
        .details()
        .fields()
        .filter_map(|(field, value)| field_text(field, Some(value?)))
        .collect();
    (!words.is_empty()).then(|| wrap(&words.join(", "), DETAILS_WIDTH))
}

/// `text` broken at spaces into as few lines as lines of `width`
/// characters would need, each about as long as the others (a single
/// longer word stays whole).
fn wrap(text: &str, width: usize) -> String {
    let len = text.chars().count();
    let lines = len.div_ceil(width.max(1)).max(1);
    let mut at = len.div_ceil(lines);
    loop {
        let (wrapped, count) = wrap_at(text, at);
        if count <= lines || at >= len {
            return wrapped;
        }
        at += 1;
    }
}

/// `text` broken greedily at spaces before lines grow past `width`
/// characters, and how many lines that makes.
fn wrap_at(text: &str, width: usize) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let (mut line, mut lines) = (0, 1);
    for word in text.split(' ') {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            lines += 1;
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    (out, lines)
}

/// The kind; the details on the lines below it (when asked for); then the
/// period and the confidence on one line: `controls\nmilitary\n2024-10.. ·
/// reported`.
fn fact_label(f: FactRef<'_>, with_details: bool) -> String {
    let mut label = f.kind().as_str().to_owned();
    if with_details && let Some(d) = details(f) {
        label.push('\n');
        label.push_str(&d);
    }
    label.push('\n');
    let valid = f.valid();
    if !valid.is_all_time() {
        label.push_str(&valid.to_string());
        label.push_str(" · ");
    }
    label.push_str(f.confidence().as_str());
    label
}

fn fact(s: &mut String, f: FactRef<'_>, with_details: bool) -> std::fmt::Result {
    write!(
        s,
        "  {} -> {} [",
        quote(f.from().id().as_str()),
        quote(f.to().id().as_str())
    )?;
    let label = fact_label(f, with_details);
    let mut a = vec![("label", label.as_str()), ("tooltip", f.id().as_str())];
    if f.kind().is_symmetric() {
        a.push(("dir", "none"));
    }
    match f.confidence() {
        Confidence::Speculative => a.push(("style", "dashed")),
        Confidence::Claimed => a.push(("style", "dotted")),
        Confidence::Confirmed => a.push(("penwidth", "2")),
        _ => {}
    }
    attrs(s, &a)?;
    s.push_str("];\n");
    Ok(())
}

fn legend(s: &mut String, view: &View<'_>) -> std::fmt::Result {
    let kinds: Vec<NodeKind> = NodeKind::ALL
        .into_iter()
        .filter(|&k| view.nodes().any(|n| n.kind() == k))
        .collect();
    if kinds.is_empty() {
        return Ok(());
    }
    s.push_str("  subgraph cluster_legend {\n");
    s.push_str("    label=\"Legend\"; fontsize=10; color=\"#aaaaaa\";\n");
    for k in &kinds {
        let (shape, fill) = kind_style(*k);
        let label = k.as_str().replace('_', " ");
        write!(s, "    {} [", quote(&format!("legend: {k}")))?;
        attrs(
            s,
            &[("label", &label), ("shape", shape), ("fillcolor", fill)],
        )?;
        s.push_str("];\n");
    }
    // Invisible edges stack the legend's entries in one column.
    for pair in kinds.windows(2) {
        if let [a, b] = pair {
            writeln!(
                s,
                "    {} -> {} [style=invis];",
                quote(&format!("legend: {a}")),
                quote(&format!("legend: {b}"))
            )?;
        }
    }
    s.push_str("  }\n");
    Ok(())
}

fn attrs(s: &mut String, list: &[(&str, &str)]) -> std::fmt::Result {
    for (i, (k, v)) in list.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write!(s, "{k}={}", quote(v))?;
    }
    Ok(())
}

/// A DOT double-quoted string that Graphviz shows as `text`.
///
/// Quotes and backslashes are escaped (a backslash starts an escape such as
/// `\n` in a label); line breaks become `\n`; `&` becomes `&amp;`, because
/// Graphviz reads HTML entities such as `&lt;` in every label. Other
/// characters, `<` and `>` and any Unicode included, are written as they are.
fn quote(text: &str) -> String {
    let mut q = String::with_capacity(text.len() + 2);
    q.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => {
                // A CRLF pair is one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                q.push_str("\\n");
            }
            '&' => q.push_str("&amp;"),
            c if c.is_control() => q.push(' '),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_details_break_into_lines_of_like_length() {
        assert_eq!(wrap("military", 32), "military");
        assert_eq!(
            wrap(
                "on salt exploration in the little-surveyed north-west Northland",
                32
            ),
            "on salt exploration in the\nlittle-surveyed north-west Northland"
        );
        assert_eq!(
            wrap(
                "\"restore the disused road and open it again to cross-border trade\"",
                32
            ),
            "\"restore the disused\nroad and open it again\nto cross-border trade\""
        );
        assert_eq!(
            wrap("a-single-word-longer-than-the-width", 8),
            "a-single-word-longer-than-the-width"
        );
        assert_eq!(wrap("", 32), "");
    }

    #[test]
    fn quote_escapes_quotes_line_breaks_and_ampersands() {
        assert_eq!(quote("Say \"hi\"\nA&B"), r#""Say \"hi\"\nA&amp;B""#);
    }
}
