//! Destination records and the rules a learner's records must keep, mirroring ESFA's
//! Destination and Progression (D&P) validation rules.
//!
//! A [`DestinationRecord`] is one outcome: a code (ILR `EMP1` or an authority code such as
//! `WMCA1.0`, in any spelling [`Schemes::parse`] accepts), a start date, an optional end date and
//! the date it was collected from the learner. [`check_records`] checks one learner's records
//! against a teaching year and a file-preparation (or as-of) date and returns every breach as a
//! [`RecordFinding`] that names the ESFA rule it mirrors.
//!
//! | rule | what breaks it | finding code |
//! |---|---|---|
//! | OutType_01 | the code is not in any loaded scheme | `destination_type_unknown`, `destination_code_unknown`, `destination_code_format` |
//! | OutType_05 | the code is not valid on the start date (windows inclusive) | `destination_code_not_valid` |
//! | OutEndDate_01 | the end date is before the start date (equal is fine) | `destination_end_before_start` |
//! | OutStartDate_01 | the start is before 1 August of the teaching year's first calendar year, minus 10 years | `destination_start_too_early` |
//! | OutStartDate_02 | the start is after 31 July ending the teaching year, plus 1 year | `destination_start_too_late` |
//! | OutCollDate_02 | the collection date is before the teaching-year start minus 10 years | `destination_collected_too_early` |
//! | OutCollDate_01 | a collection date is after the file preparation date (one finding per learner) | `destination_collected_after_file_date` |
//! | OutType_02 | two outcomes of one type other than EDU start on the same date | `destination_type_repeated` |
//! | OutType_03 | three or more EDU outcomes start on the same date | `destination_edu_repeated` |
//! | OutType_04 | an EMP and an NPE outcome start on the same date (one finding per learner) | `destination_emp_and_npe` |
//! | R69 | the same destination starts twice on the same date: the same code, or codes that mean the same across schemes (`EMP1` and `WMCA1.0`; see [`Meaning`]) | `destination_duplicate` |
//!
//! Source: ESFA ILR validation service 2020-21 (`SkillsFundingAgency/DC-ILR-2021-ValidationService`,
//! `Rules/DestinationAndProgression/*`, `CrossEntity/R69Rule.cs`, `Query/LearnerDPQueryService.cs`),
//! as summarised in the project's reference notes (ILR destinations, section 1.4). The D&P entity
//! left the ILR from 2024-25; authorities such as WMCA still collect destinations by these rules.
//! ESFA has not published the severities of these rules; all are errors here.
//!
//! ```
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::dates::{parse_date, TeachingYear};
//! use learner_destinations::records::{check_records, DestinationRecord};
//!
//! let d = |s| parse_date(s).unwrap();
//! let records = [
//!     DestinationRecord::new("EMP1", d("2025-09-01"), None, d("2025-09-15")),
//!     DestinationRecord::new("NPE1", d("2025-09-01"), None, d("2025-09-15")),
//! ];
//! let findings = check_records(&records, &Schemes::builtin(), TeachingYear::starting(2025), d("2025-10-01"));
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].finding.code, "destination_emp_and_npe");
//! assert_eq!(findings[0].mirrors, "OutType_04");
//! assert_eq!(findings[0].records, vec![0, 1]);
//! ```

use crate::codes::{CodeEntry, Schemes, normalise_code};
use crate::dates::{TeachingYear, add_months, serde_date, sub_months};
use crate::finding::{Finding, FindingKind, Severity};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An outcome that ends before it starts.
pub static END_BEFORE_START: FindingKind = FindingKind {
    code: "destination_end_before_start",
    severity: Severity::Error,
    summary: "A destination's end date must not be before its start date (the same day is allowed).",
    source: "ESFA OutEndDate_01 (VS2021 DestinationAndProgression/OutEndDate/OutEndDate_01Rule.cs)",
    mirrors: Some("OutEndDate_01"),
};

