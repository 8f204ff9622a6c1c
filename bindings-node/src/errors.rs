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
use serde_json::{Map, Value};

/// A failure crossing to JavaScript: the code for `error.code`, the message and the error's
/// fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingError {
    /// Stable machine-readable code (a finding code or a core error code).
    pub code: &'static str,
    /// The core's message, echoing the value or naming the file.
    pub message: String,
    /// What the error says in fields besides its message, as properties of the thrown
    /// `DestinationsError` (camelCase): `option`, `accepted` and `options` for option errors,
    /// `path` and `what` for files, `line` and `column` for JSON, `value` for a refused value,
    /// `at` for the element of an array argument... (see [`fields_of`]).
    pub fields: Map<String, Value>,
}

/// The fields of a core error, as `DestinationsError` properties. Values a caller gave are cut
/// to [`learner_destinations::limits::ECHO_LIMIT`] characters.
pub fn fields_of(e: &CoreError) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    let text = |s: &str| Value::String(learner_destinations::limits::excerpt(s));
    let list = |l: &[String]| Value::Array(l.iter().map(|s| text(s)).collect());
    match e {
        CoreError::InvalidArgument(r) => put("value", text(&r.value)),
        CoreError::Scheme { source_name, .. } => put("source", text(source_name)),
        CoreError::SheetNotFound { sheet, found } => {
            put("sheet", text(sheet));
            put("sheets", list(found));
        }
        CoreError::Json {
            what, line, column, ..
        } => {
            put("what", text(what));
            put("line", Value::from(*line));
            put("column", Value::from(*column));
        }
        CoreError::MissingColumns { missing, found, .. } => {
            put("missing", list(missing));
            put("found", list(found));
        }
        CoreError::DuplicateColumn {
            name,
            first,
            second,
        } => {
            put("column", text(name));
            put("positions", Value::from(vec![*first, *second]));
        }
        CoreError::TooManyColumns { found, max } => {
            put("found", Value::from(*found));
            put("max", Value::from(*max));
        }
        CoreError::TooManyGroups { column, group, max } => {
            put("column", text(column));
            put("group", Value::from(*group));
            put("max", Value::from(*max));
        }
        CoreError::NoData { what, .. } => put("what", text(what)),
        CoreError::OptionUnknown { option, accepted } => {
            put("option", text(option));
            put("accepted", list(accepted));
        }
        CoreError::OptionInvalid { option, .. } => put("option", text(option)),
        CoreError::OptionsConflict { options, .. } => put("options", list(options)),
        CoreError::OutputIsInput { option, path }
        | CoreError::OutputUnwritable { option, path, .. } => {
            put("option", text(option));
            put("path", text(path));
        }
        CoreError::OutputsShareFile {
            first,
            second,
            path,
        } => {
            put("options", list(&[first.clone(), second.clone()]));
            put("path", text(path));
        }
        CoreError::InputUnreadable { what, path, .. } => {
            put("what", text(what));
            put("path", text(path));
        }
        CoreError::InputTooLarge { what, limit } => {
            put("what", text(what));
            put("limit", Value::from(*limit));
        }
        CoreError::InputTooDeep { what, .. } => put("what", text(what)),
        CoreError::IlrInvalid { line, column, .. } => {
            put("line", Value::from(*line));
            put("column", Value::from(*column));
        }
        CoreError::IlrEntityRefused {
            line,
            column,
            entity,
        } => {
            put("line", Value::from(*line));
            put("column", Value::from(*column));
            put("entity", text(entity));
        }
        CoreError::IlrNamespace { namespace, .. } => put("namespace", text(namespace)),
        CoreError::WorkbookTooLarge { limit, max, .. } => {
            put("limit", Value::from(*limit));
            put("max", Value::from(*max));
        }
        _ => {}
    }
    m
}

/// An error as thrown: its code, its message and its fields.
type Thrown = (&'static str, String, Map<String, Value>);

thread_local! {
    /// The last error handed to napi to throw on this thread (code, message, fields): the
    /// package's entry points (`src/js/errors.js`) take its fields when they catch it, since
    /// napi throws a plain `Error` with only `code` and `message` from a function that has no
    /// `Env`.
    static THROWN: std::cell::RefCell<Option<Thrown>> =
        const { std::cell::RefCell::new(None) };
}

/// The fields of the error last thrown on this thread, when it had `code` and `message` (and
/// forgets them); `null` otherwise. Called by the entry points' wrapper only.
#[napi(js_name = "__thrownFields", skip_typescript)]
pub fn thrown_fields(code: String, message: String) -> Option<Value> {
    THROWN.with(|t| {
        let taken = t.borrow_mut().take()?;
        (taken.0 == code && taken.1 == message).then_some(Value::Object(taken.2))
    })
}

/// `message` as thrown: at most about [`learner_destinations::limits::MESSAGE_LIMIT`]
/// characters, as the core cuts it.
pub fn capped(message: String) -> String {
    learner_destinations::limits::capped_message(message)
}

/// [`capped`], for the entry points' wrapper (the message of an error that escaped from
/// JavaScript, thrown again as `host_failure`). Called by the wrapper only.
#[napi(js_name = "__cappedMessage", skip_typescript)]
pub fn capped_message(message: String) -> String {
    capped(message)
}

fn remember(e: &BindingError) {
    THROWN.with(|t| {
        *t.borrow_mut() =
            (!e.fields.is_empty()).then(|| (e.code, e.message.clone(), e.fields.clone()));
    });
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
            fields: Map::new(),
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
        let place = place.to_string();
        let at = match self.fields.get("at").and_then(Value::as_str) {
            Some(inner) if inner.starts_with('[') => format!("{place}{inner}"),
            Some(inner) => format!("{place}.{inner}"),
            None => place.clone(),
        };
        self.fields.insert("at".to_string(), Value::String(at));
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
                fields: Map::new(),
            }
        } else {
            core.into()
        }
    }

    /// This error as a JavaScript `Error` value, for rejecting a promise from
    /// [`napi::Task::resolve`] (which runs on the JavaScript thread), with its fields set as
    /// properties (the entry points' wrapper makes it a `DestinationsError`).
    ///
    /// The returned [`NapiError`] holds a reference to the `Error` object built here, and napi
    /// rejects with that very object, so `code` and the fields survive the trip.
    pub fn into_rejection(self, env: Env) -> NapiError {
        let BindingError {
            code,
            message,
            fields,
        } = self;
        let js = JsError::from(NapiError::new(code, capped(message))).into_unknown(env);
        // Setting a property on a fresh Error cannot fail short of napi failing; the error
        // then keeps its code and message.
        let _ = set_fields(&env, js, fields);
        NapiError::from(js)
    }
}

/// Sets an error's fields on the JavaScript `Error` `js`.
fn set_fields(env: &Env, js: Unknown<'_>, fields: Map<String, Value>) -> napi::Result<()> {
    let mut object = Object::from_unknown(js)?;
    for (key, value) in fields {
        object.set(key, env.to_js_value(&value)?)?;
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
        let mut fields = Map::new();
        fields.insert(
            "value".to_string(),
            Value::String(learner_destinations::limits::excerpt(&r.value)),
        );
        BindingError {
            code: r.code(),
            message: r.message,
            fields,
        }
    }
}

impl From<CoreError> for BindingError {
    fn from(e: CoreError) -> Self {
        BindingError {
            code: e.code(),
            fields: fields_of(&e),
            message: e.to_string(),
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
        let e = BindingError {
            message: capped(e.message),
            ..e
        };
        remember(&e);
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
