//! What runs when the addon is loaded: the package's entry points wrapped so that every error
//! they throw (or reject a promise with) is a `DestinationsError` (`src/js/errors.js`), and
//! the class kept for the JavaScript the binding runs later (the report builder's errors).

use napi::Env;
use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object, ObjectRef, Unknown};
use napi_derive::napi;

/// The wrapper (see the module's doc).
const ENTRY: &str = include_str!("js/errors.js");

/// What the loader's script returned (`{ DestinationsError }`), kept per JavaScript
/// environment (a worker thread has its own).
struct Glue(ObjectRef<false>);

#[napi(module_exports)]
pub fn init(exports: Object<'_>, env: Env) -> napi::Result<()> {
    let thrown = exports.get_named_property::<Unknown<'_>>("__thrownFields")?;
    let capped = exports.get_named_property::<Unknown<'_>>("__cappedMessage")?;
    let wrap: Function<'_, FnArgs<(Object<'_>, Unknown<'_>, Unknown<'_>)>, Object<'_>> =
        env.run_script(ENTRY)?;
    let glue = wrap.call(FnArgs::from((exports, thrown, capped)))?;
    env.set_instance_data(Glue(glue.create_ref()?), (), |_| {})?;
    Ok(())
}

/// The `DestinationsError` class, for JavaScript the binding runs.
pub(crate) fn error_class(env: &Env) -> napi::Result<Unknown<'_>> {
    match env.get_instance_data::<Glue>()? {
        Some(glue) => Ok(glue
            .0
            .get_value(env)?
            .get_named_property::<Unknown<'_>>("DestinationsError")?),
        // napi runs the load hook before any function can be called.
        None => Err(napi::Error::from_reason(
            "the package was loaded without its entry hook",
        )),
    }
}
