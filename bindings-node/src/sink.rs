//! Outputs written to a JavaScript stream: `errorsCsv`, `errorsXlsx`, `acceptedCsv` and
//! `credentialsCsv` may be a Node `Writable` (a file stream, an HTTP response, anything with
//! `write`, `end` and `on`) or a web `WritableStream`, as well as a path.
//!
//! The host layer decides how a stream output is written (`Output::Stream`): the run writes to
//! a scratch file, and only once the whole upload was checked is it copied to the stream, so a
//! run that fails or is cancelled writes nothing to it. The copy runs on libuv's worker thread
//! through [`StreamWriter`], a `Write` that hands JavaScript one chunk at a time (a thread-safe
//! call of a small pump, which writes the chunk) and waits until the stream takes more: for a
//! `Writable`, at once when `write()` returned true, else at its `'drain'`; for a
//! `WritableStream`, when its writer is `ready`. So memory stays bounded by one chunk, and a
//! slow client slows the copy, not the process. The stream is ended (`end()`, `close()`) after
//! the last chunk; an error of the stream, or a stream closed early, fails the run with
//! `output_unwritable` naming the option.

use crate::errors::Result;
use learner_destinations_host::upload::OutputStream;
use napi::bindgen_prelude::{Buffer, FnArgs, Function, FunctionCallContext, Null, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Either, Env, Status, ValueType};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// The output options a stream may be given for.
pub(crate) const OUTPUT_KEYS: [&str; 4] =
    ["errorsCsv", "errorsXlsx", "acceptedCsv", "credentialsCsv"];

/// Tells a writable stream apart: a web `WritableStream`, or an object with `write`, `end`
/// and `on` (a Node `Writable`, an `http.ServerResponse`).
const IS_WRITABLE: &str = "(function (v) { return v !== null && typeof v === 'object' && ((typeof WritableStream === 'function' && v instanceof WritableStream) || (typeof v.write === 'function' && typeof v.end === 'function' && typeof v.on === 'function')) })";

/// `pump(target, done)` returns `send(chunk)`: a `Buffer` is written and `done(null)` called
/// when the stream takes more (`done(message)` when it failed); `null` ends the stream and
/// `done` is called once it finished.
const PUMP: &str = r#"(function (target, done) {
  const said = (e) => String(e && e.message !== undefined ? e.message : e).slice(0, 200)
  if (typeof WritableStream === 'function' && target instanceof WritableStream) {
    let writer = null
    let failure = null
    return function send(chunk) {
      try {
        if (writer === null) writer = target.getWriter()
      } catch (e) {
        done('the stream could not be written: ' + said(e))
        return
      }
      if (failure !== null) {
        done('the stream failed: ' + said(failure))
        return
      }
      if (chunk === null) {
        writer.close().then(() => { writer.releaseLock(); done(null) }, (e) => done('the stream failed: ' + said(e)))
        return
      }
      writer.ready.then(() => {
        writer.write(chunk).catch((e) => { if (failure === null) failure = e })
        return writer.ready
      }).then(() => done(failure === null ? null : 'the stream failed: ' + said(failure)), (e) => done('the stream failed: ' + said(e)))
    }
  }
  let failure = null
  const onError = (e) => { if (failure === null) failure = e }
  target.on('error', onError)
  const closed = () => target.destroyed === true || target.writableEnded === true
  return function send(chunk) {
    if (failure !== null) {
      done('the stream failed: ' + said(failure))
      return
    }
    if (closed()) {
      done('the stream was closed or ended before the output was written')
      return
    }
    if (chunk === null) {
      target.end((e) => {
        if (typeof target.off === 'function') target.off('error', onError)
        done(e ? 'the stream failed: ' + said(e) : failure !== null ? 'the stream failed: ' + said(failure) : null)
      })
      return
    }
    let more
    try {
      more = target.write(chunk)
    } catch (e) {
      done('the stream failed: ' + said(e))
      return
    }
    if (more !== false) {
      done(null)
      return
    }
    const settle = (closing) => {
      target.off('drain', onDrain)
      target.off('close', onClose)
      target.off('error', onFail)
      done(failure !== null ? 'the stream failed: ' + said(failure) : closing ? 'the stream was closed before the output was written' : null)
    }
    const onDrain = () => settle(false)
    const onClose = () => settle(true)
    const onFail = () => settle(false)
    target.on('drain', onDrain)
    target.on('close', onClose)
    target.on('error', onFail)
  }
})"#;

type Send_ = ThreadsafeFunction<Either<Buffer, Null>, (), Either<Buffer, Null>, Status, false>;

/// The streams given for outputs, by option.
#[derive(Debug, Default)]
pub(crate) struct StreamOutputs {
    pub errors_csv: Option<OutputStream>,
    pub errors_xlsx: Option<OutputStream>,
    pub accepted_csv: Option<OutputStream>,
    pub credentials_csv: Option<OutputStream>,
}