/// An outcome starting more than 10 years before the teaching year.
pub static START_TOO_EARLY: FindingKind = FindingKind {
    code: "destination_start_too_early",
    severity: Severity::Error,
    summary: "A destination must not start more than 10 years before the start of the teaching year (1 August).",
    source: "ESFA OutStartDate_01 (VS2021 OutStartDate_01Rule.cs): OutStartDate < teaching-year start minus 10 years",
    mirrors: Some("OutStartDate_01"),
};

/// An outcome starting more than a year after the teaching year ends.
pub static START_TOO_LATE: FindingKind = FindingKind {
    code: "destination_start_too_late",
    severity: Severity::Error,
    summary: "A destination must not start more than one year after the end of the teaching year (31 July); only outcomes with a definite start within the following year may be recorded.",
    source: "ESFA OutStartDate_02 (VS2021 OutStartDate_02Rule.cs): OutStartDate > teaching-year end plus 1 year; ILR PSM 'Recording Learner Destination and Progression' on future outcomes",
    mirrors: Some("OutStartDate_02"),
};

/// A collection date after the file preparation (as-of) date.
pub static COLLECTED_AFTER_FILE_DATE: FindingKind = FindingKind {
    code: "destination_collected_after_file_date",
    severity: Severity::Error,
    summary: "A destination's collection date must not be after the file preparation (as-of) date.",
    source: "ESFA OutCollDate_01 (VS2021 OutCollDate_01Rule.cs): one error per learner, on the first offending record",
    mirrors: Some("OutCollDate_01"),
};

/// A collection date more than 10 years before the teaching year.
pub static COLLECTED_TOO_EARLY: FindingKind = FindingKind {
    code: "destination_collected_too_early",
    severity: Severity::Error,
    summary: "A destination's collection date must not be more than 10 years before the start of the teaching year.",
    source: "ESFA OutCollDate_02 (VS2021 OutCollDate_02Rule.cs): OutCollDate < teaching-year start minus 10 years",
    mirrors: Some("OutCollDate_02"),
};

/// Two outcomes of the same type (other than EDU) from the same start date.
pub static TYPE_REPEATED: FindingKind = FindingKind {
    code: "destination_type_repeated",
    severity: Severity::Error,
    summary: "A learner must not have more than one outcome of the same type (EMP, GAP, NPE, OTH, SDE or VOL) starting on the same date.",
    source: "ESFA OutType_02 (VS2021 OutType_02Rule.cs, LearnerDPQueryService): outcomes grouped by OutStartDate",
    mirrors: Some("OutType_02"),
};

/// Three or more EDU outcomes from the same start date.
pub static EDU_REPEATED: FindingKind = FindingKind {
    code: "destination_edu_repeated",
    severity: Severity::Error,
    summary: "A learner must not have more than two EDU outcomes starting on the same date.",
    source: "ESFA OutType_03 (VS2021 OutType_03Rule.cs, LearnerDPQueryService)",
    mirrors: Some("OutType_03"),
};

/// An EMP and an NPE outcome from the same start date.
pub static EMP_AND_NPE: FindingKind = FindingKind {
    code: "destination_emp_and_npe",
    severity: Severity::Error,
    summary: "A learner cannot be both in paid employment (EMP) and not in paid employment (NPE) from the same start date.",
    source: "ESFA OutType_04 (VS2021 OutType_04Rule.cs): one error per learner",
    mirrors: Some("OutType_04"),
};

/// The same outcome code twice from the same start date.
pub static DUPLICATE: FindingKind = FindingKind {
    code: "destination_duplicate",
    severity: Severity::Error,
    summary: "A learner must not have the same outcome code twice with the same start date; update the collection date of the existing record instead.",
    source: "ESFA R69 (VS2021 CrossEntity/R69Rule.cs): same OutType (upper case), OutCode and OutStartDate; ILR OutCollDate guidance",
    mirrors: Some("R69"),
};

/// The kinds of finding this module declares (it also reports the [`crate::codes`] kinds
/// for OutType_01 and OutType_05).
pub static KINDS: &[&FindingKind] = &[
    &END_BEFORE_START,
    &START_TOO_EARLY,
    &START_TOO_LATE,
    &COLLECTED_AFTER_FILE_DATE,
    &COLLECTED_TOO_EARLY,
    &TYPE_REPEATED,
    &EDU_REPEATED,
    &EMP_AND_NPE,
    &DUPLICATE,
];

