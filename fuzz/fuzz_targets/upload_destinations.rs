//! The destinations upload from bytes (CSV in any encoding read, or a workbook), run to its end
//! as the hosts run it: `template::open_source` + `Upload::new` with the destinations template.
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
        let template = DestinationsTemplate::new(&SCHEMES, DestinationsOptions::new(harness::as_of()));
        let options = UploadOptions {
            input_bytes: Some(data.len() as u64),
            ..UploadOptions::default()
        };
        harness::run_upload(open_source(data, None).and_then(|s| Upload::new(s, template, options)));
    });
});
