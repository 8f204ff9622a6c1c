//! The merged "Destination Code" field: `Schemes::parse` with the built-in schemes, and mapping
//! between schemes (`Schemes::to_scheme`, `Schemes::equivalents`). The input is the code as
//! typed, optionally followed by `|` and qualifiers separated by `|`.
//!
//! Invariants: parse(display(code)) == code; the canonical form is a fixed point; a refusal is
//! catalogued; validity on a date agrees with its check; ILR → authority → ILR returns the ILR
//! code, and an authority code's ILR equivalent maps back to it with its qualifier.
#![no_main]

use learner_destinations::codes::{Schemes, normalise_code};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let mut parts = text.split('|');
        let input = parts.next().unwrap_or_default();
        let qualifiers: Vec<&str> = parts.collect();
        let s = &*SCHEMES;
        let normal = normalise_code(input);
        assert_eq!(normalise_code(&normal), normal, "normalising {input:?} twice");
        let code = match s.parse(input) {
            Ok(c) => c,
            Err(r) => {
                harness::check_refusal(&r);
                assert!(s.get(input).is_none(), "{input:?} refused by parse but found by get");
                return;
            }
        };
        assert_eq!(s.parse(&code.to_string()), Ok(code), "parse(display({code:?}))");
        assert_eq!(s.parse(&normal), Ok(code), "{input:?} normalised to {normal:?}");
        for date in [harness::as_of(), chrono::NaiveDate::MIN, chrono::NaiveDate::MAX] {
            let checked = code.check_valid_on(date, "the date");
            assert_eq!(checked.is_ok(), code.is_valid_on(date), "{code:?} on {date}");
            if let Err(r) = checked {
                harness::check_refusal(&r);
            }
        }
        for e in s.equivalents(code) {
            assert_ne!(e.scheme(), code.scheme(), "{code:?} equivalent in its own scheme: {e:?}");
        }
        for target in s.schemes().iter().map(|t| t.name()) {
            match s.to_scheme(code, target, &qualifiers) {
                Ok(mapped) => {
                    assert_eq!(mapped.scheme(), target, "{code:?} to {target}");
                    if code.scheme() == "ilr" {
                        assert_eq!(s.to_scheme(mapped, "ilr", &[]), Ok(code), "{code:?} -> {mapped:?} -> ilr");
                    } else if target == "ilr" {
                        let own: Vec<&str> = code.qualifier().into_iter().collect();
                        assert_eq!(s.to_scheme(mapped, code.scheme(), &own), Ok(code), "{code:?} -> {mapped:?} -> back");
                    }
                }
                Err(r) => harness::check_refusal(&r),
            }
        }
    });
});