/// One destination (outcome) of a learner: ILR DPOutcome, or a row of an authority's portal.
///
/// Plain data: build it with [`DestinationRecord::new`] or a struct literal, or read it from
/// JSON `{"code": "EMP1", "start": "2025-09-01", "end": null, "collection": "2025-09-15"}`
/// (dates `YYYY-MM-DD`; `end` may be omitted, `null` or `""`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationRecord {
    /// The destination code as recorded: `EMP1`, `EMP 1`, `WMCA1.0`... (ILR OutType + OutCode).
    pub code: String,
    /// When the destination started (ILR OutStartDate).
    #[serde(with = "serde_date")]
    pub start: NaiveDate,
    /// When it ended, if it has (ILR OutEndDate).
    #[serde(default, with = "serde_date::option")]
    pub end: Option<NaiveDate>,
    /// When it was collected from the learner (ILR OutCollDate).
    #[serde(with = "serde_date")]
    pub collection: NaiveDate,
}

impl DestinationRecord {
    /// A record.
    pub fn new(
        code: impl Into<String>,
        start: NaiveDate,
        end: Option<NaiveDate>,
        collection: NaiveDate,
    ) -> Self {
        DestinationRecord {
            code: code.into(),
            start,
            end,
            collection,
        }
    }
}

/// A breach of a record rule: the finding, the ESFA rule it mirrors, and which records
/// (0-based indices into the slice given to [`check_records`]) are involved.
///
/// Serialises as the finding's fields plus `mirrors` and `records`:
/// `{"row": null, "column": "end", "value": "2025-08-31", "code": "destination_end_before_start",
///   "severity": "error", "message": "...", "mirrors": "OutEndDate_01", "records": [0]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFinding {
    /// The finding; `column` names the record field (`code`, `start`, `end`, `collection`).
    #[serde(flatten)]
    pub finding: Finding,
    /// The ESFA rule this check mirrors, e.g. `OutType_04`.
    #[serde(deserialize_with = "crate::finding::read_back::rule")]
    pub mirrors: crate::finding::read_back::Label,
    /// The records involved, as 0-based indices, in ascending order.
    pub records: Vec<usize>,
}

impl RecordFinding {
    fn new(finding: Finding, mirrors: &'static str, records: Vec<usize>) -> Self {
        RecordFinding {
            finding,
            mirrors,
            records,
        }
    }
}

/// The ILR OutTypes OutType_02 limits to one per start date (every type but EDU).
const ONE_PER_START_DATE: [&str; 6] = ["EMP", "GAP", "NPE", "OTH", "SDE", "VOL"];
/// OutType_03's limit of EDU outcomes per start date.
const MAX_EDU_PER_START_DATE: usize = 2;

/// The earliest start a destination record of teaching year `year` may have: the teaching year's
/// start minus 10 years, by calendar months (ESFA OutStartDate_01; [`START_TOO_EARLY`]).
pub(crate) fn earliest_start(year: TeachingYear) -> NaiveDate {
    sub_months(year.start(), 120)
}

