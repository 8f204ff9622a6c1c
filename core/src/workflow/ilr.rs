//! The uses of a provider's ILR XML file as workflow, once for every host: each use's options as
//! plain data (every default stated here), and one pure run per use from a `BufRead` to its
//! report (and, for the mailing list and the pre-filled upload, to a writer the caller opens).
//!
//! | use | options ([`KeyStyle`] spelling of) | run | report |
//! |---|---|---|---|
//! | awaiting destinations | [`IlrAwaitingJob`]: `as_of`, `sof` | [`run_ilr_awaiting`] | [`IlrAwaiting`] |
//! | the survey's contacts | [`IlrContactsJob`]: `policy`, `as_of` | [`run_ilr_contacts`] (and the mailing list CSV) | [`IlrContacts`] |
//! | the D&P record checks | [`IlrRecordsJob`]: none | [`run_ilr_records`] | [`IlrRecords`] |
//! | the pre-filled upload | [`IlrTemplateJob`]: `sof`, `as_of` | [`run_ilr_template`] (the template CSV) | [`IlrTemplate`] |
//!
//! The reports serialise to the JSON `destinations ilr … --json` prints.
//!
//! ```
//! use learner_destinations::workflow::{IlrContactsJob, KeyStyle};
//! use learner_destinations::contact::ContactPolicy;
//! use serde_json::json;
//! let job = IlrContactsJob::from_value(json!({"asOf": "2024-08-01"}), KeyStyle::Camel).unwrap();
//! assert_eq!(job.policy, ContactPolicy::Seed);
//! let e = IlrContactsJob::from_value(json!({"--policy": "maytas"}), KeyStyle::Flag).unwrap_err();
//! assert_eq!(e.code(), "option_invalid");
//! assert!(e.to_string().contains("--policy"));
//! ```

use super::KeyStyle;
use super::options::{OptionReader, SHOWN_VALUE_CHARS, shown, type_name};
use crate::codes::Schemes;
use crate::contact::ContactPolicy;
use crate::error::{Error, Result};
use crate::ilr::{
    IlrAwaiting, IlrContacts, IlrRecords, ilr_awaiting, ilr_contacts, ilr_records,
    write_contacts_csv, write_template_csv,
};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::io::{BufRead, Write};

/// `policy` when not given: the Maytas Destination Tracking table ([`ContactPolicy::Seed`]).
pub const DEFAULT_CONTACT_POLICY: ContactPolicy = ContactPolicy::Seed;

/// The most characters of a source-of-funding code: LearnDelFAMCode is a RestrictedString of 1
/// to 5 characters (ILR XSDs; reference notes `ilr-xml.md` §4).
pub const SOF_CODE_MAX_CHARS: usize = 5;

/// The `sof` option: a list of codes (strings, or whole numbers such as `112`), or one code;
/// each trimmed, 1 to [`SOF_CODE_MAX_CHARS`] characters. A refusal names the place
/// (`sof[1]`).
fn sof_codes(value: Option<Value>, option: &str) -> Result<Vec<String>> {
    let one = |item: &Value, name: String| -> Result<String> {
        let text = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) if n.is_u64() => n.to_string(),
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f >= 0.0) => {
                format!("{}", n.as_f64().unwrap_or_default() as u64)
            }
            other => {
                return Err(Error::OptionInvalid {
                    option: name,
                    message: format!(
                        "takes a source-of-funding code (a string or a whole number, e.g. 112 for the West Midlands Combined Authority), not {} {}",
                        type_name(other),
                        shown(other)
                    ),
                });
            }
        };
        let chars = text.chars().count();
        if chars == 0 || chars > SOF_CODE_MAX_CHARS {
            return Err(Error::OptionInvalid {
                option: name,
                message: format!(
                    "takes a source-of-funding code of 1 to {SOF_CODE_MAX_CHARS} characters (LearnDelFAMCode, e.g. 112), not {}",
                    shown(item)
                ),
            });
        }
        Ok(text)
    };
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| one(item, format!("{option}[{i}]")))
            .collect(),
        Some(item) => one(&item, option.to_string()).map(|code| vec![code]),
    }
}

