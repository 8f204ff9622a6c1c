"""Workbook upload sources, the qualification upload, learner credentials and the empty
templates through Python."""

from __future__ import annotations

import io
import pathlib
import threading
import time
from typing import List

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT
from test_qualifications import xlsx

AS_OF = "2025-09-01"
EXAMPLES = REPO_ROOT / "examples"
DESTINATIONS_HEADER = [
    "UKPRN",
    "Unique Learner Number",
    "Learner Reference Number",
    "Learning Aim Reference",
    "Learning Aim Title",
    "Destination Code",
]


def test_destinations_from_a_workbook(tmp_path: pathlib.Path) -> None:
    book = xlsx(
        {
            "Notes": [["Read me"]],
            "March": [DESTINATIONS_HEADER, [10012345, 9276308686, "LRN1", 20000008, "ICT", "EMP 1"]],
        }
    )  # fmt: skip
    # The format is told by the bytes, whatever the source: bytes, a path, a file object.
    path = tmp_path / "march.xlsx"
    path.write_bytes(book)
    for source in (book, path, io.BytesIO(book)):
        result = ld.validate_destinations(source, sheet="march", as_of=AS_OF)
        s = result.summary
        assert (s.format, s.rows, s.accepted) == ("xlsx", 1, 1), s
        assert result.accepted_rows[0]["Unique Learner Number"] == "9276308686"
    # Without sheet=, the first sheet, which has no upload in it.
    with pytest.raises(ld.MissingColumnsError):
        ld.validate_destinations(book, as_of=AS_OF)
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(book, sheet="April", as_of=AS_OF)
    assert raised.value.code == "sheet_not_found" and raised.value.value == "April"
    with pytest.raises(ld.FileFormatError) as damaged:
        ld.validate_learners(b"PK\x03\x04" + b"\x00" * 64, as_of=AS_OF)
    assert damaged.value.code == "workbook_unreadable"


def test_learner_credentials(tmp_path: pathlib.Path) -> None:
    source = EXAMPLES / "learners-import.csv"
    plain = ld.validate_learners(source, as_of=AS_OF)
    assert plain.credentials is None
    with pytest.raises(ld.InvalidArgumentError):
        plain.write_credentials_csv(io.BytesIO())

    result = ld.validate_learners(
        source, as_of=AS_OF, credentials=True, existing_usernames=["pmarmoshon"]
    )
    creds = result.credentials
    assert creds is not None and len(creds) == result.summary.accepted > 0
    assert list(creds[0]) == list(ld.CREDENTIALS_COLUMNS)
    paul = creds[0]
    assert (paul["First name"], paul["Provider"], paul["Created on"]) == ("Paul", "10012345", AS_OF)
    # Unique against the existing usernames (ignoring case) and within the file.
    assert paul["Username"] != "PMarmoshon" and paul["Username"].startswith("PMarmoshon")
    assert len({c["Username"].lower() for c in creds}) == len(creds)
    for c in creds:
        assert ld.check_username(c["Username"]) is None
        assert ld.check_password(c["Password"]) is None
    # Without existing usernames the first learner gets the plain one.
    again = ld.validate_learners(source, as_of=AS_OF, credentials=True).credentials
    assert again is not None and again[0]["Username"] == "PMarmoshon"
    out = tmp_path / "credentials.csv"
    result.write_credentials_csv(out)
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(ld.CREDENTIALS_COLUMNS)
    assert paul["Password"] in lines[1] and len(lines) == len(creds) + 2
    # keep_accepted=False still issues credentials.
    lean = ld.validate_learners(source, as_of=AS_OF, credentials=True, keep_accepted=False)
    assert lean.credentials is not None and len(lean.credentials) == len(creds)


