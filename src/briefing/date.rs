//! Dates as analysts know them: a day, a month or only a year (ISO 8601
//! reduced precision), and intervals of them with open ends (`when`). The one
//! place the reader, the command line, exports and later the dossier and STIX
//! read, compare and print dates.
//!
//! A reduced-precision date stands for every day it may be: it sorts by its
//! earliest day (then the less precise first, so 2021 comes before
//! 2021-01-01), and it prints at its own precision (`2021-06`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date of year, month or day precision. Always a real date: the month
/// and day, where given, exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The earliest day it may be.
    first: Date,
    precision: Precision,
}

impl PartialDate {
    pub fn day(date: Date) -> Self {
        PartialDate {
            first: date,
            precision: Precision::Day,
        }
    }

    /// Reads `2021`, `2021-06` or `2021-06-17`; says in words what is wrong otherwise.
    pub fn parse(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split('-').collect();
        let number = |part: &str, digits: usize, what: &str| -> Result<u32, String> {
            if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u32>()
                    .map_err(|_| format!("the {what} is not a number"))
            } else {
                Err(format!("the {what} should be {digits} digits"))
            }
        };
        if parts.is_empty() || parts.len() > 3 {
            return Err("a date is YYYY, YYYY-MM or YYYY-MM-DD".into());
        }
        let year = number(parts[0], 4, "year")?;
        let year = i32::try_from(year).map_err(|_| "the year is out of range".to_string())?;
        let month = match parts.get(1) {
            Some(m) => {
                let m = number(m, 2, "month")?;
                let m = u8::try_from(m).ok().and_then(|m| Month::try_from(m).ok());
                Some(m.ok_or("the month must be 01 to 12")?)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => Some(number(d, 2, "day")?),
            None => None,
        };
        let first = Date::from_calendar_date(
            year,
            month.unwrap_or(Month::January),
            u8::try_from(day.unwrap_or(1)).unwrap_or(0),
        )
        .map_err(|_| match (month, day) {
            (Some(m), Some(d)) => format!("{m} {year} has no day {d}"),
            _ => "the date does not exist".to_string(),
        })?;
        let precision = match (month, day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        };
        Ok(PartialDate { first, precision })
    }

    pub fn precision(self) -> Precision {
        self.precision
    }

    /// The earliest day it may be: what sorting and "on or after" use.
    pub fn earliest(self) -> Date {
        self.first
    }

    /// The latest day it may be: the last of its month or year.
    pub fn latest(self) -> Date {
        let year = self.first.year();
        match self.precision {
            Precision::Day => self.first,
            Precision::Month => {
                let month = self.first.month();
                let last = time::util::days_in_month(month, year);
                Date::from_calendar_date(year, month, last).unwrap_or(self.first)
            }
            Precision::Year => {
                Date::from_calendar_date(year, Month::December, 31).unwrap_or(self.first)
            }
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first, self.precision).cmp(&(other.first, other.precision))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), u8::from(d.month())),
            Precision::Day => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Read back as written (the loader's cache stores dates so).
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// When something happened: one date of any precision, or an interval
/// `START/END` where either end may be open (`..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    /// `None`: open, as far back as it may go.
    pub start: Option<PartialDate>,
    /// `None`: open, still going or not known to have ended.
    pub end: Option<PartialDate>,
}

/// What is wrong with a `when`, in words, and where in its text (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhenProblem {
    pub message: String,
    pub offset: usize,
    /// What to write instead, when it is known (the dates swapped).
    pub help: Option<String>,
}

impl When {
    /// Reads `2022`, `2022/2025-05`, `../2024-03`, `2023-11/..`. An interval
    /// that ends before it starts is refused.
    pub fn parse(s: &str) -> Result<When, WhenProblem> {
        let at = |offset: usize| {
            move |message: String| WhenProblem {
                message,
                offset,
                help: None,
            }
        };
        let Some((a, b)) = s.split_once('/') else {
            let d = PartialDate::parse(s).map_err(at(0))?;
            return Ok(When {
                start: Some(d),
                end: Some(d),
            });
        };
        let end_offset = a.len() + 1;
        let end_of = |part: &str, offset: usize| -> Result<Option<PartialDate>, WhenProblem> {
            match part {
                ".." => Ok(None),
                "" => Err(WhenProblem {
                    message: "an end of the interval is missing; write `..` for an open end".into(),
                    offset,
                    help: None,
                }),
                _ => PartialDate::parse(part).map(Some).map_err(at(offset)),
            }
        };
        let start = end_of(a, 0)?;
        let end = end_of(b, end_offset)?;
        if start.is_none() && end.is_none() {
            return Err(WhenProblem {
                message: "both ends are open; give at least one date".into(),
                offset: 0,
                help: None,
            });
        }
        if let (Some(s), Some(e)) = (start, end)
            && e.latest() < s.earliest()
        {
            return Err(WhenProblem {
                message: format!("the interval ends ({e}) before it starts ({s})"),
                offset: end_offset,
                help: Some(format!(
                    "the dates look the wrong way round: write `{e}/{s}`, the start first"
                )),
            });
        }
        Ok(When { start, end })
    }

    /// The earliest day it may have started, for sorting a timeline.
    pub fn earliest(&self) -> Option<Date> {
        self.start.map(PartialDate::earliest)
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == e => write!(f, "{s}"),
            (s, e) => {
                let part = |d: Option<PartialDate>| d.map_or("..".to_string(), |d| d.to_string());
                write!(f, "{}/{}", part(s), part(e))
            }
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        When::parse(&s).map_err(|p| serde::de::Error::custom(p.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_precision_reads_and_prints_as_written() {
        for s in ["2021", "2021-06", "2021-06-17", "2024-02-29"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
        let y = PartialDate::parse("2021").unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert_eq!(y.latest().to_string(), "2021-12-31");
        let m = PartialDate::parse("2024-02").unwrap();
        assert_eq!(m.latest().to_string(), "2024-02-29");
    }

    #[test]
    fn dates_that_do_not_exist_are_refused_with_a_reason() {
        assert!(
            PartialDate::parse("2025-02-30")
                .unwrap_err()
                .contains("no day 30")
        );
        assert!(
            PartialDate::parse("2025-13")
                .unwrap_err()
                .contains("01 to 12")
        );
        assert!(PartialDate::parse("25-01-01").unwrap_err().contains("year"));
        assert!(PartialDate::parse("2025-1-01").is_err());
        assert!(PartialDate::parse("2025-01-01-01").is_err());
    }

    #[test]
    fn reduced_dates_sort_by_their_earliest_day_less_precise_first() {
        let mut dates: Vec<PartialDate> = ["2021-06-17", "2021-06", "2020-12-31", "2021"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        dates.sort();
        let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2020-12-31", "2021", "2021-06", "2021-06-17"]);
    }

    #[test]
    fn intervals_have_open_ends_and_must_not_end_before_they_start() {
        let w = When::parse("2022/2025-05").unwrap();
        assert_eq!(w.to_string(), "2022/2025-05");
        assert_eq!(When::parse("../2024").unwrap().start, None);
        assert_eq!(When::parse("2023-11/..").unwrap().end, None);
        assert_eq!(When::parse("2023-11").unwrap().to_string(), "2023-11");
        // The same month at day and month precision overlap: not backwards.
        assert!(When::parse("2022-06-15/2022-06").is_ok());
        let back = When::parse("2022-06/2022-05").unwrap_err();
        assert!(back.message.contains("before it starts"), "{back:?}");
        assert_eq!(back.offset, 8);
        assert!(When::parse("../..").is_err());
        assert!(When::parse("2022/").is_err());
    }
}
