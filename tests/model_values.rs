//! The vocabulary's plain values: dates, periods, quantities, bounds,
//! confidence, country codes, coordinates and ids.

use geokg::ValueError;
use geokg::model::{
    Bound, Confidence, Coords, FactId, Iso2, NodeId, PartialDate, Period, Precision, Quantity,
    SourceId, is_valid_id,
};

fn date(s: &str) -> PartialDate {
    s.parse()
        .unwrap_or_else(|e| panic!("{s} should be a date: {e}"))
}

fn period(s: &str) -> Period {
    s.parse()
        .unwrap_or_else(|e| panic!("{s} should be a period: {e}"))
}

fn date_error(s: &str) -> (String, &'static str) {
    match s.parse::<PartialDate>() {
        Err(ValueError::InvalidDate { value, reason }) => (value, reason),
        other => panic!("{s:?} should be an invalid date, got {other:?}"),
    }
}

// ---------------------------------------------------------------- PartialDate

#[test]
fn a_date_is_known_to_the_year_the_month_or_the_day() {
    let y = date("2024");
    assert_eq!(y.precision(), Precision::Year);
    assert_eq!((y.year(), y.month(), y.day()), (2024, None, None));

    let m = date("2024-10");
    assert_eq!(m.precision(), Precision::Month);
    assert_eq!((m.year(), m.month(), m.day()), (2024, Some(10), None));

    let d = date("2024-10-31");
    assert_eq!(d.precision(), Precision::Day);
    assert_eq!((d.year(), d.month(), d.day()), (2024, Some(10), Some(31)));

    assert_eq!(PartialDate::year_only(2024).unwrap(), y);
    assert_eq!(PartialDate::year_month(2024, 10).unwrap(), m);
    assert_eq!(PartialDate::ymd(2024, 10, 31).unwrap(), d);
}

#[test]
fn a_date_stands_for_the_span_it_names() {
    let cases = [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("2024-04", "2024-04-01", "2024-04-30"),
        ("2024-12", "2024-12-01", "2024-12-31"),
        ("2024-10-05", "2024-10-05", "2024-10-05"),
    ];
    for (d, first, last) in cases {
        assert_eq!(date(d).first_day().to_string(), first, "first day of {d}");
        assert_eq!(date(d).last_day().to_string(), last, "last day of {d}");
        assert_eq!(date(d).first_day().precision(), Precision::Day);
    }
}

#[test]
fn february_29th_exists_only_in_leap_years() {
    for leap in ["2024-02-29", "2000-02-29", "1996-02-29", "0004-02-29"] {
        assert!(leap.parse::<PartialDate>().is_ok(), "{leap} exists");
    }
    for not_leap in ["2023-02-29", "1900-02-29", "2100-02-29", "0001-02-29"] {
        let (value, reason) = date_error(not_leap);
        assert_eq!(value, not_leap);
        assert_eq!(reason, "that day does not exist in that month");
    }
}

#[test]
fn days_beyond_the_end_of_their_month_are_refused() {
    for bad in [
        "2024-04-31",
        "2024-06-31",
        "2024-09-31",
        "2024-11-31",
        "2024-01-32",
    ] {
        assert!(bad.parse::<PartialDate>().is_err(), "{bad} does not exist");
    }
    for good in [
        "2024-01-31",
        "2024-03-31",
        "2024-05-31",
        "2024-12-31",
        "2024-04-30",
    ] {
        assert!(good.parse::<PartialDate>().is_ok(), "{good} exists");
    }
}

#[test]
fn years_run_from_1_to_9999() {
    assert_eq!(date("0001").year(), 1);
    assert_eq!(date("9999-12-31").year(), 9999);
    assert_eq!(date("0001-01-01").first_day().to_string(), "0001-01-01");
    assert_eq!(
        date_error("0000"),
        ("0000".to_owned(), "year must be 1-9999")
    );
    assert!(PartialDate::year_only(0).is_err());
    assert!(PartialDate::year_only(10_000).is_err());
    assert!(PartialDate::ymd(10_000, 1, 1).is_err());
}

