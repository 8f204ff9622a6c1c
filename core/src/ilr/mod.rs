//! The provider's ILR XML file: a streaming reader ([`IlrReader`]) and the uses built on it
//! ([`ilr_awaiting`], [`ilr_contacts`], [`ilr_records`], [`write_template_csv`]).
//!
//! The reader takes ILR files of every collection year from 2019-20 to 2025-26 (namespaces
//! `ESFA/ILR/2019-20` … `ESFA/ILR/2025-26`; the older `SFA/ILR/2016-17`, `SFA/ILR/2017-18` and
//! `ESFA/ILR/2018-19` are recognised, named and refused). It yields one learner at a time
//! ([`IlrItem::Learner`]), then the Destination and Progression records
//! ([`IlrItem::Destination`], 2019-20 to 2023-24), so memory does not grow with the file: the
//! current learner, one XML event (at most [`MAX_EVENT_BYTES`]) and the element stack (at most
//! [`MAX_DEPTH`] deep).
//!
//! What it keeps of each learner: LearnRefNumber, ULN, the contact preferences (RUI/PMC, to
//! 2024-25), Postcode, TelNo and Email; of each learning delivery: LearnAimRef, AimType,
//! AimSeqNumber, LearnStartDate, LearnPlanEndDate, LearnActEndDate, FundModel, ProgType,
//! CompStatus, Outcome and the LearningDeliveryFAMs (SOF included); of each D&P record:
//! LearnRefNumber, ULN and the DPOutcomes. Every other ILR element is skipped.
//!
//! Tolerant where real files are (reference notes `ilr-xml.md` §8, §11): a UTF-8 byte-order
//! mark, any whitespace around values (trimmed, as ESFA does; inner spaces kept), `&#13;`
//! artefacts, comments, optional elements left out, aims out of AimSeqNumber order, lower-case
//! aim references (stored upper-case), `+` and leading zeros in integers, a time zone on a date.
//! Strict where ESFA is: an element in another namespace than the file's
//! ([`ELEMENT_NAMESPACE`]) or an ILR name in the wrong case ([`ELEMENT_CASE`]) is an error
//! finding with its line and column, and the element is not read; a document type declaration
//! (and so any external entity) is refused ([`Error::IlrEntityRefused`]).
//!
//! Field problems are findings on the learner (or D&P record) they belong to; a learner with an
//! error finding is left out of the uses, as ESFA's file validation sets aside a learner whose
//! fields fail (reference notes `ilr-xml.md` §10).
//!
//! ```
//! use learner_destinations::ilr::{IlrItem, IlrReader};
//!
//! let xml = r#"<Message xmlns="ESFA/ILR/2023-24">
//!   <Header><CollectionDetails><Collection>ILR</Collection><Year>2324</Year>
//!     <FilePreparationDate>2024-03-01</FilePreparationDate></CollectionDetails>
//!     <Source><UKPRN>10000001</UKPRN></Source></Header>
//!   <LearningProvider><UKPRN>10000001</UKPRN></LearningProvider>
//!   <Learner><LearnRefNumber>L001</LearnRefNumber><ULN>9276308686</ULN>
//!     <LearningDelivery><LearnAimRef>z0002117</LearnAimRef><AimType>4</AimType>
//!       <AimSeqNumber>1</AimSeqNumber><LearnStartDate>2023-09-01</LearnStartDate>
//!       <LearnPlanEndDate>2024-06-30</LearnPlanEndDate><FundModel>35</FundModel>
//!       <CompStatus>2</CompStatus><LearnActEndDate>2024-01-15</LearnActEndDate>
//!     </LearningDelivery></Learner>
//! </Message>"#;
//! let mut reader = IlrReader::new(xml.as_bytes()).unwrap();
//! assert_eq!(reader.header().year.to_string(), "2023-24");
//! let Some(IlrItem::Learner(learner)) = reader.next_item().unwrap() else { panic!() };
//! assert_eq!(learner.deliveries[0].aim_ref.as_ref().unwrap().as_str(), "Z0002117");
//! assert!(reader.next_item().unwrap().is_none());
//! ```