/// The output options given a stream (set aside by [`crate::conversion::options`], which sets
/// aside an object given for one of [`OUTPUT_KEYS`]). Only the asynchronous functions write
/// to a stream (`option_invalid` from a `Sync` one); an object that is not a writable stream
/// is `option_invalid`. One stream given for two outputs is refused by the host
/// (`outputs_share_file`).
pub(crate) fn streams<'env>(
    env: &'env Env,
    options: &mut crate::conversion::Options<'env>,
    asynchronous: bool,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<StreamOutputs> {
    let mut out = StreamOutputs::default();
    let mut given: Vec<(Unknown<'env>, OutputStream)> = Vec::new();
    let same: Function<'_, FnArgs<(Unknown<'_>, Unknown<'_>)>, bool> =
        env.run_script("(function (a, b) { return a === b })")?;
    for key in OUTPUT_KEYS {
        let Some(value) = options.take(key) else {
            continue;
        };
        if !is_writable(env, &value)? {
            return Err(crate::conversion::invalid_option(
                key,
                "takes a path (a string), a Node Writable or a web WritableStream",
            ));
        }
        if !asynchronous {
            return Err(crate::conversion::invalid_option(
                key,
                "is a stream, which only the asynchronous functions write (validateDestinations, not validateDestinationsSync); give a path here",
            ));
        }
        let mut stream = None;
        for (seen, s) in &given {
            if same.call(FnArgs::from((*seen, value)))? {
                stream = Some(s.clone());
            }
        }
        let stream = match stream {
            Some(s) => s,
            None => {
                let s = OutputStream::new(writer(env, value, cancel.clone())?, "a stream");
                given.push((value, s.clone()));
                s
            }
        };
        match key {
            "errorsCsv" => out.errors_csv = Some(stream),
            "errorsXlsx" => out.errors_xlsx = Some(stream),
            "acceptedCsv" => out.accepted_csv = Some(stream),
            _ => out.credentials_csv = Some(stream),
        }
    }
    Ok(out)
}

/// True when `value` is written as a stream.
fn is_writable<'env>(env: &'env Env, value: &Unknown<'env>) -> Result<bool> {
    if value.get_type()? != ValueType::Object {
        return Ok(false);
    }
    let check: Function<'_, Unknown<'_>, bool> = env.run_script(IS_WRITABLE)?;
    Ok(check.call(*value)?)
}

/// A stream output, written from the worker thread.
pub struct StreamWriter {
    send: Send_,
    acks: Receiver<Option<String>>,
    cancel: Option<Arc<AtomicBool>>,
    failed: bool,
}

impl std::fmt::Debug for StreamWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamWriter")
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

fn writer<'env>(
    env: &'env Env,
    target: Unknown<'env>,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<StreamWriter> {
    let (tx, rx): (Sender<Option<String>>, Receiver<Option<String>>) = channel();
    let done = env.create_function_from_closure("done", move |ctx: FunctionCallContext<'_>| {
        let failure: Unknown<'_> = ctx.get(0)?;
        let sent = if failure.get_type()? == ValueType::String {
            Some(<String as napi::bindgen_prelude::FromNapiValue>::from_unknown(failure)?)
        } else {
            None
        };
        // The writer may be gone (a failed run): nothing waits then.
        let _ = tx.send(sent);
        Ok(())
    })?;
    type DoneFn<'a> = Function<'a, Unknown<'a>, ()>;
    type SendFn<'a> = Function<'a, Either<Buffer, Null>, ()>;
    type PumpFn<'a> = Function<'a, FnArgs<(Unknown<'a>, DoneFn<'a>)>, SendFn<'a>>;
    let pump: PumpFn<'_> = env.run_script(PUMP)?;
    let send = pump.call(FnArgs::from((target, done)))?;
    let send: Send_ = send
        .build_threadsafe_function::<Either<Buffer, Null>>()
        .build()?;
    Ok(StreamWriter {
        send,
        acks: rx,
        cancel,
        failed: false,
    })
}

impl StreamWriter {
    /// Hands `chunk` (or the end) to JavaScript and waits until the stream takes more.
    fn exchange(&mut self, chunk: Either<Buffer, Null>) -> std::io::Result<()> {
        if self.failed {
            return Err(std::io::Error::other(
                "the stream failed in an earlier write",
            ));
        }
        let status = self
            .send
            .call(chunk, ThreadsafeFunctionCallMode::NonBlocking);
        if status != Status::Ok {
            self.failed = true;
            return Err(std::io::Error::other(
                "the stream could not be written (the JavaScript thread is closing)",
            ));
        }
        loop {
            match self.acks.recv_timeout(Duration::from_millis(50)) {
                Ok(None) => return Ok(()),
                Ok(Some(message)) => {
                    self.failed = true;
                    return Err(std::io::Error::other(message));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self
                        .cancel
                        .as_ref()
                        .is_some_and(|c| c.load(Ordering::Relaxed))
                    {
                        self.failed = true;
                        return Err(std::io::Error::other("stopped by options.signal"));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.failed = true;
                    return Err(std::io::Error::other("the stream went away"));
                }
            }
        }
    }
}

impl std::io::Write for StreamWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.exchange(Either::A(Buffer::from(buf.to_vec())))?;
        Ok(buf.len())
    }

    /// Ends the stream (the host flushes a stream output once, after its last byte) and waits
    /// until it finished.
    fn flush(&mut self) -> std::io::Result<()> {
        self.exchange(Either::B(Null))
    }
}
