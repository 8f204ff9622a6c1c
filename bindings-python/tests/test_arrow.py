"""Arrow in and out: the column functions over pyarrow, polars and pandas columns and lists,
uploads given as DataFrames and Arrow tables (the same findings as the same cells written as
CSV), and an upload's results as Arrow tables."""

from __future__ import annotations

import datetime
import io
import pathlib
import threading
from typing import Any

import pytest

import learner_destinations as ld

pa: Any = pytest.importorskip("pyarrow")

ULNS = ["9276308686", "9276308687", "", None, " 9276308686 ", "1000000043", "9999999999"]

HEADER = [
    "UKPRN",
    "Unique Learner Number",
    "Learner Reference Number",
    "Learning Aim Reference",
    "Learning Aim Title",
    "Destination Code",
]

ROWS: list[list[Any]] = [
    [10012345, "9276308686", "LRN1", "20000008", "ICT for Users", "EMP 1"],
    [10012345, "9276308687", "LRN2", "20000008", "ICT for Users", "EMP1"],
    [None, None, None, None, None, None],
    [10012345, "9999999999", "LRN3", "z0002406", "Health and Social Care", "wmca1.1"],
    [10012346, "1000000043", None, "20000008", "=1+1", "EMP9"],
    [10012345, "1000000043", "LRN5", "20000008", 'a "quoted", title', "NPE1"],
    [10012345, "1000000043", "LRN5", "20000008", "again", "EMP1"],
]


def single(check: Any, value: str) -> ld.Finding | None:
    result: ld.Finding | None = check(value)
    return result


SINGLE: list[tuple[Any, Any, Any, list[str | None]]] = [
    (ld.check_ulns, ld.valid_ulns, ld.check_uln, ULNS),
    (ld.check_ukprns, ld.valid_ukprns, ld.check_ukprn, ["10012345", "1234", "", "1001234x"]),
    (
        ld.check_learn_ref_numbers,
        ld.valid_learn_ref_numbers,
        ld.check_learn_ref_number,
        ["LRN1", "far too long a reference", "a_b", ""],
    ),
    (ld.check_learn_aim_refs, ld.valid_learn_aim_refs, ld.check_learn_aim_ref, ["20000008", "z0002406", "x", ""]),
    (ld.check_upns, ld.valid_upns, ld.check_upn, ["A12345678901B", "nope", ""]),
    (ld.check_postcodes, ld.valid_postcodes, ld.check_postcode, ["B33 8TH", "b338th", "XX", ""]),
    (ld.check_uk_mobiles, ld.valid_uk_mobiles, ld.check_uk_mobile, ["07700 900123", "0121 496 0000", ""]),
    (
        ld.check_uk_telephones,
        ld.valid_uk_telephones,
        ld.check_uk_telephone,
        ["0121 496 0000", "12", ""],
    ),
    (ld.check_emails, ld.valid_emails, ld.check_email, ["a@example.com", "not an email", ""]),
]


@pytest.mark.parametrize("check_column, valid_column, check_one, values", SINGLE)
def test_column_checks_agree_with_the_single_value_checks(
    check_column: Any, valid_column: Any, check_one: Any, values: list[str | None]
) -> None:
    table = pa.table(check_column(pa.array(values)))
    assert table.column_names == ["valid", "code", "message"]
    assert table.num_rows == len(values)
    expected = [single(check_one, "" if v is None else v) for v in values]
    assert table.column("valid").to_pylist() == [f is None for f in expected]
    assert table.column("code").to_pylist() == [None if f is None else f.code for f in expected]
    assert table.column("message").to_pylist() == [None if f is None else f.message for f in expected]
    mask = valid_column(values)
    assert mask.to_pylist() == [f is None for f in expected]
    assert pa.array(mask).type == pa.bool_()


def test_column_inputs_pyarrow_chunked_lists_and_integers() -> None:
    chunked = pa.chunked_array([pa.array(ULNS[:3]), pa.array(ULNS[3:])])
    expected = ld.check_ulns(ULNS).to_pydict()
    assert ld.check_ulns(chunked).to_pydict() == expected
    assert ld.check_ulns(pa.array(ULNS, pa.large_string())).to_pydict() == expected
    assert ld.check_ulns(pa.array(ULNS, pa.string_view())).to_pydict() == expected
    assert ld.check_ulns(pa.array(ULNS).dictionary_encode()).to_pydict() == expected
    assert ld.check_ulns(tuple(ULNS)).to_pydict() == expected
    # Integers are read in decimal, as a CSV file holds them.
    assert ld.valid_ukprns(pa.array([10012345, 1234], pa.int64())).to_pylist() == [True, False]
    assert ld.valid_ukprns([10012345, 1234]).to_pylist() == [True, False]
    assert ld.valid_ulns(pa.array([], pa.string())).to_pylist() == []


