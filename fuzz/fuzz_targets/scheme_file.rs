//! Scheme files, JSON or CSV, as `--schemes FILE` and the bindings' `load_scheme` read them:
//! `codes::Scheme::from_file_text` (JSON when the text starts with `{`, else CSV), then added
//! to the built-in schemes.
//!
//! Invariants, for a scheme that loads: every code parses back to itself, as displayed and as
//! typed (type, separator, number, any case); a code with an ILR equivalent maps to it, and
//! back with its qualifier to itself.
#![no_main]

use learner_destinations::codes::{Scheme, Schemes};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let scheme = match Scheme::from_file_text(text, "lcr.csv") {
            Ok(s) => s,
            Err(e) => return harness::check_error(&e),
        };
        serde_json::to_string(&scheme).expect("a scheme serialises");
        let name = scheme.name().to_string();
        let mut schemes = Schemes::builtin();
        if let Err(e) = schemes.add(scheme) {
            return harness::check_error(&e);
        }
        let loaded = schemes.scheme(&name).unwrap_or_else(|e| panic!("scheme {name:?} added but not found: {e}"));
        for c in loaded.codes() {
            assert_eq!(schemes.parse(&c.to_string()), Ok(c), "displayed {c:?}");
            for sep in ["", " ", "-"] {
                let typed = format!("{}{sep}{}", c.code_type(), c.number()).to_lowercase();
                assert_eq!(schemes.parse(&typed), Ok(c), "typed {typed:?}");
            }
            if let (Some(_), true) = (c.ilr_equivalent(), c.scheme() != "ilr") {
                let old = schemes.to_scheme(c, "ilr", &[]).unwrap_or_else(|e| panic!("{c:?} to ILR: {e}"));
                assert_eq!(Some(old.code()), c.ilr_equivalent(), "{c:?}");
                let qualifiers: Vec<&str> = c.qualifier().into_iter().collect();
                let back = schemes.to_scheme(old, c.scheme(), &qualifiers);
                assert_eq!(back, Ok(c), "{c:?} -> {old:?} -> back");
            }
        }
    });
});
