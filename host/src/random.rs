//! The operating system's secure random source.

use learner_destinations::learners::RandomSource;
use learner_destinations::{Error, Result};

/// The operating system's secure generator (`getrandom`), as the core's [`RandomSource`].
///
/// A failure of the system generator is remembered (the bytes are then zero) and reported by
/// [`RandomSource::take_failure`], which the core's workflow asks after every learner's
/// credentials (stopping the run with [`Error::RandomUnavailable`]); [`OsRandom::check`] gives
/// it as that error directly.
#[derive(Debug, Default)]
pub struct OsRandom {
    failed: Option<String>,
}

impl OsRandom {
    /// A source on the system generator.
    pub fn new() -> Self {
        OsRandom { failed: None }
    }

    /// `Err(Error::RandomUnavailable)` if any draw since the last check failed.
    pub fn check(&mut self) -> Result<()> {
        match self.failed.take() {
            None => Ok(()),
            Some(message) => Err(Error::RandomUnavailable { message }),
        }
    }

    /// Random bytes straight from the system generator.
    pub fn bytes<const N: usize>() -> Result<[u8; N]> {
        let mut buf = [0u8; N];
        getrandom::fill(&mut buf).map_err(|e| Error::RandomUnavailable {
            message: e.to_string(),
        })?;
        Ok(buf)
    }
}

impl RandomSource for OsRandom {
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        if let Err(e) = getrandom::fill(buf) {
            buf.fill(0);
            self.failed.get_or_insert_with(|| e.to_string());
        }
    }

    fn take_failure(&mut self) -> Option<String> {
        self.failed.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_differ_and_check_passes() {
        let mut rng = OsRandom::new();
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        rng.fill_bytes(&mut a);
        rng.fill_bytes(&mut b);
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
        assert!(rng.check().is_ok());
        assert_ne!(OsRandom::bytes::<16>().ok(), OsRandom::bytes::<16>().ok());
    }

    #[test]
    fn a_remembered_failure_is_random_unavailable_once() {
        let mut rng = OsRandom {
            failed: Some("no entropy".into()),
        };
        let e = rng.check().expect_err("the failure is surfaced");
        assert_eq!(e.code(), "random_unavailable");
        assert!(e.to_string().contains("no entropy"), "{e}");
        assert!(rng.check().is_ok());
        let mut rng = OsRandom {
            failed: Some("no entropy".into()),
        };
        assert_eq!(rng.take_failure().as_deref(), Some("no entropy"));
        assert_eq!(rng.take_failure(), None);
    }
}
