//! What the ILR file is read for: awaiting destinations (R107/R108 with the file's funding
//! fields), the survey's contact list, the D&P record checks, and the pre-filled upload.

use super::{
    DP_DUPLICATE, DP_ULN_MISMATCH, IlrDestination, IlrFinding, IlrHeader, IlrItem, IlrLearner,
    IlrReader, Position, VALUE_INVALID,
};
use crate::awaiting::{
    Awaiting, AwaitingLearner, CompletionStatus, Enrolment, Funding, LearnerDestination, awaiting,
};
use crate::codes::Schemes;
use crate::contact::{ContactDetail, ContactPolicy, ContactPreferences};
use crate::dates::{TeachingYear, serde_date};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::identifiers::{LearnRefNumber, Ukprn, Uln};
use crate::records::{DestinationRecord, RecordFinding, check_records};
use crate::template::AcceptedCsvWriter;
use crate::template::destinations::COLUMNS as TEMPLATE_COLUMNS;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};

fn provider(header: &IlrHeader) -> Result<Ukprn> {
    header.provider().ok_or_else(|| Error::IlrInvalid {
        line: 1,
        column: 1,
        message: "the Header has no valid UKPRN (Source/UKPRN or LearningProvider/UKPRN); every enrolment needs its provider".into(),
    })
}

fn as_of_or_file_date(header: &IlrHeader, as_of: Option<NaiveDate>) -> Result<NaiveDate> {
    as_of
        .or(header.file_preparation_date)
        .ok_or_else(|| Error::OptionInvalid {
            option: "as_of".into(),
            message: "the file has no valid FilePreparationDate in its header; give the as-of date"
                .into(),
        })
}

/// The learner's enrolments when every value they need is there: `None` otherwise.
fn enrolments_of(learner: &IlrLearner, ukprn: Ukprn) -> Option<Vec<Enrolment>> {
    let uln = learner.uln?;
    let learner_ref = learner.learn_ref_number.clone()?;
    learner
        .deliveries
        .iter()
        .map(|d| {
            let status = d.comp_status?;
            Some(Enrolment {
                ukprn,
                uln,
                learner_ref: learner_ref.clone(),
                aim_ref: d.aim_ref.clone()?,
                learning_end: d.actual_end,
                completion_status: CompletionStatus::from_code(status)?,
                funding: Some(Funding {
                    fund_model: d.fund_model?,
                    prog_type: d.prog_type,
                    comp_status: Some(status),
                }),
            })
        })
        .collect()
}

/// A destination record for each complete DPOutcome.
fn destinations_of(record: &IlrDestination, ukprn: Ukprn) -> Vec<LearnerDestination> {
    let Some(learner_ref) = &record.learn_ref_number else {
        return Vec::new();
    };
    record
        .outcomes
        .iter()
        .filter_map(|o| {
            Some(LearnerDestination {
                ukprn,
                learner_ref: learner_ref.clone(),
                uln: record.uln,
                aim_ref: None,
                record: DestinationRecord::new(
                    format!("{}{}", o.out_type.as_deref()?, o.out_code.as_deref()?),
                    o.start?,
                    o.end,
                    o.collection?,
                ),
            })
        })
        .collect()
}

/// Awaiting destinations from an ILR file: the portal's per-enrolment view and the learners
/// R107/R108 report, with the file's funding fields ([`crate::awaiting`]).
///
/// Serialises as `destinations awaiting --json` does (`as_of`, `enrolments`, `learners`,
/// `findings`), plus the `header` and counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrAwaiting {
    /// The file's header.
    pub header: IlrHeader,
    /// The date the due dates are compared with: given, else the file preparation date (R108).
    #[serde(with = "serde_date")]
    pub as_of: NaiveDate,
    /// Both views. Enrolment indices count every learning delivery of the usable learners, in
    /// file order.
    #[serde(flatten)]
    pub report: Awaiting,
    /// The reader's findings, then one per rule per awaiting learner (`destination_missing`
    /// for R107, `destination_overdue` for R108).
    pub findings: Vec<IlrFinding>,
    /// Learners read.
    pub learners_read: u64,
    /// Learners left out because of an error finding in their elements.
    pub learners_left_out: u64,
}

