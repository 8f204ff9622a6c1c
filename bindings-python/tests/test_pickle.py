"""The result objects pickle and deep-copy (src/pickling.rs), so a ProcessPoolExecutor's workers
can return them: each comes back equal to the original, in this process and from another."""

from __future__ import annotations

import copy
import pathlib
import pickle
import tempfile
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Dict

import pytest

import learner_destinations as ld

UPLOAD = (
    b"UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
    b"Learning Aim Title,Destination Code\n"
    b"10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n"
    b"10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n"
    b"10012345,1000000043,LRN3,20000008,Z\xc3\xb6e's course,WMCA1.1\n"
)
LEARNERS = (
    "UKPRN,Learner year group,First name,Last name,Postcode,Dob,ULN\n"
    "10012345,year 12,Zoë,Learner,b338th,2008-02-03,9276308686\n"
).encode()
ANSWERS: Dict[str, Any] = {
    "answers": {
        "activities": ["paid_employment"],
        "hours": "37.5",
        "employed_before": True,
        "change_since": ["more_hours"],
        "completed_on": "2025-10-01",
    }
}


def destinations() -> ld.UploadResult:
    return ld.validate_destinations(UPLOAD, as_of="2025-09-01", processed_at="2025-09-01T09:00:00")


def awaiting() -> ld.Awaiting:
    enrolment = ld.Enrolment(
        ukprn=10000001, uln="9276308686", learner_ref="L001", aim_ref="60012345",
        learning_end="2025-07-23", completion_status=2,
    )  # fmt: skip
    return ld.awaiting_destinations([enrolment], [], as_of="2025-09-23")


# Each picklable result, made the way a user gets it.
MAKERS: Dict[str, Callable[[], Any]] = {
    "UploadResult": destinations,
    "UploadResult (learners, credentials)": lambda: ld.validate_learners(
        LEARNERS, as_of="2025-09-01", credentials=True, seed=7, processed_at="2025-09-01T09:00:00"
    ),
    "UploadResult (rows not kept)": lambda: ld.validate_destinations(
        UPLOAD, as_of="2025-09-01", keep_accepted=False, processed_at="2025-09-01T09:00:00"
    ),
    "UploadSummary": lambda: destinations().summary,
    "RejectedRow": lambda: destinations().rejected_rows[0],
    "ContactDecision": lambda: ld.ContactPreferences(rui=[2], pmc=[3]).decide(policy="ilr"),
    "Tracking": lambda: ld.track_survey(
        ld.Survey(learning_end="2025-07-18", sent="2025-07-20"), as_of="2025-12-01"
    ),
    "SurveyDerivation": lambda: ld.derive_survey(ANSWERS, as_of="2025-10-02", learning_end="2025-07-18"),
    "DerivedRecord": lambda: ld.derive_survey(ANSWERS, as_of="2025-10-02", learning_end="2025-07-18").records[0],
    "Because": lambda: ld.derive_survey(
        ANSWERS, as_of="2025-10-02", learning_end="2025-07-18"
    ).records[0].because[0],
    "SurveyDefinition": ld.SurveyDefinition,
    "Awaiting": awaiting,
    "AwaitingEnrolment": lambda: awaiting().enrolments[0],
    "AwaitingLearner": lambda: awaiting().learners[0],
    "LearnerDestination": lambda: ld.LearnerDestination(
        ukprn=10000001, learner_ref="L001", code="EMP1", start="2025-09-01",
        collection="2025-09-15", uln="9276308686",
    ),  # fmt: skip
    "RecordFinding": lambda: ld.check_records(
        [
            ld.DestinationRecord("EMP1", start="2025-09-01", collection="2025-09-15"),
            ld.DestinationRecord("NPE1", start="2025-09-01", collection="2025-09-15"),
        ],
        file_preparation_date="2025-10-01",
    )[0],
    "LearnerLists": ld.LearnerLists,
    "QualificationLists": ld.QualificationLists,
    "QualificationType": lambda: ld.QualificationLists().qualification_type("GCSE (9-1)"),
}


@pytest.mark.parametrize("name", list(MAKERS))
def test_pickle_and_deepcopy(name: str) -> None:
    original = MAKERS[name]()
    assert pickle.loads(pickle.dumps(original)) == original
    assert copy.deepcopy(original) == original
    assert copy.copy(original) == original


def make(name: str) -> Any:
    return MAKERS[name]()


def test_returned_from_worker_processes() -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip(MAKERS, pool.map(make, MAKERS)))
    for name, value in results.items():
        assert value == MAKERS[name](), name


def test_an_unpickled_result_works_as_the_original() -> None:
    original = destinations()
    copied = pickle.loads(pickle.dumps(original))
    assert copied.accepted_columns == original.accepted_columns
    assert copied.findings == original.findings and copied.truncated == original.truncated
    with tempfile.TemporaryDirectory() as tmp:
        a, b = pathlib.Path(tmp, "a.csv"), pathlib.Path(tmp, "b.csv")
        original.write_errors_csv(a)
        copied.write_errors_csv(b)
        assert a.read_bytes() == b.read_bytes()
        original.write_accepted_csv(a)
        copied.write_accepted_csv(b)
        assert a.read_bytes() == b.read_bytes()
    learners = MAKERS["UploadResult (learners, credentials)"]()
    assert pickle.loads(pickle.dumps(learners)).credentials == learners.credentials
    lean = pickle.loads(pickle.dumps(MAKERS["UploadResult (rows not kept)"]()))
    with pytest.raises(ld.InvalidArgumentError):
        lean.accepted_rows


def test_an_unpickled_result_still_refuses_to_write_over_its_upload() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        upload = pathlib.Path(tmp, "march.csv")
        upload.write_bytes(UPLOAD)
        copied = pickle.loads(pickle.dumps(ld.validate_destinations(upload, as_of="2025-09-01")))
        with pytest.raises(ld.InvalidArgumentError) as refused:
            copied.write_errors_csv(upload)
        assert refused.value.code == "output_is_input"
        assert upload.read_bytes() == UPLOAD


def test_a_damaged_pickle_is_refused() -> None:
    from learner_destinations import _native

    with pytest.raises(ld.FileFormatError) as damaged:
        _native._unpickle("Tracking", b'{"state": "lost"}')
    assert damaged.value.code == "json_invalid"
    # A finding code this version does not have is refused, never guessed.
    state = pickle.dumps(MAKERS["RejectedRow"]()).replace(b"uln_checksum", b"uln_chucksum")
    with pytest.raises(ld.FileFormatError):
        pickle.loads(state)
    with pytest.raises(ld.InvalidArgumentError):
        _native._unpickle("Workbook", b"{}")