#[test]
fn months_run_from_1_to_12_and_days_from_1() {
    assert_eq!(
        date_error("2024-13"),
        ("2024-13".to_owned(), "month must be 1-12")
    );
    assert_eq!(
        date_error("2024-00"),
        ("2024-00".to_owned(), "month must be 1-12")
    );
    assert_eq!(
        date_error("2024-01-00"),
        ("2024-01-00".to_owned(), "day must be at least 1")
    );
    assert!(PartialDate::year_month(2024, 0).is_err());
    assert!(PartialDate::ymd(2024, 13, 1).is_err());
    assert!(PartialDate::ymd(2024, 0, 1).is_err());
}

#[test]
fn dates_must_be_written_yyyy_yyyy_mm_or_yyyy_mm_dd() {
    let bad = [
        "",
        "24",
        "202",
        "20245",
        "2024-1",
        "2024-1-01",
        "2024-01-1",
        "2024-01-01-01",
        "2024-",
        "2024--01",
        "2024/01/01",
        "2024-01-01T00:00",
        " 2024",
        "2024 ",
        "+2024",
        "-2024",
        "２０２４",
        "20x4",
        "2024-ab",
        "October 2024",
    ];
    for s in bad {
        let (value, reason) = date_error(s);
        assert_eq!(value, s, "the error quotes {s:?}");
        assert_eq!(reason, "wrong form");
    }
}

#[test]
fn a_date_error_says_what_was_given_and_what_is_expected() {
    let e = "2023-02-29".parse::<PartialDate>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid date \"2023-02-29\": that day does not exist in that month; \
         expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date in years 1-9999"
    );
}

#[test]
fn a_long_bad_date_is_quoted_only_in_part() {
    let long = "9".repeat(10_000);
    let (value, _) = date_error(&long);
    assert_eq!(value, format!("{}…", "9".repeat(64)));
}

#[test]
fn dates_order_by_first_day_then_coarser_first() {
    let mut dates: Vec<PartialDate> = [
        "2024-10-01",
        "2025",
        "2024-10",
        "2024",
        "2023-12-31",
        "2024-01",
        "2024-01-01",
        "2024-09-30",
    ]
    .into_iter()
    .map(date)
    .collect();
    dates.sort();
    let written: Vec<String> = dates.iter().map(ToString::to_string).collect();
    assert_eq!(
        written,
        [
            "2023-12-31",
            "2024",
            "2024-01",
            "2024-01-01",
            "2024-09-30",
            "2024-10",
            "2024-10-01",
            "2025"
        ]
    );
    assert!(date("2024") < date("2024-01"));
    assert!(date("2024-01") < date("2024-01-01"));
    assert_ne!(date("2024"), date("2024-01"));
}

#[test]
fn dates_print_as_they_are_written_and_read_back() {
    for s in [
        "2024",
        "2024-02",
        "2024-02-29",
        "0001",
        "0001-01-01",
        "9999-12-31",
    ] {
        let d = date(s);
        assert_eq!(d.to_string(), s);
        assert_eq!(d.to_string().parse::<PartialDate>().unwrap(), d);
        assert_eq!(format!("{d:?}"), format!("PartialDate({s})"));
    }
}

// ---------------------------------------------------------------- Period

#[test]
fn a_period_is_read_from_a_date_or_a_range() {
    let sept = period("2024-09");
    assert_eq!(sept.from(), Some(date("2024-09")));
    assert_eq!(sept.to(), Some(date("2024-09")));
    assert_eq!(sept, Period::on(date("2024-09")));

    let both = period("2024-10..2024-12");
    assert_eq!(
        (both.from(), both.to()),
        (Some(date("2024-10")), Some(date("2024-12")))
    );
    assert_eq!(
        both,
        Period::new(Some(date("2024-10")), Some(date("2024-12"))).unwrap()
    );

    let since = period("2024-10..");
    assert_eq!((since.from(), since.to()), (Some(date("2024-10")), None));
    assert_eq!(since, Period::since(date("2024-10")));

    let until = period("..2024-12");
    assert_eq!((until.from(), until.to()), (None, Some(date("2024-12"))));
    assert_eq!(until, Period::until(date("2024-12")));

    assert_eq!(period(".."), Period::ALL);
    assert!(period("..").is_all_time());
    assert!(Period::default().is_all_time());
    assert!(!since.is_all_time());
}

