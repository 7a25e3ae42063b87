//! Caps that turn hostile or broken input into clear errors instead of
//! exhausted memory.

/// Limits applied when loading a document or building a graph.
///
/// Every limit gives an error naming where it was exceeded, not a crash.
/// The defaults fit documents of tens of millions of facts.
///
/// | limit | default | over it |
/// |---|---|---|
/// | [`max_document_bytes`](Self::max_document_bytes) | 4 GiB | one error at `document`, nothing read |
/// | [`max_string_bytes`](Self::max_string_bytes) | 1 MiB | an error at the field (names, notes, units, props…) |
/// | [`max_aliases`](Self::max_aliases) | 1,000 | an error at the node's `aliases` |
/// | [`max_evidence`](Self::max_evidence) | 1,000 | an error at the fact's `evidence` |
/// | [`max_problems`](Self::max_problems) | 100 | errors (and warnings) past it are counted, not kept; at least one is always kept |
///
/// ```
/// use geokg::Limits;
/// let strict = Limits::default().max_document_bytes(1 << 20).max_problems(20);
/// assert_eq!(strict.max_document_bytes, 1 << 20);
/// assert_eq!(strict.max_problems, 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Largest document read, in bytes (default 4 GiB).
    pub max_document_bytes: u64,
    /// Longest string in a document (names, notes, props), in bytes (default 1 MiB).
    pub max_string_bytes: usize,
    /// Most aliases on one node (default 1,000).
    pub max_aliases: usize,
    /// Most evidence entries on one fact (default 1,000).
    pub max_evidence: usize,
    /// Most errors, and separately warnings, a report keeps; the rest are counted (default 100).
    pub max_problems: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 4 << 30,
            max_string_bytes: 1 << 20,
            max_aliases: 1_000,
            max_evidence: 1_000,
            max_problems: 100,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_document_bytes`].
    #[must_use]
    pub fn max_document_bytes(mut self, bytes: u64) -> Self {
        self.max_document_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_string_bytes`].
    #[must_use]
    pub fn max_string_bytes(mut self, bytes: usize) -> Self {
        self.max_string_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_aliases`].
    #[must_use]
    pub fn max_aliases(mut self, count: usize) -> Self {
        self.max_aliases = count;
        self
    }

    /// Sets [`Limits::max_evidence`].
    #[must_use]
    pub fn max_evidence(mut self, count: usize) -> Self {
        self.max_evidence = count;
        self
    }

    /// Sets [`Limits::max_problems`].
    #[must_use]
    pub fn max_problems(mut self, count: usize) -> Self {
        self.max_problems = count;
        self
    }
}
