//! What an asynchronous upload takes besides its source and options: a source read from a
//! JavaScript stream (a Node `Readable`, a web `ReadableStream` or any async iterable of
//! `Uint8Array`), an `AbortSignal` and a progress callback.
//!
//! A stream is read by the core on libuv's worker thread through [`StreamReader`], a `Read`
//! that asks JavaScript for one chunk at a time (a thread-safe call of a small pump, which
//! calls the iterator's `next()` and hands the chunk back) and waits for it: one chunk is in
//! flight at any time, so memory stays bounded by the chunk size as for a path, and the
//! stream is paused (backpressure) while the core works. Dropping the reader before the end
//! (a failure, a cancel) calls the iterator's `return()`, which destroys a `Readable`.
//!
//! The binding decides nothing here: the cancel flag is the core's cancel callback (polled
//! every few thousand rows: `cancelled`), the progress figures are the host's bytes read and
//! the rows the run's row sink was handed.

use crate::errors::{BindingError, Result};
use learner_destinations::Error as CoreError;
use napi::bindgen_prelude::{
    FnArgs, FromNapiValue, Function, FunctionCallContext, JsObjectValue, Object, Uint8Array,
    Unknown,
};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, ValueType};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Tells a stream apart from the other sources: an object, not bytes, with an async iterator.
const IS_STREAM: &str = "(function (v) { return v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && typeof v[Symbol.asyncIterator] === 'function' })";

/// `pump(iterable, push)` returns `pull(stop)`: `pull(false)` asks the iterator for its next
/// chunk and calls `push(chunk, null)` with it, `push(null, null)` at the end, `push(null,
/// message)` on a failure (or a chunk that is not bytes); `pull(true)` stops the iterator.
const PUMP: &str = r#"(function (iterable, push) {
  const it = iterable[Symbol.asyncIterator]()
  let stopped = false
  return function pull(stop) {
    if (stop) {
      // A pending next() would hold back return(): a Node stream is destroyed, a web stream
      // cancelled, then the iterator returned.
      if (!stopped) {
        try {
          if (typeof iterable.destroy === 'function') iterable.destroy()
          else if (typeof iterable.cancel === 'function' && !iterable.locked) iterable.cancel().catch(() => {})
        } catch (e) {}
        if (typeof it.return === 'function') Promise.resolve().then(() => it.return()).catch(() => {})
      }
      stopped = true
      return
    }
    Promise.resolve().then(() => it.next()).then(
      (r) => {
        if (r.done) push(null, null)
        else if (r.value instanceof Uint8Array) push(r.value, null)
        else push(null, 'the stream gave ' + (r.value === null ? 'null' : typeof r.value) + ' where bytes (a Buffer or Uint8Array) were expected; read it without an encoding')
      },
      (e) => push(null, 'the stream failed: ' + String(e && e.message !== undefined ? e.message : e).slice(0, 200)),
    )
  }
})"#;

enum Chunk {
    Data(Vec<u8>),
    End,
    Failed(String),
}

type Pull = ThreadsafeFunction<bool, (), bool, Status, false>;

/// The progress callback, called from the worker thread with `[bytes, rows]`.
type Progress = ThreadsafeFunction<(f64, f64), (), (f64, f64), Status, false>;

/// `listen(signal, onAbort)`.
type Listen<'a> = Function<'a, FnArgs<(Unknown<'a>, Function<'a, (), ()>)>, ()>;

/// True when `value` is read as a stream ([`stream`]).
pub(crate) fn is_stream<'env>(env: &'env Env, value: &Unknown<'env>) -> Result<bool> {
    if value.get_type()? != ValueType::Object {
        return Ok(false);
    }
    let check: Function<'_, Unknown<'_>, bool> = env.run_script(IS_STREAM)?;
    Ok(check.call(*value)?)
}

/// A stream source, ready to be read off the JavaScript thread.
pub struct StreamReader {
    pull: Pull,
    chunks: Receiver<Chunk>,
    chunk: Vec<u8>,
    at: usize,
    asked: bool,
    done: bool,
    cancel: Option<Arc<AtomicBool>>,
}

impl std::fmt::Debug for StreamReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamReader")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// The reader of a stream `value` (see [`is_stream`]); `cancel`, when given, stops a wait for
/// the next chunk.
pub(crate) fn stream<'env>(
    env: &'env Env,
    value: Unknown<'env>,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<StreamReader> {
    let (tx, rx): (Sender<Chunk>, Receiver<Chunk>) = channel();
    let push = env.create_function_from_closure("push", move |ctx: FunctionCallContext<'_>| {
        let chunk: Unknown<'_> = ctx.get(0)?;
        let failure: Unknown<'_> = ctx.get(1)?;
        let sent = if failure.get_type()? == ValueType::String {
            Chunk::Failed(String::from_unknown(failure)?)
        } else if chunk.get_type()? == ValueType::Object {
            Chunk::Data(Uint8Array::from_unknown(chunk)?.to_vec())
        } else {
            Chunk::End
        };
        // The reader may be gone (a failed run): nothing waits for the chunk then.
        let _ = tx.send(sent);
        Ok(())
    })?;
    type PushFn<'a> = Function<'a, FnArgs<(Unknown<'a>, Unknown<'a>)>, ()>;
    let pump: Function<'_, FnArgs<(Unknown<'_>, PushFn<'_>)>, Function<'_, bool, ()>> =
        env.run_script(PUMP)?;
    let pull = pump.call(FnArgs::from((value, push)))?;
    let pull: Pull = pull.build_threadsafe_function::<bool>().build()?;
    Ok(StreamReader {
        pull,
        chunks: rx,
        chunk: Vec::new(),
        at: 0,
        asked: false,
        done: false,
        cancel,
    })
}

