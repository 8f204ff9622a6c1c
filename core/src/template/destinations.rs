//! The WMCA destinations upload template.
//!
//! Source: WMCA Destinations Portal Submission Guide (2025), "Automated Upload" and "Upload
//! Template": one row per enrolment destination, with the columns
//!
//! | column | rule |
//! |---|---|
//! | UKPRN | required; 8 digits, 10000000–99999999 (ILR XSD); the uploading provider's own when one is given (as ESFA UKPRN_03 ties a file's providers to its header) |
//! | Unique Learner Number | required; 10 digits with the ESFA check digit (ULN_04, OutULN_01); `9999999999` accepted with a warning; a ULN a spreadsheet turned into a number (`4.60E+09`, `4603001107.0`) has its own finding |
//! | Learner Reference Number | required; 1–12 of A–Z, a–z, 0–9, space (ILR XSD) |
//! | Learning Aim Reference | required; 1–8 letters and digits (ILR XSD, LARS) |
//! | Learning Aim Title | optional free text, at most 254 characters |
//! | Destination Code | required; an old ILR code (`EMP1`, OutType and OutCode merged) or a new WMCA code (`WMCA1.0`), valid on the as-of date (ESFA OutType_01, OutType_05) |
//!
//! Across rows, by enrolment (UKPRN, ULN, learner reference, aim reference), as the portal ties
//! destinations to enrolments, not learners. An upload row carries no dates, so the rows of one
//! enrolment are outcomes from one date, and the record rules for that case apply
//! ([`crate::records`], one implementation for both):
//!
//! - **duplicate** (ESFA R69, by meaning, across schemes): a code that means what an earlier
//!   row's code means (`EMP1` again, or `WMCA1.0` after `EMP1`: see
//!   [`crate::records::Meaning`]) is rejected as a duplicate of that row, which stands;
//! - **conflict**: more than one EMP, GAP, NPE, OTH, SDE or VOL destination (ESFA OutType_02),
//!   more than two EDU (OutType_03), an EMP with an NPE (OutType_04). No row of a conflict is
//!   accepted: every row in it is rejected with a finding that names the other rows, so the
//!   provider decides which is right.
//!
//! A conflict can only be known at its later row, when the earlier one has been handed out as
//! accepted. The template remembers per enrolment what duplicate detection already remembers
//! (each row's fingerprint, row number and code) and, at the end of the pass, says which rows
//! were in conflict ([`DestinationsTemplate::conflicts`]); a run that found any is run a
//! second time over the same source with them known
//! ([`DestinationsTemplate::with_conflicts`]), so that the earlier rows are rejected too (the
//! workflow and the host do this: see `workflow::run_destinations_again`). With no conflict (every
//! enrolment's codes agree), there is one pass and nothing more is remembered.
//!
//! Accepted rows are exported with the template columns (code normalised: `EMP 1` → `EMP1`),
//! the ILR code, the WMCA code where one exists and the destination as the portal's
//! Destinations screen shows it: `In paid employment for 16 hours or more per week (WMCA1.0)`.

use super::csv_source::CsvSource;
use super::fields::Fields;
use super::fingerprint::{CODE_CACHE_SLOTS, MixMap, enrolment_key, packed_spelling, spelling_slot};
use super::keys::KeyTable;
use super::spec::{ColumnSpec, RowFindings, RowView, Template, TemplateSpec};
use super::upload::{Upload, UploadOptions};
use crate::codes::{CodeEntry, Schemes};
use crate::error::Result;
use crate::finding::{FindingKind, Refusal, Severity};
use crate::identifiers::{LearnAimRef, LearnRefNumber, ULN_UNKNOWN, Ukprn, Uln, trimmed};
use crate::records::{Meaning, SameDateRule, same_date_breaches};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Read;

/// Template column: UKPRN.
pub const UKPRN: usize = 0;
/// Template column: Unique Learner Number.
pub const ULN: usize = 1;
/// Template column: Learner Reference Number.
pub const LEARN_REF: usize = 2;
/// Template column: Learning Aim Reference.
pub const AIM_REF: usize = 3;
/// Template column: Learning Aim Title.
pub const AIM_TITLE: usize = 4;
/// Template column: Destination Code.
pub const CODE: usize = 5;

/// The template's columns, in the portal's order.
pub static COLUMNS: [ColumnSpec; 6] = [
    ColumnSpec {
        name: "UKPRN",
        required: true,
        max_chars: None,
        description: "The provider's UK Provider Reference Number: 8 digits.",
    },
    ColumnSpec {
        name: "Unique Learner Number",
        required: true,
        max_chars: None,
        description: "The learner's ULN: 10 digits with the ESFA check digit, or 9999999999 when not known.",
    },
    ColumnSpec {
        name: "Learner Reference Number",
        required: true,
        max_chars: None,
        description: "The provider's learner reference (ILR LearnRefNumber): 1 to 12 letters, digits or spaces.",
    },
    ColumnSpec {
        name: "Learning Aim Reference",
        required: true,
        max_chars: None,
        description: "The LARS learning aim reference of the enrolment: 1 to 8 letters and digits.",
    },
    ColumnSpec {
        name: "Learning Aim Title",
        required: false,
        max_chars: Some(254),
        description: "The aim's title, free text (optional, at most 254 characters).",
    },
    ColumnSpec {
        name: "Destination Code",
        required: true,
        max_chars: None,
        description: "An ILR destination code (OutType and OutCode in one field, e.g. EMP1) or a WMCA code (e.g. WMCA1.0).",
    },
];