/// Reads an ILR file for its awaiting destinations.
///
/// `sources_of_funding` (e.g. `["112"]`, the West Midlands Combined Authority) keeps the
/// enrolments whose SOF is one of them, and the learners with such an enrolment; R107/R108
/// still look at all of a learner's deliveries, as ESFA's rules do. Empty keeps all.
/// `as_of` defaults to the file preparation date (what R108 compares).
///
/// A learner with an error finding is left out, with the D&P records of its learner reference
/// (as ESFA's file validation sets them aside).
pub fn ilr_awaiting<R: BufRead>(
    input: R,
    sources_of_funding: &[String],
    as_of: Option<NaiveDate>,
) -> Result<IlrAwaiting> {
    let mut reader = IlrReader::new(input)?;
    let header = reader.header().clone();
    let ukprn = provider(&header)?;
    let as_of = as_of_or_file_date(&header, as_of)?;
    let sof: Vec<&str> = sources_of_funding.iter().map(|s| s.trim()).collect();
    let mut enrolments: Vec<Enrolment> = Vec::new();
    let mut kept: Vec<bool> = Vec::new();
    let mut positions: Vec<Position> = Vec::new();
    let mut destinations: Vec<LearnerDestination> = Vec::new();
    let mut findings: Vec<IlrFinding> = Vec::new();
    let mut left_out_refs: HashSet<String> = HashSet::new();
    let (mut learners_read, mut learners_left_out) = (0u64, 0u64);
    while let Some(item) = reader.next_item()? {
        match item {
            IlrItem::Finding(f) => findings.push(f),
            IlrItem::Learner(learner) => {
                learners_read += 1;
                let usable = learner.is_usable();
                findings.extend(learner.findings.iter().cloned());
                let got = if usable {
                    enrolments_of(&learner, ukprn)
                } else {
                    None
                };
                let Some(mine) = got else {
                    learners_left_out += 1;
                    if let Some(r) = &learner.learn_ref_number {
                        left_out_refs.insert(r.as_str().to_ascii_lowercase());
                    }
                    continue;
                };
                // A learner with no ended delivery awaits nothing in either view.
                if mine.iter().all(|e| e.learning_end.is_none()) {
                    continue;
                }
                for (e, d) in mine.into_iter().zip(&learner.deliveries) {
                    kept.push(
                        sof.is_empty()
                            || d.source_of_funding()
                                .is_some_and(|s| sof.contains(&s.trim())),
                    );
                    positions.push(learner.at);
                    enrolments.push(e);
                }
            }
            IlrItem::Destination(record) => {
                findings.extend(record.findings.iter().cloned());
                destinations.extend(destinations_of(&record, ukprn));
            }
        }
    }
    if !left_out_refs.is_empty() {
        destinations
            .retain(|d| !left_out_refs.contains(&d.learner_ref.as_str().to_ascii_lowercase()));
    }
    let mut report = awaiting(&enrolments, &destinations, as_of);
    report.enrolments.retain(|e| kept[e.enrolment]);
    report
        .learners
        .retain(|l| l.enrolments.iter().any(|&i| kept[i]));
    for learner in &report.learners {
        let at = learner
            .enrolments
            .first()
            .map(|&i| positions[i])
            .unwrap_or_default();
        findings.extend(rule_findings(learner, at));
    }
    Ok(IlrAwaiting {
        header,
        as_of,
        report,
        findings,
        learners_read,
        learners_left_out,
    })
}

fn rule_findings(learner: &AwaitingLearner, at: Position) -> Vec<IlrFinding> {
    learner
        .findings()
        .into_iter()
        .map(|mut finding| {
            finding.message = format!("{at}: {}", finding.message);
            finding.row = Some(at.line);
            finding.column = Some("Learner".into());
            IlrFinding {
                finding,
                at,
                learner_ref: Some(learner.learner_ref.as_str().to_string()),
            }
        })
        .collect()
}

/// Writes the WMCA destinations upload template pre-filled with one row per enrolment awaiting
/// a destination: UKPRN, ULN, learner reference, aim reference, an empty Learning Aim Title
/// and an empty Destination Code for the provider to fill in. UTF-8 with a byte-order mark,
/// CRLF, cells neutralised (as the export).
pub fn write_template_csv<W: Write>(awaiting: &IlrAwaiting, out: W) -> Result<W> {
    let columns: Vec<&str> = TEMPLATE_COLUMNS.iter().map(|c| c.name).collect();
    let mut csv = AcceptedCsvWriter::with_columns(out, &columns)?;
    for e in &awaiting.report.enrolments {
        let (ukprn, uln) = (e.ukprn.to_string(), e.uln.to_string());
        csv.write_cells([
            ukprn.as_str(),
            uln.as_str(),
            e.learner_ref.as_str(),
            e.aim_ref.as_str(),
            "",
            "",
        ])?;
    }
    csv.finish()
}