/// Checks one learner's destination records against the teaching year `year` and the
/// file-preparation (or as-of) date, and returns every breach, each naming the ESFA rule it
/// mirrors (see the [module table](self)).
///
/// Findings come in a stable order: first each record's own checks, in record order
/// (OutType_01 or OutType_05, OutEndDate_01, OutStartDate_01/02, OutCollDate_02); then
/// OutCollDate_01; then, by start date, OutType_02, OutType_03 and OutType_04; then R69.
///
/// Codes are read with [`Schemes::parse`], so authority codes count as the ILR type they refine
/// (`WMCA1.0` is an EMP outcome); an authority code with no ILR equivalent takes part in no type
/// rule. The reference dates follow ESFA: teaching-year start minus 10 years and teaching-year
/// end plus 1 year, by calendar months.
pub fn check_records(
    records: &[DestinationRecord],
    schemes: &Schemes,
    year: TeachingYear,
    file_preparation_date: NaiveDate,
) -> Vec<RecordFinding> {
    let earliest = earliest_start(year);
    let latest_start = add_months(year.end(), 12);
    let entries: Vec<Option<&CodeEntry>> = records
        .iter()
        .map(|r| schemes.parse(&r.code).ok())
        .collect();
    let mut out = Vec::new();

    for (i, (r, entry)) in records.iter().zip(&entries).enumerate() {
        match entry {
            None => {
                if let Err(refusal) = schemes.parse(&r.code) {
                    out.push(RecordFinding::new(
                        refusal.into_finding().in_column("code"),
                        "OutType_01",
                        vec![i],
                    ));
                }
            }
            Some(entry) => {
                if let Err(refusal) = entry.check_valid_on(r.start, "the destination start date") {
                    out.push(RecordFinding::new(
                        refusal.into_finding().in_column("code"),
                        "OutType_05",
                        vec![i],
                    ));
                }
            }
        }
        if let Some(end) = r.end.filter(|e| *e < r.start) {
            out.push(RecordFinding::new(
                END_BEFORE_START
                    .finding(
                        end.to_string(),
                        format!(
                            "{} from {}: end date {end} is before the start date {}; the end must be on or after the start",
                            shown(r, *entry), r.start, r.start
                        ),
                    )
                    .in_column("end"),
                "OutEndDate_01",
                vec![i],
            ));
        }
        if r.start < earliest {
            out.push(RecordFinding::new(
                START_TOO_EARLY
                    .finding(
                        r.start.to_string(),
                        format!(
                            "{} starts on {}, more than 10 years before teaching year {year} began; the earliest allowed start is {earliest}",
                            shown(r, *entry), r.start
                        ),
                    )
                    .in_column("start"),
                "OutStartDate_01",
                vec![i],
            ));
        }
        if r.start > latest_start {
            out.push(RecordFinding::new(
                START_TOO_LATE
                    .finding(
                        r.start.to_string(),
                        format!(
                            "{} starts on {}, more than a year after teaching year {year} ends; the latest allowed start is {latest_start} (record only outcomes with a definite start within the following year)",
                            shown(r, *entry), r.start
                        ),
                    )
                    .in_column("start"),
                "OutStartDate_02",
                vec![i],
            ));
        }
        if r.collection < earliest {
            out.push(RecordFinding::new(
                COLLECTED_TOO_EARLY
                    .finding(
                        r.collection.to_string(),
                        format!(
                            "{} from {} was collected on {}, more than 10 years before teaching year {year} began; the earliest allowed collection date is {earliest}",
                            shown(r, *entry), r.start, r.collection
                        ),
                    )
                    .in_column("collection"),
                "OutCollDate_02",
                vec![i],
            ));
        }
    }

    let late: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.collection > file_preparation_date)
        .map(|(i, _)| i)
        .collect();
    if let Some(&first) = late.first() {
        let r = &records[first];
        let more = match late.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more record)".to_string(),
            n => format!(" (and {n} more records)"),
        };
        out.push(RecordFinding::new(
            COLLECTED_AFTER_FILE_DATE
                .finding(
                    r.collection.to_string(),
                    format!(
                        "{} from {} has collection date {}, after the file preparation date {file_preparation_date}{more}; a destination cannot be collected in the future",
                        shown(r, entries[first]), r.start, r.collection
                    ),
                )
                .in_column("collection"),
            "OutCollDate_01",
            late,
        ));
    }

    // Records grouped by start date, with their ILR type where known.
    let mut by_start: BTreeMap<NaiveDate, Vec<(usize, Option<&str>)>> = BTreeMap::new();
    for (i, (r, entry)) in records.iter().zip(&entries).enumerate() {
        by_start
            .entry(r.start)
            .or_default()
            .push((i, entry.and_then(|e| e.ilr_type())));
    }
    let mut emp_npe: Vec<usize> = Vec::new();
    let mut emp_npe_dates: Vec<NaiveDate> = Vec::new();
    for (start, group) in &by_start {
        let types: Vec<Option<&str>> = group.iter().map(|(_, ty)| *ty).collect();
        let index =
            |members: &[usize]| -> Vec<usize> { members.iter().map(|m| group[*m].0).collect() };
        for breach in same_date_breaches(&types) {
            let records_of = index(&breach.members);
            match breach.rule {
                SameDateRule::TypeRepeated => out.push(RecordFinding::new(
                    TYPE_REPEATED
                        .finding(
                            start.to_string(),
                            format!(
                                "more than one {} outcome starts on {start} ({}); keep one outcome of each type per start date",
                                breach.types.join(" and "),
                                codes_of(records, &entries, &records_of)
                            ),
                        )
                        .in_column("start"),
                    "OutType_02",
                    records_of,
                )),
                SameDateRule::EduRepeated => out.push(RecordFinding::new(
                    EDU_REPEATED
                        .finding(
                            start.to_string(),
                            format!(
                                "{} EDU outcomes start on {start} ({}); at most {MAX_EDU_PER_START_DATE} may start on the same date",
                                records_of.len(),
                                codes_of(records, &entries, &records_of)
                            ),
                        )
                        .in_column("start"),
                    "OutType_03",
                    records_of,
                )),
                // OutType_04 is one finding per learner, over every date.
                SameDateRule::EmpAndNpe => {
                    emp_npe.extend(records_of);
                    emp_npe_dates.push(*start);
                }
            }
        }
    }
    if !emp_npe.is_empty() {
        emp_npe.sort_unstable();
        let dates: Vec<String> = emp_npe_dates.iter().map(|d| d.to_string()).collect();
        out.push(RecordFinding::new(
            EMP_AND_NPE
                .finding(
                    dates.join(", "),
                    format!(
                        "EMP and NPE outcomes start on the same date ({}: {}); a learner cannot be both in paid employment and not in paid employment from the same date",
                        dates.join(", "),
                        codes_of(records, &entries, &emp_npe)
                    ),
                )
                .in_column("start"),
            "OutType_04",
            emp_npe,
        ));
    }

    // R69: the same destination (by meaning, across schemes: EMP1 and WMCA1.0) from the same
    // start date; a code no scheme knows is compared as normalised.
    let mut same: BTreeMap<(NaiveDate, String), Vec<usize>> = BTreeMap::new();
    for (i, (r, entry)) in records.iter().zip(&entries).enumerate() {
        let key = entry.map_or_else(|| normalise_code(&r.code), |e| Meaning::of(e).key());
        same.entry((r.start, key)).or_default().push(i);
    }
    for ((start, _), idx) in same {
        if idx.len() > 1 {
            let first = shown(&records[idx[0]], entries[idx[0]]).to_string();
            let mut spellings: Vec<&str> = idx
                .iter()
                .map(|&i| shown(&records[i], entries[i]))
                .collect();
            spellings.sort_unstable();
            spellings.dedup();
            let what = if spellings.len() > 1 {
                format!(
                    "{first} (as {}, which mean the same destination)",
                    spellings.join(", ")
                )
            } else {
                first.clone()
            };
            out.push(RecordFinding::new(
                DUPLICATE
                    .finding(
                        first,
                        format!(
                            "{what} from {start} is recorded {} times; keep one record and update its collection date when new information arrives",
                            idx.len()
                        ),
                    )
                    .in_column("code"),
                "R69",
                idx,
            ));
        }
    }
    out
}