/// The export's columns: the template's, then the ILR code, the WMCA code and the destination as
/// the portal shows it.
pub static EXPORT_COLUMNS: [&str; 9] = [
    "UKPRN",
    "Unique Learner Number",
    "Learner Reference Number",
    "Learning Aim Reference",
    "Learning Aim Title",
    "Destination Code",
    "ILR Code",
    "WMCA Code",
    "Destination",
];

/// The destinations upload template.
pub static SPEC: TemplateSpec = TemplateSpec {
    name: "destinations",
    title: "WMCA destinations upload",
    rows_are: "destinations",
    columns: &COLUMNS,
    export_columns: &EXPORT_COLUMNS,
};

/// A UKPRN that is well formed but not the uploading provider's.
pub static UKPRN_NOT_UPLOADER: FindingKind = FindingKind {
    code: "ukprn_not_uploader",
    severity: Severity::Error,
    summary: "When the uploading provider's UKPRN is given, every row must carry it: a provider uploads only its own learners' destinations.",
    source: "WMCA Destinations Portal Submission Guide (providers register and upload their own destinations); by analogy with ESFA UKPRN_03 (a file's provider UKPRN must equal its header's)",
    mirrors: None,
};

/// A ULN a spreadsheet turned into a number.
pub static ULN_EXCEL_NUMBER: FindingKind = FindingKind {
    code: "uln_excel_number",
    severity: Severity::Error,
    summary: "A ULN written as a spreadsheet number (4.60E+09, 4603001107.0, 4,603,001,107) has lost its form, and often its digits: export the column as text.",
    source: "What upload users ask for: Excel damage (scientific notation, '.0', thousands separators) reported as such; ULN format per ILR XSD and ESFA ULN_04",
    mirrors: None,
};

/// The same destination twice for one enrolment (by meaning, across schemes).
pub static DUPLICATE_DESTINATION: FindingKind = FindingKind {
    code: "duplicate_destination",
    severity: Severity::Error,
    summary: "An enrolment (UKPRN, ULN, learner reference, aim reference) has each destination once: a row whose code means what an earlier row's code means (EMP1 again, or WMCA1.0 after EMP1) is rejected as a duplicate of that row, which stands.",
    source: "WMCA Destinations Portal Submission Guide (destinations are tied to enrolments); ESFA R69 (no duplicate D&P outcome records), compared by meaning across schemes (the scheme tables' ILR equivalents and qualifiers)",
    mirrors: Some("R69"),
};

/// More than one destination of one type (EMP, GAP, NPE, OTH, SDE, VOL) for one enrolment.
pub static DESTINATION_TYPE_CONFLICT: FindingKind = FindingKind {
    code: "destination_type_conflict",
    severity: Severity::Error,
    summary: "An enrolment has at most one destination of each of the types EMP, GAP, NPE, OTH, SDE and VOL; when rows give more, every one of them is rejected, naming the others, for the provider to keep the right one.",
    source: "ESFA OutType_02 (more than one outcome of a type from the same start date); an upload row has no dates, so the rows of one enrolment are outcomes from one date",
    mirrors: Some("OutType_02"),
};

/// More than two EDU destinations for one enrolment.
pub static DESTINATION_EDU_CONFLICT: FindingKind = FindingKind {
    code: "destination_edu_conflict",
    severity: Severity::Error,
    summary: "An enrolment has at most two EDU destinations; when rows give more, every one of them is rejected, naming the others.",
    source: "ESFA OutType_03 (more than two EDU outcomes from the same start date); the rows of one enrolment are outcomes from one date",
    mirrors: Some("OutType_03"),
};

/// An EMP and an NPE code for one enrolment.
pub static CONTRADICTORY_DESTINATION: FindingKind = FindingKind {
    code: "contradictory_destination",
    severity: Severity::Error,
    summary: "An enrolment cannot have both an in-paid-employment (EMP) and a not-in-paid-employment (NPE) destination; every such row is rejected, naming the others.",
    source: "ESFA OutType_04 (EMP and NPE outcomes from the same start date); the upload template has no start date, so per enrolment",
    mirrors: Some("OutType_04"),
};

/// An apprenticeship (EDU2) and an NPE code for one enrolment.
pub static APPRENTICESHIP_AND_NPE: FindingKind = FindingKind {
    code: "apprenticeship_and_npe",
    severity: Severity::Error,
    summary: "An enrolment cannot have both an apprenticeship (EDU2: an apprentice is in paid employment) and a not-in-paid-employment (NPE) destination; every such row is rejected, naming the others.",
    source: "ILR DPOutcome OutCode EDU2 (SLD: when EDU2 is used, an employment outcome need not also be recorded, so an apprenticeship is employment) read with ESFA OutType_04 (EMP and NPE from one date); the project's rule for the upload template, whose rows of an enrolment are outcomes from one date; the ILR's validation has no such rule",
    mirrors: None,
};

/// 'Unable to contact learner' (OTH3) or 'not known' (OTH4) beside a destination.
pub static UNKNOWN_BESIDE_DESTINATION: FindingKind = FindingKind {
    code: "unknown_beside_destination",
    severity: Severity::Error,
    summary: "An enrolment cannot have both 'unable to contact learner' (OTH3) or 'not known' (OTH4) and a destination of another type (EDU, EMP, GAP, NPE, SDE, VOL): one says the destination is not known, the other gives it; every such row is rejected, naming the others.",
    source: "ILR DPOutcome OutCode OTH3 (SLD: use when the learner could not be contacted) and OTH4 (SLD: the learner was contacted but the destination could not be obtained); the project's rule for the upload template, whose rows of an enrolment are outcomes from one date; the ILR's validation has no such rule",
    mirrors: None,
};

