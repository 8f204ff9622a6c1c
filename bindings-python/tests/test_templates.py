"""Upload templates through Python: sources, options, the result's views and files, failures,
and the GIL released while a file is checked."""

from __future__ import annotations

import datetime
import io
import os
import pathlib
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Tuple

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

HEADER = (
    "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
    "Learning Aim Title,Destination Code"
)
UPLOAD = (
    f"{HEADER}\r\n"
    "10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\r\n"
    "10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\r\n"
    "10012345,9999999999,LRN3,z0002406,=HYPERLINK(1),wmca1.1\r\n"
).encode()
AS_OF = datetime.date(2025, 9, 1)
# A fixed processing time, so that the summaries of two runs compare equal.
AT = "2025-09-01T09:00:00+01:00"

LEARNERS = (
    "UKPRN,Learner year group,First name,Last name,Postcode,Dob,Email address,ULN,Gender\n"
    "10012345,year 12,Zoë,Learner,b338th,2008-02-03,zoe@example.ac.uk,9276308686,female\n"
    "10012345,Year 11,Sam,Smith,B33 8TH,03/02/2008,,,\n"
    "10099999,Year 11,Ann,Other,B1 1AA,2010-01-01,,1000000043,\n"
    "10012345,Year 12,Zoe,Again,B33 8TH,2008-02-03,,9276308686,\n"
).encode()


