//! A panic the core catches on purpose (inside a damaged workbook's reader: see
//! [`learner_destinations::panic_guard`]) prints nothing on the host's standard error: the
//! caller gets the catalogued error (`workbook_unreadable`) and no Rust panic message about a
//! panic that never reached it. Every other panic is handed to the hook that was there before,
//! unchanged. [`crate::upload`]'s runs install it; a host may call [`quiet_caught`] itself.

use std::sync::Once;

static INSTALL: Once = Once::new();

/// Installs, once per process, a panic hook that says nothing of the panics the core catches
/// and hands every other panic to the hook installed before it.
pub fn quiet_caught() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !learner_destinations::panic_guard::catching() {
                previous(info);
            }
        }));
    });
}