/// The `policy` option: `seed` or `ilr` (any case).
fn policy(value: Option<Value>, option: &str) -> Result<ContactPolicy> {
    match value {
        None => Ok(DEFAULT_CONTACT_POLICY),
        Some(Value::String(s)) if s.chars().count() <= SHOWN_VALUE_CHARS => {
            s.parse().map_err(|_| Error::OptionInvalid {
                option: option.to_string(),
                message: format!(
                    "takes seed (the Maytas table) or ilr (the ILR guidance), not '{s}'"
                ),
            })
        }
        Some(other) => Err(Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "takes seed (the Maytas table) or ilr (the ILR guidance), not {} {}",
                type_name(&other),
                shown(&other)
            ),
        }),
    }
}

/// Awaiting destinations from an ILR file, as plain data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IlrAwaitingJob {
    /// `as_of`: the date the due dates are compared with (default: the file's
    /// FilePreparationDate, the date R108 compares).
    pub as_of: Option<NaiveDate>,
    /// `sof`: keep the enrolments funded by one of these sources (LearnDelFAMType SOF, e.g.
    /// `112` for the West Midlands Combined Authority), and the learners with such an
    /// enrolment (default: every source).
    pub sof: Vec<String>,
}

impl IlrAwaitingJob {
    /// Every key, snake_case.
    pub const KEYS: &'static [&'static str] = &["as_of", "sof"];

    /// Reads the job from plain data (an object; null: every default). Errors:
    /// [`Error::OptionUnknown`] for a key not in [`IlrAwaitingJob::KEYS`] (in `style`),
    /// [`Error::OptionInvalid`] for a value of the wrong type.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let as_of = r.date("as_of")?;
        let sof = sof_codes(r.take("sof"), &r.name("sof"))?;
        Ok(IlrAwaitingJob { as_of, sof })
    }
}

/// The survey's contacts from an ILR file, as plain data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IlrContactsJob {
    /// `policy`: which rules decide whether a survey may go (default
    /// [`DEFAULT_CONTACT_POLICY`], `seed`).
    pub policy: ContactPolicy,
    /// `as_of`: the automatic OTH3 records' collection date (default: the file's
    /// FilePreparationDate).
    pub as_of: Option<NaiveDate>,
}

impl IlrContactsJob {
    /// Every key, snake_case.
    pub const KEYS: &'static [&'static str] = &["policy", "as_of"];

    /// Reads the job from plain data, as [`IlrAwaitingJob::from_value`] does.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let policy = policy(r.take("policy"), &r.name("policy"))?;
        let as_of = r.date("as_of")?;
        Ok(IlrContactsJob { policy, as_of })
    }
}

/// The D&P record checks of an ILR file, as plain data: no options (the teaching year and the
/// file preparation date come from the file's header; code schemes are a resource the host
/// hands to [`run_ilr_records`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IlrRecordsJob {}

impl IlrRecordsJob {
    /// Every key, snake_case: none.
    pub const KEYS: &'static [&'static str] = &[];

    /// Reads the job from plain data: null or an empty object (any key is
    /// [`Error::OptionUnknown`]).
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        OptionReader::new(value, style, Self::KEYS)?;
        Ok(IlrRecordsJob {})
    }
}

/// The WMCA destinations upload pre-filled from an ILR file, as plain data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IlrTemplateJob {
    /// `sof`: as [`IlrAwaitingJob::sof`] (default: every source).
    pub sof: Vec<String>,
    /// `as_of`: as [`IlrAwaitingJob::as_of`] (default: the file preparation date).
    pub as_of: Option<NaiveDate>,
}

impl IlrTemplateJob {
    /// Every key, snake_case.
    pub const KEYS: &'static [&'static str] = &["sof", "as_of"];

    /// Reads the job from plain data, as [`IlrAwaitingJob::from_value`] does.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let sof = sof_codes(r.take("sof"), &r.name("sof"))?;
        let as_of = r.date("as_of")?;
        Ok(IlrTemplateJob { sof, as_of })
    }
}

/// The pre-filled upload's run: how many rows were written, and the awaiting report they came
/// from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IlrTemplate {
    /// Rows written (one per enrolment awaiting a destination).
    pub rows: u64,
    /// The awaiting destinations the rows are.
    pub awaiting: IlrAwaiting,
}