#[test]
fn a_period_prints_as_it_is_written_and_reads_back() {
    for s in [
        "2024-09",
        "2024-10..2024-12",
        "2024-10..",
        "..2024-12",
        "..",
        "2024..2025-03-01",
    ] {
        let p = period(s);
        assert_eq!(p.to_string(), s);
        assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
    }
    // The same date at both ends is that date's span.
    assert_eq!(period("2024..2024").to_string(), "2024");
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let e = "2024-12..2024-10".parse::<Period>().unwrap_err();
    assert_eq!(
        e,
        ValueError::PeriodOrder {
            from: date("2024-12"),
            to: date("2024-10")
        }
    );
    assert_eq!(
        e.to_string(),
        "the period starts (2024-12) after it ends (2024-10); expected `from` no later than `to`"
    );
    assert!(Period::new(Some(date("2024-10-02")), Some(date("2024-10-01"))).is_err());
}

#[test]
fn a_period_may_start_and_end_within_one_span() {
    // 2024 starts before 2024-06 ends, so this is the first half of 2024.
    let p = period("2024..2024-06");
    assert!(p.contains(&period("2024-01..2024-06")));
    assert!(period("2024-06..2024").overlaps(&period("2024-12")));
    // The day 2024-06-15 lies within the month 2024-06 at both ends.
    assert!(Period::new(Some(date("2024-06")), Some(date("2024-06-15"))).is_ok());
    assert!(Period::new(Some(date("2024-06-15")), Some(date("2024-06"))).is_ok());
}

#[test]
fn a_period_with_bad_dates_is_refused() {
    for bad in [
        "2024-13",
        "2024-13..",
        "..2023-02-29",
        "2024..20x5",
        "...",
        "2024...2025",
    ] {
        assert!(
            matches!(bad.parse::<Period>(), Err(ValueError::InvalidDate { .. })),
            "{bad:?} is not a period"
        );
    }
}

#[test]
fn periods_overlap_when_they_share_a_day_edges_included() {
    let q4 = period("2024-10..2024-12");
    // Touching at one day counts: the last day of one is the first of the other.
    assert!(q4.overlaps(&period("2024-12-31..2025-03")));
    assert!(q4.overlaps(&period("2024-01..2024-10-01")));
    assert!(q4.overlaps(&period("2024-12")));
    assert!(q4.overlaps(&period("2024")));
    // One day apart does not.
    assert!(!q4.overlaps(&period("2025-01-01..")));
    assert!(!q4.overlaps(&period("..2024-09-30")));
    assert!(!q4.overlaps(&period("2024-09")));
    // Open ends reach everything on their side.
    assert!(period("..2024-10-01").overlaps(&q4));
    assert!(period("2024-12-31..").overlaps(&q4));
    assert!(Period::ALL.overlaps(&q4));
    assert!(Period::ALL.overlaps(&Period::ALL));
    // Overlap is symmetric.
    for other in ["2024-12-31..", "..2024-09-30", "2024", ".."] {
        let o = period(other);
        assert_eq!(q4.overlaps(&o), o.overlaps(&q4), "{other}");
    }
}

#[test]
fn a_period_contains_another_when_every_day_of_it_lies_within() {
    let year = period("2024");
    assert!(year.contains(&period("2024-01-01..2024-12-31")));
    assert!(year.contains(&period("2024-02")));
    assert!(year.contains(&year));
    assert!(!year.contains(&period("2024-06..2025-01")));
    assert!(!year.contains(&period("2024-06..")));
    assert!(!year.contains(&Period::ALL));
    assert!(period("2024-06..").contains(&period("2030")));
    assert!(!period("2024-06..").contains(&period("2024-05-31..2024-07")));
    assert!(Period::ALL.contains(&Period::ALL));
    assert!(Period::ALL.contains(&period("..2024")));
    assert!(year.contains_date(date("2024-12-31")));
    assert!(year.contains_date(date("2024")));
    assert!(!year.contains_date(date("2025-01-01")));
    assert!(!period("2024-06").contains_date(date("2024")));
}

// ---------------------------------------------------------------- Quantity

#[test]
fn a_quantity_has_a_value_a_unit_and_a_bound() {
    let q = Quantity::new(3300.0, "t", Bound::AtLeast).unwrap();
    assert_eq!(
        (q.value(), q.unit(), q.bound()),
        (3300.0, "t", Bound::AtLeast)
    );
    let exact = Quantity::exact(4200.0, "t").unwrap();
    assert_eq!(exact.bound(), Bound::Exact);
    assert_eq!(Quantity::exact(0.0, "t").unwrap().value(), 0.0);
    // -0.0 is zero, and equal to it.
    assert_eq!(
        Quantity::exact(-0.0, "t").unwrap(),
        Quantity::exact(0.0, "t").unwrap()
    );
}

