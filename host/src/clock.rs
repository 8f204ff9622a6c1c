//! The clock: the core never reads it; hosts pass what these return.

use chrono::NaiveDate;

/// Today's date in the machine's local time zone (the default "as of" date of a run).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The current local time as RFC 3339 with whole seconds and the offset, e.g.
/// `2026-12-01T22:31:05+00:00` (the "processed at" stamp of a run's report).
pub fn now_rfc3339() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339_with_seconds_and_today_its_date() {
        let now = now_rfc3339();
        let parsed = chrono::DateTime::parse_from_rfc3339(&now).expect("RFC 3339");
        assert_eq!(now.len(), "2026-12-01T22:31:05+00:00".len(), "{now}");
        // Around midnight the two reads may straddle the date change.
        let day = parsed.date_naive();
        let t = today();
        assert!(
            t == day || t == day.succ_opt().unwrap_or(day),
            "{t} vs {now}"
        );
    }
}