/// A learner reference read from a workbook's number cell: its leading zeros may be gone.
pub static LEARN_REF_EXCEL_NUMBER: FindingKind = FindingKind {
    code: "learn_ref_excel_number",
    severity: Severity::Warning,
    summary: "A learner reference held as a number in a workbook may have lost leading zeros (000000997732 shows as 997732): the row is taken, but check the reference against the MIS and format the column as Text.",
    source: "ILR LearnRefNumber (1-12 letters, digits, spaces: leading zeros are part of it); what upload users ask for: Excel damage reported as such",
    mirrors: None,
};

/// The kinds of finding this template declares (it also uses the identifier, code and engine
/// kinds).
pub static KINDS: &[&FindingKind] = &[
    &UKPRN_NOT_UPLOADER,
    &LEARN_REF_EXCEL_NUMBER,
    &ULN_EXCEL_NUMBER,
    &DUPLICATE_DESTINATION,
    &DESTINATION_TYPE_CONFLICT,
    &DESTINATION_EDU_CONFLICT,
    &CONTRADICTORY_DESTINATION,
    &APPRENTICESHIP_AND_NPE,
    &UNKNOWN_BESIDE_DESTINATION,
];

/// The rows of enrolments in conflict (OutType_02, 03, 04 by enrolment), as a pass over an
/// upload found them ([`DestinationsTemplate::conflicts`]): for each row, the rules it breaks
/// with which other rows. Given to a second pass over the same source
/// ([`DestinationsTemplate::with_conflicts`]), it rejects the earlier rows the first pass could
/// not yet know about, each finding naming every other row of its conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnrolmentConflicts {
    rows: BTreeMap<u64, Vec<ConflictNote>>,
}

/// One rule a row breaks with other rows of its enrolment: the rule, and the others' row
/// numbers and code indices.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConflictNote {
    rule: ConflictRule,
    others: Vec<(u64, usize)>,
}

/// A rule the rows of one enrolment break together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConflictRule {
    /// One of ESFA's same-date rules (OutType_02, 03, 04).
    SameDate(SameDateRule),
    /// An apprenticeship (EDU2) with an NPE destination ([`APPRENTICESHIP_AND_NPE`]).
    ApprenticeshipAndNpe,
    /// OTH3 or OTH4 with a destination of another type ([`UNKNOWN_BESIDE_DESTINATION`]).
    UnknownBesideDestination,
}

/// The ILR codes that say the destination is not known: OTH3 (unable to contact learner) and
/// OTH4 (not known).
const UNKNOWN_CODES: [&str; 2] = ["OTH3", "OTH4"];

/// The conflicts among the codes of one enrolment's rows (each its ILR code and type, `None`
/// for a code with no ILR meaning): ESFA's same-date rules ([`same_date_breaches`]), then an
/// apprenticeship with NPE, then OTH3 or OTH4 beside a destination of another type; each rule
/// at most once, with the rows it is about (indices, ascending). Linear in the rows.
fn enrolment_breaches(codes: &[(Option<&str>, Option<&str>)]) -> Vec<(ConflictRule, Vec<usize>)> {
    let types: Vec<Option<&str>> = codes.iter().map(|(_, ty)| *ty).collect();
    let mut out: Vec<(ConflictRule, Vec<usize>)> = same_date_breaches(&types)
        .into_iter()
        .map(|b| (ConflictRule::SameDate(b.rule), b.members))
        .collect();
    let rows_where = |f: &dyn Fn(Option<&str>, Option<&str>) -> bool| -> Vec<usize> {
        codes
            .iter()
            .enumerate()
            .filter(|(_, (code, ty))| f(*code, *ty))
            .map(|(i, _)| i)
            .collect()
    };
    let apprenticeship = |code: Option<&str>| code == Some("EDU2");
    if codes.iter().any(|(c, _)| apprenticeship(*c)) && types.contains(&Some("NPE")) {
        out.push((
            ConflictRule::ApprenticeshipAndNpe,
            rows_where(&|code, ty| apprenticeship(code) || ty == Some("NPE")),
        ));
    }
    let unknown = |code: Option<&str>| code.is_some_and(|c| UNKNOWN_CODES.contains(&c));
    let known = |ty: Option<&str>| ty.is_some_and(|t| t != "OTH");
    if codes.iter().any(|(c, _)| unknown(*c)) && types.iter().any(|t| known(*t)) {
        out.push((
            ConflictRule::UnknownBesideDestination,
            rows_where(&|code, ty| unknown(code) || known(ty)),
        ));
    }
    out
}

/// True when the destinations upload takes these codes (ILR code and type, as
/// [`enrolment_breaches`] reads them) as the rows of one enrolment, with no conflict between
/// them: the survey's template rows are chosen with this ([`crate::survey::template_rows`]).
pub(crate) fn takes_together(codes: &[(Option<&str>, Option<&str>)]) -> bool {
    enrolment_breaches(codes).is_empty()
}

impl EnrolmentConflicts {
    /// True when no row is in conflict.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many rows are in a conflict.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The rows in a conflict, ascending (as Excel numbers them).
    pub fn rows(&self) -> impl Iterator<Item = u64> + '_ {
        self.rows.keys().copied()
    }
}

/// What a destinations upload is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DestinationsOptions {
    /// Codes must be valid on this date (EMP3 and OTH2 ended on 2015-07-31). The core reads no
    /// clock: the caller passes today, or the date the destinations are for.
    pub as_of: NaiveDate,
    /// The uploading provider's UKPRN: when given, every row must carry it.
    pub ukprn: Option<Ukprn>,
}

impl DestinationsOptions {
    /// Options checking codes on `as_of`, for any provider.
    pub fn new(as_of: NaiveDate) -> Self {
        DestinationsOptions { as_of, ukprn: None }
    }

