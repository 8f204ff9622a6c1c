//! One conversion from JavaScript values to plain data (`serde_json::Value`), for the options
//! objects the core reads with its own `from_value` (`learner_destinations::workflow`).
//!
//! The binding decides nothing about options: it hands the object over as it was given, keys
//! in the caller's camelCase, and the core refuses an unknown key (`{ ukrpn: ... }` is
//! `option_unknown`, never ignored), a wrong type or an impossible combination, naming the
//! option. What the conversion itself refuses is only what plain data cannot hold:
//!
//! - a value that is not plain data: a function, a symbol, a `BigInt`, `NaN` or an infinite
//!   number, a class instance, a `Date`, a `Map` or a `Buffer` where plain data is expected
//!   (`option_invalid`, naming the option by its path, e.g. `ages.minAge` or `ukprns[2]`);
//! - an object that contains itself, or nesting deeper than [`MAX_DEPTH`] (`input_too_deep`);
//! - more than [`MAX_VALUES`] values in all (an object shared many times over counts once per
//!   place it appears: the limit bounds the work, not only the memory) (`option_invalid`).
//!
//! Keys whose value is `undefined` are left out, as `JSON.stringify` leaves them out, so
//! `{ asOf: undefined }` means what `{}` means. Only own enumerable string keys are read.
//!
//! Options whose values are not plain data (a `Schemes`, a `LearnerLists`, an upload source
//! given as bytes) are set aside by name ([`Options::take`]) for the caller to convert.
//!
//! Messages never echo more than [`ECHO_LIMIT`] characters of what was given ([`excerpt`]).

use crate::errors::{BindingError, Result};
use learner_destinations::Error as CoreError;
use napi::bindgen_prelude::{
    ClassInstance, FromNapiValue, JavaScriptClassExt, JsObjectValue, MaybeTypeTag, Object,
    Uint8Array, Unknown,
};
use napi::{Env, JsValue, ValueType};
use serde_json::{Map, Number, Value};

/// The deepest nesting read: the core's limit for every host
/// ([`learner_destinations::limits::MAX_DEPTH`]); a value nested deeper is a mistake, or an
/// object that contains itself through a longer path.
pub const MAX_DEPTH: usize = learner_destinations::limits::MAX_DEPTH;

/// The most values read from one options object (every string, number, array and object
/// counts one). Ten million allows a list of millions of existing usernames and bounds the
/// work an object shared many times over (`{a: o, b: o}` nested 40 deep) could cause.
pub const MAX_VALUES: usize = 10_000_000;

pub use learner_destinations::limits::{ECHO_LIMIT, excerpt};

/// An options object read as plain data, with the options set aside by name.
pub struct Options<'env> {
    /// The plain options, keys as given: always a JSON object.
    pub plain: Value,
    aside: Vec<(&'static str, Unknown<'env>)>,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let aside: Vec<&str> = self.aside.iter().map(|(k, _)| *k).collect();
        f.debug_struct("Options")
            .field("plain", &self.plain)
            .field("aside", &aside)
            .finish()
    }
}

impl<'env> Options<'env> {
    /// The value of the set-aside option `key`, when it was given (not `undefined`).
    pub fn take(&mut self, key: &str) -> Option<Unknown<'env>> {
        let at = self.aside.iter().position(|(k, _)| *k == key)?;
        Some(self.aside.swap_remove(at).1)
    }
}

