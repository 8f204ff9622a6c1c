"""Survey derivation through the Python API: answers as a dict or JSON text."""

from __future__ import annotations

import datetime
import decimal
import json
from typing import Any, Dict

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

ANSWERS: Dict[str, Any] = {
    "answers": {
        "activities": ["paid_employment"],
        "hours": "37.5",
        "employed_before": True,
        "change_since": ["more_hours"],
        "completed_on": "2025-10-01",
    }
}


def test_derivation() -> None:
    out = ld.derive_survey(ANSWERS, as_of="2025-10-02", learning_end=datetime.date(2025, 7, 18))
    assert out.findings == [] and not out.has_errors
    [record] = out.records
    assert (record.activity, record.code, record.wmca_code, record.main) == (
        "paid_employment", "EMP1", "WMCA1.1", True,
    )  # fmt: skip
    assert record.title == "In paid employment for 16 hours or more per week"
    assert (record.start, record.end, record.collection) == (
        datetime.date(2025, 7, 19), None, datetime.date(2025, 10, 1),
    )  # fmt: skip
    questions = [b.question for b in record.because]
    assert "activities" in questions and all(b.note for b in record.because)
    assert record.to_record() == ld.DestinationRecord(
        "EMP1", start="2025-07-19", collection="2025-10-01"
    )
    assert ld.check_records(
        [record.to_record()], year="2025-26", file_preparation_date="2025-10-02"
    ) == []


def test_answers_as_json_text_dates_and_decimals() -> None:
    from_text = ld.derive_survey(json.dumps(ANSWERS), as_of="2025-10-02", learning_end="2025-07-18")
    as_dict = ld.derive_survey(ANSWERS, as_of="2025-10-02", learning_end="2025-07-18")
    assert as_dict.records and from_text.records == as_dict.records
    typed = {
        "answers": {
            **ANSWERS["answers"],
            "hours": decimal.Decimal("37.5"),
            "completed_on": datetime.date(2025, 10, 1),
        }
    }
    assert ld.derive_survey(typed, as_of="2025-10-02", learning_end="2025-07-18").records == as_dict.records
    example = (REPO_ROOT / "examples" / "survey-answers.json").read_text(encoding="utf-8")
    out = ld.derive_survey(example, as_of="2025-10-31")  # its learning_end is in the file
    assert [(r.code, r.main) for r in out.records] == [("EMP1", True), ("EDU5", False)]
    assert out.records[0].start == datetime.date(2025, 7, 19)


def test_answers_that_cannot_be_used_are_findings() -> None:
    answers = {"answers": {"activities": ["space_travel"], "completed_on": "2025-10-01"}}
    out = ld.derive_survey(answers, as_of="2025-10-02", learning_end="2025-07-18")
    assert out.has_errors and out.records == []
    finding = out.findings[0]
    assert (finding.code, finding.column, finding.value) == (
        "survey_unknown_option", "activities", "space_travel",
    )  # fmt: skip
    late = ld.derive_survey(ANSWERS, as_of="2025-09-30", learning_end="2025-07-18")
    assert "survey_completed_after_as_of" in [f.code for f in late.findings]


def test_documents_that_are_not_answers() -> None:
    with pytest.raises(ld.FileFormatError) as raised:
        ld.derive_survey('{"answers": ', as_of="2025-10-02")
    assert raised.value.code == "json_invalid" and "line 1" in raised.value.message
    with pytest.raises(ld.FileFormatError) as raised:
        ld.derive_survey({"activities": ["paid_employment"]}, as_of="2025-10-02")
    assert raised.value.code == "json_invalid"
    # A value that is not plain data is refused with a catalogued code, naming where it sits.
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.derive_survey({"answers": {"activities": object()}}, as_of="2025-10-02")  # type: ignore[dict-item]
    assert refused.value.code == "option_invalid"
    assert refused.value.message.startswith("option 'answers.answers.activities': ")
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.derive_survey({"answers": {1: "x"}}, as_of="2025-10-02")  # type: ignore[dict-item]
    assert refused.value.code == "option_invalid" and "key of type int" in refused.value.message


def test_definitions() -> None:
    builtin = ld.SurveyDefinition()
    assert builtin.id and builtin.version and builtin.title and builtin.source
    assert {"activities", "completed_on"} <= set(builtin.question_ids)
    data = builtin.to_dict()
    assert [q["id"] for q in data["questions"]] == builtin.question_ids
    again = ld.SurveyDefinition.from_json(builtin.to_json())
    assert again == builtin
    # A definition of one's own: fewer activities.
    data["id"] = "short"
    for q in data["questions"]:
        if q["kind"] == "activities":
            q["options"] = [o for o in q["options"] if o["id"] in ("paid_employment", "gap_year")]
            for o in q["options"]:
                o.pop("covers", None)
    short = ld.SurveyDefinition.from_json(json.dumps(data))
    gap = {"answers": {"activities": ["higher_education"], "completed_on": "2025-10-01"}}
    out = ld.derive_survey(gap, as_of="2025-10-02", learning_end="2025-07-18", definition=short)
    assert [f.code for f in out.findings][0] == "survey_unknown_option"
    assert "higher_education" not in out.findings[0].message.split("options are")[1]
    with pytest.raises(ld.FileFormatError) as raised:
        ld.SurveyDefinition.from_json('{"id": "x"}')
    assert raised.value.code == "json_invalid"
    broken = builtin.to_dict()
    broken["questions"] = [q for q in broken["questions"] if q["kind"] != "completed_on"]
    with pytest.raises(ld.FileFormatError) as raised:
        ld.SurveyDefinition.from_json(json.dumps(broken))
    assert raised.value.code == "survey_definition_invalid"