    /// Requires every row to carry `ukprn`.
    #[must_use]
    pub fn with_ukprn(mut self, ukprn: Ukprn) -> Self {
        self.ukprn = Some(ukprn);
        self
    }
}

/// What the export says about one code, worked out once.
#[derive(Debug)]
struct CodeInfo<'s> {
    entry: &'s CodeEntry,
    ilr: Option<&'s str>,
    wmca: Option<&'s str>,
    destination: String,
    /// What the code means (R69 by meaning).
    meaning: Meaning<'s>,
    /// Its ILR type, for the same-date rules.
    ilr_type: Option<&'s str>,
}

/// Bytes of a typical destinations row (UKPRN, ULN, learner and aim references, a title of 50
/// characters or so, a code): how [`Template::expect_input_bytes`] turns a size into rows. A
/// file of shorter rows makes the key table double once or twice as it fills, as it would
/// with no hint; a file of longer rows leaves the table emptier than it need be (more memory,
/// no more time).
const BYTES_PER_ROW: u64 = 96;
/// The most rows reserved for from a size (4,194,304 rows, a 400 MB file: about 91 MiB of key table);
/// beyond, the key table grows as rows come. A hint (a wrong size, a workbook's) never
/// reserves more.
const RESERVED_ROWS_MAX: u64 = 1 << 22;

/// A remembered accepted destination: its row (40 bits) and code index (24 bits) in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen(u64);

impl Seen {
    const CODE_BITS: u32 = 24;

    fn new(row: u64, code: usize) -> Option<Seen> {
        let code = u64::try_from(code).ok()?;
        if row >= 1 << (64 - Self::CODE_BITS) || code >= 1 << Self::CODE_BITS {
            return None;
        }
        Some(Seen(row << Self::CODE_BITS | code))
    }
    fn row(self) -> u64 {
        self.0 >> Self::CODE_BITS
    }
    fn code(self) -> usize {
        (self.0 & ((1 << Self::CODE_BITS) - 1)) as usize
    }
}

/// The destinations upload template: the rules above, over a set of code [`Schemes`].
///
/// It remembers each accepted enrolment and code in a [`KeyTable`] (a 64-bit fingerprint, and
/// the row and code packed in 64 bits), so memory grows with accepted rows only.
#[derive(Debug)]
pub struct DestinationsTemplate<'s> {
    schemes: &'s Schemes,
    options: DestinationsOptions,
    codes: Vec<CodeInfo<'s>>,
    code_index: MixMap<usize, usize>,
    /// Code fields as typed (trimmed) that were valid on the as-of date, to their code: most
    /// rows repeat a handful of spellings. Direct-mapped, [`CODE_CACHE_SLOTS`] slots of
    /// ([`packed_spelling`], code); a later spelling with the same slot replaces an earlier one.
    code_cache: Vec<Option<(u128, usize)>>,
    /// Code fields as typed that were refused, with the refusal, the same way: a file with a
    /// bad code usually has it on many rows, and working out why (and what was meant) is slow.
    refused_codes: Vec<Option<(u128, Refusal)>>,
    /// The code of the row just accepted, for [`Template::export_row`].
    accepted_code: Option<usize>,
    /// Enrolments: fingerprint -> [`Seen`], one entry per destination taken part in the
    /// enrolment rules (accepted, or rejected only for a conflict); a duplicate is not added.
    seen: KeyTable,
    /// Fingerprints of the enrolments found in conflict in this pass (few: one per conflict).
    conflicted: Vec<u64>,
    /// The rows in conflict, known from an earlier pass over the same source.
    known: EnrolmentConflicts,
    /// The rows read ahead whose every field passed (see [`Template::look_ahead`]), in row
    /// order, and the next one to use.
    ahead: Vec<CleanRow>,
    ahead_next: usize,
}

/// A row whose fields all passed when it was read ahead: what [`Template::check_row`] needs of
/// it besides the duplicate check.
#[derive(Debug, Clone, Copy)]
struct CleanRow {
    row: u64,
    key: u64,
    code: usize,
}

/// The address of a code entry, to find its [`CodeInfo`].
fn address(entry: &CodeEntry) -> usize {
    std::ptr::from_ref(entry) as usize
}

impl<'s> DestinationsTemplate<'s> {
    /// The template over `schemes` (usually [`Schemes::builtin`], or with the user's complete
    /// WMCA list loaded).
    pub fn new(schemes: &'s Schemes, options: DestinationsOptions) -> Self {
        let mut codes = Vec::new();
        let mut code_index = MixMap::default();
        for entry in schemes.all_codes() {
            let wmca = schemes.to_scheme(entry, "wmca", &[]).ok();
            let destination = wmca.unwrap_or(entry).display_name();
            code_index.insert(address(entry), codes.len());
            codes.push(CodeInfo {
                entry,
                ilr: entry.ilr_code(),
                wmca: wmca.map(CodeEntry::code),
                destination,
                meaning: Meaning::of(entry),
                ilr_type: entry.ilr_type(),
            });
        }
        DestinationsTemplate {
            schemes,
            options,
            codes,
            code_index,
            code_cache: vec![None; CODE_CACHE_SLOTS],
            refused_codes: vec![None; CODE_CACHE_SLOTS],
            accepted_code: None,
            seen: KeyTable::new(),
            conflicted: Vec::new(),
            known: EnrolmentConflicts::default(),
            ahead: Vec::new(),
            ahead_next: 0,
        }
    }

    /// The template with the rows in conflict known from a first pass over the same source
    /// ([`DestinationsTemplate::conflicts`]): each of them is rejected with a finding naming
    /// every other row of its conflict, the earlier rows too.
    #[must_use]
    pub fn with_conflicts(mut self, conflicts: EnrolmentConflicts) -> Self {
        self.known = conflicts;
        self
    }

