//! `--data` for the query tool and the exporter: each value a file or the
//! name of an embedded data set; several are merged.

use std::borrow::Cow;
use std::path::Path;

use geokg::datasets::{Embedded, embedded};
use geokg::graph::{Merge, MergeReport};
use geokg::{KnowledgeGraph, ValidationReport};

/// The embedded data set used without `--data`.
pub const DEFAULT: &str = "myanmar";

/// The help text of `--data`.
pub const HELP: &str = "A document to read: a file, or an embedded data set by name \
    (myanmar: the Myanmar rare-earth data set from many sources on the world layer, the default; \
    myanmar-cni: the CNI News report alone; world: the world layer). Repeat it to merge \
    several (the merge report goes to stderr).";

/// The documents the `--data` values name, in order, each with its name and
/// bytes; a document two values share (the world layer in `myanmar` and
/// `world`) once.
pub struct Documents {
    /// How many `--data` values there were (1 for the default).
    pub values: usize,
    /// The documents.
    pub documents: Vec<(String, Cow<'static, [u8]>)>,
}

/// Reads the `--data` values: a path to an existing file is read; any other
/// value must be an embedded data set's name.
pub fn documents(values: &[String]) -> Result<Documents, String> {
    let defaults = [DEFAULT.to_owned()];
    let values = if values.is_empty() {
        &defaults[..]
    } else {
        values
    };
    let mut documents: Vec<(String, Cow<'static, [u8]>)> = Vec::new();
    for value in values {
        let path = Path::new(value);
        if path.is_file() {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {value}: {e}"))?;
            documents.push((value.clone(), Cow::Owned(bytes)));
            continue;
        }
        let Some(set) = Embedded::by_name(value) else {
            let names: Vec<String> = embedded()
                .map(|e| format!("  {:<12} {}", e.name, e.about))
                .collect();
            return Err(format!(
                "--data {value}: no such file, and no embedded data set of that name; the embedded data sets are:\n{}",
                names.join("\n")
            ));
        };
        for &(name, text) in set.documents {
            if !documents.iter().any(|(n, _)| n == name) {
                documents.push((name.to_owned(), Cow::Borrowed(text.as_bytes())));
            }
        }
    }
    Ok(Documents {
        values: values.len(),
        documents,
    })
}

impl Documents {
    /// The merge of the documents, in order.
    pub fn merge(&self) -> Merge {
        let mut merge = Merge::new();
        for (name, bytes) in &self.documents {
            merge.bytes(name.as_str(), bytes.to_vec());
        }
        merge
    }

    /// The graph: the one document loaded, or the documents merged, with
    /// the merge report when there were several `--data` values (an
    /// embedded data set of several documents alone is used without one).
    pub fn load(&self) -> Result<(KnowledgeGraph, Option<MergeReport>), String> {
        if let [(name, bytes)] = &self.documents[..] {
            let g = KnowledgeGraph::from_json_slice(bytes).map_err(|e| format!("{name}: {e}"))?;
            return Ok((g, None));
        }
        let (g, report) = self.merge().build().map_err(|e| e.to_string())?;
        Ok((g, (self.values > 1).then_some(report)))
    }

    /// The validation report of the documents, as loading (or merging)
    /// them gives it: every error, or the warnings of the graph.
    #[allow(dead_code, reason = "the query tool validates; the exporter does not")]
    pub fn validate(&self) -> ValidationReport {
        if let [(_, bytes)] = &self.documents[..] {
            return geokg::io::validate_slice(bytes);
        }
        match self.merge().build() {
            Ok((g, _)) => g.warnings().clone(),
            Err(report) => report,
        }
    }
}