/// One finished learner: may the survey go by email, by SMS, with which address, or the
/// automatic OTH3 record; as `destinations contact --json` gives it, with the learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrContact {
    /// LearnRefNumber.
    pub learner_ref: LearnRefNumber,
    /// ULN.
    pub uln: Uln,
    /// The latest LearnActEndDate.
    #[serde(with = "serde_date")]
    pub learning_end: NaiveDate,
    /// A survey may go by email.
    pub email: bool,
    /// A survey may go by SMS.
    pub sms: bool,
    /// By at least one channel.
    pub contactable: bool,
    /// Why.
    pub reason: String,
    /// What decided it (codes, missing details).
    pub decided_by: Vec<String>,
    /// The policy applied.
    pub policy: ContactPolicy,
    /// The address to send to, when email may be used.
    pub email_address: Option<String>,
    /// The number to send to (TelNo), when SMS may be used.
    pub mobile: Option<String>,
    /// The automatic OTH3 record, when the learner may not be contacted.
    pub record: Option<DestinationRecord>,
    /// ContPrefType_01–07 findings on the learner's preferences.
    pub findings: Vec<Finding>,
}

/// The survey's contacts from an ILR file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrContacts {
    /// The file's header.
    pub header: IlrHeader,
    /// The OTH3 records' collection date: given, else the file preparation date.
    #[serde(with = "serde_date")]
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: ContactPolicy,
    /// One per finished learner (every delivery has a LearnActEndDate), in file order.
    pub contacts: Vec<IlrContact>,
    /// The reader's findings, and preferences no policy can read (RUI9).
    pub findings: Vec<IlrFinding>,
    /// Learners read.
    pub learners_read: u64,
    /// Learners left out because of an error finding in their elements.
    pub learners_left_out: u64,
}

/// Reads an ILR file for the survey's contacts: each learner whose every delivery has ended,
/// under `policy` ([`ContactPreferences::decide`]), with Email and TelNo as the details (a
/// TelNo that is not a UK mobile allows no SMS). `as_of` defaults to the file preparation date.
pub fn ilr_contacts<R: BufRead>(
    input: R,
    policy: ContactPolicy,
    as_of: Option<NaiveDate>,
) -> Result<IlrContacts> {
    let mut reader = IlrReader::new(input)?;
    let header = reader.header().clone();
    let as_of = as_of_or_file_date(&header, as_of)?;
    let mut out = IlrContacts {
        header,
        as_of,
        policy,
        contacts: Vec::new(),
        findings: Vec::new(),
        learners_read: 0,
        learners_left_out: 0,
    };
    while let Some(item) = reader.next_item()? {
        match item {
            IlrItem::Finding(f) => out.findings.push(f),
            IlrItem::Destination(record) => out.findings.extend(record.findings),
            IlrItem::Learner(learner) => {
                out.learners_read += 1;
                out.findings.extend(learner.findings.iter().cloned());
                let (Some(learner_ref), Some(uln), true) = (
                    learner.learn_ref_number.clone(),
                    learner.uln,
                    learner.is_usable(),
                ) else {
                    out.learners_left_out += 1;
                    continue;
                };
                let ends: Option<Vec<NaiveDate>> =
                    learner.deliveries.iter().map(|d| d.actual_end).collect();
                let Some(learning_end) = ends.and_then(|e| e.into_iter().max()) else {
                    continue;
                };
                if let Some(contact) = contact_of(
                    &learner,
                    learner_ref,
                    uln,
                    learning_end,
                    policy,
                    as_of,
                    &mut out.findings,
                ) {
                    out.contacts.push(contact);
                }
            }
        }
    }
    Ok(out)
}