impl Read for StreamReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.at < self.chunk.len() {
                let n = buf.len().min(self.chunk.len() - self.at);
                buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            if !self.asked {
                let status = self
                    .pull
                    .call(false, ThreadsafeFunctionCallMode::NonBlocking);
                if status != Status::Ok {
                    return Err(std::io::Error::other(
                        "the stream could not be read (the JavaScript thread is closing)",
                    ));
                }
                self.asked = true;
            }
            match self.chunks.recv_timeout(Duration::from_millis(50)) {
                Ok(Chunk::Data(bytes)) => {
                    self.asked = false;
                    self.chunk = bytes;
                    self.at = 0;
                }
                Ok(Chunk::End) => self.done = true,
                Ok(Chunk::Failed(message)) => {
                    self.done = true;
                    return Err(std::io::Error::other(message));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self
                        .cancel
                        .as_ref()
                        .is_some_and(|c| c.load(Ordering::Relaxed))
                    {
                        return Err(std::io::Error::other("stopped by options.signal"));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.done = true;
                    return Err(std::io::Error::other(
                        "the stream was closed before its end",
                    ));
                }
            }
        }
    }
}

impl Drop for StreamReader {
    fn drop(&mut self) {
        if !self.done {
            let _ = self
                .pull
                .call(true, ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

/// A run's `signal` and `onProgress`, converted on the JavaScript thread.
#[derive(Default)]
pub(crate) struct RunControl {
    /// Set when the signal aborts.
    pub cancel: Option<Arc<AtomicBool>>,
    progress: Option<Progress>,
}

impl std::fmt::Debug for RunControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunControl")
            .field("cancel", &self.cancel.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// The `signal` (an `AbortSignal`) and `onProgress` (a function) options, set aside from the
/// plain options. A signal already aborted refuses the run before it starts (`cancelled`).
pub(crate) fn run_control<'env>(
    env: &'env Env,
    signal: Option<Unknown<'env>>,
    on_progress: Option<Unknown<'env>>,
    asynchronous: bool,
) -> Result<RunControl> {
    let mut control = RunControl::default();
    if let Some(signal) = signal {
        let is_signal: Function<'_, Unknown<'_>, bool> =
            env.run_script("(function (s) { return typeof AbortSignal === 'function' && s instanceof AbortSignal })")?;
        if !is_signal.call(signal)? {
            return Err(crate::conversion::invalid_option(
                "signal",
                "takes an AbortSignal (from an AbortController)",
            ));
        }
        let object = Object::from_unknown(signal)?;
        let aborted: bool = object.get_named_property("aborted")?;
        if aborted {
            return Err(CoreError::Cancelled {
                reason: "options.signal was aborted before the run started".to_string(),
            }
            .into());
        }
        let flag = Arc::new(AtomicBool::new(false));
        let set = Arc::clone(&flag);
        let listener =
            env.create_function_from_closure("onAbort", move |_ctx: FunctionCallContext<'_>| {
                set.store(true, Ordering::Relaxed);
                Ok(())
            })?;
        let listen: Listen<'_> =
            env.run_script("(function (s, f) { s.addEventListener('abort', f, { once: true }) })")?;
        listen.call(FnArgs::from((signal, listener)))?;
        control.cancel = Some(flag);
    }
    if let Some(callback) = on_progress {
        if callback.get_type()? != ValueType::Function {
            return Err(crate::conversion::invalid_option(
                "onProgress",
                "takes a function, called with { bytes, rows }",
            ));
        }
        if !asynchronous {
            return Err(crate::conversion::invalid_option(
                "onProgress",
                "is called only during an asynchronous upload (validateDestinations, not validateDestinationsSync)",
            ));
        }
        let wrap: Function<'_, Unknown<'_>, Function<'_, (f64, f64), ()>> = env.run_script(
            "(function (f) { return function (p) { try { f({ bytes: p[0], rows: p[1] }) } catch (e) { queueMicrotask(() => { throw e }) } } })",
        )?;
        let f = wrap.call(callback)?;
        control.progress = Some(f.build_threadsafe_function::<(f64, f64)>().build()?);
    }
    Ok(control)
}

/// Tells the progress callback, at most every 50 ms and once at the end.
pub(crate) struct Reporter<'a> {
    control: &'a RunControl,
    last: std::cell::Cell<Option<Instant>>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(control: &'a RunControl) -> Self {
        Reporter {
            control,
            last: std::cell::Cell::new(None),
        }
    }

    /// Tells `bytes` read and `rows` handed over, unless told less than 50 ms ago (`last`:
    /// always).
    pub(crate) fn tell(&self, bytes: u64, rows: u64, last: bool) {
        let Some(progress) = &self.control.progress else {
            return;
        };
        let now = Instant::now();
        if !last
            && self
                .last
                .get()
                .is_some_and(|t| now.duration_since(t) < Duration::from_millis(50))
        {
            return;
        }
        self.last.set(Some(now));
        let _ = progress.call(
            (bytes as f64, rows as f64),
            ThreadsafeFunctionCallMode::NonBlocking,
        );
    }

    /// True once the signal aborted.
    pub(crate) fn cancelled(&self) -> bool {
        self.control
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// A run's failure once the signal aborted: `cancelled`, whatever stopped the run.
pub(crate) fn cancelled_or(control: &RunControl, e: BindingError) -> BindingError {
    if control
        .cancel
        .as_ref()
        .is_some_and(|c| c.load(Ordering::Relaxed))
        && e.code != "cancelled"
    {
        CoreError::Cancelled {
            reason: "options.signal was aborted".to_string(),
        }
        .into()
    } else {
        e
    }
}