#[test]
fn a_quantity_prints_its_bound_in_words() {
    let cases = [
        (Bound::Exact, 4200.0, "t", "4200 t"),
        (Bound::AtLeast, 3300.0, "t", "at least 3300 t"),
        (Bound::AtMost, 50.0, "t", "at most 50 t"),
        (Bound::Approx, 300.0, "sites", "about 300 sites"),
        (Bound::Exact, 2.5, "kt", "2.5 kt"),
        (Bound::Exact, 0.0, "t", "0 t"),
    ];
    for (bound, value, unit, text) in cases {
        assert_eq!(Quantity::new(value, unit, bound).unwrap().to_string(), text);
    }
}

#[test]
fn negative_non_finite_or_unitless_quantities_are_refused() {
    let reason = |r: Result<Quantity, ValueError>| match r {
        Err(ValueError::InvalidQuantity { value, reason }) => (value, reason),
        other => panic!("expected an invalid quantity, got {other:?}"),
    };
    let finite = "the value must be a finite number of at least 0";
    assert_eq!(
        reason(Quantity::exact(-1.0, "t")),
        ("-1".to_owned(), finite)
    );
    assert_eq!(reason(Quantity::exact(-1e-300, "t")).1, finite);
    assert_eq!(
        reason(Quantity::exact(f64::NAN, "t")),
        ("NaN".to_owned(), finite)
    );
    assert_eq!(
        reason(Quantity::exact(f64::INFINITY, "t")),
        ("inf".to_owned(), finite)
    );
    assert_eq!(reason(Quantity::exact(f64::NEG_INFINITY, "t")).1, finite);
    let unit = "the unit must not be empty";
    assert_eq!(reason(Quantity::exact(5.0, "")), ("5".to_owned(), unit));
    assert_eq!(reason(Quantity::exact(5.0, "  ")).1, unit);
    assert_eq!(
        Quantity::exact(-1.0, "t").unwrap_err().to_string(),
        "invalid quantity -1: the value must be a finite number of at least 0"
    );
}

// ---------------------------------------------------------------- Bound

#[test]
fn bounds_combine_as_the_design_says_for_all_sixteen_pairs() {
    use Bound::{Approx, AtLeast, AtMost, Exact};
    let table = [
        (Exact, Exact, Exact),
        (Exact, AtLeast, AtLeast),
        (Exact, AtMost, AtMost),
        (Exact, Approx, Approx),
        (AtLeast, Exact, AtLeast),
        (AtLeast, AtLeast, AtLeast),
        (AtLeast, AtMost, Approx),
        (AtLeast, Approx, Approx),
        (AtMost, Exact, AtMost),
        (AtMost, AtLeast, Approx),
        (AtMost, AtMost, AtMost),
        (AtMost, Approx, Approx),
        (Approx, Exact, Approx),
        (Approx, AtLeast, Approx),
        (Approx, AtMost, Approx),
        (Approx, Approx, Approx),
    ];
    assert_eq!(table.len(), Bound::ALL.len() * Bound::ALL.len());
    for (a, b, sum) in table {
        assert_eq!(a.combine(b), sum, "{a} + {b}");
    }
}

#[test]
fn bounds_have_their_document_names() {
    for (b, s) in [
        (Bound::Exact, "exact"),
        (Bound::AtLeast, "at_least"),
        (Bound::AtMost, "at_most"),
        (Bound::Approx, "approx"),
    ] {
        assert_eq!(b.to_string(), s);
        assert_eq!(s.parse::<Bound>().unwrap(), b);
    }
    assert_eq!(Bound::default(), Bound::Exact);
    assert_eq!(
        "about".parse::<Bound>().unwrap_err().to_string(),
        "unknown bound \"about\"; expected exact, at_least, at_most or approx"
    );
}

// ---------------------------------------------------------------- Confidence

