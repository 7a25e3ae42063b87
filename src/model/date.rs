//! Dates that may be known only to the year or month ([`PartialDate`]) and
//! the spans of time a fact holds ([`Period`]).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValueError;

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Precision {
    /// `"2024"`: the whole year.
    Year,
    /// `"2024-10"`: the whole month.
    Month,
    /// `"2024-10-31"`: one day.
    Day,
}

/// A calendar date known to the year, the month or the day, which stands for
/// the span it names: `"2024-10"` is 1–31 October 2024.
///
/// Always calendar-valid, years 1–9999.
///
/// ```
/// use geokg::model::{PartialDate, Precision};
/// let d: PartialDate = "2024-02".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// assert_eq!(d.first_day().to_string(), "2024-02-01");
/// assert_eq!(d.last_day().to_string(), "2024-02-29");
/// assert!("2023-02-29".parse::<PartialDate>().is_err());
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: u16,
    /// 0 when only the year is known.
    month: u8,
    /// 0 when only the year or month is known.
    day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match time::Month::try_from(month) {
        Ok(m) => m.length(i32::from(year)),
        Err(_) => 0,
    }
}

impl PartialDate {
    /// A whole year.
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] when `year` is outside 1–9999.
    pub fn year_only(year: u16) -> Result<Self, ValueError> {
        Self::check(year, 0, 0, Precision::Year)
    }

    /// A whole month.
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for a year outside 1–9999 or a month outside 1–12.
    pub fn year_month(year: u16, month: u8) -> Result<Self, ValueError> {
        if month == 0 {
            return Err(date_error(
                year,
                month,
                0,
                Precision::Month,
                "month must be 1-12",
            ));
        }
        Self::check(year, month, 0, Precision::Month)
    }

    /// One day.
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] when the day does not exist in the calendar.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<Self, ValueError> {
        let p = Precision::Day;
        if month == 0 {
            return Err(date_error(year, month, day, p, "month must be 1-12"));
        }
        if day == 0 {
            return Err(date_error(year, month, day, p, "day must be at least 1"));
        }
        Self::check(year, month, day, p)
    }

    /// `precision` says how the value is quoted in an error: a month of 0
    /// must still show in `"2024-00"`.
    fn check(year: u16, month: u8, day: u8, p: Precision) -> Result<Self, ValueError> {
        if !(1..=9999).contains(&year) {
            return Err(date_error(year, month, day, p, "year must be 1-9999"));
        }
        if month > 12 {
            return Err(date_error(year, month, day, p, "month must be 1-12"));
        }
        if day > 0 && day > days_in_month(year, month) {
            return Err(date_error(
                year,
                month,
                day,
                p,
                "that day does not exist in that month",
            ));
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month(self) -> Option<u8> {
        (self.month > 0).then_some(self.month)
    }

    /// The day of the month, when known.
    pub fn day(self) -> Option<u8> {
        (self.day > 0).then_some(self.day)
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day of the span (`"2024"` → `2024-01-01`).
    pub fn first_day(self) -> PartialDate {
        PartialDate {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day of the span (`"2024-02"` → `2024-02-29`).
    pub fn last_day(self) -> PartialDate {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
        };
        PartialDate {
            year: self.year,
            month,
            day,
        }
    }

    /// The first day as a sortable number `yyyymmdd`.
    pub(crate) fn start_key(self) -> u32 {
        let d = self.first_day();
        day_key(d)
    }

    /// The last day as a sortable number `yyyymmdd`.
    pub(crate) fn end_key(self) -> u32 {
        day_key(self.last_day())
    }

    /// The date in four bytes, `yyyymmdd` with `00` for a month or day
    /// not known; never 0, so that 0 can stand for no date.
    pub(crate) fn packed(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// The date [`PartialDate::packed`] made; `None` for 0 or a number no
    /// date packs to. Called per evidence entry on hot paths: no error is
    /// built for a number that is no date.
    #[inline]
    pub(crate) fn from_packed(n: u32) -> Option<PartialDate> {
        if n == 0 {
            return None;
        }
        let year = u16::try_from(n / 10_000).ok()?;
        let (month, day) = ((n / 100 % 100) as u8, (n % 100) as u8);
        let valid = (1..=9999).contains(&year)
            && month <= 12
            && (day == 0 || (month > 0 && day <= days_in_month(year, month)));
        valid.then_some(PartialDate { year, month, day })
    }
}

fn day_key(d: PartialDate) -> u32 {
    u32::from(d.year) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day)
}

fn date_error(year: u16, month: u8, day: u8, p: Precision, reason: &'static str) -> ValueError {
    let value = match p {
        Precision::Year => format!("{year:04}"),
        Precision::Month => format!("{year:04}-{month:02}"),
        Precision::Day => format!("{year:04}-{month:02}-{day:02}"),
    };
    ValueError::InvalidDate { value, reason }
}

/// Ordered by first day, then coarser before finer (`2024` < `2024-01` < `2024-01-01`).
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start_key(), self.precision()).cmp(&(other.start_key(), other.precision()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartialDate({self})")
    }
}

fn digits(s: &str, n: usize) -> Option<u16> {
    if s.len() == n && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl FromStr for PartialDate {
    type Err = ValueError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, exactly those digit counts.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || ValueError::InvalidDate {
            value: crate::error::excerpt(s),
            reason: "wrong form",
        };
        let mut parts = s.split('-');
        let year = parts.next().and_then(|p| digits(p, 4)).ok_or_else(syntax)?;
        let month = match parts.next() {
            None => return Self::year_only(year),
            Some(p) => digits(p, 2).ok_or_else(syntax)?,
        };
        let month = u8::try_from(month).map_err(|_| syntax())?;
        let day = match parts.next() {
            None => return Self::year_month(year, month),
            Some(p) => digits(p, 2).ok_or_else(syntax)?,
        };
        let day = u8::try_from(day).map_err(|_| syntax())?;
        if parts.next().is_some() {
            return Err(syntax());
        }
        Self::ymd(year, month, day)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// When a fact held: from the first day of `from` to the last day of `to`,
/// either end open when absent. [`Period::ALL`] (both open) is all time.
///
/// A period whose `from` starts after its `to` ends cannot be made.
///
/// ```
/// use geokg::model::Period;
/// let clashes: Period = "2024-10..2024-12".parse()?;
/// let september: Period = "2024-09".parse()?;
/// let late_2024: Period = "2024-09..".parse()?;
/// assert!(!clashes.overlaps(&september));
/// assert!(late_2024.contains(&clashes));
/// assert!(Period::ALL.contains(&late_2024));
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Period {
    from: Option<PartialDate>,
    to: Option<PartialDate>,
}

impl Period {
    /// All time: both ends open.
    pub const ALL: Period = Period {
        from: None,
        to: None,
    };

    /// A period from `from` to `to` (each optional).
    ///
    /// # Errors
    /// [`ValueError::PeriodOrder`] when `from` starts after `to` ends.
    pub fn new(from: Option<PartialDate>, to: Option<PartialDate>) -> Result<Self, ValueError> {
        if let (Some(a), Some(b)) = (from, to)
            && a.start_key() > b.end_key()
        {
            return Err(ValueError::PeriodOrder { from: a, to: b });
        }
        Ok(Period { from, to })
    }

    /// The span of one partial date: `Period::on("2024-09")` is September 2024.
    pub fn on(date: PartialDate) -> Self {
        Period {
            from: Some(date),
            to: Some(date),
        }
    }

    /// From `date` on, open-ended.
    pub fn since(date: PartialDate) -> Self {
        Period {
            from: Some(date),
            to: None,
        }
    }

    /// Up to the end of `date`, open at the start.
    pub fn until(date: PartialDate) -> Self {
        Period {
            from: None,
            to: Some(date),
        }
    }

    /// The start, when bounded.
    pub fn from(&self) -> Option<PartialDate> {
        self.from
    }

    /// The end, when bounded.
    pub fn to(&self) -> Option<PartialDate> {
        self.to
    }

    /// Whether both ends are open.
    pub fn is_all_time(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// The first day as `yyyymmdd`, 0 when open.
    pub(crate) fn start_key(&self) -> u32 {
        self.from.map_or(0, PartialDate::start_key)
    }

    /// The last day as `yyyymmdd`, `u32::MAX` when open.
    pub(crate) fn end_key(&self) -> u32 {
        self.to.map_or(u32::MAX, PartialDate::end_key)
    }

    /// Whether the two periods share at least one day (ends inclusive).
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start_key() <= other.end_key() && other.start_key() <= self.end_key()
    }

    /// Whether every day of `other` lies within this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.start_key() <= other.start_key() && other.end_key() <= self.end_key()
    }

    /// Whether the span of `date` lies within this period.
    pub fn contains_date(&self, date: PartialDate) -> bool {
        self.contains(&Period::on(date))
    }
}

impl fmt::Display for Period {
    /// `2024-10..2024-12`, `2024-10..`, `..2024-12`, `..` for all time, and a
    /// single date when both ends are the same date.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => {
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

impl FromStr for Period {
    type Err = ValueError;

    /// `DATE` (that date's span), `FROM..TO`, `FROM..`, `..TO` or `..`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let date = |p: &str| -> Result<Option<PartialDate>, ValueError> {
            if p.is_empty() {
                Ok(None)
            } else {
                p.parse().map(Some)
            }
        };
        match s.split_once("..") {
            None => Ok(Period::on(s.parse()?)),
            Some((a, b)) => Period::new(date(a)?, date(b)?),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<PartialDate>,
}

/// As the document writes `valid`: `{"from": "2024-10", "to": "2024-12"}`.
impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PeriodRepr {
            from: self.from,
            to: self.to,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = PeriodRepr::deserialize(d)?;
        Period::new(r.from, r.to).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_date_unpacks_to_itself_and_nothing_else_unpacks() {
        for text in ["2024", "2024-02", "2024-02-29", "0001-01-01", "9999-12"] {
            let d: PartialDate = text.parse().unwrap();
            assert_eq!(PartialDate::from_packed(d.packed()), Some(d), "{text}");
            assert_ne!(d.packed(), 0);
        }
        for n in [
            0,
            20230229,
            20241300,
            20240001,
            20240132,
            100_000_000,
            u32::MAX,
        ] {
            assert_eq!(PartialDate::from_packed(n), None, "{n}");
        }
    }
}