/// An options argument as plain data: `undefined` or `null` is `{}`; an object is read key by
/// key, the keys in `aside` kept as they are (see [`Options::take`]); anything else is refused
/// (`option_invalid`, naming `what`).
pub fn options<'env>(
    env: &'env Env,
    given: Option<Unknown<'env>>,
    what: &str,
    aside: &[&'static str],
) -> Result<Options<'env>> {
    let mut out = Options {
        plain: Value::Object(Map::new()),
        aside: Vec::new(),
    };
    let Some(given) = given else {
        return Ok(out);
    };
    match given.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(out),
        ValueType::Object => {}
        other => {
            return Err(invalid(
                what,
                format!("takes an object of options, not {}", type_name(other)),
            ));
        }
    }
    let mut walk = Walk::new(env)?;
    if !walk.is_plain_object(&given)? {
        return Err(invalid(
            what,
            "takes a plain object of options ({ asOf: '2025-09-01', ... }), not an array or an instance of a class",
        ));
    }
    walk.stack.push(given);
    let object = Object::from_unknown(given)?;
    let mut map = Map::new();
    for key in own_keys(&object)? {
        let value: Unknown<'env> = object.get_named_property_unchecked(&key)?;
        if value.get_type()? == ValueType::Undefined {
            continue;
        }
        if let Some(name) = aside.iter().find(|a| **a == key) {
            out.aside.push((name, value));
            continue;
        }
        // An output given a stream rather than a path (see `crate::sink`).
        if let Some(name) = crate::sink::OUTPUT_KEYS.iter().find(|a| **a == key) {
            if value.get_type()? == ValueType::Object {
                out.aside.push((name, value));
                continue;
            }
        }
        let converted = walk.value(value, &key)?;
        map.insert(key, converted);
    }
    out.plain = Value::Object(map);
    Ok(out)
}

/// A JavaScript value as plain data, `what` naming it in messages.
pub fn plain<'env>(env: &'env Env, value: Unknown<'env>, what: &str) -> Result<Value> {
    Walk::new(env)?.value(value, what)
}

/// An upload given from JavaScript (the upload itself, or an option such as `export`): a
/// string is a path (as in Node's `fs`), a `Buffer` or `Uint8Array` the file's bytes (copied,
/// so the work can leave the JavaScript thread), `{ path }` a path and `{ text }` CSV text.
#[derive(Debug)]
pub enum Source {
    /// A file to read.
    Path(String),
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// CSV text.
    Text(String),
    /// A stream (read once: `None` once handed to the run).
    Stream(Option<crate::stream::StreamReader>),
}

impl Source {
    /// The path, for a file source.
    pub fn path(&self) -> Option<&str> {
        match self {
            Source::Path(p) => Some(p),
            Source::Bytes(_) | Source::Text(_) | Source::Stream(_) => None,
        }
    }
}

/// The [`Source`] of a JavaScript value; `what` (`source`, `export`, `reference`) names it in
/// the refusal of anything else (`option_invalid`).
pub fn source<'env>(env: &'env Env, value: Unknown<'env>, what: &str) -> Result<Source> {
    const TAKES: &str =
        "takes a path (a string), the file's bytes (a Buffer or Uint8Array), { path } or { text }";
    match value.get_type()? {
        ValueType::String => return Ok(Source::Path(String::from_unknown(value)?)),
        ValueType::Object => {}
        other => return Err(invalid(what, format!("{TAKES}, not {}", type_name(other)))),
    }
    let object = Object::from_unknown(value)?;
    if object.is_typedarray()? {
        return match Uint8Array::from_unknown(value) {
            Ok(bytes) => Ok(Source::Bytes(bytes.to_vec())),
            Err(_) => Err(invalid(
                what,
                format!("{TAKES}; another kind of typed array is not a file's bytes"),
            )),
        };
    }
    let walk = Walk::new(env)?;
    if !walk.is_plain_object(&value)? {
        return Err(invalid(
            what,
            format!("{TAKES}, not an array or an instance of a class"),
        ));
    }
    let mut path = None;
    let mut text = None;
    for key in own_keys(&object)? {
        let slot = match key.as_str() {
            "path" => &mut path,
            "text" => &mut text,
            _ => {
                return Err(CoreError::OptionUnknown {
                    option: format!("{what}.{}", excerpt(&key)),
                    accepted: vec![format!("{what}.path"), format!("{what}.text")],
                }
                .into());
            }
        };
        let v: Unknown<'env> = object.get_named_property_unchecked(&key)?;
        match v.get_type()? {
            ValueType::Undefined => {}
            ValueType::String => *slot = Some(String::from_unknown(v)?),
            other => {
                return Err(invalid(
                    &format!("{what}.{key}"),
                    format!("takes a string, not {}", type_name(other)),
                ));
            }
        }
    }
    match (path, text) {
        (Some(path), None) => Ok(Source::Path(path)),
        (None, Some(text)) => Ok(Source::Text(text)),
        _ => Err(invalid(
            what,
            "an upload object has exactly one of `path` (a file to read) and `text` (the CSV text)",
        )),
    }
}