def test_column_inputs_refused() -> None:
    with pytest.raises(ld.InvalidTypeError, match="not a str"):
        ld.check_ulns("9276308686")
    with pytest.raises(ld.InvalidTypeError, match="not a table"):
        ld.check_ulns(pa.table({"a": ["9276308686"]}))
    with pytest.raises(ld.InvalidTypeError, match="values"):
        ld.check_ulns(pa.array([[1, 2]]))
    with pytest.raises(ld.InvalidTypeError):
        ld.check_ulns([["9276308686"]])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        ld.check_ulns(42)  # type: ignore[arg-type]


def test_polars_and_pandas_columns() -> None:
    pl: Any = pytest.importorskip("polars")
    pd: Any = pytest.importorskip("pandas")
    expected = ld.check_ulns(ULNS).to_pydict()
    assert ld.check_ulns(pl.Series("uln", ULNS)).to_pydict() == expected
    assert ld.check_ulns(pd.Series(ULNS, dtype="string[pyarrow]")).to_pydict() == expected
    assert ld.check_ulns(pd.Series(ULNS, dtype=object)).to_pydict() == expected
    # A plain pandas Series of Python objects pyarrow cannot type is read value by value.
    mixed = pd.Series(["9276308686", 9276308686, None, float("nan"), pd.NA], dtype=object)
    assert ld.valid_ulns(mixed).to_pylist() == [True, True, False, False, False]
    frame = pd.DataFrame({"uln": ["9276308686", "1", "9999999999"]})
    mask = ld.valid_ulns(frame["uln"])
    assert list(frame[mask.to_numpy()]["uln"]) == ["9276308686", "9999999999"]
    np: Any = pytest.importorskip("numpy")
    assert np.asarray(mask).tolist() == [True, False, True]
    out = pl.DataFrame(ld.check_ulns(pl.Series(ULNS)))
    assert out.columns == ["valid", "code", "message"] and out.height == len(ULNS)
    assert pl.Series(ld.valid_ulns(ULNS)).to_list() == expected["valid"]


def test_codes_parsed_and_mapped() -> None:
    codes = pa.array(["EMP 1", "wmca1.1", "EMP9", "XYZ1", None, "oth-3"])
    parsed = ld.parse_codes(codes).to_pydict()
    assert parsed["valid"] == [True, True, False, False, False, True]
    assert parsed["destination"][:2] == ["EMP1", "WMCA1.1"]
    assert parsed["code"][2:4] == ["destination_code_unknown", "destination_type_unknown"]
    schemes = ld.Schemes()
    one = schemes.parse("EMP 1")
    assert (parsed["scheme"][0], parsed["title"][0], parsed["ilr_code"][0]) == (
        one.scheme,
        one.title,
        one.ilr_code,
    )
    mapped = ld.map_codes(["EMP1", "WMCA1.1", "EMP9"], "ILR").to_pydict()
    assert mapped["destination"] == [schemes.to_scheme("EMP1", "ILR").code, schemes.to_scheme("WMCA1.1", "ILR").code, None]
    assert mapped["valid"] == [True, True, False]
    wmca = ld.map_codes(["EMP1", "EMP1"], "wmca", qualifiers=["", "more_hours"]).to_pydict()
    assert wmca["destination"][0] == schemes.to_scheme("EMP1", "wmca").code
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.map_codes(["EMP1"], "NOPE")
    assert raised.value.code == "scheme_unknown"
    # Validity on a date, as DestinationCode.check_valid_on says.
    old = ld.parse_codes(["EMP1", "WMCA1.0"], as_of=datetime.date(1990, 1, 1)).to_pydict()
    for code, valid, finding in zip(["EMP1", "WMCA1.0"], old["valid"], old["code"]):
        check = schemes.parse(code).check_valid_on("1990-01-01", "the as-of date")
        assert valid == (check is None)
        assert finding == (None if check is None else check.code)