    /// The rows in conflict found so far (by the end of a pass: all of them). Empty when every
    /// enrolment's destinations agree. When it holds a row that was handed out as accepted
    /// (any conflict's earliest row was), the pass must be run again with
    /// [`DestinationsTemplate::with_conflicts`] for that row to be rejected.
    pub fn conflicts(&self) -> EnrolmentConflicts {
        let mut keys = self.conflicted.clone();
        keys.sort_unstable();
        keys.dedup();
        let mut out = self.known.clone();
        for key in keys {
            let mut members: Vec<Seen> = self.seen.values(key).map(Seen).collect();
            members.sort_unstable_by_key(|m| m.row());
            let codes: Vec<_> = members.iter().map(|m| self.ilr_of(m.code())).collect();
            for (rule, breach) in enrolment_breaches(&codes) {
                for &i in &breach {
                    let others = breach
                        .iter()
                        .filter(|j| **j != i)
                        .map(|&j| (members[j].row(), members[j].code()))
                        .collect();
                    let notes = out.rows.entry(members[i].row()).or_default();
                    let note = ConflictNote { rule, others };
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
            }
        }
        out
    }

    /// The ILR code and type of code `code` (see [`enrolment_breaches`]).
    fn ilr_of(&self, code: usize) -> (Option<&'s str>, Option<&'s str>) {
        self.codes
            .get(code)
            .map_or((None, None), |c| (c.ilr, c.ilr_type))
    }

    /// The options checked against.
    pub fn options(&self) -> &DestinationsOptions {
        &self.options
    }

    /// How many accepted (enrolment, code) pairs are remembered for duplicate detection.
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    fn check_ukprn(&self, v: &str, findings: &mut RowFindings<'_>) -> Option<Ukprn> {
        match Ukprn::parse(v) {
            Ok(u) => {
                if let Some(expected) = self.options.ukprn.filter(|e| *e != u) {
                    findings.add(
                        UKPRN,
                        &UKPRN_NOT_UPLOADER,
                        v,
                        format!(
                            "UKPRN {u} is not the uploading provider's UKPRN ({expected}); upload only your own learners' destinations, or correct the UKPRN"
                        ),
                    );
                }
                Some(u)
            }
            Err(r) => {
                findings.refuse(UKPRN, v, r);
                None
            }
        }
    }

    fn check_code(&mut self, v: &str, findings: &mut RowFindings<'_>) -> Option<usize> {
        let typed = trimmed(v);
        let packed = packed_spelling(typed.as_bytes());
        if let Some(code) = packed.and_then(|key| self.cached(key)) {
            return Some(code);
        }
        if let Some(key) = packed {
            if let Some(Some((cached, refusal))) = self.refused_codes.get(spelling_slot(key)) {
                if *cached == key {
                    findings.refuse(CODE, v, refusal.clone());
                    return None;
                }
            }
        }
        let checked = self.schemes.parse(typed).and_then(|entry| {
            entry
                .check_valid_on(self.options.as_of, "the as-of date")
                .map(|()| entry)
        });
        let entry = match checked {
            Ok(entry) => entry,
            Err(r) => {
                if let Some(key) = packed {
                    self.refused_codes[spelling_slot(key)] = Some((key, r.clone()));
                }
                findings.refuse(CODE, v, r);
                return None;
            }
        };
        let code = self.code_index.get(&address(entry)).copied()?;
        if let Some(key) = packed {
            self.code_cache[spelling_slot(key)] = Some((key, code));
        }
        Some(code)
    }

    /// The code of a spelling seen before and valid on the as-of date, from the cache.
    #[inline]
    fn cached_code(&self, typed: &[u8]) -> Option<usize> {
        self.cached(packed_spelling(typed)?)
    }

    /// The code cached for a packed spelling ([`packed_spelling`]).
    #[inline]
    fn cached(&self, key: u128) -> Option<usize> {
        match self.code_cache.get(spelling_slot(key)) {
            Some(Some((cached, code))) if *cached == key => Some(*code),
            _ => None,
        }
    }

    /// The row's key and code when every field passes and nothing about it needs a finding
    /// (the fields as [`Template::check_row`] checks them, without building refusals), or
    /// `None` to check the row in full.
    #[inline]
    fn clean_row(&self, row: &RowView<'_>) -> Option<CleanRow> {
        // Byte-wise: a value that needs trimming (or is not ASCII at its edges) is left to the
        // full check.
        let ukprn = Ukprn::quick_bytes(row.visible_ascii(UKPRN)?)?;
        if self.options.ukprn.is_some_and(|own| own != ukprn) || row.is_number(LEARN_REF) {
            return None;
        }
        let uln = Uln::quick_bytes(row.visible_ascii(ULN)?)?;
        let learn_ref = row.visible_ascii(LEARN_REF)?;
        let aim_ref = row.visible_ascii(AIM_REF)?;
        if !LearnRefNumber::is_valid_bytes(learn_ref) || !LearnAimRef::is_valid_bytes(aim_ref) {
            return None;
        }
        let code = self.cached_code(row.visible_ascii(CODE)?)?;
        Some(CleanRow {
            row: row.row(),
            key: enrolment_key(ukprn, uln, learn_ref, aim_ref),
            code,
        })
    }

    /// The clean row read ahead as row `row`, if it was.
    #[inline]
    fn take_clean(&mut self, row: u64) -> Option<CleanRow> {
        while let Some(clean) = self.ahead.get(self.ahead_next).copied() {
            if clean.row > row {
                return None;
            }
            self.ahead_next += 1;
            if clean.row == row {
                return Some(clean);
            }
        }
        None
    }

    /// Remembers an accepted row's enrolment and code.
    #[inline]
    fn accept(&mut self, row: u64, key: u64, code: usize) {
        if let Some(seen) = Seen::new(row, code) {
            self.seen.insert(key, seen.0);
        }
        self.accepted_code = Some(code);
    }

    /// Every rule of [`Template::check_row`], with findings worded for people.
    fn check_row_in_full(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>) {
        let ukprn = row.get(UKPRN).and_then(|v| self.check_ukprn(v, findings));
        let uln = row.get(ULN).and_then(|v| {
            check_uln(
                v,
                ULN,
                "ULN 9999999999 means 'not known': the destination is accepted, but the portal cannot match it to a learner; give the learner's ULN when you have it",
                findings,
            )
        });
        let learn_ref = row.get(LEARN_REF).and_then(|v| {
            LearnRefNumber::check(v)
                .map_err(|r| findings.refuse(LEARN_REF, v, r))
                .ok()
        });
        if let Some(v) = learn_ref.as_ref().filter(|_| row.is_number(LEARN_REF)) {
            findings.add(
                LEARN_REF,
                &LEARN_REF_EXCEL_NUMBER,
                v,
                format!(
                    "learner reference '{v}' was a number in the spreadsheet, which drops leading zeros (000000997732 shows as 997732); the row is taken, but check the reference against the MIS and format the column as Text before exporting again"
                ),
            );
        }
        let aim_ref = row.get(AIM_REF).and_then(|v| {
            LearnAimRef::check(v)
                .map_err(|r| findings.refuse(AIM_REF, v, r))
                .ok()
        });
        let code = row.get(CODE).and_then(|v| self.check_code(v, findings));

        let (Some(ukprn), Some(uln), Some(learn_ref), Some(aim_ref), Some(code)) =
            (ukprn, uln, learn_ref, aim_ref, code)
        else {
            return;
        };
        let key = enrolment_key(ukprn, uln, learn_ref.as_bytes(), aim_ref.as_bytes());
        let this_row = row.row();
        let known = !self.known.is_empty() && self.known.rows.contains_key(&this_row);
        if self.seen.contains(key) || known {
            // Worded only into the findings made: most rows of an enrolment seen before are
            // neither duplicates nor in conflict (EMP1 and EDU1, say).
            let enrolment = EnrolmentName {
                ukprn: &ukprn,
                uln: &uln,
                learn_ref: &learn_ref,
                aim_ref: &aim_ref,
            };
            match self.check_enrolment(this_row, key, code, &enrolment, findings) {
                Enrolment::Duplicate => return,
                Enrolment::Conflict => {
                    // Rejected, and remembered: later rows of the enrolment conflict with it too.
                    if let Some(seen) = Seen::new(this_row, code) {
                        self.seen.insert(key, seen.0);
                    }
                    return;
                }
                Enrolment::Clear => {}
            }
        }
        if findings.has_errors() {
            return;
        }
        self.accept(this_row, key, code);
    }

    /// The enrolment rules for a row whose enrolment has earlier rows (or that an earlier pass
    /// found in conflict): a duplicate by meaning of an earlier row (R69), else a conflict with
    /// earlier rows (OutType_02, 03, 04; see [`same_date_breaches`]), each worded for people.
    /// A row with other errors is checked for duplicates only (it takes no part in conflicts).
    fn check_enrolment(
        &mut self,
        row: u64,
        key: u64,
        code: usize,
        enrolment: &EnrolmentName<'_>,
        findings: &mut RowFindings<'_>,
    ) -> Enrolment {
        let Some(this) = self.codes.get(code) else {
            return Enrolment::Clear;
        };
        let mut members: Vec<Seen> = self.seen.values(key).map(Seen).collect();
        members.sort_unstable_by_key(|m| m.row());
        if let Some((first, other)) = members.iter().find_map(|m| {
            let other = self.codes.get(m.code())?;
            (other.meaning == this.meaning).then_some((m.row(), other))
        }) {
            let same = if other.entry.code() == this.entry.code() {
                String::new()
            } else {
                format!(
                    ", and {} means the same destination as {} ({})",
                    this.entry.code(),
                    other.entry.code(),
                    this.entry.title()
                )
            };
            findings.add_to_row(
                &DUPLICATE_DESTINATION,
                format!(
                    "duplicate of row {first}: {enrolment} already has destination {} there{same}; remove this row (row {first} stands)",
                    other.entry.code()
                ),
            );
            return Enrolment::Duplicate;
        }
        if findings.has_errors() {
            return Enrolment::Clear;
        }
        let notes: Vec<ConflictNote> = match self.known.rows.get(&row) {
            Some(notes) => notes.clone(),
            None => {
                let mut codes: Vec<_> = members.iter().map(|m| self.ilr_of(m.code())).collect();
                codes.push((this.ilr, this.ilr_type));
                let me = members.len();
                enrolment_breaches(&codes)
                    .into_iter()
                    .filter(|(_, b)| b.contains(&me))
                    .map(|(rule, b)| ConflictNote {
                        rule,
                        others: b
                            .iter()
                            .filter(|j| **j != me)
                            .map(|&j| (members[j].row(), members[j].code()))
                            .collect(),
                    })
                    .collect()
            }
        };
        if notes.is_empty() {
            return Enrolment::Clear;
        }
        if !self.known.rows.contains_key(&row) {
            self.conflicted.push(key);
        }
        for note in &notes {
            let (kind, message) = self.conflict_message(this, note, enrolment);
            findings.add_to_row(kind, message);
        }
        Enrolment::Conflict
    }

    /// The finding kind and message for a row in conflict: the rule, the other rows with their
    /// codes, and what to do.
    fn conflict_message(
        &self,
        this: &CodeInfo<'_>,
        note: &ConflictNote,
        enrolment: &EnrolmentName<'_>,
    ) -> (&'static FindingKind, String) {
        let others: Vec<String> = note
            .others
            .iter()
            .map(|(row, code)| {
                let code = self.codes.get(*code).map_or("?", |c| c.entry.code());
                format!("row {row} ({code})")
            })
            .collect();
        let rows = others.join(", ");
        let decide = "every row of the conflict is rejected, none accepted: keep the right destination, remove the others and upload the kept row again";
        let here = this.entry.code();
        match note.rule {
            ConflictRule::SameDate(SameDateRule::TypeRepeated) => {
                let ty = this.ilr_type.unwrap_or_default();
                (
                    &DESTINATION_TYPE_CONFLICT,
                    format!(
                        "conflicts with {rows}: {enrolment} has more than one {ty} destination ({here} here); the rows of an enrolment are outcomes from one date, and one date has at most one outcome of each type (ESFA OutType_02); {decide}"
                    ),
                )
            }
            ConflictRule::SameDate(SameDateRule::EduRepeated) => (
                &DESTINATION_EDU_CONFLICT,
                format!(
                    "conflicts with {rows}: {enrolment} has more than two EDU destinations ({here} here); one date has at most two EDU outcomes (ESFA OutType_03); {decide}"
                ),
            ),
            ConflictRule::SameDate(SameDateRule::EmpAndNpe) => (
                &CONTRADICTORY_DESTINATION,
                format!(
                    "contradicts {rows}: {enrolment} has {} here; a learner cannot be both in paid employment and not in paid employment (ESFA OutType_04); {decide}",
                    this.entry.display_name()
                ),
            ),
            ConflictRule::ApprenticeshipAndNpe => (
                &APPRENTICESHIP_AND_NPE,
                format!(
                    "contradicts {rows}: {enrolment} has {} here; an apprenticeship (EDU2) is paid employment, so it cannot stand beside a not-in-paid-employment (NPE) destination (the ILR's note on EDU2, as ESFA OutType_04 for EMP and NPE); {decide}",
                    this.entry.display_name()
                ),
            ),
            ConflictRule::UnknownBesideDestination => (
                &UNKNOWN_BESIDE_DESTINATION,
                format!(
                    "contradicts {rows}: {enrolment} has {} here; 'unable to contact learner' (OTH3) and 'not known' (OTH4) say the destination is not known, so they cannot stand beside a destination that is given (the ILR's notes on OTH3 and OTH4); {decide}",
                    this.entry.display_name()
                ),
            ),
        }
    }
}

/// An enrolment as findings name it: `the enrolment (UKPRN 10012345, ULN 9276308686, learner
/// reference LRN1, aim reference 60012345)`.
struct EnrolmentName<'r> {
    ukprn: &'r dyn std::fmt::Display,
    uln: &'r dyn std::fmt::Display,
    learn_ref: &'r dyn std::fmt::Display,
    aim_ref: &'r dyn std::fmt::Display,
}