/// What `read` takes from the instance of the class `T` (its JavaScript name `class`) that
/// option `option` holds (a copy, so the work can leave the JavaScript thread): anything else
/// is refused (`option_invalid`), never read as another class.
pub fn instance<'env, T, R>(
    env: &'env Env,
    value: Unknown<'env>,
    option: &str,
    class: &str,
    read: impl FnOnce(&T) -> R,
) -> Result<R>
where
    T: JavaScriptClassExt + MaybeTypeTag + 'env,
{
    let t = value.get_type()?;
    if t == ValueType::Object && T::instance_of(env, &value)? {
        let instance = ClassInstance::<'env, T>::from_unknown(value)?;
        return Ok(read(&instance));
    }
    let given = if t == ValueType::Object {
        "another object".to_string()
    } else {
        type_name(t).to_string()
    };
    Err(invalid(
        option,
        format!("takes a {class} (made with new {class}() or {class}.fromJson), not {given}"),
    ))
}

/// An argument of an asynchronous function, converted as napi converts typed arguments but
/// inside the function, so that a wrong one rejects the promise (with `option_invalid` naming
/// `what` and saying what it `takes`) instead of throwing before it is returned.
pub fn argument<T: FromNapiValue>(value: Unknown<'_>, what: &str, takes: &str) -> Result<T> {
    let given = value.get_type()?;
    T::from_unknown(value)
        .map_err(|_| invalid(what, format!("takes {takes}, not {}", type_name(given))))
}

/// An options argument of an asynchronous function, as [`argument`]: `undefined` or `null` is
/// `None`, an object is converted, anything else refused.
pub fn options_argument<T: FromNapiValue>(value: Unknown<'_>, what: &str) -> Result<Option<T>> {
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Object => argument(value, what, "an object of options").map(Some),
        other => Err(invalid(
            what,
            format!("takes an object of options, not {}", type_name(other)),
        )),
    }
}

/// `option_invalid` for `option` (its path, cut to [`ECHO_LIMIT`]).
pub(crate) fn invalid_option(option: &str, message: impl Into<String>) -> BindingError {
    invalid(option, message)
}

fn invalid(option: &str, message: impl Into<String>) -> BindingError {
    CoreError::OptionInvalid {
        option: excerpt(option),
        message: message.into(),
    }
    .into()
}

/// How a message names a JavaScript type.
fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::External => "an external value",
        // `BigInt` without napi 6's type, and anything later.
        _ => "a BigInt",
    }
}

/// The own enumerable string keys of `object`, in JavaScript's order.
fn own_keys(object: &Object<'_>) -> Result<Vec<String>> {
    let mut keys = Vec::new();
    for key in Object::keys(object)? {
        if object.has_own_property(&key)? {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// One conversion: the objects on the current path (for cycles and depth), the values left in
/// the budget, and `Object.prototype` (a plain object's prototype).
struct Walk<'env> {
    env: &'env Env,
    object_prototype: Unknown<'env>,
    stack: Vec<Unknown<'env>>,
    values_left: usize,
}

impl std::fmt::Debug for Walk<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walk")
            .field("depth", &self.stack.len())
            .field("values_left", &self.values_left)
            .finish_non_exhaustive()
    }
}

impl<'env> Walk<'env> {
    fn new(env: &'env Env) -> Result<Self> {
        let global = env.get_global()?;
        let object: Object<'_> = global.get_named_property_unchecked("Object")?;
        let object_prototype: Unknown<'env> = object.get_named_property_unchecked("prototype")?;
        Ok(Walk {
            env,
            object_prototype,
            stack: Vec::new(),
            values_left: MAX_VALUES,
        })
    }

