//! Panics the core catches on purpose. A damaged workbook can reach arithmetic inside the
//! workbook reader (calamine) that panics; [`crate::workbook`] catches it and answers with
//! `workbook_unreadable`, a catalogued error. Rust runs the process's panic hook before the
//! panic is caught, though, and the default hook prints `thread '...' panicked at ...` on
//! standard error: a message about a panic that never reaches the caller. [`catching`] tells a
//! hook that the panic on this thread is one the core catches, so that the hook can say nothing
//! (the host layer installs such a hook for every host: `learner_destinations_host::panics`).
//!
//! The only state is a per-thread count of the calls in progress; the rules never read it.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, catching a panic inside it; [`catching`] is true on this thread meanwhile.
pub fn catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    CATCHING.with(|c| c.set(c.get().saturating_add(1)));
    let out = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    out
}

/// True while this thread runs code whose panics the core catches ([`catch`]).
pub fn catching() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catching_is_true_only_inside() {
        assert!(!catching());
        assert_eq!(catch(catching).ok(), Some(true));
        assert_eq!(catch(|| catch(catching).ok()).ok(), Some(Some(true)));
        let caught = catch(|| -> u8 {
            let v: Vec<u8> = Vec::new();
            std::hint::black_box(&v)[1]
        });
        assert!(caught.is_err());
        assert!(!catching(), "the count is back after a panic");
    }
}
