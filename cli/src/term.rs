//! What the command prints for people: standard output that a closed pipe (`destinations codes
//! | head`) ends quietly, values shown with their control characters escaped so that a cell
//! cannot drive the terminal, and a panic that reaches the command shown as one catalogued
//! error line.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Standard output was closed by its reader (a broken pipe): nothing more is written to it.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// True once standard output was found closed.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Standard output for everything the commands print. Once its reader has gone (a write fails
/// with a broken pipe: `| head` has read what it wanted) it takes every later write and
/// discards it, so the command ends as it would have, with nothing said about the pipe and its
/// own exit status. Any other write error is returned.
pub struct Stdout(io::Stdout);

/// [`Stdout`].
pub fn stdout() -> Stdout {
    Stdout(io::stdout())
}

fn quiet<T>(result: io::Result<T>, closed: T) -> io::Result<T> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(closed)
        }
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if stdout_closed() {
            return Ok(buf.len());
        }
        quiet(self.0.write(buf), buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if stdout_closed() {
            return Ok(());
        }
        quiet(self.0.write_all(buf), ())
    }

    fn flush(&mut self) -> io::Result<()> {
        if stdout_closed() {
            return Ok(());
        }
        quiet(self.0.flush(), ())
    }
}

/// A character a terminal may act on rather than show: C0 controls but tab and line feed
/// (escape starts a sequence, carriage return and backspace overwrite what was shown), delete,
/// C1 controls (U+009B is a one-character control sequence introducer), and the Unicode
/// bidirectional controls that reorder what follows (U+061C, U+200E, U+200F, U+202A to U+202E,
/// U+2066 to U+2069).
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal may act on written visibly instead, as `\u{1b}`:
/// what the file holds stays readable and cannot move the cursor, recolour, retitle or reorder
/// the terminal. Text without one is returned as it is.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line for people on standard output, its control characters escaped ([`escape`]). A
/// closed pipe is quiet ([`Stdout`]); another write error is reported once, at the end of the
/// command.
pub fn say_line(args: std::fmt::Arguments<'_>) {
    let text = match args.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(args.to_string()),
    };
    let mut line = escape(&text).into_owned();
    line.push('\n');
    let mut out = stdout();
    if let Err(e) = out.write_all(line.as_bytes()).and_then(|()| out.flush()) {
        remember_failure(e);
    }
}

/// The first error writing standard output other than a closed pipe (a full disk, say), kept
/// for the end of the command.
static STDOUT_FAILURE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

pub fn remember_failure(e: io::Error) {
    if let Ok(mut slot) = STDOUT_FAILURE.lock() {
        slot.get_or_insert_with(|| e.to_string());
    }
}

/// The error writing standard output, when there was one other than a closed pipe.
pub fn stdout_failure() -> Option<String> {
    STDOUT_FAILURE.lock().ok().and_then(|slot| slot.clone())
}

/// `println!` for people: [`say_line`].
macro_rules! say {
    () => {
        $crate::term::say_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::term::say_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Runs the command with panics kept off standard error: the hook prints nothing (a panic the
/// core catches on purpose, in a damaged workbook's reader, is already an error with its own
/// message), and a panic that reaches here is one catalogued error (`host_failure`) saying it
/// is a fault of this program, not of the input, instead of Rust's panic message and
/// backtrace.
pub fn guarded<T>(
    run: impl FnOnce() -> Result<T, crate::args::CliError>,
) -> Result<T, crate::args::CliError> {
    std::panic::set_hook(Box::new(|_| {}));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
        Err(learner_destinations::Error::Host {
            message: "the command stopped on an internal fault of destinations, not of your input; run it again, and if it happens again, report it with the command line (and, if you can, the file)".to_string(),
        }
        .into())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert!(matches!(escape("plain text, tab\tand é"), Cow::Borrowed(_)));
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(
            escape("a\rb\u{8}c\u{0}d\u{7f}"),
            "a\\u{d}b\\u{8}c\\u{0}d\\u{7f}"
        );
        assert_eq!(escape("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(
            escape("\u{202e}txt.exe\u{2066}\u{200f}"),
            "\\u{202e}txt.exe\\u{2066}\\u{200f}"
        );
        // Line feeds and tabs are the command's own layout.
        assert_eq!(escape("one\ntwo\tthree"), "one\ntwo\tthree");
    }

    #[test]
    fn a_panic_is_one_catalogued_error() {
        let e = guarded(|| -> Result<(), crate::args::CliError> {
            let v: Vec<u8> = Vec::new();
            let _ = std::hint::black_box(&v)[3];
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.code, "host_failure");
        assert!(e.message.contains("internal fault"), "{}", e.message);
        let _ = std::panic::take_hook();
    }
}