#[test]
fn confidence_orders_confirmed_over_reported_over_claimed_over_speculative() {
    use Confidence::{Claimed, Confirmed, Reported, Speculative};
    assert!(Confirmed > Reported);
    assert!(Reported > Claimed);
    assert!(Claimed > Speculative);
    let mut all = vec![Reported, Confirmed, Speculative, Claimed];
    all.sort();
    assert_eq!(all, Confidence::ALL);
    assert_eq!(Confidence::default(), Reported);
    for c in Confidence::ALL {
        assert_eq!(c.to_string().parse::<Confidence>().unwrap(), c);
    }
    assert_eq!(
        "certain".parse::<Confidence>().unwrap_err().to_string(),
        "unknown confidence \"certain\"; expected confirmed, reported, claimed or speculative"
    );
}

// ---------------------------------------------------------------- Iso2, Coords

#[test]
fn a_country_code_is_two_capital_letters() {
    let mm: Iso2 = "MM".parse().unwrap();
    assert_eq!(mm.as_str(), "MM");
    assert_eq!(mm.to_string(), "MM");
    for bad in ["mm", "Mm", "M", "MMR", "", "M1", "É1", "ÉÉ", " MM", "M M"] {
        assert_eq!(
            bad.parse::<Iso2>(),
            Err(ValueError::InvalidIso2 {
                value: bad.to_owned()
            }),
            "{bad:?}"
        );
    }
    assert_eq!(
        "mm".parse::<Iso2>().unwrap_err().to_string(),
        "\"mm\" is not an ISO 3166-1 alpha-2 code; expected two capital letters such as \"XA\""
    );
}

#[test]
fn coordinates_lie_within_the_globe() {
    for (lat, lon) in [(0.0, 0.0), (90.0, 180.0), (-90.0, -180.0), (25.85, 98.4)] {
        let c = Coords::new(lat, lon).unwrap();
        assert_eq!((c.lat(), c.lon()), (lat, lon));
    }
    for (lat, lon) in [
        (90.000_001, 0.0),
        (-90.5, 0.0),
        (0.0, 180.1),
        (0.0, -181.0),
        (f64::NAN, 0.0),
        (0.0, f64::INFINITY),
    ] {
        assert!(
            matches!(
                Coords::new(lat, lon),
                Err(ValueError::CoordsOutOfRange { .. })
            ),
            "[{lat}, {lon}]"
        );
    }
    assert_eq!(
        Coords::new(91.0, 0.0).unwrap_err().to_string(),
        "coordinates [91, 0] are out of range; expected [lat, lon] with lat in -90..90 and lon in -180..180"
    );
    assert_eq!(
        Coords::new(-0.0, 0.0).unwrap(),
        Coords::new(0.0, 0.0).unwrap()
    );
}

// ---------------------------------------------------------------- ids

#[test]
fn ids_are_lowercase_letters_digits_and_three_marks() {
    for good in ["kia", "ledo-road_1.2", "0", "a.b-c_d", "-", "f12"] {
        assert!(is_valid_id(good), "{good:?}");
        assert_eq!(NodeId::new(good).unwrap().as_str(), good);
        assert_eq!(FactId::new(good).unwrap().to_string(), good);
        assert_eq!(good.parse::<SourceId>().unwrap(), good);
    }
    for bad in [
        "",
        "KIA",
        "ledo road",
        "naypyidaw/1",
        "é",
        "a\n",
        "kia!",
        "x y",
        "Ledo",
    ] {
        assert!(!is_valid_id(bad), "{bad:?}");
        assert!(NodeId::new(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        NodeId::new("Ledo Road").unwrap_err(),
        ValueError::InvalidId {
            what: "node",
            id: "Ledo Road".to_owned()
        }
    );
    assert_eq!(
        SourceId::new("CNI").unwrap_err().to_string(),
        "\"CNI\" is not a valid source id; expected one or more of a-z, 0-9, '_', '.', '-'"
    );
    assert_eq!(
        format!("{:?}", NodeId::new("kia").unwrap()),
        "NodeId(\"kia\")"
    );
}

#[test]
fn ids_sort_as_strings() {
    let mut ids: Vec<NodeId> = ["b", "a-2", "a", "a.1", "a_1"]
        .into_iter()
        .map(|s| NodeId::new(s).unwrap())
        .collect();
    ids.sort();
    let sorted: Vec<&str> = ids.iter().map(NodeId::as_str).collect();
    assert_eq!(sorted, ["a", "a-2", "a.1", "a_1", "b"]);
}