impl std::fmt::Display for EnrolmentName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let EnrolmentName {
            ukprn,
            uln,
            learn_ref,
            aim_ref,
        } = self;
        write!(
            f,
            "the enrolment (UKPRN {ukprn}, ULN {uln}, learner reference {learn_ref}, aim reference {aim_ref})"
        )
    }
}

/// What the enrolment rules said of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enrolment {
    /// Nothing.
    Clear,
    /// A duplicate of an earlier row (rejected, not remembered).
    Duplicate,
    /// In a conflict (rejected, remembered).
    Conflict,
}

/// Checks a ULN in template column `column`, with the Excel-damage and "not known" cases:
/// `unknown` is the template's message for `9999999999` (every template that has a ULN column
/// checks it this way).
pub(crate) fn check_uln(
    v: &str,
    column: usize,
    unknown: &str,
    findings: &mut RowFindings<'_>,
) -> Option<Uln> {
    match Uln::parse(v) {
        Ok(uln) => {
            if uln.is_unknown() {
                findings.add(column, &ULN_UNKNOWN, v, unknown);
            }
            Some(uln)
        }
        Err(refusal) => {
            match excel_damage(trimmed(v)) {
                Some(message) => findings.add(column, &ULN_EXCEL_NUMBER, v, message),
                None => findings.refuse(column, v, refusal),
            }
            None
        }
    }
}

