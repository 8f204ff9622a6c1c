//! BIFF records inside a well-formed .xls, uploaded as destinations: the input is the workbook
//! stream, wrapped by the harness in a compound file, so mutations reach the .xls pre-scan
//! (`workbook::xls`) and calamine's BIFF reader instead of the compound file's sector chains
//! (the `workbook` target mutates those).
#![no_main]

use learner_destinations::codes::Schemes;
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCHEMES: LazyLock<Schemes> = LazyLock::new(Schemes::builtin);

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let bytes = harness::compound_file(data);
        let template = DestinationsTemplate::new(&SCHEMES, DestinationsOptions::new(harness::as_of()));
        let options = UploadOptions {
            input_bytes: Some(bytes.len() as u64),
            ..UploadOptions::default()
        };
        harness::run_upload(open_source(&bytes[..], None).and_then(|s| Upload::new(s, template, options)));
    });
});
