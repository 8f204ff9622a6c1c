//! The one non-pure layer every `learner-destinations` host shares: the command line, the Python
//! and Node packages, and later the mobile hosts all call this crate rather than writing a file,
//! reading the clock or drawing random bytes themselves.
//!
//! - [`output`]: output files written to a temporary file created exclusively in the target's
//!   folder (unnamed where the system allows, so even `SIGKILL` leaves nothing behind), never over
//!   an input, never through a symlink, and put in place together or not at all
//!   ([`output::commit_all`]); the credentials file is [`output::Privacy::OwnerOnly`] (mode 0600
//!   from its first byte on Unix).
//! - [`input`]: whole-file reads with a stated size limit per kind of file.
//! - [`random`]: the operating system's secure random source, for the core's
//!   [`learner_destinations::learners::RandomSource`].
//! - [`clock`]: today's date and the current time, which the core takes as arguments.
//! - [`interrupt`]: Ctrl-C and termination requests turned into a flag a run polls.
//! - [`panics`]: a panic hook that stays quiet for the panics the core catches on purpose.
//! - [`ilr`]: the uses of an ILR XML file on real inputs and outputs (the mailing list
//!   owner-only).
//! - [`upload`]: all of the above composed with the core's workflow: "run this upload".
//!
//! Every failure is a core [`learner_destinations::Error`] with a stable code.

pub mod clock;
pub mod ilr;
pub mod input;
pub mod interrupt;
pub mod output;
pub mod panics;
pub mod random;
pub mod upload;

pub use learner_destinations::{Error, Result};
