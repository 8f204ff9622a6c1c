//! A contact detail as a host was given it, read into a [`ContactDetail`] in one place, so that
//! every host means the same by a blank, `null` or `false`.

use super::ContactDetail;

/// What a host was given for one contact detail (an email address, a mobile number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenDetail<'a> {
    /// The key was left out (`undefined`, a keyword argument not passed).
    Absent,
    /// `null` / `None`.
    Null,
    /// `true` or `false`.
    Flag(bool),
    /// A string.
    Text(&'a str),
}

impl ContactDetail {
    /// The detail `given` means, the same for every host:
    ///
    /// - left out, or `true`: on record, the value not given ([`ContactDetail::OnRecord`]; the
    ///   contact rules then look only at the preferences);
    /// - `null`, `false`, or text that is empty or only blanks: nothing on record
    ///   ([`ContactDetail::Missing`]; a learner's blank cell in an export is no address);
    /// - other text: that value, as given ([`ContactDetail::Value`]; the rules check its form).
    ///
    /// ```
    /// use learner_destinations::contact::{ContactDetail, GivenDetail};
    /// assert_eq!(ContactDetail::from_given(GivenDetail::Absent), ContactDetail::OnRecord);
    /// assert_eq!(ContactDetail::from_given(GivenDetail::Text("  ")), ContactDetail::Missing);
    /// assert_eq!(ContactDetail::from_given(GivenDetail::Text("a@b")), ContactDetail::Value("a@b".into()));
    /// ```
    pub fn from_given(given: GivenDetail<'_>) -> ContactDetail {
        match given {
            GivenDetail::Absent | GivenDetail::Flag(true) => ContactDetail::OnRecord,
            GivenDetail::Null | GivenDetail::Flag(false) => ContactDetail::Missing,
            GivenDetail::Text(t) if t.trim().is_empty() => ContactDetail::Missing,
            GivenDetail::Text(t) => ContactDetail::Value(t.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_a_host_can_give() {
        let cases = [
            (GivenDetail::Absent, ContactDetail::OnRecord),
            (GivenDetail::Flag(true), ContactDetail::OnRecord),
            (GivenDetail::Flag(false), ContactDetail::Missing),
            (GivenDetail::Null, ContactDetail::Missing),
            (GivenDetail::Text(""), ContactDetail::Missing),
            (GivenDetail::Text(" \t"), ContactDetail::Missing),
            (
                GivenDetail::Text(" sam@example.com"),
                ContactDetail::Value(" sam@example.com".into()),
            ),
        ];
        for (given, expected) in cases {
            assert_eq!(ContactDetail::from_given(given), expected, "{given:?}");
        }
    }
}