fn contact_of(
    learner: &IlrLearner,
    learner_ref: LearnRefNumber,
    uln: Uln,
    learning_end: NaiveDate,
    policy: ContactPolicy,
    as_of: NaiveDate,
    findings: &mut Vec<IlrFinding>,
) -> Option<IlrContact> {
    let mut prefs = ContactPreferences {
        email: learner
            .email
            .clone()
            .map_or(ContactDetail::Missing, ContactDetail::Value),
        mobile: learner
            .tel_no
            .clone()
            .map_or(ContactDetail::Missing, ContactDetail::Value),
        ..Default::default()
    };
    let note = |finding: Finding| IlrFinding {
        finding: Finding {
            row: Some(learner.at.line),
            column: Some("Learner/ContactPreference".into()),
            message: if finding.message.starts_with("line ") {
                finding.message.clone()
            } else {
                format!("{}: {}", learner.at, finding.message)
            },
            ..finding
        },
        at: learner.at,
        learner_ref: Some(learner_ref.as_str().to_string()),
    };
    for p in &learner.contact_preferences {
        match p.pref_type.to_ascii_uppercase().as_str() {
            "RUI" => prefs.rui.push(p.code),
            "PMC" => prefs.pmc.push(p.code),
            other => findings.push(note(VALUE_INVALID.finding(
                other,
                format!(
                    "{}: ContPrefType '{other}' is not RUI or PMC; the preference was not read",
                    learner.at
                ),
            ))),
        }
    }
    let decision = match prefs.decide(policy) {
        Ok(d) => d,
        Err(refusal) => {
            findings.push(note(refusal.into_finding()));
            return None;
        }
    };
    let first_start = learner.deliveries.iter().filter_map(|d| d.start).min();
    let record = decision
        .automatic_record(learning_end, as_of)
        .ok()
        .flatten();
    Some(IlrContact {
        learner_ref,
        uln,
        learning_end,
        email: decision.email,
        sms: decision.sms,
        contactable: decision.contactable,
        email_address: learner.email.clone().filter(|_| decision.email),
        mobile: learner.tel_no.clone().filter(|_| decision.sms),
        reason: decision.reason,
        decided_by: decision.decided_by,
        policy: decision.policy,
        record,
        findings: prefs.check(first_start),
    })
}

/// The contacts CSV's columns: the survey run's mailing list.
pub const CONTACT_CSV_COLUMNS: [&str; 7] = [
    "UKPRN",
    "Learner Reference Number",
    "Unique Learner Number",
    "Learning Actual End Date",
    "Email",
    "Mobile",
    "Channels",
];

/// Writes the mailing list: one row per contactable learner, with the email address when
/// email may be used and the mobile number when SMS may be; `Channels` is `email`, `sms` or
/// `email sms`. UTF-8 with a byte-order mark, CRLF, every cell neutralised against formulas.
/// (Hosts write it owner-only: it holds personal contact details.)
pub fn write_contacts_csv<W: Write>(contacts: &IlrContacts, out: W) -> Result<W> {
    let mut csv = AcceptedCsvWriter::with_columns(out, &CONTACT_CSV_COLUMNS)?;
    let ukprn = contacts
        .header
        .provider()
        .map(|u| u.to_string())
        .unwrap_or_default();
    for c in contacts.contacts.iter().filter(|c| c.contactable) {
        let (uln, end) = (c.uln.to_string(), c.learning_end.to_string());
        let channels = match (c.email, c.sms) {
            (true, true) => "email sms",
            (true, false) => "email",
            _ => "sms",
        };
        csv.write_cells([
            ukprn.as_str(),
            c.learner_ref.as_str(),
            uln.as_str(),
            end.as_str(),
            c.email_address.as_deref().unwrap_or(""),
            c.mobile.as_deref().unwrap_or(""),
            channels,
        ])?;
    }
    csv.finish()
}

/// One D&P record's rule breaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrDestinationFindings {
    /// LearnRefNumber.
    pub learner_ref: Option<String>,
    /// ULN.
    pub uln: Option<Uln>,
    /// Where the record starts.
    pub at: Position,
    /// The record rules' findings ([`check_records`]); `records` index the record's
    /// DPOutcomes.
    pub findings: Vec<RecordFinding>,
}

/// The D&P checks of an ILR file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrRecords {
    /// The file's header.
    pub header: IlrHeader,
    /// The teaching year (from the namespace).
    pub year: TeachingYear,
    /// The file preparation date from the header.
    #[serde(with = "serde_date")]
    pub file_preparation_date: NaiveDate,
    /// The records with a breach, in file order.
    pub destinations: Vec<IlrDestinationFindings>,
    /// The reader's findings, R71 (`ilr_dp_duplicate`) and R85 (`ilr_dp_uln_mismatch`).
    pub findings: Vec<IlrFinding>,
    /// D&P records read.
    pub records_read: u64,
}