mod reader;
mod uses;

pub use reader::{IlrReader, MAX_DEPTH, MAX_EVENT_BYTES};
pub use uses::{
    CONTACT_CSV_COLUMNS, IlrAwaiting, IlrContact, IlrContacts, IlrDestinationFindings, IlrRecords,
    ilr_awaiting, ilr_contacts, ilr_records, write_contacts_csv, write_template_csv,
};

use crate::dates::{TeachingYear, serde_date};
use crate::finding::{Finding, FindingKind, Severity};
use crate::identifiers::{LearnAimRef, LearnRefNumber, Ukprn, Uln};
use chrono::NaiveDate;
use serde::Serialize;

/// An element in another namespace than the file's.
pub static ELEMENT_NAMESPACE: FindingKind = FindingKind {
    code: "ilr_element_namespace",
    severity: Severity::Error,
    summary: "Every ILR element must be in the file's namespace (ESFA/ILR/YYYY-YY, bound as the default namespace); an element in another namespace, or in none, is not read.",
    source: "ILR XSDs (elementFormDefault=\"qualified\"); SLD validation rule 'Namespace Mismatch' (file level, error)",
    mirrors: Some("Namespace Mismatch"),
};

/// An ILR element name in the wrong case.
pub static ELEMENT_CASE: FindingKind = FindingKind {
    code: "ilr_element_case",
    severity: Severity::Error,
    summary: "ILR element names are case-sensitive (CampId, not CampID); an element whose name differs from an ILR name only in case is not read.",
    source: "ILR XSDs (XML names are case-sensitive); reference notes ilr-xml.md §9 #2, §11.2",
    mirrors: None,
};

/// An element the ILR does not have where it appears.
pub static ELEMENT_UNKNOWN: FindingKind = FindingKind {
    code: "ilr_element_unknown",
    severity: Severity::Warning,
    summary: "An element that is not an ILR element where it appears is skipped.",
    source: "ILR XSDs (xs:sequence of named elements); reference notes ilr-xml.md §11.2",
    mirrors: None,
};

/// A mandatory field that is missing or empty.
pub static VALUE_MISSING: FindingKind = FindingKind {
    code: "ilr_value_missing",
    severity: Severity::Error,
    summary: "A field the ILR requires (minOccurs 1) is missing or empty; the learner or record is left out of the checks.",
    source: "ILR XSDs (minOccurs); ESFA file validation FD _MA rules (reference notes ilr-xml.md §10)",
    mirrors: None,
};

/// A value that is not of its field's type or code list.
pub static VALUE_INVALID: FindingKind = FindingKind {
    code: "ilr_value_invalid",
    severity: Severity::Error,
    summary: "A value is not of its field's type (an integer, a date) or not one of its codes (CompStatus 1, 2, 3 or 6); the learner or record is left out of the checks.",
    source: "ILR XSDs (xs:int, xs:long, xs:date); VS2021 Constants/CompletionState.cs; ESFA file validation FD _AP/_AR rules",
    mirrors: None,
};

/// CollectionDetails/Year does not match the namespace.
pub static YEAR_MISMATCH: FindingKind = FindingKind {
    code: "ilr_year_mismatch",
    severity: Severity::Error,
    summary: "CollectionDetails/Year must be the two two-digit years of the namespace's collection year joined (2324 for ESFA/ILR/2023-24).",
    source: "ILR XSDs: Year is a single-value enumeration per year (reference notes ilr-xml.md §1)",
    mirrors: None,
};

/// The LearningProvider UKPRN is not the header's.
pub static UKPRN_MISMATCH: FindingKind = FindingKind {
    code: "ilr_ukprn_mismatch",
    severity: Severity::Error,
    summary: "The LearningProvider UKPRN must be the same as the UKPRN in the Header (Source).",
    source: "ESFA UKPRN_03 (VS2021 Message/UKPRN/UKPRN_03Rule.cs)",
    mirrors: Some("UKPRN_03"),
};

