//! The learner qualifications upload from bytes (CSV or a workbook, whose reference sheets
//! supply the lists), run to its end as the hosts run it: `qualifications::open_upload`.
#![no_main]

use learner_destinations::template::UploadOptions;
use learner_destinations::template::qualifications::{QualificationsOptions, open_upload};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        let options = UploadOptions {
            input_bytes: Some(data.len() as u64),
            ..UploadOptions::default()
        };
        harness::run_upload(open_upload(data, None, QualificationsOptions::default(), options));
    });
});