/// What a destination means, for R69 by meaning: the ILR code it stands for (itself, or an
/// authority code's ILR equivalent) and the qualifier that refines it. `EMP1` and `WMCA1.0` mean
/// the same (WMCA1.0 is EMP1 unqualified); `WMCA1.1` (EMP1, "increase in hours") does not. An
/// authority code with no ILR equivalent means only itself.
///
/// Source: ESFA R69 (VS2021 CrossEntity/R69Rule.cs) compares OutType and OutCode; the scheme
/// tables' `ilr_equivalent` and `qualifier` say which codes of other schemes are the same
/// outcome (what `destinations map` converts between).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Meaning<'a> {
    /// The ILR code (or the code itself when it has none).
    pub code: &'a str,
    /// The qualifier refining it, if any.
    pub qualifier: Option<&'a str>,
}

impl<'a> Meaning<'a> {
    /// The meaning of `entry`.
    pub fn of(entry: &'a CodeEntry) -> Self {
        Meaning {
            code: entry.ilr_code().unwrap_or(entry.code()),
            qualifier: entry.qualifier(),
        }
    }

    /// The meaning as one text (for grouping).
    pub fn key(&self) -> String {
        match self.qualifier {
            Some(q) => format!("{} ({q})", self.code),
            None => self.code.to_string(),
        }
    }
}

