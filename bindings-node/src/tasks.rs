//! Work that runs off the JavaScript thread: the asynchronous half of a `name` / `nameSync`
//! pair.
//!
//! As in Node's own `fs`, the plain name returns a `Promise` and the `Sync` suffix blocks. Both
//! halves call one Rust function that does the work and returns [`crate::errors::Result`]; the
//! asynchronous half hands that function to [`OffThread::task`], which runs it on libuv's
//! thread pool and settles the promise on the JavaScript thread:
//!
//! ```ignore
//! fn load(path: String) -> Result<BindingScheme> { ... }            // the work, once
//!
//! #[napi(js_name = "loadSchemeFileSync")]
//! pub fn load_scheme_file_sync(path: String) -> Result<BindingScheme> { load(path) }
//!
//! #[napi(js_name = "loadSchemeFile", ts_return_type = "Promise<Scheme>")]
//! pub fn load_scheme_file(path: String) -> AsyncTask<OffThread<BindingScheme>> {
//!     OffThread::task(move || load(path))
//! }
//! ```
//!
//! The `ts_return_type` annotation is needed: without it the generated type is
//! `Promise<unknown>`. A failure rejects the promise with the same `Error` (same `code`, same
//! message) the `Sync` function throws.
//!
//! A result that builds its JavaScript value itself (an upload report, whose findings and rows
//! are built by a JavaScript loop: see `upload::PackedReport`) implements [`ToJs`] and goes
//! through [`OffThreadJs::task`] instead; its `Sync` twin takes `env: &Env` and returns
//! `value.to_js(env, false)`.

use crate::errors::{BindingError, Result};
use napi::bindgen_prelude::{AsyncTask, ToNapiValue, TypeName, Unknown};
use napi::{Env, ScopedTask, Task};

type Work<T> = Box<dyn FnOnce() -> Result<T> + Send>;

/// A unit of work run once on libuv's thread pool; its value (or its [`BindingError`]) settles
/// the promise returned to JavaScript.
pub struct OffThread<T> {
    work: Option<Work<T>>,
}

impl<T> std::fmt::Debug for OffThread<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffThread")
            .field("pending", &self.work.is_some())
            .finish()
    }
}

impl<T: Send + 'static> OffThread<T> {
    /// The task for an `async` binding function: `work` runs off the JavaScript thread.
    pub fn task(work: impl FnOnce() -> Result<T> + Send + 'static) -> AsyncTask<OffThread<T>>
    where
        OffThread<T>: Task,
    {
        AsyncTask::new(OffThread {
            work: Some(Box::new(work)),
        })
    }
}

impl<T: ToNapiValue + TypeName + Send + 'static> Task for OffThread<T> {
    type Output = Result<T>;
    type JsValue = T;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        match self.work.take() {
            Some(work) => Ok(work()),
            // napi computes each task once; reaching this would be a napi defect.
            None => Ok(Err(BindingError::host("the task has already run"))),
        }
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<T> {
        output.map_err(|e: BindingError| e.into_rejection(env))
    }
}

/// A result that builds its JavaScript value itself, with the `Env` (for results too large for
/// napi's one-call-per-property conversion: see `upload::PackedReport`).
pub trait ToJs: Send + 'static {
    /// The JavaScript value, built on the JavaScript thread; with `sliced`, a Promise of it
    /// built a few milliseconds at a time between turns of the event loop.
    fn to_js(self, env: &Env, sliced: bool) -> napi::Result<Unknown<'_>>;
}

/// As [`OffThread`], for a result that builds its own JavaScript value ([`ToJs`]). The `Sync`
/// twin calls the same work and then `to_js` with the `Env` napi passes it.
pub struct OffThreadJs<T> {
    work: Option<Work<T>>,
}

impl<T> std::fmt::Debug for OffThreadJs<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffThreadJs")
            .field("pending", &self.work.is_some())
            .finish()
    }
}

impl<T: ToJs> OffThreadJs<T> {
    /// The task for an `async` binding function: `work` runs off the JavaScript thread.
    pub fn task(work: impl FnOnce() -> Result<T> + Send + 'static) -> AsyncTask<OffThreadJs<T>> {
        AsyncTask::new(OffThreadJs {
            work: Some(Box::new(work)),
        })
    }
}

impl<'task, T: ToJs> ScopedTask<'task> for OffThreadJs<T> {
    type Output = Result<T>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        match self.work.take() {
            Some(work) => Ok(work()),
            // napi computes each task once; reaching this would be a napi defect.
            None => Ok(Err(BindingError::host("the task has already run"))),
        }
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Unknown<'task>> {
        match output {
            // The promise settles with the value's own promise, built in slices.
            Ok(value) => value.to_js(env, true),
            Err(e) => Err(e.into_rejection(*env)),
        }
    }
}
