//! Where facts come from: [`Source`]s, their [`Reliability`], the
//! [`Evidence`] that ties a fact to a source and a speaker — with its
//! [`Stance`], when it was said and its [`Credibility`] — and how sure we
//! are of a fact ([`Confidence`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::model::named::{Names, name_enum};
use crate::model::{NodeId, PartialDate, SourceId};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outlet: Option<NodeId>,
}

/// A source's fields besides its id and publisher, as construction hands
/// them over.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceFields {
    pub title: Option<String>,
    pub published: Option<PartialDate>,
    pub url: Option<String>,
    pub reliability: Option<Reliability>,
    pub outlet: Option<NodeId>,
}

impl Source {
    pub(crate) fn new(id: SourceId, publisher: String, fields: SourceFields) -> Self {
        let SourceFields {
            title,
            published,
            url,
            reliability,
            outlet,
        } = fields;
        Source {
            id,
            publisher,
            title,
            published,
            url,
            reliability,
            outlet,
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

    /// The organization that published it (a node id), when given: what
    /// tells two reports of one outlet apart from reports of two (see
    /// [origins](crate::semantics#origins-and-support)).
    pub fn outlet(&self) -> Option<&NodeId> {
        self.outlet.as_ref()
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

name_enum!(
    /// Whether an evidence entry makes a fact's claim or denies it.
    ///
    /// ```
    /// use geokg::model::Stance;
    /// assert_eq!(Stance::default(), Stance::Supports);
    /// assert_eq!("disputes".parse::<Stance>()?, Stance::Disputes);
    /// assert!("denies".parse::<Stance>().is_err());
    /// # Ok::<(), geokg::ValueError>(())
    /// ```
    Stance, "stance", "supports or disputes", {
        /// The source or speaker makes the claim (the default).
        Supports => "supports",
        /// The source or speaker denies it.
        Disputes => "disputes",
    }
);

/// An entry that says nothing of its stance supports the fact.
impl Default for Stance {
    fn default() -> Self {
        Stance::Supports
    }
}

/// The Admiralty (NATO) grade of a piece of information's credibility, 1
/// to 6, beside its source's [`Reliability`] `A`–`F`.
///
/// The digits sort as written; 6 means the truth cannot be judged, not that
/// the information is less credible than 5.
///
/// ```
/// use geokg::model::Credibility;
/// let c = Credibility::try_from(2)?;
/// assert_eq!(c.to_string(), "2");
/// assert_eq!(c.meaning(), "probably true");
/// assert_eq!("6".parse::<Credibility>()?.get(), 6);
/// assert!(Credibility::try_from(7).is_err());
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    /// The grade, 1 to 6.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// What the grade means, in words.
    pub const fn meaning(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl TryFrom<u8> for Credibility {
    type Error = ValueError;
    fn try_from(grade: u8) -> Result<Self, ValueError> {
        if (1..=6).contains(&grade) {
            Ok(Credibility(grade))
        } else {
            Err(ValueError::InvalidCredibility {
                value: grade.to_string(),
            })
        }
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Credibility {
    type Err = ValueError;
    /// A single digit, `"1"` to `"6"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<u8>() {
            Ok(n) if s.len() == 1 => Credibility::try_from(n),
            _ => Err(ValueError::InvalidCredibility {
                value: crate::error::excerpt(s),
            }),
        }
    }
}

/// Evidence for a fact, as given to the builder: where it was published
/// (a source id), who said it there (the id of a person, organization,
/// armed group or country), a note, and — version 2 of the document —
/// whether it supports or disputes the fact ([`Stance`]), when it was said
/// and how credible it is ([`Credibility`]).
///
/// ```
/// use geokg::model::{Credibility, Evidence, Stance};
/// let e = Evidence::from_source("gazette-2025-09-04").speaker("ann-reed").note("interview");
/// assert_eq!(e.source_id(), "gazette-2025-09-04");
/// assert_eq!(e.stance_taken(), Stance::Supports);
///
/// let denial = Evidence::from_source("courier-2025-01-30")
///     .speaker("northland-government")
///     .disputes()
///     .said("2025-01-29".parse()?)
///     .credibility(Credibility::try_from(3)?);
/// assert_eq!(denial.stance_taken(), Stance::Disputes);
/// assert_eq!(denial.said_on().map(|d| d.to_string()).as_deref(), Some("2025-01-29"));
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "is_supports")]
    stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    said: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    credibility: Option<Credibility>,
}

fn is_supports(s: &Stance) -> bool {
    *s == Stance::Supports
}

impl Evidence {
    /// Evidence published in the source with id `source`.
    pub fn from_source(source: impl Into<String>) -> Self {
        Evidence {
            source: source.into(),
            speaker: None,
            note: None,
            stance: Stance::Supports,
            said: None,
            credibility: None,
        }
    }

    /// Who said it: the id of a person, organization, armed group or country.
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

    /// Whether it supports or disputes the fact.
    #[must_use]
    pub fn stance(mut self, stance: Stance) -> Self {
        self.stance = stance;
        self
    }

    /// It denies the fact: [`Stance::Disputes`].
    #[must_use]
    pub fn disputes(self) -> Self {
        self.stance(Stance::Disputes)
    }

    /// When it was said, when that is not the day its source was published.
    #[must_use]
    pub fn said(mut self, date: PartialDate) -> Self {
        self.said = Some(date);
        self
    }

    /// How credible the information is.
    #[must_use]
    pub fn credibility(mut self, grade: Credibility) -> Self {
        self.credibility = Some(grade);
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

    /// Whether it supports or disputes the fact.
    pub fn stance_taken(&self) -> Stance {
        self.stance
    }

    /// When it was said, when given.
    pub fn said_on(&self) -> Option<PartialDate> {
        self.said
    }

    /// Its credibility grade, when given.
    pub fn credibility_grade(&self) -> Option<Credibility> {
        self.credibility
    }
}
