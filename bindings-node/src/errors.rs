//! Every conversion from the core's refusals and errors to JavaScript errors.
//!
//! A [`BindingError`] is a stable code and a message. Thrown from a synchronous function it
//! becomes an `Error` whose `code` property is that string and whose `message` is the core's
//! message; from an asynchronous one, the rejection of the returned promise, with the same
//! shape. The codes are the core's:
//!
//! - a refused value ([`Refusal`]): its finding code, e.g. `uln_checksum`, `date_format`,
//!   `destination_code_unknown`, `scheme_unknown`;
//! - work that could not be done ([`CoreError`]): [`CoreError::code`], e.g. `io`,
//!   `scheme_invalid`, `json_invalid`.
//!
//! Findings in data are never thrown: they are returned as plain objects
//! ([`crate::findings::BindingFinding`]).
//!
//! - an argument of the right JavaScript type that no core function could take (a
//!   contact-preference code of 300, a source object naming both a path and a text): the
//!   core's `option_invalid` ([`BindingError::invalid_arg`]);
//! - a failure of napi itself while building a JavaScript value: the core's `host_failure`.
//!
//! Every code thrown from here is in the core's catalogue ([`list_error_codes`], `destinations
//! errors --json`): the binding invents none. Arguments of the wrong JavaScript type are still
//! refused by napi itself before any of this code runs, with napi's codes (`StringExpected`,
//! `NumberExpected`, `InvalidArg`).

use learner_destinations::catalogue::error_kinds;
use learner_destinations::{Error as CoreError, ErrorKind, Refusal};
use napi::bindgen_prelude::{FromNapiValue, JsError, Object, Unknown};
use napi::{Env, Error as NapiError};
use napi_derive::napi;

/// A failure crossing to JavaScript: the code for `error.code` and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingError {
    /// Stable machine-readable code (a finding code or a core error code).
    pub code: &'static str,
    /// The core's message, echoing the value or naming the file.
    pub message: String,
    /// The options a core option error names, for `error.option`, `error.accepted` and
    /// `error.options` (set where the error is built with the `Env`: see
    /// [`BindingError::into_rejection`]).
    pub options: Option<OptionFields>,
}

/// What a core option error says in fields, besides its message: the option refused
/// (`option_unknown`, `option_invalid`), the options accepted (`option_unknown`), the options
/// involved (`options_conflict`, `outputs_share_file`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionFields {
    /// `error.option`.
    pub option: Option<String>,
    /// `error.accepted`.
    pub accepted: Option<Vec<String>>,
    /// `error.options`.
    pub options: Option<Vec<String>>,
}

impl OptionFields {
    fn of(e: &CoreError) -> Option<Self> {
        match e {
            CoreError::OptionUnknown { option, accepted } => Some(OptionFields {
                option: Some(option.clone()),
                accepted: Some(accepted.clone()),
                options: None,
            }),
            CoreError::OptionInvalid { option, .. } => Some(OptionFields {
                option: Some(option.clone()),
                ..OptionFields::default()
            }),
            CoreError::OptionsConflict { options, .. } => Some(OptionFields {
                options: Some(options.clone()),
                ..OptionFields::default()
            }),
            CoreError::OutputsShareFile { first, second, .. } => Some(OptionFields {
                options: Some(vec![first.clone(), second.clone()]),
                ..OptionFields::default()
            }),
            _ => None,
        }
    }
}

/// `Result` with [`BindingError`]; `#[napi]` functions returning it throw on `Err`.
pub type Result<T, E = BindingError> = std::result::Result<T, E>;

impl BindingError {
    /// A file that could not be read: the core's `io` error, with the path in the message.
    pub fn io(path: &str, e: &std::io::Error) -> Self {
        CoreError::Io(std::io::Error::new(e.kind(), format!("{path}: {e}"))).into()
    }

    /// An argument no core function could take: the core's `option_invalid` code.
    pub fn invalid_arg(message: impl Into<String>) -> Self {
        let code = CoreError::OptionInvalid {
            option: String::new(),
            message: String::new(),
        }
        .code();
        BindingError {
            code,
            message: message.into(),
            options: None,
        }
    }

    /// A failure of the binding itself with no closer code: the core's `host_failure`.
    pub fn host(message: impl Into<String>) -> Self {
        CoreError::Host {
            message: message.into(),
        }
        .into()
    }

    /// The same error with `place` (e.g. `enrolments[2].uln`) in front of its message, so a
    /// refusal inside an array of inputs says which element it is about.
    #[must_use]
    pub fn at(mut self, place: impl std::fmt::Display) -> Self {
        self.message = format!("{place}: {}", self.message);
        self
    }

