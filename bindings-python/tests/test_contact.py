"""Contact rules and survey tracking through the Python API."""

from __future__ import annotations

import datetime
import pickle

import pytest

import learner_destinations as ld


def test_decision_under_both_policies() -> None:
    prefs = ld.ContactPreferences(rui=[2])
    seed = prefs.decide()
    assert (seed.email, seed.sms, seed.contactable, seed.policy) == (False, False, False, "seed")
    assert seed.decided_by == ["RUI2"] and "RUI2" in seed.reason
    ilr = prefs.decide("ilr")
    assert ilr.contactable and ilr.decided_by == [] and ilr.policy == "ilr"
    assert prefs.decide(" ILR ").policy == "ilr"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        prefs.decide("maytas")
    assert raised.value.code == "option_invalid" and raised.value.value == "maytas"


def test_contact_details() -> None:
    landline = ld.ContactPreferences(mobile="0121 496 0000").decide()
    assert landline.email and not landline.sms and landline.decided_by == ["mobile_not_uk"]
    nothing = ld.ContactPreferences(email=None, mobile=False).decide()
    assert not nothing.contactable
    assert nothing.decided_by == ["email_missing", "mobile_missing"]
    both = ld.ContactPreferences(email="sam@example.com", mobile="+44 7700 900123").decide()
    assert both.email and both.sms
    prefs = ld.ContactPreferences(rui=[6, 7], pmc=[5], email="x@y.uk", mobile=True)
    assert (prefs.rui, prefs.pmc, prefs.email, prefs.mobile) == ([6, 7], [5], "x@y.uk", True)
    assert ld.ContactPreferences(email=None).email is False
    assert repr(prefs) == "ContactPreferences(rui=[6, 7], pmc=[5], email='x@y.uk', mobile=True)"
    with pytest.raises(TypeError):
        ld.ContactPreferences(email=1)  # type: ignore[arg-type]


def test_unknown_code_is_refused_and_checked() -> None:
    prefs = ld.ContactPreferences(rui=[9])
    with pytest.raises(ld.InvalidArgumentError) as raised:
        prefs.decide()
    assert raised.value.code == "contact_preference_unknown" and raised.value.value == "RUI9"
    findings = prefs.check()
    assert [(f.code, f.column, f.value) for f in findings] == [
        ("contact_preference_unknown", "rui", "RUI9")
    ]


def test_contpreftype_checks() -> None:
    prefs = ld.ContactPreferences(rui=[4], pmc=[2])
    codes = [f.code for f in prefs.check(first_start=datetime.date(2019, 9, 1))]
    assert codes == ["contact_preference_not_to_be_contacted", "contact_preference_not_valid"]
    assert [f.code for f in prefs.check()] == ["contact_preference_not_to_be_contacted"]
    kind = ld.finding_kind(codes[0])
    assert kind is not None and kind.mirrors == "ContPrefType_02"


def test_automatic_oth3_record() -> None:
    blocked = ld.ContactPreferences(rui=[4]).decide()
    record = blocked.automatic_record(learning_end="2025-07-31", as_of=datetime.date(2025, 9, 30))
    assert record == ld.oth3_record(learning_end="2025-07-31", as_of="2025-09-30")
    assert record is not None
    assert (record.code, record.start, record.end, record.collection) == (
        "OTH3",
        datetime.date(2025, 8, 1),
        None,
        datetime.date(2025, 9, 30),
    )
    open_ = ld.ContactPreferences().decide()
    assert open_.automatic_record(learning_end="2025-07-31", as_of="2025-09-30") is None
    with pytest.raises(ld.InvalidArgumentError) as raised:
        blocked.automatic_record(learning_end="2025-07-31", as_of="2025-07-30")
    assert raised.value.code == "date_order"
    assert blocked.to_dict()["decided_by"] == ["RUI4"]


def test_contact_code_table() -> None:
    codes = {c.name: c for c in ld.list_contact_codes()}
    assert len(codes) == 13
    pmc2 = codes["PMC2"]
    assert (pmc2.type, pmc2.code, pmc2.consent, pmc2.about, pmc2.era) == (
        "PMC", 2, "refuses", "telephone", "pre",
    )  # fmt: skip
    assert pmc2.valid_to == datetime.date(2018, 5, 25)
    assert pmc2.is_valid_on("2018-05-25") and not pmc2.is_valid_on("2018-05-26")
    assert codes["RUI4"].era is None and codes["RUI4"].about == "any_contact"
    assert ld.CONTACT_CODES_VERSION == "2023-24" and "ILR" in ld.CONTACT_CODES_SOURCE


def test_survey_tracking() -> None:
    survey = ld.Survey(learning_end="2025-07-31", sent=datetime.date(2025, 8, 1))
    assert (survey.reminders, survey.answered, survey.unsubscribed) == (0, None, None)
    pending = ld.track_survey(survey, as_of="2025-08-20")
    assert pending.state == "pending" and pending.record is None
    assert pending.next_reminder == datetime.date(2025, 8, 31)
    assert ld.track_survey(survey, as_of="2025-08-31").state == "reminder_due"
    late = ld.track_survey(survey, as_of="2025-09-30")
    assert late.state == "non_response" and late.flagged_for_review
    assert late.record is not None and late.record.code == "OTH3"
    assert late.non_response_from == datetime.date(2025, 9, 30)
    assert late.to_dict()["record"]["start"] == datetime.date(2025, 8, 1)
    answered = ld.Survey(learning_end="2025-07-31", sent="2025-08-01", answered="2025-08-05")
    assert ld.track_survey(answered, as_of="2025-12-01").state == "answered"
    quick = ld.TrackingSettings(reminder_interval_days=7)
    assert (quick.reminder_interval_days, quick.non_response_after_days) == (7, 60)
    assert ld.track_survey(survey, as_of="2025-08-08", settings=quick).state == "reminder_due"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.track_survey(survey, as_of="2025-08-08", settings=ld.TrackingSettings(non_response_after_days=0))
    assert raised.value.code == "tracking_setting_invalid"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.track_survey(survey, as_of="2025-07-01")
    assert raised.value.code == "date_order"


def test_values_pickle() -> None:
    values = [
        ld.ContactPreferences(rui=[2], pmc=[3], email="a@b.uk", mobile=None),
        ld.Survey(learning_end="2025-07-31", sent="2025-08-01", reminders=1, answered="2025-08-09"),
        ld.TrackingSettings(stop_contact_after_days=100),
        ld.oth3_record(learning_end="2025-07-31", as_of="2025-09-30"),
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
