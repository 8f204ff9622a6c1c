//! The options of each upload template as plain data: read from a JSON object (or any host's
//! dict or object converted to one), every default stated here once, every key checked.

use super::KeyStyle;
use super::decisions::{date_option, existing_usernames_from_value};
use crate::error::{Error, Result};
use crate::identifiers::Ukprn;
use crate::learners::{DEFAULT_MAX_AGE, DEFAULT_MIN_AGE};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The most characters of a given value an error message repeats: enough to recognise it,
/// never a whole pasted file.
pub const SHOWN_VALUE_CHARS: usize = 200;

/// The youngest and oldest ages `min_age` and `max_age` take: any person's age.
pub const AGE_OPTION_RANGE: std::ops::RangeInclusive<i64> = 0..=150;

/// The largest whole number a JSON number can carry exactly in every host (2^53, JavaScript's
/// `Number.MAX_SAFE_INTEGER` + 1): a larger `seed` is given as a decimal string.
const EXACT_NUMBER: f64 = 9_007_199_254_740_992.0;

/// The keys every upload takes ([`UploadCommon`]), snake_case.
pub const COMMON_KEYS: &[&str] = &[
    "sheet",
    "max_findings",
    "file_name",
    "processed_at",
    "keep_accepted",
    "errors_csv",
    "errors_xlsx",
    "accepted_csv",
];