/// Which same-date rule a set of outcomes breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SameDateRule {
    /// ESFA OutType_02: more than one outcome of one of EMP, GAP, NPE, OTH, SDE, VOL.
    TypeRepeated,
    /// ESFA OutType_03: more than two EDU outcomes.
    EduRepeated,
    /// ESFA OutType_04: an EMP and an NPE outcome.
    EmpAndNpe,
}

impl SameDateRule {
    /// The ESFA rule's name.
    pub fn mirrors(self) -> &'static str {
        match self {
            SameDateRule::TypeRepeated => "OutType_02",
            SameDateRule::EduRepeated => "OutType_03",
            SameDateRule::EmpAndNpe => "OutType_04",
        }
    }
}

/// One breach of a same-date rule: the rule, the ILR types it is about, and the outcomes
/// involved (indices into the slice given to [`same_date_breaches`], ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameDateBreach {
    /// The rule broken.
    pub rule: SameDateRule,
    /// The types repeated (OutType_02), `EDU` (OutType_03) or `EMP`, `NPE` (OutType_04).
    pub types: Vec<&'static str>,
    /// The outcomes involved, ascending.
    pub members: Vec<usize>,
}

/// The same-date rules over the ILR types of outcomes that start on one date (`None`: a code
/// with no ILR type, which takes part in no rule): OutType_02, then OutType_03, then
/// OutType_04, each at most once. Linear in the outcomes: each type is looked for once, not
/// every pair compared.
///
/// One implementation for both callers: [`check_records`] (a learner's records, grouped by
/// start date) and the destinations upload template (the rows of one enrolment, which carry no
/// dates and so are outcomes from one date).
///
/// Source: ESFA OutType_02, OutType_03 (VS2021 OutType_02Rule.cs, OutType_03Rule.cs,
/// Query/LearnerDPQueryService.cs: outcomes grouped by OutStartDate, EDU limited to two, every
/// other type to one) and OutType_04 (OutType_04Rule.cs: EMP and NPE from the same date).
pub fn same_date_breaches(types: &[Option<&str>]) -> Vec<SameDateBreach> {
    let of_type = |t: &str| -> Vec<usize> {
        types
            .iter()
            .enumerate()
            .filter(|(_, ty)| **ty == Some(t))
            .map(|(i, _)| i)
            .collect()
    };
    let mut out = Vec::new();
    let mut repeated_types = Vec::new();
    let mut repeated = Vec::new();
    for t in ONE_PER_START_DATE {
        let idx = of_type(t);
        if idx.len() > 1 {
            repeated_types.push(t);
            repeated.extend(idx);
        }
    }
    if !repeated_types.is_empty() {
        repeated.sort_unstable();
        out.push(SameDateBreach {
            rule: SameDateRule::TypeRepeated,
            types: repeated_types,
            members: repeated,
        });
    }
    let edu = of_type("EDU");
    if edu.len() > MAX_EDU_PER_START_DATE {
        out.push(SameDateBreach {
            rule: SameDateRule::EduRepeated,
            types: vec!["EDU"],
            members: edu,
        });
    }
    let contradicting = contradicting(types);
    if !contradicting.is_empty() {
        out.push(SameDateBreach {
            rule: SameDateRule::EmpAndNpe,
            types: vec!["EMP", "NPE"],
            members: contradicting,
        });
    }
    out
}