def cells_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    """The cells written as CSV as a spreadsheet or pandas writes them (quoted when needed)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode()


def same_findings(table_result: ld.UploadResult, file_result: ld.UploadResult) -> None:
    assert table_result.findings == file_result.findings
    t, f = table_result.summary, file_result.summary
    assert (t.rows, t.accepted, t.rejected, t.errors, t.warnings, t.duplicate_rows) == (
        f.rows,
        f.accepted,
        f.rejected,
        f.errors,
        f.warnings,
        f.duplicate_rows,
    )
    assert [r.row for r in table_result.rejected_rows] == [r.row for r in file_result.rejected_rows]
    assert table_result.accepted_rows == file_result.accepted_rows
    a, b = io.BytesIO(), io.BytesIO()
    table_result.write_errors_csv(a)
    file_result.write_errors_csv(b)
    assert a.getvalue() == b.getvalue()


def chunked_table(table: Any, sizes: list[int], chunks: int) -> Any:
    """`table` as record batches of `sizes` rows (a 0 is an empty batch): `chunks` of them."""
    batches = []
    at = 0
    for size in sizes:
        part = table.slice(at, size)
        batches.append(pa.RecordBatch.from_pydict(part.to_pydict(), schema=table.schema))
        at += size
    out = pa.Table.from_batches(batches, schema=table.schema)
    assert out.column(0).num_chunks == chunks
    return out


def chunked_frame(pd: Any, columns: dict[str, list[Any]], cut: int) -> Any:
    """A pandas DataFrame of Arrow string columns, each in two chunks cut at row `cut`."""

    def column(values: list[Any]) -> Any:
        text = [None if v is None else str(v) for v in values]
        chunks = pa.chunked_array([pa.array(text[:cut], pa.large_string()), pa.array(text[cut:], pa.large_string())])
        return pd.Series(pd.arrays.ArrowExtensionArray(chunks))

    return pd.DataFrame({name: column(values) for name, values in columns.items()})


def test_destinations_from_tables_match_the_same_cells_as_csv() -> None:
    pd: Any = pytest.importorskip("pandas")
    pl: Any = pytest.importorskip("polars")
    options: dict[str, Any] = {"ukprn": 10012345, "as_of": "2025-09-01", "processed_at": "t"}
    from_file = ld.validate_destinations(cells_csv(HEADER, ROWS), **options)
    assert from_file.summary.rejected >= 3 and from_file.summary.blank_rows_skipped == 1
    columns = {name: [row[i] for row in ROWS] for i, name in enumerate(HEADER)}
    frame = pd.DataFrame(columns)
    assert frame["UKPRN"].dtype != object  # a float column (with NaN), as pandas reads it
    frame["UKPRN"] = frame["UKPRN"].astype("Int64")
    for table in (
        frame,
        pa.table(columns),
        pa.RecordBatch.from_pydict(columns),
        pl.DataFrame(columns),
        pa.table(columns).to_reader(),
        # Columns in several chunks (as pyarrow.csv reads a file, a block at a time), cut at
        # uneven places, with an empty chunk: read in place, cell for cell the same.
        chunked_table(pa.table(columns), [1, 0, 3, 3], chunks=4),
        chunked_frame(pd, columns, 2),
    ):
        result = ld.validate_destinations(table, **options)
        same_findings(result, from_file)
        assert result.summary.file is None and result.summary.format == "table"
    # pandas as it writes the frame itself (to_csv): the same findings.
    written = frame.to_csv(index=False).encode()
    same_findings(ld.validate_destinations(frame, **options), ld.validate_destinations(written, **options))


def test_table_uploads_refused_as_files_are() -> None:
    pd: Any = pytest.importorskip("pandas")
    with pytest.raises(ld.MissingColumnsError) as missing:
        ld.validate_destinations(pd.DataFrame({"UKPRN": [10012345]}))
    assert "Destination Code" in missing.value.missing and missing.value.found == ["UKPRN"]
    with pytest.raises(ld.FileFormatError) as none:
        ld.validate_destinations(pa.table({name: pa.array([], pa.string()) for name in HEADER}))
    assert none.value.code == "no_data"
    twice = pd.DataFrame([["a", "b"]], columns=["UKPRN", "UKPRN"])
    with pytest.raises(ld.FileFormatError) as duplicate:
        ld.validate_destinations(twice)
    assert duplicate.value.code == "duplicate_column"
    with pytest.raises(ld.InvalidArgumentError) as sheet:
        ld.validate_destinations(pa.table({name: ["x"] for name in HEADER}), sheet="Data")
    assert sheet.value.code == "option_invalid" and "no sheets" in sheet.value.message
    with pytest.raises(ld.InvalidTypeError, match="table"):
        ld.validate_destinations(pa.array(["not", "a", "table"]))


def test_learners_and_qualifications_from_tables() -> None:
    pd: Any = pytest.importorskip("pandas")
    learners = pd.DataFrame(
        {
            "UKPRN": [10012345, 10012345, 10012345],
            "Learner year group": ["year 12", "Year 99", "Year 13"],
            "First name": ["Zoë", "A", "Sam"],
            "Last name": ["Learner", "B", "Smith"],
            "Postcode": ["b338th", "not a postcode", "B33 8TH"],
            "Dob": pd.to_datetime(["2008-02-03", "2030-01-01", None]),
        }
    )
    options: dict[str, Any] = {"as_of": "2025-09-01", "credentials": True, "seed": 3, "processed_at": "t"}
    table = ld.validate_learners(learners, **options)
    written = learners.to_csv(index=False, date_format="%Y-%m-%d").encode()
    same_findings(table, ld.validate_learners(written, **options))
    assert table.credentials is not None and len(table.credentials) == table.summary.accepted

    header = ["UCAS Account ID", "Qualification Type 1", "Qualification Subject 1"]
    rows: list[list[Any]] = [["ucas-1", "Nonsense", "Maths"], ["ucas-2", None, None]]
    frame = pd.DataFrame(rows, columns=header)
    q = ld.validate_qualifications(frame, processed_at="t")
    same_findings(q, ld.validate_qualifications(cells_csv(header, rows), processed_at="t"))
    assert q.lists_are_default is True


def test_results_as_arrow_tables() -> None:
    pd: Any = pytest.importorskip("pandas")
    pl: Any = pytest.importorskip("polars")
    result = ld.validate_destinations(cells_csv(HEADER, ROWS), ukprn=10012345, as_of="2025-09-01")
    accepted = result.accepted_table
    assert accepted is not result.accepted_table or True
    assert accepted.column_names == ["row", *result.columns]
    assert len(accepted) == accepted.num_rows == result.summary.accepted
    assert accepted.to_pydict() == result.accepted_columns
    arrow = pa.table(accepted)
    assert arrow.schema.field("row").type == pa.uint64()
    assert arrow.to_pydict() == result.accepted_columns
    assert pl.DataFrame(accepted).to_dict(as_series=False) == result.accepted_columns
    frame = pd.DataFrame.from_arrow(accepted)
    assert list(frame["row"]) == result.accepted_columns["row"]
    assert list(accepted.to_pandas()["row"]) == result.accepted_columns["row"]
    assert accepted.to_pyarrow().equals(arrow) and accepted.to_polars().height == len(accepted)
    # Built once: the same buffers every time.
    again = pa.table(result.accepted_table)
    assert again.column("UKPRN").chunk(0).buffers()[1].address == arrow.column("UKPRN").chunk(0).buffers()[1].address

    rejected = pa.table(result.rejected_table).to_pylist()
    assert [r["row"] for r in rejected] == [r.row for r in result.rejected_rows]
    assert [r["error_codes"] for r in rejected] == [r.error_codes for r in result.rejected_rows]
    assert all(r["errors"] for r in rejected)

    findings = pa.table(result.findings_table).to_pylist()
    assert [(f["row"], f["column"], f["value"], f["code"], f["severity"], f["message"]) for f in findings] == [
        (f.row, f.column, f.value, f.code, f.severity, f.message) for f in result.findings
    ]
    assert accepted["UKPRN"].to_pylist() == result.accepted_columns["UKPRN"]
    assert accepted[0].to_pylist() == result.accepted_columns["row"]
    with pytest.raises(ld.InvalidArgumentError) as unknown:
        accepted["nope"]
    assert unknown.value.code == "option_invalid"
    with pytest.raises(IndexError):
        accepted[99]
    # A requested schema (large strings) is honoured through the capsule.
    large = pa.schema([pa.field(f.name, pa.large_string() if f.type == pa.string() else f.type, f.nullable) for f in arrow.schema])
    assert pa.table(accepted).cast(large).num_rows == len(accepted)
    lean = ld.validate_destinations(cells_csv(HEADER, ROWS), keep_accepted=False)
    with pytest.raises(ld.InvalidArgumentError):
        lean.accepted_table
    assert "ArrowTable" in repr(accepted)


def test_result_tables_built_with_the_gil_released(tmp_path: pathlib.Path) -> None:
    # Several threads asking at once get one table.
    result = ld.validate_destinations(cells_csv(HEADER, ROWS * 200), as_of="2025-09-01")
    tables: list[Any] = []

    def ask() -> None:
        tables.append(pa.table(result.accepted_table))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    addresses = {t.column("UKPRN").chunk(0).buffers()[1].address for t in tables}
    assert len(addresses) == 1


def test_other_threads_run_while_a_column_is_checked() -> None:
    """The GIL is released while a column is checked: a Python loop in this thread keeps
    running (holding it, the loop would stop for all but a switch interval or two)."""
    import time

    column = pa.array(["9276308686", "9276308687", "bad"] * 100_000)

    def loop_rate(seconds: float) -> float:
        ticks, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            ticks += 1
        return ticks / seconds

    alone = loop_rate(0.1)
    done = threading.Event()
    results: list[Any] = []

    def check() -> None:
        results.append(ld.check_ulns(column))
        done.set()

    worker = threading.Thread(target=check)
    ticks, start = 0, time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.perf_counter()  # the same work per tick as loop_rate's
    elapsed = time.perf_counter() - start
    worker.join()
    assert len(results[0]) == len(column)
    assert ticks >= 0.1 * alone * elapsed, (ticks, alone, elapsed)
