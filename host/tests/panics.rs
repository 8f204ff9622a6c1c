//! The panic hook the host installs: quiet for the panics the core catches, the previous hook's
//! for every other. One test in its own binary, as a panic hook is the whole process's.
#![allow(clippy::unwrap_used, clippy::panic)]

use learner_destinations::panic_guard;
use std::sync::atomic::{AtomicUsize, Ordering};

static REPORTED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn caught_panics_are_quiet_and_others_are_reported() {
    std::panic::set_hook(Box::new(|_| {
        REPORTED.fetch_add(1, Ordering::SeqCst);
    }));
    learner_destinations_host::panics::quiet_caught();
    learner_destinations_host::panics::quiet_caught();
    // Caught by the core: the previous hook is not called.
    assert!(panic_guard::catch(|| panic!("inside a guarded read")).is_err());
    assert_eq!(REPORTED.load(Ordering::SeqCst), 0);
    // Any other panic still reaches it, once (the hook was installed once).
    assert!(std::panic::catch_unwind(|| panic!("a bug")).is_err());
    assert_eq!(REPORTED.load(Ordering::SeqCst), 1);
    let _ = std::panic::take_hook();
}