    /// The same error with `hint` after its message (nothing when `hint` is empty).
    #[must_use]
    pub fn at_end(mut self, hint: &str) -> Self {
        self.message.push_str(hint);
        self
    }

    /// A JSON document (or a JavaScript value read as one) the core could not take: the
    /// core's `json_invalid` error, naming `what`. A refusal of a single value carries no line
    /// and column (serde reports 0, 0): the message is then the refusal alone, and the caller
    /// names the value with [`BindingError::at`].
    pub fn json(what: &str, e: &serde_json::Error) -> Self {
        let core = CoreError::json(what, e);
        if e.line() == 0 {
            BindingError {
                code: core.code(),
                message: e.to_string(),
                options: None,
            }
        } else {
            core.into()
        }
    }

    /// This error as a JavaScript `Error` value, for rejecting a promise from
    /// [`napi::Task::resolve`] (which runs on the JavaScript thread).
    ///
    /// The returned [`NapiError`] holds a reference to the `Error` object built here, and napi
    /// rejects with that very object, so `code` survives the trip.
    ///
    /// An option error also gets its fields (`option`, `accepted`, `options`) as properties.
    pub fn into_rejection(self, env: Env) -> NapiError {
        let fields = self.options.clone();
        let js = JsError::from(self).into_unknown(env);
        if let Some(fields) = fields {
            // Setting a property on a fresh Error cannot fail short of napi failing; the error
            // then keeps its code and message.
            let _ = set_fields(js, fields);
        }
        NapiError::from(js)
    }
}

/// Sets an option error's fields on the JavaScript `Error` `js`.
fn set_fields(js: Unknown<'_>, fields: OptionFields) -> napi::Result<()> {
    let mut object = Object::from_unknown(js)?;
    if let Some(option) = fields.option {
        object.set("option", option)?;
    }
    if let Some(accepted) = fields.accepted {
        object.set("accepted", accepted)?;
    }
    if let Some(options) = fields.options {
        object.set("options", options)?;
    }
    Ok(())
}

impl std::fmt::Display for BindingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for BindingError {}

impl From<Refusal> for BindingError {
    fn from(r: Refusal) -> Self {
        BindingError {
            code: r.code(),
            message: r.message,
            options: None,
        }
    }
}

impl From<CoreError> for BindingError {
    fn from(e: CoreError) -> Self {
        BindingError {
            code: e.code(),
            message: e.to_string(),
            options: OptionFields::of(&e),
        }
    }
}

/// A failure of napi itself while building a JavaScript value (out of memory, a pending
/// exception): the core's `host_failure`, with napi's reason.
impl From<NapiError> for BindingError {
    fn from(e: NapiError) -> Self {
        BindingError::host(e.reason.clone())
    }
}

impl From<BindingError> for NapiError<&'static str> {
    fn from(e: BindingError) -> Self {
        NapiError::new(e.code, e.message)
    }
}

impl From<BindingError> for JsError<&'static str> {
    fn from(e: BindingError) -> Self {
        JsError::from(NapiError::from(e))
    }
}

/// A JavaScript number that must be a whole number from 0 to 2^32 - 1 (a count of days,
/// months, reminders, findings). napi's own `u32` conversion would wrap negatives and drop
/// fractions silently; this refuses them with `option_invalid`, naming `what`.
pub(crate) fn whole_u32(what: &str, n: f64) -> Result<u32> {
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(BindingError::invalid_arg(format!(
            "{what} must be a whole number from 0 up, not {n}"
        )))
    }
}

/// One kind of error: the stable code a thrown error's `code` can hold, what the error is about
/// and what to do.
#[napi(object, js_name = "ErrorKind")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingErrorKind {
    /// Stable `snake_case` code, e.g. `'missing_columns'`.
    #[napi(ts_type = "ErrorCode")]
    pub code: String,
    /// What the error is about.
    #[napi(ts_type = "ErrorCategory")]
    pub category: String,
    /// What went wrong and what to do, in one sentence.
    pub summary: String,
}

impl From<ErrorKind> for BindingErrorKind {
    fn from(k: ErrorKind) -> Self {
        BindingErrorKind {
            code: k.code.to_string(),
            category: k.category.as_str().to_string(),
            summary: k.summary.to_string(),
        }
    }
}

/// Every code a thrown error can carry, with its category and what to do: the core's error
/// variants, then (category `'argument'`) the finding codes a refused value carries. The same
/// list as `destinations errors --json`. Codes are stable across releases. Never throws.
#[napi]
pub fn list_error_codes() -> Vec<BindingErrorKind> {
    error_kinds().map(BindingErrorKind::from).collect()
}
