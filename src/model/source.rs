//! Where facts come from: [`Source`]s, their [`Reliability`], the
//! [`Evidence`] that ties a fact to a source and a speaker, and how sure we
//! are of a fact ([`Confidence`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::model::{PartialDate, SourceId};

/// How well a fact is established, ordered: `Confirmed` > `Reported` >
/// `Claimed` > `Speculative`.
///
/// ```
/// use geokg::model::Confidence;
/// assert!(Confidence::Confirmed > Confidence::Reported);
/// assert_eq!(Confidence::default(), Confidence::Reported);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Confidence {
    /// An analyst's possibility or prediction.
    Speculative,
    /// Asserted by an interested party.
    Claimed,
    /// Stated as fact by a source.
    #[default]
    Reported,
    /// Corroborated, or official data.
    Confirmed,
}

impl Confidence {
    /// Every level, weakest first.
    pub const ALL: [Confidence; 4] = [
        Confidence::Speculative,
        Confidence::Claimed,
        Confidence::Reported,
        Confidence::Confirmed,
    ];

    /// The level's name in the document (`"claimed"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Confidence::Speculative => "speculative",
            Confidence::Claimed => "claimed",
            Confidence::Reported => "reported",
            Confidence::Confirmed => "confirmed",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Confidence {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Confidence::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "confidence",
                value: crate::error::excerpt(s),
                expected: "confirmed, reported, claimed or speculative",
            })
    }
}

/// The Admiralty (NATO) grade of a source's reliability, `A` to `F`.
///
/// The letters sort as written; `F` means the reliability cannot be judged,
/// not that the source is worse than `E`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// Every grade.
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    /// The grade's letter.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }

    /// What the grade means, in words.
    pub const fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Reliability {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reliability::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ValueError::UnknownName {
                what: "reliability",
                value: crate::error::excerpt(s),
                expected: "one of the letters A, B, C, D, E, F",
            })
    }
}

/// A publication facts are drawn from: a news report, a data release, a
/// reference work.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    id: SourceId,
    publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reliability: Option<Reliability>,
}

impl Source {
    pub(crate) fn new(
        id: SourceId,
        publisher: String,
        title: Option<String>,
        published: Option<PartialDate>,
        url: Option<String>,
        reliability: Option<Reliability>,
    ) -> Self {
        Source {
            id,
            publisher,
            title,
            published,
            url,
            reliability,
        }
    }

    /// The source's id.
    pub fn id(&self) -> &SourceId {
        &self.id
    }

    /// Who published it (`"Valley Gazette"`).
    pub fn publisher(&self) -> &str {
        &self.publisher
    }

    /// Its title, when known.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// When it was published, when known.
    pub fn published(&self) -> Option<PartialDate> {
        self.published
    }

    /// Where it can be read, when known.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// Its Admiralty reliability grade, when graded.
    pub fn reliability(&self) -> Option<Reliability> {
        self.reliability
    }
}

impl fmt::Display for Source {
    /// `Valley Gazette, "Title", 2025-09-04 (reliability B: usually reliable)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.publisher)?;
        if let Some(t) = &self.title {
            write!(f, ", \"{t}\"")?;
        }
        if let Some(d) = self.published {
            write!(f, ", {d}")?;
        }
        if let Some(r) = self.reliability {
            write!(f, " (reliability {r}: {})", r.meaning())?;
        }
        Ok(())
    }
}

/// Evidence for a fact, as given to the builder: where it was published
/// (a source id), who said it there (a person or organization id), and a note.
///
/// ```
/// use geokg::model::Evidence;
/// let e = Evidence::from_source("gazette-2025-09-04").speaker("ann-reed").note("interview");
/// assert_eq!(e.source_id(), "gazette-2025-09-04");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Evidence {
    /// Evidence published in the source with id `source`.
    pub fn from_source(source: impl Into<String>) -> Self {
        Evidence {
            source: source.into(),
            speaker: None,
            note: None,
        }
    }

    /// Who said it: the id of a person or organization node.
    #[must_use]
    pub fn speaker(mut self, speaker: impl Into<String>) -> Self {
        self.speaker = Some(speaker.into());
        self
    }

    /// A note in your own words.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The source id.
    pub fn source_id(&self) -> &str {
        &self.source
    }

    /// The speaker's node id, when given.
    pub fn speaker_id(&self) -> Option<&str> {
        self.speaker.as_deref()
    }

    /// The note, when given.
    pub fn note_text(&self) -> Option<&str> {
        self.note.as_deref()
    }
}