/// A value as an error message shows it: its JSON text, cut at [`SHOWN_VALUE_CHARS`].
pub(crate) fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    };
    let mut out: String = text.chars().take(SHOWN_VALUE_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// What a JSON value is, for "takes X, not Y" messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The options object, its keys checked once against the accepted ones, read key by key.
pub(crate) struct OptionReader {
    map: Map<String, Value>,
    style: KeyStyle,
}

impl OptionReader {
    /// Refuses a value that is not an object (null is an empty one: no option given) and any
    /// key not in `keys` (snake_case; compared in `style`).
    pub(crate) fn new(value: Value, style: KeyStyle, keys: &[&str]) -> Result<Self> {
        let map = match value {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            other => {
                return Err(Error::OptionInvalid {
                    option: "options".to_string(),
                    message: format!(
                        "the options are an object of option names and values, not {}",
                        type_name(&other)
                    ),
                });
            }
        };
        if let Some(unknown) = map
            .keys()
            .find(|k| !keys.iter().any(|known| style.key(known) == **k))
        {
            return Err(Error::OptionUnknown {
                option: unknown.chars().take(SHOWN_VALUE_CHARS).collect(),
                accepted: keys.iter().map(|k| style.key(k)).collect(),
            });
        }
        Ok(OptionReader { map, style })
    }

    /// The option's name in the caller's style.
    pub(crate) fn name(&self, key: &str) -> String {
        self.style.key(key)
    }

    /// The value of `key` (snake_case), `None` when left out or null.
    pub(crate) fn take(&mut self, key: &str) -> Option<Value> {
        self.map
            .remove(&self.style.key(key))
            .filter(|v| !v.is_null())
    }

    /// True when `key` was given (not null).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map
            .get(&self.style.key(key))
            .is_some_and(|v| !v.is_null())
    }

    pub(crate) fn invalid(&self, key: &str, takes: &str, given: &Value) -> Error {
        Error::OptionInvalid {
            option: self.name(key),
            message: format!("takes {takes}, not {} {}", type_name(given), shown(given)),
        }
    }

    /// A string option.
    pub(crate) fn string(&mut self, key: &str) -> Result<Option<String>> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.invalid(key, "a string", &other)),
        }
    }

    /// A string option that names a file or sheet: a blank one is refused (it names nothing).
    pub(crate) fn name_string(&mut self, key: &str, what: &str) -> Result<Option<String>> {
        let value = self.string(key)?;
        if value.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err(Error::OptionInvalid {
                option: self.name(key),
                message: format!("takes {what}, not a blank string; leave the option out instead"),
            });
        }
        Ok(value)
    }

    /// A boolean option with its default.
    pub(crate) fn boolean(&mut self, key: &str, default: bool) -> Result<bool> {
        match self.take(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(other) => Err(self.invalid(key, "true or false", &other)),
        }
    }

    /// A whole number in `range` (a JSON integer, or a float with no fraction as JavaScript
    /// numbers arrive).
    pub(crate) fn whole(
        &mut self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>> {
        let Some(value) = self.take(key) else {
            return Ok(None);
        };
        let n = whole_number(&value).filter(|n| range.contains(n));
        match n {
            Some(n) => Ok(Some(n)),
            None => Err(self.invalid(
                key,
                &format!("a whole number from {} to {}", range.start(), range.end()),
                &value,
            )),
        }
    }

    /// A date option: "YYYY-MM-DD" through [`crate::dates::parse_date`]; null or a blank
    /// string is no date ([`date_option`]).
    pub(crate) fn date(&mut self, key: &str) -> Result<Option<NaiveDate>> {
        match self.take(key) {
            None => Ok(None),
            Some(value) => date_option(&value, &self.name(key)),
        }
    }

    /// A UKPRN option: an int or a string, through [`Ukprn::parse`].
    pub(crate) fn ukprn(&mut self, key: &str) -> Result<Option<Ukprn>> {
        match self.take(key) {
            None => Ok(None),
            Some(value) => ukprn_value(&value, &self.name(key)).map(Some),
        }
    }

    /// A list of UKPRNs (ints or strings); each refusal names its place (`ukprns[2]`).
    pub(crate) fn ukprns(&mut self, key: &str) -> Result<Vec<Ukprn>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                let name = self.name(key);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| ukprn_value(v, &format!("{name}[{i}]")))
                    .collect()
            }
            Some(other) => Err(self.invalid(key, "a list of UKPRNs (ints or strings)", &other)),
        }
    }

    /// The existing usernames: a list of strings or one string of lines, trimmed
    /// ([`existing_usernames_from_value`]).
    pub(crate) fn usernames(&mut self, key: &str) -> Result<Vec<String>> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(value) => existing_usernames_from_value(&value, &self.name(key)),
        }
    }

    /// A 64-bit seed: a whole number up to 2^53, or a decimal string for any `u64`.
    pub(crate) fn seed(&mut self, key: &str) -> Result<Option<u64>> {
        let Some(value) = self.take(key) else {
            return Ok(None);
        };
        let n = match &value {
            Value::String(s) => s.trim().parse::<u64>().ok(),
            other => whole_number(other).and_then(|n| u64::try_from(n).ok()),
        };
        match n {
            Some(n) => Ok(Some(n)),
            None => Err(self.invalid(
                key,
                "a whole number from 0 (up to 2^53 as a number; any 64-bit value as a decimal string)",
                &value,
            )),
        }
    }
}

/// A JSON value as a whole number: an integer, or a float with no fraction within 2^53.
fn whole_number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT_NUMBER)
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

/// A UKPRN from an int or a string; refusals name `option` and keep the identifier's message.
pub(crate) fn ukprn_value(value: &Value, option: &str) -> Result<Ukprn> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(_) => match whole_number(value) {
            Some(n) => n.to_string(),
            None => value.to_string(),
        },
        other => {
            return Err(Error::OptionInvalid {
                option: option.to_string(),
                message: format!(
                    "takes a UKPRN (8 digits starting with 1, as an int or a string), not {} {}",
                    type_name(other),
                    shown(other)
                ),
            });
        }
    };
    if text.chars().count() > SHOWN_VALUE_CHARS {
        return Err(Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "takes a UKPRN (8 digits starting with 1), not a string of {} characters",
                text.chars().count()
            ),
        });
    }
    Ukprn::parse(&text).map_err(|r| Error::OptionInvalid {
        option: option.to_string(),
        message: r.message,
    })
}