/// An `as_of` the file cannot default is named in the caller's spelling.
fn styled(e: Error, style: KeyStyle) -> Error {
    match e {
        Error::OptionInvalid { option, message } if option == "as_of" => Error::OptionInvalid {
            option: style.key(&option),
            message,
        },
        other => other,
    }
}

/// Awaiting destinations from an ILR file ([`ilr_awaiting`]).
pub fn run_ilr_awaiting<R: BufRead>(
    input: R,
    job: &IlrAwaitingJob,
    style: KeyStyle,
) -> Result<IlrAwaiting> {
    ilr_awaiting(input, &job.sof, job.as_of).map_err(|e| styled(e, style))
}

/// The survey's contacts from an ILR file ([`ilr_contacts`]); with `csv`, the mailing list
/// written to it ([`write_contacts_csv`]: contactable learners only, cells neutralised). The
/// host writes that file owner-only: it holds personal contact details.
pub fn run_ilr_contacts<R: BufRead>(
    input: R,
    job: &IlrContactsJob,
    style: KeyStyle,
    csv: Option<&mut dyn Write>,
) -> Result<IlrContacts> {
    let contacts = ilr_contacts(input, job.policy, job.as_of).map_err(|e| styled(e, style))?;
    if let Some(out) = csv {
        write_contacts_csv(&contacts, out)?;
    }
    Ok(contacts)
}

/// The D&P record checks of an ILR file against `schemes` ([`ilr_records`]).
pub fn run_ilr_records<R: BufRead>(
    input: R,
    _job: &IlrRecordsJob,
    schemes: &Schemes,
) -> Result<IlrRecords> {
    ilr_records(input, schemes)
}