/// Two D&P records for one learner reference.
pub static DP_DUPLICATE: FindingKind = FindingKind {
    code: "ilr_dp_duplicate",
    severity: Severity::Error,
    summary: "A file must not hold more than one Destination and Progression record for a learner reference (compared ignoring case).",
    source: "ESFA R71 (VS2021 CrossEntity/R71Rule.cs); severity not published",
    mirrors: Some("R71"),
};

/// A D&P record whose ULN differs from its learner's.
pub static DP_ULN_MISMATCH: FindingKind = FindingKind {
    code: "ilr_dp_uln_mismatch",
    severity: Severity::Error,
    summary: "A Destination and Progression record must carry the ULN of the Learner with the same learner reference (compared exactly).",
    source: "ESFA R85 (VS2021 CrossEntity/R85Rule.cs); severity not published",
    mirrors: Some("R85"),
};

/// The kinds of finding this module declares (the reader also reports the identifier and date
/// kinds: `uln_checksum`, `learn_ref_format`, `date_format`...).
pub static KINDS: &[&FindingKind] = &[
    &ELEMENT_NAMESPACE,
    &ELEMENT_CASE,
    &ELEMENT_UNKNOWN,
    &VALUE_MISSING,
    &VALUE_INVALID,
    &YEAR_MISMATCH,
    &UKPRN_MISMATCH,
    &DP_DUPLICATE,
    &DP_ULN_MISMATCH,
];

/// Where something is in the file: 1-based line and column (the column counts characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// A finding in an ILR file: the finding (its `column` is the element's path, e.g.
/// `Learner/LearningDelivery/LearnAimRef`; its `row` is the line), where it is, and the learner
/// reference of the learner or D&P record it is in, when known.
///
/// Serialises as the finding's fields plus `at` and `learner_ref`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// Where in the file.
    pub at: Position,
    /// The learner reference, when known.
    pub learner_ref: Option<String>,
}

/// The file's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrHeader {
    /// The root element's namespace, e.g. `ESFA/ILR/2023-24`.
    pub namespace: String,
    /// The collection year the namespace names.
    pub year: TeachingYear,
    /// `CollectionDetails/Year` as given (e.g. `2324`).
    pub year_code: Option<String>,
    /// `CollectionDetails/FilePreparationDate`.
    #[serde(with = "serde_date::option")]
    pub file_preparation_date: Option<NaiveDate>,
    /// `Source/UKPRN`.
    pub ukprn: Option<Ukprn>,
    /// `LearningProvider/UKPRN`.
    pub provider_ukprn: Option<Ukprn>,
}

impl IlrHeader {
    /// The provider: the header's UKPRN, else the LearningProvider's.
    pub fn provider(&self) -> Option<Ukprn> {
        self.ukprn.or(self.provider_ukprn)
    }
}

/// A learner's ContactPreference (ContPrefType and ContPrefCode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrContactPreference {
    /// `RUI` or `PMC` (as given, trimmed).
    pub pref_type: String,
    /// The code.
    pub code: u8,
}

/// A LearningDeliveryFAM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrDeliveryFam {
    /// LearnDelFAMType, e.g. `SOF`.
    pub fam_type: String,
    /// LearnDelFAMCode, a string (leading zeros kept), e.g. `112`.
    pub code: String,
    /// LearnDelFAMDateFrom.
    #[serde(with = "serde_date::option")]
    pub date_from: Option<NaiveDate>,
    /// LearnDelFAMDateTo.
    #[serde(with = "serde_date::option")]
    pub date_to: Option<NaiveDate>,
}