/// Checks an ILR file's D&P records: the record rules ([`check_records`]: OutType_01–05,
/// OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02, R69) with the teaching year and file
/// preparation date of the header; OutULN_01 (a `uln_checksum` finding from the reader); R71,
/// two D&P records for one learner reference (ignoring case); R85, a D&P ULN that differs from
/// the ULN of the Learner with exactly that reference.
pub fn ilr_records<R: BufRead>(input: R, schemes: &Schemes) -> Result<IlrRecords> {
    let mut reader = IlrReader::new(input)?;
    let header = reader.header().clone();
    let year = header.year;
    let file_date = header.file_preparation_date.ok_or_else(|| Error::IlrInvalid {
        line: 1,
        column: 1,
        message: "the Header has no valid FilePreparationDate; the D&P rules compare collection dates with it".into(),
    })?;
    let mut ulns: HashMap<String, Uln> = HashMap::new();
    let mut seen: HashMap<String, Position> = HashMap::new();
    let mut out = IlrRecords {
        header,
        year,
        file_preparation_date: file_date,
        destinations: Vec::new(),
        findings: Vec::new(),
        records_read: 0,
    };
    while let Some(item) = reader.next_item()? {
        match item {
            IlrItem::Finding(f) => out.findings.push(f),
            IlrItem::Learner(learner) => {
                out.findings.extend(learner.findings);
                if let (Some(r), Some(u)) = (learner.learn_ref_number, learner.uln) {
                    ulns.insert(r.as_str().to_string(), u);
                }
            }
            IlrItem::Destination(record) => {
                out.records_read += 1;
                check_destination(
                    &record, schemes, year, file_date, &ulns, &mut seen, &mut out,
                );
            }
        }
    }
    Ok(out)
}

fn check_destination(
    record: &IlrDestination,
    schemes: &Schemes,
    year: TeachingYear,
    file_date: NaiveDate,
    ulns: &HashMap<String, Uln>,
    seen: &mut HashMap<String, Position>,
    out: &mut IlrRecords,
) {
    out.findings.extend(record.findings.iter().cloned());
    let learner_ref = record
        .learn_ref_number
        .as_ref()
        .map(|r| r.as_str().to_string());
    let rule = |kind: &'static crate::FindingKind, value: String, message: String| {
        let mut finding = kind.finding(value, format!("{}: {message}", record.at));
        finding.row = Some(record.at.line);
        finding.column = Some("LearnerDestinationandProgression/LearnRefNumber".into());
        IlrFinding {
            finding,
            at: record.at,
            learner_ref: learner_ref.clone(),
        }
    };
    if let Some(r) = &learner_ref {
        match seen.get(&r.to_ascii_lowercase()) {
            Some(first) => out.findings.push(rule(
                &DP_DUPLICATE,
                r.clone(),
                format!("a second D&P record for learner reference '{r}' (the first is at {first}); keep one record per learner with all its outcomes"),
            )),
            None => {
                seen.insert(r.to_ascii_lowercase(), record.at);
            }
        }
        if let (Some(mine), Some(theirs)) = (record.uln, ulns.get(r)) {
            if mine != *theirs {
                let mut f = rule(
                    &DP_ULN_MISMATCH,
                    mine.to_string(),
                    format!(
                        "the D&P ULN {mine} is not the ULN {theirs} of Learner '{r}'; correct one of them"
                    ),
                );
                f.finding.column = Some("LearnerDestinationandProgression/ULN".into());
                out.findings.push(f);
            }
        }
    }
    let records: Vec<DestinationRecord> = record
        .outcomes
        .iter()
        .filter_map(|o| {
            Some(DestinationRecord::new(
                format!("{}{}", o.out_type.as_deref()?, o.out_code.as_deref()?),
                o.start?,
                o.end,
                o.collection?,
            ))
        })
        .collect();
    let findings = check_records(&records, schemes, year, file_date);
    if !findings.is_empty() {
        out.destinations.push(IlrDestinationFindings {
            learner_ref,
            uln: record.uln,
            at: record.at,
            findings,
        });
    }
}