    /// An object made by `{...}` or `Object.create(null)`: not an array, a class instance, a
    /// `Date`, a `Map` or a typed array.
    fn is_plain_object(&self, value: &Unknown<'env>) -> Result<bool> {
        let object = Object::from_unknown(*value)?;
        if object.is_array()? {
            return Ok(false);
        }
        let prototype = object.get_prototype()?;
        Ok(prototype.get_type()? == ValueType::Null
            || self.env.strict_equals(prototype, self.object_prototype)?)
    }

    fn value(&mut self, value: Unknown<'env>, at: &str) -> Result<Value> {
        if self.values_left == 0 {
            return Err(invalid(
                at,
                format!(
                    "the options hold more than {MAX_VALUES} values (an object shared in many places counts once per place)"
                ),
            ));
        }
        self.values_left -= 1;
        match value.get_type()? {
            ValueType::Null | ValueType::Undefined => Ok(Value::Null),
            ValueType::Boolean => Ok(Value::Bool(bool::from_unknown(value)?)),
            ValueType::String => Ok(Value::String(String::from_unknown(value)?)),
            ValueType::Number => number(f64::from_unknown(value)?, at),
            ValueType::Object => self.object(value, at),
            other => Err(invalid(
                at,
                format!(
                    "takes plain data (a string, a number, a boolean, an array or a plain object), not {}",
                    type_name(other)
                ),
            )),
        }
    }

    fn object(&mut self, value: Unknown<'env>, at: &str) -> Result<Value> {
        for outer in &self.stack {
            if self.env.strict_equals(*outer, value)? {
                return Err(CoreError::InputTooDeep {
                    what: "options".to_string(),
                    message: format!("'{}' contains itself", excerpt(at)),
                }
                .into());
            }
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(CoreError::InputTooDeep {
                what: "options".to_string(),
                message: format!(
                    "'{}' is nested more than {MAX_DEPTH} levels deep",
                    excerpt(at)
                ),
            }
            .into());
        }
        let object = Object::from_unknown(value)?;
        self.stack.push(value);
        let converted = if object.is_array()? {
            let len = object.get_array_length()?;
            let mut items = Vec::with_capacity(len.min(1 << 16) as usize);
            for i in 0..len {
                let item: Unknown<'env> = object.get_element(i)?;
                items.push(self.value(item, &format!("{at}[{i}]"))?);
            }
            Value::Array(items)
        } else if self.is_plain_object(&value)? {
            let mut map = Map::new();
            for key in own_keys(&object)? {
                let item: Unknown<'env> = object.get_named_property_unchecked(&key)?;
                if item.get_type()? == ValueType::Undefined {
                    continue;
                }
                let converted = self.value(item, &format!("{at}.{key}"))?;
                map.insert(key, converted);
            }
            Value::Object(map)
        } else {
            return Err(invalid(
                at,
                "takes plain data (a string, a number, a boolean, an array or a plain object), not an instance of a class (a Date, a Map, a Buffer...)",
            ));
        };
        self.stack.pop();
        Ok(converted)
    }
}

/// A JavaScript number given as an argument as plain data ([`number`]), `what` naming it in
/// the refusal of `NaN` or an infinity.
pub fn number_value(n: f64, what: &str) -> Result<Value> {
    number(n, what)
}

/// A JavaScript number as JSON: a whole number within 2^53 as an integer (so the core reads
/// `3` as a count), any other finite number as a float; `NaN` and the infinities refused.
fn number(n: f64, at: &str) -> Result<Value> {
    const SAFE: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() <= SAFE {
        // In range and whole: the conversion is exact (and -0 is 0).
        return Ok(Value::Number(Number::from(n as i64)));
    }
    match Number::from_f64(n) {
        Some(n) => Ok(Value::Number(n)),
        None => Err(invalid(at, format!("takes a finite number, not {n}"))),
    }
}
