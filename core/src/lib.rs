//! # learner-destinations
//!
//! The rules of English further-education learner destinations, as a pure library: where a
//! learner went after a course (a job of 16+ hours, an apprenticeship, more study, looking for
//! work...), recorded per enrolment with a code, a start date, an end date and a collection date.
//!
//! | module | what it answers |
//! |---|---|
//! | [`identifiers`] | Is this ULN, UKPRN, learner reference or aim reference well formed, and if not, why? |
//! | [`codes`] | What does `EMP1` / `EMP 1` / `oth-3` / `WMCA1.0` mean; is it valid on a date; what is its equivalent in another scheme? |
//! | [`dates`] | Strict dates, calendar-month arithmetic, teaching years. |
//! | [`learners`] | Learner import field rules (UPN, postcode, telephone, date of birth, lists), username and password policies and generation. |
//! | [`survey`] | Which destination records (codes in both schemes, start, end and collection dates) follow from a leaver's survey answers, and why? |
//! | [`qualifications`] | Qualification upload rules: up to 18 groups of type, subject, completion month and grades against reference lists; identity columns unchanged since the export. |
//! | [`contact`] | May a survey go to a learner by email, by SMS, or not at all (RUI/PMC contact preferences)? If not, the automatic OTH3 record. ContPrefType_01–07 checks. |
//! | [`tracking`] | Is a survey pending, due a reminder, answered, a non-response or unsubscribed? Non-responses become OTH3 and are flagged for review. |
//! | [`records`] | Are a learner's destination records consistent (ESFA OutType_01–05, OutStartDate, OutEndDate, OutCollDate, R69)? |
//! | [`ilr`] | A provider's ILR XML file, one learner at a time: awaiting destinations with R107/R108's funding conditions, survey contacts, D&P record checks (with R71, R85), the pre-filled destinations upload. |
//! | [`awaiting`] | Which enrolments and learners still await a destination, and which are overdue (R107/R108)? |
//! | [`template`] | Is this upload (WMCA destinations, UCAS Progress learner import, learner qualifications; CSV or a workbook) acceptable, row by row; what goes into the errors file and the export? Empty templates to download. |
//! | [`workflow`] | One run of an upload for every host: each template's options as plain data (every default in one place, unknown keys refused), the outputs written to sinks the caller opens, the credentials file. |
//! | [`catalogue`] | Every finding code and every error code the library can produce. |
//!
//! The core does no I/O beyond the `Read`/`Write` it is handed, never reads the clock and holds
//! no global state: "today", random numbers and reference data are arguments.
//!
//! Problems in data are [`Finding`]s (collected, each with a stable code, a severity, a location
//! and a message that echoes the value); work that cannot be done is an [`Error`].
//!
//! ```
//! use learner_destinations::{Uln, codes::Schemes};
//!
//! // A ULN with its ESFA check digit, and one without.
//! assert!(Uln::parse("9276308686").is_ok());
//! let refused = Uln::parse("9276308687").unwrap_err();
//! assert_eq!(refused.code(), "uln_checksum");
//! assert!(refused.message.contains("should be 6"));
//!
//! // The portal's merged Destination Code field, and mapping old <-> new codes.
//! let schemes = Schemes::builtin();
//! let code = schemes.parse("emp 1").unwrap();
//! assert_eq!(code.title(), "In paid employment for 16 hours or more per week");
//! let new = schemes.to_scheme(code, "wmca", &["increase in hours"]).unwrap();
//! assert_eq!(new.display_name(), "In paid employment for 16 hours or more per week - Increase in hours (WMCA1.1)");
//! ```

pub mod awaiting;
pub mod catalogue;
pub mod codes;
pub mod contact;
pub mod dates;
mod error;
mod finding;
pub mod identifiers;
pub mod ilr;
pub mod learners;
pub mod limits;
pub mod qualifications;
pub mod records;
pub mod survey;
pub mod template;
pub mod tracking;
pub mod workbook;
pub mod workflow;

pub use error::{Error, ErrorCategory, ErrorKind, Result};
pub use finding::{Finding, FindingKind, Refusal, Severity};
pub use identifiers::{LearnAimRef, LearnRefNumber, UkMobile, Ukprn, Uln};

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
