//! Reading and writing graphs: the JSON document ([`format`](crate::format)), and exports
//! to other tools' formats, one module each:
//!
//! | module | format | read by |
//! |---|---|---|
//! | [`dot`] | Graphviz DOT | `dot -Tsvg`, any Graphviz viewer |
//! | [`geojson`] | GeoJSON (RFC 7946) | QGIS, geojson.io, Leaflet, GitHub |
//! | [`graphml`] | GraphML with typed keys | Gephi, yEd, Cytoscape, networkx |
//! | [`graph_db`] | CSV files and import scripts | Kùzu (`COPY FROM`), Neo4j (`neo4j-admin database import`) |
//! | [`ntriples`] | RDF N-Triples | any triple store; SPARQL |
//!
//! An export shows a [`View`] of a graph: all of it, the facts that pass a
//! [`Filter`](crate::query::Filter), or the neighbourhood of some nodes.
//! Every export writes the same bytes for the same view.
//!
//! ```
//! use geokg::KnowledgeGraph;
//! let text = r#"{"format":"geokg","version":1,"sources":[],
//!   "nodes":[{"id":"ar","kind":"country","name":"Arcadia","iso2":"XA"}],"facts":[]}"#;
//! let g = KnowledgeGraph::from_json_str(text)?;
//! let saved = g.to_json_string();
//! assert_eq!(KnowledgeGraph::from_json_str(&saved)?, g);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
pub mod dot;
mod flat;
pub mod geojson;
pub mod graph_db;
pub mod graphml;
pub mod ntriples;
mod read;
mod view;
mod write;

pub use view::View;

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use crate::error::{LoadError, Location, ProblemKind, Problems, SaveError, ValidationReport};
use crate::graph::draft::Draft;
use crate::graph::{KnowledgeGraph, Limits, Merge, MergeReport, build_graph};

/// Checks a document without keeping the graph: every error and warning.
///
/// ```
/// let report = geokg::io::validate_str(r#"{"format":"geokg","version":3}"#);
/// assert!(!report.is_valid());
/// assert_eq!(report.errors[0].at.to_string(), "version");
/// ```
pub fn validate_str(text: &str) -> ValidationReport {
    report_of(load_str_with(text, Limits::default()))
}

/// Checks a document given as bytes (they must be UTF-8).
pub fn validate_slice(bytes: &[u8]) -> ValidationReport {
    report_of(load_slice_with(bytes, Limits::default()))
}

/// Everything a load found: the warnings of a graph that loaded, or the
/// report of one that did not.
fn report_of(loaded: Result<KnowledgeGraph, LoadError>) -> ValidationReport {
    match loaded {
        Ok(g) => g.warnings().clone(),
        Err(LoadError::Invalid(r)) => *r,
        // Loading from memory reads nothing, but the error type allows it.
        Err(e @ LoadError::Io { .. }) => {
            let mut p = Problems::new(1);
            p.error(|| {
                (
                    Location::Document,
                    ProblemKind::Syntax {
                        message: e.to_string(),
                    },
                )
            });
            p.into_report()
        }
    }
}

/// The refusal of a document over [`Limits::max_document_bytes`].
fn too_large(size: u64, limits: &Limits) -> LoadError {
    let mut problems = Problems::new(limits.max_problems);
    problems.error(|| too_large_problem(size, limits));
    problems.into_report().into()
}

fn too_large_problem(size: u64, limits: &Limits) -> (Location, ProblemKind) {
    (
        Location::Document,
        ProblemKind::TooLarge {
            what: "document",
            size,
            limit: limits.max_document_bytes,
        },
    )
}

/// Reads a document's text into a draft, as every load does: a byte order
/// mark allowed, at most `limits.max_document_bytes`. `None`, the problem
/// recorded, when it cannot be read as a document at all.
pub(crate) fn read_text<'a>(
    text: &'a str,
    limits: &Limits,
    problems: &mut Problems,
) -> Option<Draft<'a>> {
    // JSON text must not start with a byte order mark, but editors add
    // one; RFC 8259 lets a reader ignore it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > limits.max_document_bytes {
        problems.error(|| too_large_problem(text.len() as u64, limits));
        return None;
    }
    read::read_draft(text, problems)
}

/// [`read_text`] for bytes, which must be UTF-8.
pub(crate) fn read_bytes<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    problems: &mut Problems,
) -> Option<Draft<'a>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => read_text(text, limits, problems),
        Err(e) => {
            let offset = e.valid_up_to();
            let prefix = bytes.get(..offset).unwrap_or_default();
            let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
            let column = 1 + prefix.iter().rev().take_while(|&&b| b != b'\n').count();
            problems.error(|| {
                (
                    Location::Text { line, column },
                    ProblemKind::InvalidUtf8 { offset },
                )
            });
            None
        }
    }
}

/// Loads a document from a string under `limits`.
///
/// # Errors
/// [`LoadError::Invalid`] with every problem found.
pub fn load_str_with(text: &str, limits: Limits) -> Result<KnowledgeGraph, LoadError> {
    let mut problems = Problems::new(limits.max_problems);
    match read_text(text, &limits, &mut problems) {
        Some(draft) => Ok(build_graph(draft, limits, problems)?),
        None => Err(problems.into_report().into()),
    }
}