/// The outputs a run may write, as the caller names them (paths, or whatever the host uses to
/// name a sink); the core writes to the sinks the host opens for them ([`super::Sinks`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outputs {
    /// `errors_csv`: the rejected rows with their errors (the portal's "Download Errors").
    pub errors_csv: Option<String>,
    /// `errors_xlsx`: the same rows as a workbook with every column formatted as Text (leading
    /// zeros survive a correction in Excel), the header frozen, the messages in `Errors`.
    pub errors_xlsx: Option<String>,
    /// `accepted_csv`: the export of accepted rows.
    pub accepted_csv: Option<String>,
    /// `credentials_csv` (learner imports only): the usernames and passwords issued.
    pub credentials_csv: Option<String>,
}

impl Outputs {
    /// The outputs given, as (option name in `style`, name given).
    pub fn named(&self, style: KeyStyle) -> Vec<(String, &str)> {
        [
            ("errors_csv", &self.errors_csv),
            ("errors_xlsx", &self.errors_xlsx),
            ("accepted_csv", &self.accepted_csv),
            ("credentials_csv", &self.credentials_csv),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (style.key(k), v)))
        .collect()
    }

    /// Two outputs given the same name are refused ([`Error::OutputsShareFile`]) before anything
    /// is read: they would share one file. (The host also compares the files themselves,
    /// however their paths are spelled.)
    fn check(&self, style: KeyStyle) -> Result<()> {
        let named = self.named(style);
        for (i, (second, path)) in named.iter().enumerate() {
            if let Some((first, _)) = named[..i].iter().find(|(_, p)| p == path) {
                return Err(Error::OutputsShareFile {
                    first: first.clone(),
                    second: second.clone(),
                    path: path.chars().take(SHOWN_VALUE_CHARS).collect(),
                });
            }
        }
        Ok(())
    }
}

/// Options every upload takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadCommon {
    /// `sheet`: for a workbook, the sheet to read (default: the template's choice, else the
    /// first sheet).
    pub sheet: Option<String>,
    /// `max_findings`: keep at most this many findings in the report; the counts stay exact and
    /// the report says it was truncated (default: keep all).
    pub max_findings: Option<usize>,
    /// `file_name`: carried into the summary (default: the name the host gives the input,
    /// [`super::RunContext::input_name`]).
    pub file_name: Option<String>,
    /// `processed_at`: carried into the summary (default: the host's clock,
    /// [`super::RunContext::now`]).
    pub processed_at: Option<String>,
    /// `keep_accepted`: hand accepted rows to the caller's [`super::RowSink`] (default true).
    /// False keeps a big upload's accepted rows out of memory: the report, the errors file,
    /// the export and the credentials are produced all the same.
    pub keep_accepted: bool,
    /// The output files asked for.
    pub outputs: Outputs,
}

/// `keep_accepted` when not given: accepted rows are handed to the row sink.
pub const DEFAULT_KEEP_ACCEPTED: bool = true;

impl Default for UploadCommon {
    fn default() -> Self {
        UploadCommon {
            sheet: None,
            max_findings: None,
            file_name: None,
            processed_at: None,
            keep_accepted: DEFAULT_KEEP_ACCEPTED,
            outputs: Outputs::default(),
        }
    }
}

impl UploadCommon {
    fn read(r: &mut OptionReader) -> Result<Self> {
        let max_findings = r
            .whole("max_findings", 0..=i64::from(u32::MAX))?
            .map(|n| n as usize);
        Ok(UploadCommon {
            sheet: r.name_string("sheet", "a sheet name")?,
            max_findings,
            file_name: r.string("file_name")?,
            processed_at: r.string("processed_at")?,
            keep_accepted: r.boolean("keep_accepted", DEFAULT_KEEP_ACCEPTED)?,
            outputs: Outputs {
                errors_csv: r.name_string("errors_csv", "a file name")?,
                errors_xlsx: r.name_string("errors_xlsx", "a file name")?,
                accepted_csv: r.name_string("accepted_csv", "a file name")?,
                credentials_csv: None,
            },
        })
    }
}

