//! The large parts of a report (the accepted rows' text, a large errors file or export), kept
//! in Rust memory that JavaScript reads a range at a time, and freed off the JavaScript thread.
//!
//! Handed to JavaScript as external buffers, these parts (hundreds of megabytes for a
//! 1,000,000-row upload) were freed by napi's finalizers on the JavaScript thread when the
//! report was collected: returning that much memory to the operating system held the event
//! loop for 50 to 120 ms, in the middle of whatever upload came next. Here the memory belongs to
//! a [`Packed`] object; JavaScript copies out the ranges it reads (a batch of rows, a file's
//! text when first read), and when the object is collected its memory goes to one background
//! thread, which gives it back a few megabytes at a time ([`free_later`]).

use napi::Env;
use napi::bindgen_prelude::{BufferSlice, Float64ArraySlice};
use napi_derive::napi;
use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};

/// One step of freeing on the background thread: frees a piece, and says whether more is
/// left.
type Step = Box<dyn FnMut() -> bool + Send>;

/// The background thread's inbox: started at the first large free; `None` when it could not be
/// started (memory is then freed where it is dropped).
static FREER: OnceLock<Option<Mutex<Sender<Step>>>> = OnceLock::new();

/// Memory at least this large is freed on the background thread; smaller costs less to free
/// than to send.
const FREE_LATER_BYTES: usize = 1 << 20;

/// The most bytes given back to the operating system at once. Giving memory back takes the
/// process's memory-map lock, which the JavaScript thread needs too (to map pages for the
/// garbage collector): a few megabytes at a time, with a pause between, so it never waits long.
const FREE_PIECE_BYTES: usize = 4 << 20;

/// Frees `memory` on the background thread when it is large (a piece of at most
/// [`FREE_PIECE_BYTES`] at a time, from its end), else here.
pub(crate) fn free_later<T: Send + 'static>(memory: Vec<T>) {
    let size = memory.capacity() * std::mem::size_of::<T>();
    if size < FREE_LATER_BYTES {
        return;
    }
    let piece = (FREE_PIECE_BYTES / std::mem::size_of::<T>().max(1)).max(1);
    let mut memory = memory;
    let step: Step = Box::new(move || {
        let keep = memory.capacity().saturating_sub(piece);
        memory.truncate(keep);
        memory.shrink_to(keep);
        if keep == 0 {
            // Empty now: what is left of the allocation goes too.
            memory = Vec::new();
        }
        keep > 0
    });
    let inbox = FREER.get_or_init(|| {
        let (send, receive) = channel::<Step>();
        std::thread::Builder::new()
            .name("learner-destinations-free".to_string())
            .spawn(move || {
                for mut step in receive {
                    while step() {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                }
            })
            .ok()
            .map(|_| Mutex::new(send))
    });
    if let Some(inbox) = inbox
        && let Ok(send) = inbox.lock()
    {
        // A failed send gives the memory back, dropped here.
        let _ = send.send(step);
    }
}

/// A report's large part: UTF-8 `bytes`, where each string ends in them (`ends`), and one
/// number per row (`nums`). Not exported from the package: only the report builder
/// (`js/report.js`) holds one.
#[napi(js_name = "__Packed")]
pub struct Packed {
    bytes: Vec<u8>,
    ends: Vec<f64>,
    nums: Vec<f64>,
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packed")
            .field("bytes", &self.bytes.len())
            .field("ends", &self.ends.len())
            .field("nums", &self.nums.len())
            .finish()
    }
}

impl Packed {
    pub(crate) fn new(bytes: Vec<u8>, ends: Vec<f64>, nums: Vec<f64>) -> Packed {
        Packed { bytes, ends, nums }
    }
}

impl Drop for Packed {
    fn drop(&mut self) {
        free_later(std::mem::take(&mut self.bytes));
        free_later(std::mem::take(&mut self.ends));
        free_later(std::mem::take(&mut self.nums));
    }
}

/// `[from, to)` clamped to `0..len` (whole numbers; anything else reads as 0).
fn range(from: f64, to: f64, len: usize) -> std::ops::Range<usize> {
    let at = |x: f64| {
        if x.is_finite() && x > 0.0 {
            (x as usize).min(len)
        } else {
            0
        }
    };
    let (a, b) = (at(from), at(to));
    a..b.max(a)
}

#[napi]
impl Packed {
    /// The number of bytes.
    #[napi(getter)]
    pub fn byte_length(&self) -> f64 {
        self.bytes.len() as f64
    }

    /// A copy of bytes `[from, to)`, as a `Buffer` in JavaScript's own memory.
    #[napi]
    pub fn bytes<'env>(
        &self,
        env: &'env Env,
        from: f64,
        to: f64,
    ) -> napi::Result<BufferSlice<'env>> {
        let r = range(from, to, self.bytes.len());
        BufferSlice::copy_from(env, &self.bytes[r])
    }

    /// Bytes `[from, to)` decoded as UTF-8 (a malformed sequence as U+FFFD: the core writes
    /// UTF-8 only).
    #[napi]
    pub fn text(&self, from: f64, to: f64) -> String {
        let r = range(from, to, self.bytes.len());
        String::from_utf8_lossy(&self.bytes[r]).into_owned()
    }

    /// A copy of the string ends `[from, to)`.
    #[napi]
    pub fn ends<'env>(
        &self,
        env: &'env Env,
        from: f64,
        to: f64,
    ) -> napi::Result<Float64ArraySlice<'env>> {
        copy_numbers(env, &self.ends, from, to)
    }

    /// A copy of the row numbers `[from, to)`.
    #[napi]
    pub fn nums<'env>(
        &self,
        env: &'env Env,
        from: f64,
        to: f64,
    ) -> napi::Result<Float64ArraySlice<'env>> {
        copy_numbers(env, &self.nums, from, to)
    }
}

/// Numbers `[from, to)` of `numbers`, copied into a `Float64Array` in JavaScript's own memory.
fn copy_numbers<'env>(
    env: &'env Env,
    numbers: &[f64],
    from: f64,
    to: f64,
) -> napi::Result<Float64ArraySlice<'env>> {
    Float64ArraySlice::copy_from(env, &numbers[range(from, to, numbers.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_clamped() {
        assert_eq!(range(2.0, 5.0, 10), 2..5);
        assert_eq!(range(-1.0, 50.0, 10), 0..10);
        assert_eq!(range(7.0, 3.0, 10), 7..7);
        assert_eq!(range(f64::NAN, 4.0, 10), 0..4);
        assert_eq!(range(3.0, f64::INFINITY, 10), 3..3);
    }

    #[test]
    fn large_memory_is_freed_on_the_background_thread() {
        let (send, receive) = std::sync::mpsc::channel::<bool>();
        struct Tell(Sender<bool>, std::thread::ThreadId);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id() != self.1);
            }
        }
        let here = std::thread::current().id();
        // Three pieces' worth of values that each say where they were dropped.
        let n = 3 * FREE_PIECE_BYTES / std::mem::size_of::<Tell>();
        let many: Vec<Tell> = (0..n).map(|_| Tell(send.clone(), here)).collect();
        free_later(many);
        for _ in 0..n {
            let elsewhere = receive
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("freed within 10 s");
            assert!(elsewhere, "freed on the caller's thread");
        }
        // Small memory is freed at once, where it is dropped.
        free_later(vec![Tell(send, here)]);
        assert_eq!(receive.try_recv(), Ok(false));
    }
}