const EXPORT_AS_TEXT: &str = "format the ULN column as Text in the MIS export (or in Excel before the data goes in) and export again; do not retype ULNs";

/// When `v` is a ULN a spreadsheet turned into a number, the message saying so.
///
/// Recognised: scientific notation (`4.60E+09`, `4.603001107E+9`), a decimal fraction of zeros
/// (`4603001107.0`), thousands separators (`4,603,001,107`).
pub(crate) fn excel_damage(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);

    // Scientific notation: d[.ddd]E[+]dd
    if let Some(e) = b.iter().position(|c| *c == b'e' || *c == b'E') {
        let (mantissa, exponent) = (&b[..e], &b[e + 1..]);
        let exponent = exponent.strip_prefix(b"+").unwrap_or(exponent);
        let (int, frac) = match mantissa.iter().position(|c| *c == b'.') {
            Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
            None => (mantissa, &b""[..]),
        };
        if int.len() == 1 && (frac.is_empty() || digits(frac)) && digits(int) && digits(exponent) {
            return Some(format!(
                "ULN '{v}' is in scientific notation: a spreadsheet read the ULN as a number and kept only {} of its 10 digits, so it cannot be recovered from this file; {EXPORT_AS_TEXT}",
                1 + frac.len()
            ));
        }
        return None;
    }
    // A decimal with only zeros after the point.
    if let Some(p) = b.iter().position(|c| *c == b'.') {
        let (int, frac) = (&b[..p], &b[p + 1..]);
        if digits(int) && digits(frac) && frac.iter().all(|c| *c == b'0') {
            let int = &v[..p];
            let verdict = match Uln::parse(int) {
                Ok(_) => "which passes the ESFA checksum".to_string(),
                Err(r) => format!("but even that is not a valid ULN ({})", r.message),
            };
            return Some(format!(
                "ULN '{v}' has '{}' added by a spreadsheet that read it as a number; it was probably {int}, {verdict}; {EXPORT_AS_TEXT}",
                &v[p..]
            ));
        }
        return None;
    }
    // Thousands separators: d{1,3}(,ddd)+
    let groups: Vec<&[u8]> = b.split(|c| *c == b',').collect();
    if groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3)
    {
        let plain: String = v.chars().filter(char::is_ascii_digit).collect();
        return Some(format!(
            "ULN '{v}' has thousands separators added by a spreadsheet number format; it was probably {plain}; {EXPORT_AS_TEXT}"
        ));
    }
    None
}