/// A destinations upload (the WMCA portal's template), as plain data.
///
/// ```
/// use learner_destinations::workflow::{DestinationsJob, KeyStyle};
/// use serde_json::json;
/// let job = DestinationsJob::from_value(json!({"ukprn": 10012345, "as_of": "2025-09-01"}), KeyStyle::Snake).unwrap();
/// assert_eq!(job.ukprn.unwrap().to_string(), "10012345");
/// // A typo never turns a check off.
/// let e = DestinationsJob::from_value(json!({"ukrpn": 10012345}), KeyStyle::Camel).unwrap_err();
/// assert_eq!(e.code(), "option_unknown");
/// assert!(e.to_string().contains("ukprn, asOf, sheet, maxFindings"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DestinationsJob {
    /// `ukprn`: the uploading provider; rows with another UKPRN are rejected (default: any).
    pub ukprn: Option<Ukprn>,
    /// `as_of`: codes must be valid on this date (default: today, [`super::RunContext::today`]).
    pub as_of: Option<NaiveDate>,
    /// The options every upload takes.
    pub common: UploadCommon,
}

impl DestinationsJob {
    /// Every key a destinations job takes, snake_case: its own, then [`COMMON_KEYS`].
    pub const KEYS: &'static [&'static str] = &[
        "ukprn",
        "as_of",
        "sheet",
        "max_findings",
        "file_name",
        "processed_at",
        "keep_accepted",
        "errors_csv",
        "errors_xlsx",
        "accepted_csv",
    ];

    /// Reads the job from plain data: an object of options (null: every default). Errors:
    /// [`Error::OptionUnknown`] for a key not in [`DestinationsJob::KEYS`] (in `style`),
    /// [`Error::OptionInvalid`] for a value of the wrong type or out of range,
    /// [`Error::OutputsShareFile`] for two outputs with one name.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let job = DestinationsJob {
            ukprn: r.ukprn("ukprn")?,
            as_of: r.date("as_of")?,
            common: UploadCommon::read(&mut r)?,
        };
        job.common.outputs.check(style)?;
        Ok(job)
    }
}

/// A learner import (the UCAS Progress learner template), as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnersJob {
    /// `ukprns`: the providers the uploader manages (default: any provider).
    pub ukprns: Vec<Ukprn>,
    /// `as_of`: dates of birth may not be after it, ages are counted on it, and credentials are
    /// created on it (default: today).
    pub as_of: Option<NaiveDate>,
    /// `min_age`: younger learners are warned about (default [`DEFAULT_MIN_AGE`], 11).
    pub min_age: i32,
    /// `max_age`: older learners are warned about (default [`DEFAULT_MAX_AGE`], 25).
    pub max_age: i32,
    /// `credentials`: issue each accepted learner a username and a password, as the portal does
    /// on import (UCAS Progress learner manager manual 7.5; default false; true when
    /// `credentials_csv` is given).
    pub credentials: bool,
    /// `existing_usernames`: usernames already taken, which generated ones avoid (ignoring
    /// case); trimmed, a byte-order mark and blank lines dropped. Only with credentials.
    pub existing_usernames: Vec<String>,
    /// `seed`: passwords from a seeded generator ([`crate::learners::SeededRandom`]) instead of
    /// the host's secure one, so that a run's credentials are the same every time. **For tests
    /// and examples only**: seeded passwords can be guessed by anyone who knows the seed.
    pub seed: Option<u64>,
    /// The options every upload takes (and `credentials_csv`).
    pub common: UploadCommon,
}