/// Loads a document from bytes, which must be UTF-8.
///
/// # Errors
/// [`LoadError::Invalid`] with every problem found, including bytes that
/// are not UTF-8.
pub fn load_slice_with(bytes: &[u8], limits: Limits) -> Result<KnowledgeGraph, LoadError> {
    let mut problems = Problems::new(limits.max_problems);
    match read_bytes(bytes, &limits, &mut problems) {
        Some(draft) => Ok(build_graph(draft, limits, problems)?),
        None => Err(problems.into_report().into()),
    }
}

/// Reads everything from `reader` (at most `limits.max_document_bytes`) and loads it.
///
/// # Errors
/// [`LoadError::Io`] when reading fails; [`LoadError::Invalid`] otherwise.
pub fn load_reader_with<R: Read>(reader: R, limits: Limits) -> Result<KnowledgeGraph, LoadError> {
    let mut bytes = Vec::new();
    let cap = limits.max_document_bytes.saturating_add(1);
    reader
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io { path: None, source })?;
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(too_large(bytes.len() as u64, &limits));
    }
    load_slice_with(&bytes, limits)
}

/// Loads the document at `path`.
///
/// # Errors
/// [`LoadError::Io`] when the file cannot be read; [`LoadError::Invalid`] otherwise.
pub fn load_path_with(path: &Path, limits: Limits) -> Result<KnowledgeGraph, LoadError> {
    let bytes = read_file(path, &limits)?;
    load_slice_with(&bytes, limits)
}

/// Reads a file, refusing one over [`Limits::max_document_bytes`]
/// before reading it.
fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, LoadError> {
    let io_err = |source| LoadError::Io {
        path: Some(path.to_path_buf()),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let size = file.metadata().map_err(io_err)?.len();
    if size > limits.max_document_bytes {
        return Err(too_large(size, limits));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limits.max_document_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    Ok(bytes)
}

impl Merge {
    /// Adds the document at `path`, named by its file name
    /// (`reuters.json`); it is read now, and checked by
    /// [`build`](Merge::build).
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read.
    pub fn path(&mut self, path: impl AsRef<Path>) -> Result<&mut Self, LoadError> {
        let path = path.as_ref();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.path_named(name, path)
    }

    /// Adds the document at `path` under `name` (for files that share a
    /// file name).
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read.
    pub fn path_named(
        &mut self,
        name: impl Into<String>,
        path: impl AsRef<Path>,
    ) -> Result<&mut Self, LoadError> {
        let bytes = read_file(path.as_ref(), &self.limits())?;
        Ok(self.bytes(name, bytes))
    }
}

/// Merges the documents at `paths`, in order, each named by its file name.
///
/// ```no_run
/// let (graph, report) = geokg::io::merge_paths(["data/base.json", "data/mine.json"])?;
/// println!("{report}");
/// # Ok::<(), geokg::Error>(())
/// ```
///
/// # Errors
/// [`Error::Load`](crate::Error::Load) when a file cannot be read;
/// [`Error::Invalid`](crate::Error::Invalid) with every problem of the
/// documents, located in each, as [`Merge::build`] reports them.
pub fn merge_paths<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
) -> Result<(KnowledgeGraph, MergeReport), crate::Error> {
    let mut merge = Merge::new();
    for p in paths {
        merge.path(p)?;
    }
    Ok(merge.build()?)
}

struct DocumentSteps<'g>(&'g KnowledgeGraph);

impl atomic::SaveSteps for DocumentSteps<'_> {
    fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write::write_document(self.0, out)
    }
}

impl KnowledgeGraph {
    /// Loads a document from a string.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] with every problem found (see [`ValidationReport`]).
    pub fn from_json_str(text: &str) -> Result<KnowledgeGraph, LoadError> {
        load_str_with(text, Limits::default())
    }

    /// Loads a document from bytes, which must be UTF-8.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::from_json_str`].
    pub fn from_json_slice(bytes: &[u8]) -> Result<KnowledgeGraph, LoadError> {
        load_slice_with(bytes, Limits::default())
    }

    /// Loads a document from a reader.
    ///
    /// # Errors
    /// [`LoadError::Io`] when reading fails; otherwise as [`KnowledgeGraph::from_json_str`].
    pub fn from_reader<R: Read>(reader: R) -> Result<KnowledgeGraph, LoadError> {
        load_reader_with(reader, Limits::default())
    }

    /// Loads the document at `path`.
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read; otherwise as
    /// [`KnowledgeGraph::from_json_str`].
    pub fn load(path: impl AsRef<Path>) -> Result<KnowledgeGraph, LoadError> {
        load_path_with(path.as_ref(), Limits::default())
    }

    /// Writes the document to `writer`: deterministic, sources, nodes and
    /// facts each in id order, one per line.
    ///
    /// # Errors
    /// [`SaveError::Io`] when writing fails.
    pub fn write_json<W: Write>(&self, writer: W) -> Result<(), SaveError> {
        write::write_document(self, writer).map_err(|source| SaveError::Io { path: None, source })
    }

    /// The document as a string.
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and serde_json writes UTF-8.
        let _ = write::write_document(self, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Saves the document to `path` atomically: a temporary file in the
    /// same folder is written, flushed and synced, then renamed over `path`.
    /// If anything fails, `path` keeps its old content and the temporary
    /// file is removed.
    ///
    /// # Errors
    /// [`SaveError::Io`] when writing, syncing or renaming fails.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SaveError> {
        atomic::save_atomically(path.as_ref(), &mut DocumentSteps(self))
    }
}