impl Template for DestinationsTemplate<'_> {
    fn spec(&self) -> &'static TemplateSpec {
        &SPEC
    }

    fn check_row(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>) {
        self.accepted_code = None;
        let clean = self.take_clean(row.row());
        if let Some(clean) =
            clean.filter(|c| self.known.is_empty() || !self.known.rows.contains_key(&c.row))
        {
            // Every field passed when the row was read ahead: only the duplicate check is left.
            // A new enrolment is remembered in the same walk of the key table that finds it new.
            // Rare: an enrolment seen before (the full check words the finding), or a finding of
            // the engine's own (e.g. a title too long, rejecting the row).
            if !findings.has_errors() {
                if let Some(seen) = Seen::new(clean.row, clean.code) {
                    if self.seen.insert_if_absent(clean.key, seen.0) {
                        self.accepted_code = Some(clean.code);
                        return;
                    }
                }
            }
        }
        self.check_row_in_full(row, findings);
    }

    /// Starts reading the duplicate-key slots of the next rows' enrolments, so that their cache
    /// misses overlap (a million remembered keys do not fit in the processor's caches), and
    /// checks their fields once: [`Template::check_row`] then needs only the duplicate check
    /// for a row whose fields all passed.
    fn look_ahead(&mut self, rows: &[RowView<'_>]) {
        let mut ahead = std::mem::take(&mut self.ahead);
        ahead.clear();
        ahead.extend(rows.iter().filter_map(|row| self.clean_row(row)));
        let touched = ahead
            .iter()
            .fold(0, |acc, clean| acc ^ self.seen.prefetch(clean.key));
        std::hint::black_box(touched);
        self.ahead = ahead;
        self.ahead_next = 0;
    }

    /// Reserves the duplicate keys for the rows the input's size suggests: about one per
    /// 96 bytes, for at most 4,194,304 rows (beyond, the table grows as rows come).
    fn expect_input_bytes(&mut self, bytes: u64) {
        let rows = (bytes / BYTES_PER_ROW).min(RESERVED_ROWS_MAX);
        self.seen.reserve(usize::try_from(rows).unwrap_or(0));
    }

    fn export_row(&self, row: &RowView<'_>, export: &mut Fields) {
        let value = |column| row.get(column).unwrap_or_default();
        export.push(value(UKPRN));
        export.push(value(ULN));
        export.push(value(LEARN_REF));
        export.push_ascii_uppercase(value(AIM_REF));
        export.push(value(AIM_TITLE));
        let info = self.accepted_code.and_then(|c| self.codes.get(c));
        export.push(info.map_or(value(CODE), |i| i.entry.code()));
        export.push(info.and_then(|i| i.ilr).unwrap_or_default());
        export.push(info.and_then(|i| i.wmca).unwrap_or_default());
        export.push(info.map_or("", |i| i.destination.as_str()));
    }
}

/// A destinations upload of CSV text from `reader`, checked against `schemes` and `options`:
/// the one-call way in for the CLI and the bindings.
pub fn upload_csv<'s, R: Read>(
    reader: R,
    schemes: &'s Schemes,
    options: DestinationsOptions,
    upload_options: UploadOptions,
) -> Result<Upload<CsvSource<R>, DestinationsTemplate<'s>>> {
    Upload::from_csv(
        reader,
        DestinationsTemplate::new(schemes, options),
        upload_options,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_damage_is_recognised() {
        let m = excel_damage("4.60E+09").unwrap();
        assert!(
            m.contains("scientific notation") && m.contains("3 of its 10 digits"),
            "{m}"
        );
        assert!(excel_damage("4.603001107e9").is_some());
        let m = excel_damage("9276308686.0").unwrap();
        assert!(m.contains("probably 9276308686, which passes"), "{m}");
        let m = excel_damage("9276308687.00").unwrap();
        assert!(m.contains("not a valid ULN"), "{m}");
        let m = excel_damage("9,276,308,686").unwrap();
        assert!(m.contains("probably 9276308686"), "{m}");
        for not in [
            "92763086",
            "ABC",
            "4.6E",
            "E+09",
            "12.5",
            "1,23",
            "12,345,67",
        ] {
            assert!(excel_damage(not).is_none(), "{not}");
        }
    }

    #[test]
    fn seen_packs_row_and_code() {
        let s = Seen::new(1_048_576, 22).unwrap();
        assert_eq!((s.row(), s.code()), (1_048_576, 22));
        assert!(Seen::new(1 << 40, 0).is_none());
        assert!(Seen::new(2, 1 << 24).is_none());
    }
}
