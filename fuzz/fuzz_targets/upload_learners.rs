//! The learner import from bytes (CSV or a workbook), run to its end as the hosts run it:
//! `template::open_source` + `Upload::new` with the learners template.
#![no_main]

use learner_destinations::Ukprn;
use learner_destinations::template::learners::{LearnersOptions, LearnersTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use learner_destinations_fuzz as harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: harness::init(), |data: &[u8]| {
    harness::run(|| {
        // One provider allowed, as a portal with a signed-in provider runs it (the vectors'
        // UKPRN), so the UKPRN rule is reached as well as the format rules.
        let ukprns = Ukprn::parse("10012345").into_iter();
        let template = LearnersTemplate::new(LearnersOptions::new(harness::as_of()).with_ukprns(ukprns));
        let options = UploadOptions {
            input_bytes: Some(data.len() as u64),
            ..UploadOptions::default()
        };
        harness::run_upload(open_source(data, None).and_then(|s| Upload::new(s, template, options)));
    });
});