def test_qualifications_upload(tmp_path: pathlib.Path) -> None:
    upload = EXAMPLES / "learner-qualifications.csv"
    export = EXAMPLES / "learner-qualifications-export.csv"
    result = ld.validate_qualifications(upload)
    assert result.summary.template == "qualifications"
    assert result.lists_are_default is True and result.lists_source
    other = ld.validate_learners(EXAMPLES / "learners-import.csv", as_of=AS_OF)
    assert other.lists_source is None and other.lists_are_default is None
    compared = ld.validate_qualifications(upload, export=export)
    codes = {f.code for f in compared.findings}
    assert codes - {f.code for f in result.findings}, "the export adds identity findings"
    # The export as an ExportedLearners gives the same answer as the file.
    learners = ld.ExportedLearners(
        [
            {"account_id": "1001", "forename": "Paul", "surname": "Marmoshon", "date_of_birth": "2008-01-02",
             "current_provider": "English Beautiful Community School", "current_area": "Birmingham"},
            {"account_id": "1002", "forename": "Ann", "surname": "Lee", "date_of_birth": "2008-03-04",
             "current_provider": "English Beautiful Community School", "current_area": "Solihull"},
        ]
    )  # fmt: skip
    by_object = ld.validate_qualifications(upload, export=learners)
    assert "qualification_account_unknown" in {f.code for f in by_object.findings}
    assert by_object.summary.rejected >= compared.summary.rejected

    # Reference lists from a workbook's reference sheets: lists= first, then reference=.
    reference = xlsx(
        {
            "Qualification type": [["Qualification type"], ["BTEC Level 3"]],
            "Qualification Subject": [["Qualification type", "Subject"], ["BTEC Level 3", "Engineering"]],
            "Qualification Grading": [["Qualification type", "Grade"], ["BTEC Level 3", "D*"]],
        }
    )  # fmt: skip
    ref_path = tmp_path / "reference.xlsx"
    ref_path.write_bytes(reference)
    by_reference = ld.validate_qualifications(upload, reference=ref_path)
    assert by_reference.lists_source is not None
    assert by_reference.lists_source.endswith("reference.xlsx")
    assert by_reference.lists_are_default is False
    assert by_reference.summary.rejected >= result.summary.rejected
    chosen = ld.validate_qualifications(upload, reference=ref_path, lists=ld.QualificationLists())
    assert chosen.lists_source == result.lists_source
    for data, code in ((b"not lists", "json_invalid"), (b"\xff\x00\x01", "reference_lists_invalid")):
        with pytest.raises(ld.FileFormatError) as bad:
            ld.validate_qualifications(upload, reference=data)
        assert bad.value.code == code, bad.value

    # The exported workbook as the upload: its own reference sheets give the lists.
    rows = [line.split(",") for line in upload.read_text(encoding="utf-8").splitlines()]
    book = xlsx(
        {
            "Learner Qualifications": rows,
            "Qualification type": [["Qualification type"], ["GCSE (9-1)"]],
            "Qualification Subject": [["Qualification type", "Subject"], ["GCSE (9-1)", "Mathematics"]],
            "Qualification Grading": [["Qualification type", "Grade"], ["GCSE (9-1)", "7"]],
        }
    )  # fmt: skip
    from_book = ld.validate_qualifications(book, file_name="export.xlsx")
    assert from_book.summary.format == "xlsx"
    assert from_book.lists_source is not None and from_book.lists_source.endswith("export.xlsx")
    assert from_book.summary.rows == result.summary.rows


def test_empty_templates() -> None:
    for kind in ("destinations", "learners", "qualifications"):
        csv = ld.template_csv(kind)
        assert csv.startswith(b"\xef\xbb\xbf") and csv.endswith(b"\r\n")
        book = ld.read_workbook(ld.template_xlsx(kind))
        sheet = {"destinations": "Destinations", "learners": "Learners"}.get(kind, "Learner Qualifications")
        header = [cell.rstrip("*") for cell in book.sheet(sheet).rows[0][1]]
        assert header == csv[3:-2].decode("utf-8").split(",")
    assert ld.template_csv("Destinations").startswith(b"\xef\xbb\xbfUKPRN,Unique Learner Number")
    lists = ld.LearnerLists()
    assert ld.template_xlsx("learners", learner_lists=lists)[:2] == b"PK"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.template_csv("survey")
    assert raised.value.code == "option_invalid" and "destinations" in raised.value.message
    with pytest.raises(ld.InvalidArgumentError):
        ld.template_xlsx("survey")


def test_other_threads_run_while_qualifications_are_checked() -> None:
    """validate_qualifications releases the GIL as the other templates do: a Python loop in this
    thread keeps running while a large upload is checked."""
    lines = (EXAMPLES / "learner-qualifications.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    rows_wanted = 1_000
    while True:
        data = "\n".join([header] + rows * (rows_wanted // len(rows))).encode()
        start = time.perf_counter()
        ld.validate_qualifications(data)
        if time.perf_counter() - start >= 0.25 or rows_wanted >= 2_000_000:
            break
        rows_wanted *= 2

    def loop_rate(seconds: float) -> float:
        ticks, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            ticks += 1
        return ticks / seconds

    alone = loop_rate(0.1)
    done = threading.Event()
    results: List[ld.UploadResult] = []

    def check() -> None:
        results.append(ld.validate_qualifications(data, keep_accepted=False))
        done.set()

    worker = threading.Thread(target=check)
    ticks, start = 0, time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.perf_counter()
    elapsed = time.perf_counter() - start
    worker.join()
    assert results[0].summary.rows > 0
    assert ticks >= 0.1 * alone * elapsed, (ticks, alone, elapsed)
