"""Destination records, their rules, and awaiting destinations through the Python API."""

from __future__ import annotations

import datetime
import pickle
from typing import Any, Dict, List, Union

import pytest

import learner_destinations as ld


def test_records_are_values() -> None:
    record = ld.DestinationRecord("EMP 1", start="2025-09-01", collection=datetime.date(2025, 9, 15))
    assert (record.code, record.start, record.end, record.collection) == (
        "EMP 1",
        datetime.date(2025, 9, 1),
        None,
        datetime.date(2025, 9, 15),
    )
    same = ld.DestinationRecord("EMP 1", start="2025-09-01", collection="2025-09-15", end=None)
    assert record == same and hash(record) == hash(same) and len({record, same}) == 1
    assert pickle.loads(pickle.dumps(record)) == record
    assert record.to_dict() == {
        "code": "EMP 1",
        "start": datetime.date(2025, 9, 1),
        "end": None,
        "collection": datetime.date(2025, 9, 15),
    }
    assert repr(record) == (
        "DestinationRecord('EMP 1', start='2025-09-01', end=None, collection='2025-09-15')"
    )


def test_check_records() -> None:
    records: List[Union[ld.DestinationRecord, Dict[str, Any]]] = [
        ld.DestinationRecord("EMP1", start="2025-09-01", collection="2025-09-15"),
        {"code": "NPE1", "start": "2025-09-01", "end": "", "collection": "2025-09-15"},
        {"code": "EDU1", "start": datetime.date(2025, 9, 1), "end": "2025-08-01", "collection": "2025-09-15"},
    ]
    findings = ld.check_records(records, year="2025-26", file_preparation_date="2025-10-01")
    assert [(f.code, f.mirrors, f.records) for f in findings] == [
        ("destination_end_before_start", "OutEndDate_01", [2]),
        ("destination_emp_and_npe", "OutType_04", [0, 1]),
    ]
    first = findings[0]
    assert (first.column, first.value, first.severity, first.row) == ("end", "2025-08-01", "error", None)
    assert first.finding.code == "destination_end_before_start" and first.is_error
    assert first.to_dict()["records"] == [2] and first.to_dict()["mirrors"] == "OutEndDate_01"
    year = ld.TeachingYear(2025)
    assert ld.check_records(records[:1], year=year, file_preparation_date="2025-10-01") == []
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.check_records(records, year="2025-27", file_preparation_date="2025-10-01")
    assert raised.value.code == "teaching_year_format"
    with pytest.raises(TypeError, match="needs 'collection'"):
        ld.check_records([{"code": "EMP1", "start": "2025-09-01"}], year=year, file_preparation_date="2025-10-01")
    lcr = ld.Scheme.from_csv("code,title,ilr_equivalent\nLCR1,Job,EMP1\n", name="lcr")
    own = [ld.DestinationRecord("LCR1", start="2025-09-01", collection="2025-09-15")]
    assert ld.check_records(own, year=year, file_preparation_date="2025-10-01")[0].mirrors == "OutType_01"
    assert ld.check_records(own, year=year, file_preparation_date="2025-10-01", schemes=ld.Schemes([lcr])) == []


def test_teaching_years_and_months() -> None:
    year = ld.parse_teaching_year("2526")
    assert year == ld.TeachingYear(2025) == ld.TeachingYear.containing("2026-07-31")
    assert (str(year), year.start_year, year.start, year.end) == (
        "2025-26",
        2025,
        datetime.date(2025, 8, 1),
        datetime.date(2026, 7, 31),
    )
    assert "2025-08-01" in year and datetime.date(2025, 7, 31) not in year
    assert ld.TeachingYear(2024) < year and pickle.loads(pickle.dumps(year)) == year
    assert ld.parse_date(" 2025-09-01 ") == datetime.date(2025, 9, 1)
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.parse_date("2025-02-30")
    assert raised.value.code == "date_impossible" and "28 days" in raised.value.message
    assert ld.add_months("2025-01-31", 1) == datetime.date(2025, 2, 28)
    assert ld.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


def enrolment(**changes: object) -> ld.Enrolment:
    fields: Dict[str, Any] = dict(
        ukprn=10000001,
        uln="9276308686",
        learner_ref="L001",
        aim_ref="60012345",
        learning_end="2025-07-23",
        completion_status=2,
    )
    fields.update(changes)
    return ld.Enrolment(**fields)


def test_awaiting_destinations() -> None:
    report = ld.awaiting_destinations([enrolment()], as_of="2025-09-23")
    [waiting] = report.enrolments
    assert (waiting.enrolment, waiting.due, waiting.overdue) == (0, datetime.date(2025, 9, 23), True)
    assert int(waiting.ukprn) == 10000001 and str(waiting.uln) == "9276308686"
    [learner] = report.learners
    assert learner.enrolments == [0] and learner.finding.code == "destination_overdue"
    assert [f.code for f in report.findings] == ["destination_overdue"]
    destination = ld.LearnerDestination(
        ukprn="10000001", learner_ref="l001", code="EMP1", start="2025-08-01", collection="2025-09-01"
    )
    served = ld.awaiting_destinations([enrolment()], [destination], as_of="2025-09-23")
    assert served.enrolments == [] and served.learners == []
    # Dicts of the keyword arguments work too (e.g. DataFrame.to_dict("records")).
    as_dicts = ld.awaiting_destinations(
        [dict(ukprn="10000001", uln="9276308686", learner_ref="L001", aim_ref="60012345",
              learning_end="2025-07-23", completion_status="2")],
        as_of="2025-09-22",
    )  # fmt: skip
    assert not as_dicts.learners[0].overdue
    assert as_dicts.learners[0].finding.code == "destination_missing"
    on_break = ld.awaiting_destinations([enrolment(completion_status=6)], as_of="2025-09-23")
    assert on_break.enrolments == []


def test_enrolments_check_their_identifiers() -> None:
    e = enrolment(ukprn=ld.parse_ukprn("10000001"), uln=ld.parse_uln("9276308686"))
    assert e == enrolment() and pickle.loads(pickle.dumps(e)) == e
    assert (str(e.learner_ref), str(e.aim_ref), e.completion_status) == ("L001", "60012345", 2)
    with pytest.raises(ld.InvalidArgumentError) as raised:
        enrolment(uln="9276308687")
    assert raised.value.code == "uln_checksum"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        enrolment(completion_status=4)
    assert raised.value.code == "option_invalid"
    with pytest.raises(TypeError):
        enrolment(uln=9276308686)
    with pytest.raises(TypeError):
        ld.awaiting_destinations([("not", "an", "enrolment")], as_of="2025-09-23")  # type: ignore[list-item]