/// The WMCA destinations upload pre-filled with the enrolments awaiting a destination, written
/// to `csv` ([`write_template_csv`]).
pub fn run_ilr_template<R: BufRead>(
    input: R,
    job: &IlrTemplateJob,
    style: KeyStyle,
    csv: &mut dyn Write,
) -> Result<IlrTemplate> {
    let awaiting = ilr_awaiting(input, &job.sof, job.as_of).map_err(|e| styled(e, style))?;
    write_template_csv(&awaiting, &mut *csv)?;
    Ok(IlrTemplate {
        rows: awaiting.report.enrolments.len() as u64,
        awaiting,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    const XML: &str = r#"<Message xmlns="ESFA/ILR/2023-24">
  <Header><CollectionDetails><Collection>ILR</Collection><Year>2324</Year>
    <FilePreparationDate>2024-03-20</FilePreparationDate></CollectionDetails>
    <Source><UKPRN>10000001</UKPRN></Source></Header>
  <LearningProvider><UKPRN>10000001</UKPRN></LearningProvider>
  <Learner><LearnRefNumber>L1</LearnRefNumber><ULN>9276308686</ULN>
    <Email>sam@example.org</Email>
    <LearningDelivery><LearnAimRef>60012345</LearnAimRef><AimType>4</AimType>
      <AimSeqNumber>1</AimSeqNumber><LearnStartDate>2023-09-01</LearnStartDate>
      <LearnPlanEndDate>2024-06-30</LearnPlanEndDate><FundModel>70</FundModel>
      <CompStatus>2</CompStatus><LearnActEndDate>2024-01-15</LearnActEndDate>
      <LearningDeliveryFAM><LearnDelFAMType>SOF</LearnDelFAMType><LearnDelFAMCode>112</LearnDelFAMCode></LearningDeliveryFAM>
    </LearningDelivery></Learner>
</Message>"#;

    #[test]
    fn defaults_and_spellings() {
        let job = IlrAwaitingJob::from_value(Value::Null, KeyStyle::Snake).unwrap();
        assert_eq!(job, IlrAwaitingJob::default());
        let job = IlrAwaitingJob::from_value(
            json!({"asOf": "2024-05-01", "sof": [112, " 105 "]}),
            KeyStyle::Camel,
        )
        .unwrap();
        assert_eq!(job.sof, ["112", "105"]);
        assert_eq!(job.as_of.unwrap().to_string(), "2024-05-01");
        let job = IlrTemplateJob::from_value(json!({"sof": "112"}), KeyStyle::Snake).unwrap();
        assert_eq!(job.sof, ["112"]);
        let job = IlrContactsJob::from_value(json!({"policy": "ILR"}), KeyStyle::Snake).unwrap();
        assert_eq!(job.policy, ContactPolicy::Ilr);
        assert_eq!(
            IlrContactsJob::from_value(json!({}), KeyStyle::Snake)
                .unwrap()
                .policy,
            DEFAULT_CONTACT_POLICY
        );
        IlrRecordsJob::from_value(json!({}), KeyStyle::Snake).unwrap();
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named_as_the_caller_spells_them() {
        let e = IlrAwaitingJob::from_value(json!({"as_of": "2024-01-01"}), KeyStyle::Camel)
            .unwrap_err();
        assert_eq!(e.code(), "option_unknown");
        assert!(e.to_string().contains("asOf, sof"), "{e}");
        let e = IlrRecordsJob::from_value(json!({"schemes": []}), KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "option_unknown");
        let e = IlrAwaitingJob::from_value(json!({"--sof": ["112", true]}), KeyStyle::Flag)
            .unwrap_err();
        assert!(
            matches!(&e, Error::OptionInvalid { option, .. } if option == "--sof[1]"),
            "{e:?}"
        );
        let e = IlrTemplateJob::from_value(json!({"sof": "123456"}), KeyStyle::Snake).unwrap_err();
        assert!(e.to_string().contains("1 to 5 characters"), "{e}");
        let e = IlrTemplateJob::from_value(json!({"sof": "  "}), KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "option_invalid");
        let e = IlrContactsJob::from_value(json!({"as_of": "31/07/2024"}), KeyStyle::Snake)
            .unwrap_err();
        assert!(
            matches!(&e, Error::OptionInvalid { option, .. } if option == "as_of"),
            "{e:?}"
        );
        let e = IlrContactsJob::from_value(json!({"policy": 1}), KeyStyle::Camel).unwrap_err();
        assert!(e.to_string().contains("seed"), "{e}");
        let e = IlrAwaitingJob::from_value(json!([1]), KeyStyle::Snake).unwrap_err();
        assert_eq!(e.code(), "option_invalid");
    }

    #[test]
    fn runs_give_the_reports_and_write_the_files() {
        let job = IlrAwaitingJob::from_value(json!({"sof": [105]}), KeyStyle::Snake).unwrap();
        let report = run_ilr_awaiting(XML.as_bytes(), &job, KeyStyle::Snake).unwrap();
        assert!(report.report.enrolments.is_empty());
        let job = IlrTemplateJob::from_value(json!({"sof": ["112"]}), KeyStyle::Snake).unwrap();
        let mut csv = Vec::new();
        let ran = run_ilr_template(XML.as_bytes(), &job, KeyStyle::Snake, &mut csv).unwrap();
        assert_eq!(ran.rows, 1);
        let text = String::from_utf8(csv).unwrap();
        assert!(
            text.ends_with("10000001,9276308686,L1,60012345,,\r\n"),
            "{text}"
        );
        let job = IlrContactsJob::default();
        let mut csv = Vec::new();
        let contacts =
            run_ilr_contacts(XML.as_bytes(), &job, KeyStyle::Snake, Some(&mut csv)).unwrap();
        assert_eq!(contacts.contacts.len(), 1);
        assert!(String::from_utf8(csv).unwrap().contains("sam@example.org"));
        let records =
            run_ilr_records(XML.as_bytes(), &IlrRecordsJob {}, &Schemes::builtin()).unwrap();
        assert_eq!(records.records_read, 0);
    }

    #[test]
    fn an_as_of_the_file_cannot_give_is_named_in_the_callers_spelling() {
        let xml = XML.replace("<FilePreparationDate>2024-03-20</FilePreparationDate>", "");
        let e = run_ilr_awaiting(xml.as_bytes(), &IlrAwaitingJob::default(), KeyStyle::Flag)
            .unwrap_err();
        assert!(
            matches!(&e, Error::OptionInvalid { option, .. } if option == "--as-of"),
            "{e:?}"
        );
        let job =
            IlrContactsJob::from_value(json!({"as_of": "2024-08-01"}), KeyStyle::Snake).unwrap();
        let c = run_ilr_contacts(xml.as_bytes(), &job, KeyStyle::Snake, None).unwrap();
        assert_eq!(c.as_of.to_string(), "2024-08-01");
    }
}