impl Default for LearnersJob {
    fn default() -> Self {
        LearnersJob {
            ukprns: Vec::new(),
            as_of: None,
            min_age: DEFAULT_MIN_AGE,
            max_age: DEFAULT_MAX_AGE,
            credentials: false,
            existing_usernames: Vec::new(),
            seed: None,
            common: UploadCommon::default(),
        }
    }
}

impl LearnersJob {
    /// Every key a learner job takes, snake_case: its own, then [`COMMON_KEYS`].
    pub const KEYS: &'static [&'static str] = &[
        "ukprns",
        "as_of",
        "min_age",
        "max_age",
        "credentials",
        "existing_usernames",
        "seed",
        "credentials_csv",
        "sheet",
        "max_findings",
        "file_name",
        "processed_at",
        "keep_accepted",
        "errors_csv",
        "errors_xlsx",
        "accepted_csv",
    ];

    /// Reads the job from plain data, as [`DestinationsJob::from_value`] does. Also
    /// [`Error::OptionsConflict`] for `min_age` above `max_age`; `existing_usernames` or `seed`
    /// without credentials (they are for issuing credentials: without, they would be
    /// ignored); `credentials: false` with `credentials_csv`.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let credentials_given = r.has("credentials");
        let ukprns = r.ukprns("ukprns")?;
        let as_of = r.date("as_of")?;
        let min_age = r.whole("min_age", AGE_OPTION_RANGE)?;
        let max_age = r.whole("max_age", AGE_OPTION_RANGE)?;
        let credentials = r.boolean("credentials", false)?;
        let usernames_given = r.has("existing_usernames");
        let existing_usernames = r.usernames("existing_usernames")?;
        let seed = r.seed("seed")?;
        let credentials_csv = r.name_string("credentials_csv", "a file name")?;
        let mut common = UploadCommon::read(&mut r)?;
        let min_age = min_age.map_or(DEFAULT_MIN_AGE, |n| n as i32);
        let max_age = max_age.map_or(DEFAULT_MAX_AGE, |n| n as i32);
        let conflict = |keys: &[&str], message: String| Error::OptionsConflict {
            options: keys.iter().map(|k| style.key(k)).collect(),
            message,
        };
        if min_age > max_age {
            return Err(conflict(
                &["min_age", "max_age"],
                format!(
                    "{} ({min_age}) is above {} ({max_age}); give the youngest age first",
                    style.key("min_age"),
                    style.key("max_age")
                ),
            ));
        }
        if credentials_csv.is_some() && credentials_given && !credentials {
            return Err(conflict(
                &["credentials", "credentials_csv"],
                format!(
                    "{} writes the credentials issued, but {} is false; leave {} out or set it to true",
                    style.key("credentials_csv"),
                    style.key("credentials"),
                    style.key("credentials")
                ),
            ));
        }
        let credentials = credentials || credentials_csv.is_some();
        if !credentials {
            let unused = [
                (
                    "existing_usernames",
                    usernames_given && !existing_usernames.is_empty(),
                ),
                ("seed", seed.is_some()),
            ];
            if let Some((key, _)) = unused.iter().find(|(_, given)| *given) {
                return Err(conflict(
                    &[key, "credentials"],
                    format!(
                        "{} is for issuing credentials, which were not asked for; give {}: true too, or leave {} out",
                        style.key(key),
                        style.key("credentials"),
                        style.key(key)
                    ),
                ));
            }
        }
        common.outputs.credentials_csv = credentials_csv;
        common.outputs.check(style)?;
        Ok(LearnersJob {
            ukprns,
            as_of,
            min_age,
            max_age,
            credentials,
            existing_usernames,
            seed,
            common,
        })
    }

    /// The ages not warned about: `min_age` to `max_age`.
    pub fn ages(&self) -> std::ops::RangeInclusive<i32> {
        self.min_age..=self.max_age
    }
}