def big_upload(rows: int) -> bytes:
    """A valid upload of `rows` distinct enrolments (fast to make, slow enough to check)."""
    lines = [HEADER]
    lines += [f"10012345,9276308686,L{i:010d},20000008,ICT for Users,EMP1" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_result_views() -> None:
    result = ld.validate_destinations(UPLOAD, as_of=AS_OF, ukprn=10012345)
    s = result.summary
    assert (s.template, s.rows, s.accepted, s.rejected, s.errors, s.warnings) == (
        "destinations", 3, 2, 1, 1, 1,
    )  # fmt: skip
    assert (s.format, s.encoding, s.delimiter, s.file) == ("csv", "UTF-8", "comma", None)
    # processed_at defaults to the time of the run (the host's clock, RFC 3339).
    assert s.processed_at is not None
    assert datetime.datetime.fromisoformat(s.processed_at).tzinfo is not None
    assert s.to_dict()["accepted"] == 2 and s.blank_rows_skipped == 0
    assert s.duplicate_rows == 0 and s.to_dict()["duplicate_rows"] == 0
    assert not result.all_accepted and not result.truncated
    assert [(f.row, f.code) for f in result.findings] == [(3, "uln_checksum"), (4, "uln_unknown")]
    first = result.findings[0]
    assert first.column == "Unique Learner Number" and first.value == "9276308687"
    assert first.severity == "error" and "should be 6, not 7" in first.message
    assert result.columns == [
        "UKPRN", "Unique Learner Number", "Learner Reference Number", "Learning Aim Reference",
        "Learning Aim Title", "Destination Code", "ILR Code", "WMCA Code", "Destination",
    ]  # fmt: skip
    rows = result.accepted_rows
    assert [r["row"] for r in rows] == [2, 4]
    assert rows[0]["Destination Code"] == "EMP1" and rows[0]["WMCA Code"] == "WMCA1.0"
    assert rows[1]["Learning Aim Reference"] == "Z0002406" and rows[1]["ILR Code"] == "EMP1"
    assert rows[1]["Learning Aim Title"] == "=HYPERLINK(1)"  # kept as given; neutralised in files
    columns = result.accepted_columns
    assert list(columns) == ["row", *result.columns]
    assert columns["row"] == [2, 4]
    assert columns["Destination Code"] == ["EMP1", "WMCA1.1"]
    assert all(len(v) == 2 for v in columns.values())
    rejected = result.rejected_rows
    assert [(r.row, r.error_codes) for r in rejected] == [(3, ["uln_checksum"])]
    assert rejected[0].findings == [first]
    assert repr(rejected[0]) == "RejectedRow(row=3, error_codes=['uln_checksum'])"


def test_files(tmp_path: pathlib.Path) -> None:
    result = ld.validate_destinations(UPLOAD, as_of=AS_OF)
    errors, accepted = tmp_path / "errors.csv", tmp_path / "accepted.csv"
    result.write_errors_csv(errors)
    result.write_accepted_csv(str(accepted))
    errors_text = errors.read_bytes().decode("utf-8")
    # The errors file: the header's columns, then Row, Errors and Extra values (a ragged row's
    # values past the header; empty here), so every line has the header's field count.
    errors_lines = errors_text.split("\r\n")
    assert errors_lines[0] == "\ufeff" + HEADER + ",Row,Errors,Extra values"
    assert len(errors_lines) == 3 and errors_lines[2] == ""
    assert ",3,\"Unique Learner Number: ULN '9276308687' fails the ESFA checksum" in errors_lines[1]
    assert errors_lines[1].endswith("the learner's record\",")  # no extra values
    accepted_text = accepted.read_bytes().decode("utf-8-sig")
    lines = accepted_text.split("\r\n")
    assert lines[0].startswith("UKPRN,") and lines[0].endswith(",Destination")
    assert len(lines) == 4 and lines[3] == ""
    assert ",'=HYPERLINK(1)," in lines[2]  # a formula is neutralised for spreadsheets
    # A binary file object works as well, with the same bytes.
    buffer = io.BytesIO()
    result.write_accepted_csv(buffer)
    assert buffer.getvalue() == accepted.read_bytes()
    with pytest.raises(ld.FileReadError) as raised:
        result.write_errors_csv(tmp_path / "no-such-dir" / "errors.csv")
    assert raised.value.code == "output_unwritable" and "no-such-dir" in raised.value.message
    with pytest.raises(TypeError):
        result.write_errors_csv(42)  # type: ignore[arg-type]


def test_duplicates_left_out_of_the_errors_file(tmp_path: pathlib.Path) -> None:
    """A row rejected only as a repeat of an earlier row is counted in duplicate_rows and left
    out of the errors file (written after or while checking), so the corrected errors file
    uploaded on its own cannot let it in; it stays among the rejected rows."""
    upload = (
        f"{HEADER}\r\n"
        "10012345,9276308686,LRN1,20000008,ICT for Users,EMP1\r\n"
        "10012345,9276308686,LRN1,20000008,ICT for Users,EMP1\r\n"
        "10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\r\n"
    ).encode()
    streamed = tmp_path / "errors.csv"
    result = ld.validate_destinations(upload, as_of=AS_OF, errors_csv=streamed)
    s = result.summary
    assert (s.rows, s.accepted, s.rejected, s.duplicate_rows) == (3, 1, 2, 1)
    assert s.to_dict()["duplicate_rows"] == 1
    assert [(r.row, r.error_codes) for r in result.rejected_rows] == [
        (3, ["duplicate_destination"]),
        (4, ["uln_checksum"]),
    ]
    written = _written(ld.validate_destinations(upload, as_of=AS_OF).write_errors_csv)
    assert streamed.read_bytes() == written
    lines = written.decode("utf-8-sig").split("\r\n")
    assert len(lines) == 3 and lines[2] == ""  # the header and row 4 only
    assert lines[1].startswith("10012345,9276308687,LRN2,") and ",4,\"" in lines[1]


def test_export_written_while_checking(tmp_path: pathlib.Path) -> None:
    """accepted_csv writes the export during the pass: the same bytes as write_accepted_csv,
    with or without the rows kept."""
    kept = ld.validate_destinations(UPLOAD, as_of=AS_OF, processed_at=AT)
    expected = io.BytesIO()
    kept.write_accepted_csv(expected)
    for keep in (True, False):
        streamed = tmp_path / f"streamed-{keep}.csv"
        result = ld.validate_destinations(
            UPLOAD, as_of=AS_OF, keep_accepted=keep, accepted_csv=streamed, processed_at=AT
        )
        assert streamed.read_bytes() == expected.getvalue()
        assert result.summary == kept.summary
    # The other templates take it too.
    learners = tmp_path / "learners.csv"
    result = ld.validate_learners(LEARNERS, as_of=AS_OF, accepted_csv=str(learners))
    assert learners.read_bytes() == _written(result.write_accepted_csv)
    # A file that cannot be written is named; a file object is refused with what to do.
    with pytest.raises(ld.FileReadError) as raised:
        ld.validate_destinations(
            UPLOAD, as_of=AS_OF, accepted_csv=tmp_path / "no-such-dir" / "export.csv"
        )
    assert raised.value.code == "output_unwritable" and "no-such-dir" in raised.value.message
    with pytest.raises(ld.InvalidArgumentError, match="write_accepted_csv") as refused:
        ld.validate_destinations(UPLOAD, as_of=AS_OF, accepted_csv=io.BytesIO())  # type: ignore[arg-type]
    assert refused.value.code == "option_invalid"


def _written(write: Callable[[io.BytesIO], None]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def test_every_kind_of_source(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "march.csv"
    path.write_bytes(UPLOAD)
    expected = ld.validate_destinations(UPLOAD, as_of=AS_OF).summary.to_dict()
    with open(path, "rb") as f:
        from_file = ld.validate_destinations(f, as_of=AS_OF)
    results = [
        ld.validate_destinations(path, as_of=AS_OF),
        ld.validate_destinations(str(path), as_of="2025-09-01"),
        ld.validate_destinations(bytearray(UPLOAD), as_of=AS_OF),
        ld.validate_destinations(io.BytesIO(UPLOAD), as_of=AS_OF),
        from_file,
    ]
    for result in results:
        counts = {k: v for k, v in result.summary.to_dict().items() if k != "file"}
        assert counts == {k: v for k, v in expected.items() if k != "file"}
    # The file name is the path's (without directories) unless given.
    assert results[0].summary.file == "march.csv" and from_file.summary.file == "march.csv"
    assert results[2].summary.file is None
    named = ld.validate_destinations(
        UPLOAD,
        as_of=AS_OF,
        file_name="upload 1.csv",
        processed_at=datetime.datetime(2025, 9, 1, 9, 30),
    )
    assert named.summary.file == "upload 1.csv"
    assert named.summary.processed_at == "2025-09-01T09:30:00"
    assert ld.validate_destinations(UPLOAD, as_of=AS_OF, processed_at="now").summary.processed_at == "now"


def test_file_objects_are_read_in_chunks() -> None:
    reads: List[int] = []

    class Recording(io.BytesIO):
        def read(self, size: int | None = -1, /) -> bytes:
            reads.append(-1 if size is None else size)
            return super().read(size)

    data = big_upload(20_000)
    result = ld.validate_destinations(Recording(data), as_of=AS_OF)
    assert result.summary.rows == 20_000
    # Every read asks for a bounded chunk, never the whole file at once.
    assert len(reads) >= 2 and all(0 < n < len(data) for n in reads)


def test_options() -> None:
    other = ld.validate_destinations(UPLOAD, as_of=AS_OF, ukprn="10000001")
    assert other.summary.accepted == 0
    assert {f.code for f in other.findings} >= {"ukprn_not_uploader"}
    capped = ld.validate_destinations(UPLOAD, as_of=AS_OF, ukprn=10000001, max_findings=2)
    assert capped.truncated and len(capped.findings) == 2
    assert capped.summary.errors + capped.summary.warnings > 2  # the counts stay exact
    # EMP3 ended on 2015-07-31: the as-of date decides.
    emp3 = f"{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP3\n".encode()
    assert ld.validate_destinations(emp3, as_of="2015-07-31").all_accepted
    assert not ld.validate_destinations(emp3, as_of="2015-08-01").all_accepted
    # Today by default (the host layer's clock).
    assert not ld.validate_destinations(emp3).all_accepted
    lcr = ld.Scheme.from_csv("code,title,ilr_equivalent\nLCR1,Job,EMP1\n", name="lcr")
    own = f"{HEADER}\n10012345,9276308686,LRN1,20000008,,LCR1\n".encode()
    assert not ld.validate_destinations(own, as_of=AS_OF).all_accepted
    with_lcr = ld.validate_destinations(own, as_of=AS_OF, schemes=ld.Schemes([lcr]))
    assert with_lcr.accepted_rows[0]["ILR Code"] == "EMP1"
    # The options are the core's: refusals name the option and keep the rule's reason.
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(UPLOAD, as_of="2025-02-30")
    assert raised.value.code == "option_invalid" and "February 2025 has 28 days" in str(raised.value)
    assert str(raised.value).startswith("option 'as_of': ")
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(UPLOAD, ukprn=123)
    assert raised.value.code == "option_invalid" and "option 'ukprn'" in str(raised.value)
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(UPLOAD, ukprn=1.5)  # type: ignore[arg-type]
    assert raised.value.code == "option_invalid"
    # A typo never turns a check off: an unknown option is refused, naming the ones there are.
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(UPLOAD, ukrpn=10012345)  # type: ignore[call-arg]
    assert raised.value.code == "option_unknown"
    assert "'ukrpn'" in str(raised.value) and "ukprn" in str(raised.value)
    assert "schemes" in str(raised.value)
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.validate_destinations(UPLOAD, max_findings=-1)
    assert raised.value.code == "option_invalid" and "max_findings" in str(raised.value)
    with pytest.raises(TypeError, match="schemes takes a Schemes"):
        ld.validate_destinations(UPLOAD, schemes="ilr")  # type: ignore[arg-type]


def test_report_only() -> None:
    """keep_accepted=False keeps no accepted rows: the report and the errors file only."""
    lean = ld.validate_destinations(UPLOAD, as_of=AS_OF, keep_accepted=False, processed_at=AT)
    full = ld.validate_destinations(UPLOAD, as_of=AS_OF, processed_at=AT)
    assert lean.summary == full.summary and lean.findings == full.findings
    assert lean.rejected_rows == full.rejected_rows
    errors_lean, errors_full = io.BytesIO(), io.BytesIO()
    lean.write_errors_csv(errors_lean)
    full.write_errors_csv(errors_full)
    assert errors_lean.getvalue() == errors_full.getvalue()
    views: List[Callable[[], object]] = [
        lambda: lean.accepted_rows,
        lambda: lean.accepted_columns,
        lambda: lean.write_accepted_csv(io.BytesIO()),
    ]
    for view in views:
        with pytest.raises(ld.InvalidArgumentError, match="keep_accepted=True"):
            view()


def test_files_that_cannot_be_processed(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ld.MissingColumnsError) as missing:
        ld.validate_destinations(b"UKPRN;ULN\n1;2\n", as_of=AS_OF)
    error = missing.value
    assert isinstance(error, ld.FileFormatError) and isinstance(error, ValueError)
    assert error.code == "missing_columns" and "semicolons" in error.message
    assert "Destination Code" in error.missing and error.found == ["UKPRN;ULN"]
    again = pickle.loads(pickle.dumps(error))
    assert (again.missing, again.found, again.message) == (error.missing, error.found, error.message)
    cases: Dict[str, bytes] = {
        "not_csv": b"%PDF-1.7\n" + b"\x00" * 64,
        "workbook_unreadable": b"PK\x03\x04" + b"\x00" * 64,
        "no_data": f"{HEADER}\n\n".encode(),
        "duplicate_column": f"{HEADER},UKPRN\n".encode(),
        "encoding_unsupported": b"U\x00K\x00P\x00R\x00N\x00,\x00",
    }
    for code, data in cases.items():
        with pytest.raises(ld.FileFormatError) as raised:
            ld.validate_destinations(data, as_of=AS_OF)
        assert raised.value.code == code, raised.value
        assert not isinstance(raised.value, ld.MissingColumnsError)
    with pytest.raises(ld.FileReadError) as read_error:
        ld.validate_destinations(tmp_path / "missing.csv", as_of=AS_OF)
    assert read_error.value.code == "input_unreadable" and "missing.csv" in read_error.value.message
    with pytest.raises(TypeError, match="binary mode"):
        ld.validate_destinations(io.StringIO(UPLOAD.decode()), as_of=AS_OF)  # type: ignore[arg-type]

    class Failing(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise ConnectionError("the network went away")

    with pytest.raises(ConnectionError, match="network"):
        ld.validate_destinations(Failing(), as_of=AS_OF)


def test_learners_template() -> None:
    result = ld.validate_learners(LEARNERS, ukprns=[10012345, "10000001"], as_of=AS_OF)
    s = result.summary
    assert (s.template, s.rows, s.accepted, s.rejected) == ("learners", 4, 1, 3)
    assert [(f.row, f.code, f.severity) for f in result.findings] == [
        (2, "postcode_normalised", "warning"),
        (3, "dob_excel_format", "error"),
        (4, "ukprn_not_managed", "error"),
        (5, "duplicate_learner", "error"),
    ]
    row = result.accepted_rows[0]
    assert row["row"] == 2
    assert (row["Learner year group"], row["Postcode"], row["Gender"]) == ("Year 12", "B33 8TH", "Female")
    assert row["First name"] == "Zoë" and row["CCIS"] == ""
    assert result.columns[:3] == ["UKPRN", "Learner year group", "First name"]
    # Any provider when none is given; ages outside the range are warnings.
    anyone = ld.validate_learners(LEARNERS, as_of=AS_OF, min_age=18, max_age=25)
    assert "ukprn_not_managed" not in {f.code for f in anyone.findings}
    assert "age_out_of_range" in {f.code for f in anyone.findings}
    lists = ld.LearnerLists.from_json(
        '{"source": "test", "version": "1", "year_groups": ["Year 12"], '
        '"genders": ["Female", "Male"], "ethnicities": []}'
    )
    narrow = ld.validate_learners(LEARNERS, as_of=AS_OF, lists=lists)
    assert "value_not_in_list" in {f.code for f in narrow.findings}


def test_findings_and_summaries_cross_processes() -> None:
    result = ld.validate_destinations(UPLOAD, as_of=AS_OF)
    findings = pickle.loads(pickle.dumps(result.findings))
    assert findings == result.findings
    assert [f.to_dict() for f in findings] == [f.to_dict() for f in result.findings]


def test_example_upload() -> None:
    result = ld.validate_destinations(REPO_ROOT / "examples" / "destinations-upload.csv", as_of=AS_OF)
    assert result.summary.rows > 0 and result.summary.file == "destinations-upload.csv"
    assert len(result.accepted_rows) == result.summary.accepted


def _timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _sized_upload() -> bytes:
    """An upload big enough that one check takes a measurable while in this build."""
    rows = 20_000
    while True:
        data = big_upload(rows)
        if _timed(lambda: ld.validate_destinations(data, as_of=AS_OF)) >= 0.25 or rows >= 2_000_000:
            return data
        rows *= 2


def test_other_threads_run_while_a_file_is_checked() -> None:
    """The GIL is released during the check: a Python loop in this thread keeps running."""
    data = _sized_upload()

    def loop_rate(seconds: float) -> float:
        ticks, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            ticks += 1
        return ticks / seconds

    alone = loop_rate(0.1)
    done = threading.Event()
    results: List[ld.UploadResult] = []

    def check() -> None:
        results.append(ld.validate_destinations(data, as_of=AS_OF))
        done.set()

    worker = threading.Thread(target=check)
    ticks, start = 0, time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.perf_counter()  # the same work per tick as loop_rate's
    elapsed = time.perf_counter() - start
    worker.join()
    assert results[0].summary.accepted == results[0].summary.rows
    # Holding the GIL, the check would stop this loop for all but a switch interval or two
    # (about 1% of the time at this size); released, the loop runs alongside.
    assert ticks >= 0.1 * alone * elapsed, (ticks, alone, elapsed)


def test_a_thread_pool_of_checks_runs_concurrently() -> None:
    """Checks in a thread pool overlap in time: each runs while the others run. Holding the
    GIL, they would take turns and their spans would not overlap."""
    data = _sized_upload()
    spans: List[Tuple[float, float]] = []

    def one(_: int) -> int:
        start = time.perf_counter()
        rows = ld.validate_destinations(data, as_of=AS_OF).summary.rows
        spans.append((start, time.perf_counter()))
        return rows

    with ThreadPoolExecutor(max_workers=4) as pool:
        expected = data.count(b"\n") - 1  # every line after the header is an enrolment
        assert set(pool.map(one, range(4))) == {expected}
    busy = sum(end - start for start, end in spans)
    overall = max(end for _, end in spans) - min(start for start, _ in spans)
    # Taking turns, the spans add up to the overall time; running together, to about four times.
    assert busy >= 2 * overall, (busy, overall)


def _idle_cores() -> float:
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return cores - load


@pytest.mark.skipif(
    _idle_cores() < 1.5,
    reason="the wall-time speed-up needs two idle cores; the overlap test shows the GIL is released",
)
def test_a_thread_pool_of_checks_is_faster_than_one_after_another() -> None:
    data = _sized_upload()
    n = 4

    def one(_: int) -> int:
        return ld.validate_destinations(data, as_of=AS_OF).summary.rows

    # Other work on a shared machine can slow one attempt: the best of three is compared.
    ratios = []
    for _ in range(3):
        serial = _timed(lambda: [one(i) for i in range(n)])
        with ThreadPoolExecutor(max_workers=n) as pool:
            parallel = _timed(lambda: list(pool.map(one, range(n))))
        ratios.append(parallel / serial)
        if ratios[-1] < 0.85:
            break
    assert min(ratios) < 0.85, ratios
