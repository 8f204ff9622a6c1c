//! Ctrl-C (`SIGINT`) and termination requests (`SIGTERM`, `SIGHUP`) as a flag a run polls, so
//! an interrupted run stops at its next check, discards its temporary outputs and reports
//! [`learner_destinations::Error::Cancelled`]. A second request while the first is pending ends
//! the process at once (exit 130); unnamed temporary files (Linux) leave nothing behind even then.
//!
//! For command-line hosts; a binding leaves signals to its language runtime.

use learner_destinations::{Error, Result};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once an interrupt or termination request arrived.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// Installs the handlers for `SIGINT`, `SIGTERM` and `SIGHUP` (Unix; elsewhere the flag is
    /// never set and the system's default applies).
    pub fn install() -> Result<Self> {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                // The conditional shutdown first: it acts only when the flag is already set.
                signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag))
                    .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&flag)))
                    .map_err(|e| Error::Host {
                        message: format!("cannot handle interrupts: {e}"),
                    })?;
            }
        }
        Ok(Interrupt(flag))
    }

    /// True once a request arrived.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
