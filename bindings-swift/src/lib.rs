//! Swift and Kotlin (Android) bindings for learner-destinations, through uniffi.
//!
//! Each function converts mobile values (records, enums, strings, bytes) to core and host
//! values, calls the core (values, codes, rules) or the host layer (uploads, files), and
//! converts the result back; failures cross as [`LdError`] with the catalogued code. The glue
//! holds no rule or default. Every call is synchronous: apps call it off the main thread
//! (a `DispatchQueue`, a Kotlin `Executor` or `Dispatchers.IO`).

uniffi::setup_scaffolding!();

pub mod decisions;
pub mod error;
pub mod ilr;
pub mod upload;
pub mod values;

pub use error::LdError;