/// A LearningDelivery (an enrolment on an aim).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrDelivery {
    /// LearnAimRef (stored upper-case).
    pub aim_ref: Option<LearnAimRef>,
    /// AimType (1 programme aim, 3 component, 4 not part of a programme, 5 core aim).
    pub aim_type: Option<u8>,
    /// AimSeqNumber.
    pub aim_seq_number: Option<u16>,
    /// LearnStartDate.
    #[serde(with = "serde_date::option")]
    pub start: Option<NaiveDate>,
    /// LearnPlanEndDate.
    #[serde(with = "serde_date::option")]
    pub planned_end: Option<NaiveDate>,
    /// LearnActEndDate, once learning has ended.
    #[serde(with = "serde_date::option")]
    pub actual_end: Option<NaiveDate>,
    /// FundModel.
    pub fund_model: Option<u8>,
    /// ProgType.
    pub prog_type: Option<u8>,
    /// CompStatus (1, 2, 3 or 6).
    pub comp_status: Option<u8>,
    /// Outcome (1, 2, 3 or 8).
    pub outcome: Option<u8>,
    /// The LearningDeliveryFAMs, in file order.
    pub fams: Vec<IlrDeliveryFam>,
    /// Where the LearningDelivery element starts.
    pub at: Position,
}

impl IlrDelivery {
    /// The source of funding: the code of the first `SOF` FAM (e.g. `105` ESFA adult, `112`
    /// West Midlands Combined Authority).
    pub fn source_of_funding(&self) -> Option<&str> {
        self.fams
            .iter()
            .find(|f| f.fam_type.eq_ignore_ascii_case("SOF"))
            .map(|f| f.code.as_str())
    }
}

/// A Learner, with what the uses need of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrLearner {
    /// LearnRefNumber.
    pub learn_ref_number: Option<LearnRefNumber>,
    /// ULN.
    pub uln: Option<Uln>,
    /// Postcode (as given, trimmed).
    pub postcode: Option<String>,
    /// TelNo (as given, trimmed).
    pub tel_no: Option<String>,
    /// Email (as given, trimmed).
    pub email: Option<String>,
    /// The ContactPreferences, in file order (none from 2025-26).
    pub contact_preferences: Vec<IlrContactPreference>,
    /// The LearningDeliveries, in file order (not sorted by AimSeqNumber).
    pub deliveries: Vec<IlrDelivery>,
    /// Where the Learner element starts.
    pub at: Position,
    /// What was found wrong in this learner's elements.
    pub findings: Vec<IlrFinding>,
}

impl IlrLearner {
    /// True when no error finding was made in this learner's elements: the uses take only
    /// such learners.
    pub fn is_usable(&self) -> bool {
        !self.findings.iter().any(|f| f.finding.is_error())
    }
}

/// A DPOutcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrOutcome {
    /// OutType (e.g. `EMP`).
    pub out_type: Option<String>,
    /// OutCode (e.g. `1`), as given.
    pub out_code: Option<String>,
    /// OutStartDate.
    #[serde(with = "serde_date::option")]
    pub start: Option<NaiveDate>,
    /// OutEndDate.
    #[serde(with = "serde_date::option")]
    pub end: Option<NaiveDate>,
    /// OutCollDate.
    #[serde(with = "serde_date::option")]
    pub collection: Option<NaiveDate>,
    /// Where the DPOutcome element starts.
    pub at: Position,
}

/// A LearnerDestinationandProgression record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrDestination {
    /// LearnRefNumber.
    pub learn_ref_number: Option<LearnRefNumber>,
    /// ULN (its check digit failing is OutULN_01, a `uln_checksum` finding).
    pub uln: Option<Uln>,
    /// The DPOutcomes, in file order.
    pub outcomes: Vec<IlrOutcome>,
    /// Where the record starts.
    pub at: Position,
    /// What was found wrong in this record's elements.
    pub findings: Vec<IlrFinding>,
}

/// What [`IlrReader::next_item`] yields, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IlrItem {
    /// A learner.
    Learner(Box<IlrLearner>),
    /// A Destination and Progression record.
    Destination(Box<IlrDestination>),
    /// A finding outside any learner or D&P record (the header, the Message's own children).
    Finding(IlrFinding),
}