/// OutType_04 within one start date's outcomes (their ILR types): every EMP and NPE outcome
/// when the date has both (what [`CodeEntry::contradicts`] says of each pair), in order; found
/// by looking for the two types once rather than comparing every pair.
fn contradicting(types: &[Option<&str>]) -> Vec<usize> {
    let has = |t: &str| types.contains(&Some(t));
    if !(has("EMP") && has("NPE")) {
        return Vec::new();
    }
    types
        .iter()
        .enumerate()
        .filter(|(_, ty)| matches!(ty, Some("EMP" | "NPE")))
        .map(|(i, _)| i)
        .collect()
}

/// The code as canonical when known, else as given.
fn shown<'a>(r: &'a DestinationRecord, entry: Option<&'a CodeEntry>) -> &'a str {
    entry.map_or(r.code.trim(), |e| e.code())
}

fn codes_of(
    records: &[DestinationRecord],
    entries: &[Option<&CodeEntry>],
    idx: &[usize],
) -> String {
    idx.iter()
        .map(|&i| shown(&records[i], entries[i]))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    /// OutType_04 as it was: every record compared with every other of its start date.
    fn old_contradicting(
        group: &[(usize, Option<&str>)],
        entries: &[Option<&CodeEntry>],
    ) -> Vec<usize> {
        group
            .iter()
            .filter_map(|&(i, _)| {
                let a = entries[i]?;
                group
                    .iter()
                    .any(|&(j, _)| entries[j].is_some_and(|b| a.contradicts(b)))
                    .then_some(i)
            })
            .collect()
    }

    proptest::proptest! {
        /// The linear OutType_04 finds what comparing every pair found, in the same order, and
        /// the whole check gives the same findings as before for records of one start date.
        #[test]
        fn contradictions_as_every_pair_compared(
            codes in proptest::collection::vec(
                proptest::sample::select(vec!["EMP1", "EMP2", "NPE1", "NPE2", "EDU1", "OTH3", "WMCA1.0", "XYZ9", "GAP1"]),
                0..30,
            ),
        ) {
            let schemes = Schemes::builtin();
            let entries: Vec<Option<&CodeEntry>> = codes.iter().map(|c| schemes.parse(c).ok()).collect();
            let group: Vec<(usize, Option<&str>)> =
                entries.iter().enumerate().map(|(i, e)| (i, e.and_then(|e| e.ilr_type()))).collect();
            let types: Vec<Option<&str>> = group.iter().map(|(_, t)| *t).collect();
            proptest::prop_assert_eq!(contradicting(&types), old_contradicting(&group, &entries));
        }
    }

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn rec(code: &str, start: &str, end: Option<&str>, coll: &str) -> DestinationRecord {
        DestinationRecord::new(code, d(start), end.map(d), d(coll))
    }

    fn check(records: &[DestinationRecord]) -> Vec<(&'static str, &'static str, Vec<usize>)> {
        check_records(
            records,
            &Schemes::builtin(),
            TeachingYear::starting(2020),
            d("2021-03-01"),
        )
        .into_iter()
        .map(|f| (f.finding.code, f.mirrors, f.records))
        .collect()
    }

    #[test]
    fn clean_records_pass() {
        let records = [
            rec("EMP1", "2020-09-01", Some("2020-12-31"), "2021-01-10"),
            rec("EDU4", "2020-09-01", None, "2021-01-10"),
            rec("EDU5", "2020-09-01", None, "2021-01-10"),
            rec("NPE1", "2021-01-01", None, "2021-01-10"),
            rec("WMCA1.1", "2021-02-01", None, "2021-02-10"),
        ];
        assert_eq!(check(&records), vec![]);
    }

    #[test]
    fn reference_date_boundaries() {
        // Teaching year 2020-21: starts from 2010-08-01 to 2022-07-31 are allowed.
        assert_eq!(
            check(&[rec("EMP1", "2010-08-01", None, "2010-08-01")]),
            vec![]
        );
        assert_eq!(
            check(&[rec("EMP1", "2022-07-31", None, "2021-03-01")]),
            vec![]
        );
        assert_eq!(
            check(&[rec("EMP1", "2010-07-31", None, "2010-07-31")]),
            vec![
                ("destination_start_too_early", "OutStartDate_01", vec![0]),
                ("destination_collected_too_early", "OutCollDate_02", vec![0]),
            ]
        );
        assert_eq!(
            check(&[rec("EMP1", "2022-08-01", None, "2021-03-02")]),
            vec![
                ("destination_start_too_late", "OutStartDate_02", vec![0]),
                (
                    "destination_collected_after_file_date",
                    "OutCollDate_01",
                    vec![0]
                ),
            ]
        );
    }

    #[test]
    fn end_date_and_code_rules() {
        assert_eq!(
            check(&[rec("EMP1", "2020-09-01", Some("2020-09-01"), "2020-10-01")]),
            vec![]
        );
        let f = check_records(
            &[rec("EMP 1", "2020-09-01", Some("2020-08-31"), "2020-10-01")],
            &Schemes::builtin(),
            TeachingYear::starting(2020),
            d("2021-03-01"),
        );
        assert_eq!(f[0].finding.code, "destination_end_before_start");
        assert!(
            f[0].finding
                .message
                .contains("EMP1 from 2020-09-01: end date 2020-08-31"),
            "{}",
            f[0].finding.message
        );
        assert_eq!(
            check(&[
                rec("EMP3", "2020-09-01", None, "2020-10-01"),
                rec("XYZ1", "2020-10-01", None, "2020-10-01")
            ]),
            vec![
                ("destination_code_not_valid", "OutType_05", vec![0]),
                ("destination_type_unknown", "OutType_01", vec![1]),
            ]
        );
    }

    #[test]
    fn grouped_rules() {
        let records = [
            rec("EMP1", "2020-09-01", None, "2020-10-01"),
            rec("WMCA1.0", "2020-09-01", None, "2020-10-01"),
            rec("NPE1", "2020-09-01", None, "2020-10-01"),
            rec("EDU1", "2020-10-01", None, "2020-10-01"),
            rec("EDU2", "2020-10-01", None, "2020-10-01"),
            rec("edu-2", "2020-10-01", None, "2020-10-01"),
        ];
        assert_eq!(
            check(&records),
            vec![
                ("destination_type_repeated", "OutType_02", vec![0, 1]),
                ("destination_edu_repeated", "OutType_03", vec![3, 4, 5]),
                ("destination_emp_and_npe", "OutType_04", vec![0, 1, 2]),
                ("destination_duplicate", "R69", vec![0, 1]),
                ("destination_duplicate", "R69", vec![4, 5]),
            ]
        );
    }

    #[test]
    fn collection_after_file_date_is_one_finding() {
        let f = check_records(
            &[
                rec("EMP1", "2020-09-01", None, "2021-03-02"),
                rec("EDU1", "2020-09-01", None, "2021-03-05"),
            ],
            &Schemes::builtin(),
            TeachingYear::starting(2020),
            d("2021-03-01"),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].records, vec![0, 1]);
        assert!(
            f[0].finding.message.contains("and 1 more record"),
            "{}",
            f[0].finding.message
        );
    }

    #[test]
    fn json_shape() {
        let r: DestinationRecord = serde_json::from_str(
            r#"{"code": "OTH3", "start": "2025-08-01", "collection": "2025-09-01"}"#,
        )
        .unwrap();
        assert_eq!(r.end, None);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"code": "OTH3", "start": "2025-08-01", "end": null, "collection": "2025-09-01"})
        );
        let e = serde_json::from_str::<DestinationRecord>(
            r#"{"code": "OTH3", "start": "2025-02-30", "collection": "2025-09-01"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("February 2025 has 28 days"), "{e}");
        let f = &check_records(
            &[rec("EMP1", "2020-09-01", Some("2020-08-01"), "2020-10-01")],
            &Schemes::builtin(),
            TeachingYear::starting(2020),
            d("2021-03-01"),
        )[0];
        let v = serde_json::to_value(f).unwrap();
        assert_eq!(v["mirrors"], "OutEndDate_01");
        assert_eq!(v["column"], "end");
        assert_eq!(v["records"], serde_json::json!([0]));
        assert_eq!(v["severity"], "error");
    }
}