/// A learner qualifications upload (the UCAS Progress bulk qualification upload), as plain data.
/// The reference lists and the exported file are resources the host reads and hands to the run
/// ([`super::QualificationResources`]), which decides which lists win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QualificationsJob {
    /// `export_sheet`: the sheet of the exported workbook to read its learners from (default:
    /// "Learner Qualifications", any case). Only with an exported file.
    pub export_sheet: Option<String>,
    /// The options every upload takes.
    pub common: UploadCommon,
}

impl QualificationsJob {
    /// Every key a qualifications job takes, snake_case: its own, then [`COMMON_KEYS`].
    pub const KEYS: &'static [&'static str] = &[
        "export_sheet",
        "sheet",
        "max_findings",
        "file_name",
        "processed_at",
        "keep_accepted",
        "errors_csv",
        "errors_xlsx",
        "accepted_csv",
    ];

    /// Reads the job from plain data, as [`DestinationsJob::from_value`] does.
    pub fn from_value(value: Value, style: KeyStyle) -> Result<Self> {
        let mut r = OptionReader::new(value, style, Self::KEYS)?;
        let job = QualificationsJob {
            export_sheet: r.name_string("export_sheet", "a sheet name")?,
            common: UploadCommon::read(&mut r)?,
        };
        job.common.outputs.check(style)?;
        Ok(job)
    }
}

/// Builds the effective options as a JSON object with keys in `style`.
struct View {
    map: Map<String, Value>,
    style: KeyStyle,
}

impl View {
    fn new(style: KeyStyle) -> Self {
        View {
            map: Map::new(),
            style,
        }
    }

    fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.map.insert(self.style.key(key), value.into());
        self
    }

    fn date(&mut self, key: &str, date: Option<NaiveDate>) -> &mut Self {
        self.set(key, date.map(|d| d.to_string()))
    }

    fn common(&mut self, common: &UploadCommon) -> Value {
        self.set("sheet", common.sheet.clone())
            .set("max_findings", common.max_findings.map(|n| n as u64))
            .set("file_name", common.file_name.clone())
            .set("processed_at", common.processed_at.clone())
            .set("keep_accepted", common.keep_accepted)
            .set("errors_csv", common.outputs.errors_csv.clone())
            .set("errors_xlsx", common.outputs.errors_xlsx.clone())
            .set("accepted_csv", common.outputs.accepted_csv.clone());
        Value::Object(std::mem::take(&mut self.map))
    }
}

impl DestinationsJob {
    /// The effective options, every default filled in, as a JSON object with every key of
    /// [`DestinationsJob::KEYS`] in `style` (null where an option is unset): what the run will
    /// use; [`DestinationsJob::from_value`] reads it back to the same job.
    pub fn to_value(&self, style: KeyStyle) -> Value {
        let mut v = View::new(style);
        v.set("ukprn", self.ukprn.map(|u| u.to_string()))
            .date("as_of", self.as_of);
        v.common(&self.common)
    }
}

impl LearnersJob {
    /// The effective options, as [`DestinationsJob::to_value`]; the seed as a decimal string
    /// (exact in every host).
    pub fn to_value(&self, style: KeyStyle) -> Value {
        let mut v = View::new(style);
        v.set(
            "ukprns",
            self.ukprns
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>(),
        )
        .date("as_of", self.as_of)
        .set("min_age", self.min_age)
        .set("max_age", self.max_age)
        .set("credentials", self.credentials)
        .set("existing_usernames", self.existing_usernames.clone())
        .set("seed", self.seed.map(|s| s.to_string()))
        .set(
            "credentials_csv",
            self.common.outputs.credentials_csv.clone(),
        );
        v.common(&self.common)
    }
}

impl QualificationsJob {
    /// The effective options, as [`DestinationsJob::to_value`].
    pub fn to_value(&self, style: KeyStyle) -> Value {
        let mut v = View::new(style);
        v.set("export_sheet", self.export_sheet.clone());
        v.common(&self.common)
    }
}
