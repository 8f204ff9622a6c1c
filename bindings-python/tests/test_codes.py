"""Destination codes, schemes and mapping through the Python API."""

from __future__ import annotations

import datetime
import io
import json
import pathlib
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

import learner_destinations as ld

LCR_CSV = (
    "code,title,ilr_equivalent,qualifier,valid_from,valid_to\n"
    "LCR1,In paid employment,EMP1,,2024-08-01,\n"
    "LCR1.1,In paid employment - more hours,EMP1,increase in hours,,\n"
)
LCR_JSON = json.dumps(
    {
        "scheme": "lcr",
        "title": "Liverpool City Region destinations",
        "source": "test",
        "version": "1",
        "codes": [{"code": "LCR1", "title": "In paid employment", "ilr_equivalent": "EMP1"}],
    }
)


def test_destination_code_fields() -> None:
    schemes = ld.Schemes()
    code = schemes.parse(" wmca 1.1 ")
    assert (code.code, code.scheme, code.type, code.number) == ("WMCA1.1", "wmca", "WMCA", "1.1")
    assert (code.ilr_equivalent, code.ilr_code, code.ilr_type) == ("EMP1", "EMP1", "EMP")
    assert code.qualifier == "increase in hours"
    assert code.valid_from is None and code.valid_to is None
    assert str(code) == "WMCA1.1"
    assert repr(code).startswith("DestinationCode('WMCA1.1', scheme='wmca', title=")
    emp1 = schemes.parse("EMP1")
    assert emp1.ilr_equivalent is None and emp1.ilr_code == "EMP1"
    oth2 = schemes.parse("OTH2")
    assert isinstance(oth2.valid_to, datetime.date)
    assert oth2.valid_to == datetime.date(2015, 7, 31)


def test_codes_are_values() -> None:
    a, b = ld.Schemes().parse("EMP 1"), ld.Schemes().parse("emp1")
    assert a == b and hash(a) == hash(b)
    assert a != ld.Schemes().parse("EMP2")
    assert len({a, b}) == 1


def test_validity_dates_accept_date_or_text() -> None:
    emp3 = ld.Schemes().parse("EMP3")
    assert emp3.is_valid_on("2015-07-31")
    assert emp3.is_valid_on(datetime.date(2015, 7, 31))
    assert not emp3.is_valid_on(datetime.date(2015, 8, 1))
    assert emp3.check_valid_on("2015-07-31") is None
    finding = emp3.check_valid_on("2025-09-01")
    assert finding is not None
    assert finding.code == "destination_code_not_valid" and finding.value == "EMP3"
    assert "not valid on the date 2025-09-01" in finding.message
    with pytest.raises(ld.InvalidArgumentError) as raised:
        emp3.is_valid_on("01/08/2025")
    assert raised.value.code == "date_format"
    with pytest.raises(TypeError, match="datetime.date"):
        emp3.is_valid_on(20150731)  # type: ignore[arg-type]


def test_contradictions() -> None:
    schemes = ld.Schemes()
    assert schemes.parse("EMP1").contradicts(schemes.parse("NPE2"))
    assert schemes.parse("WMCA1.0").contradicts(schemes.parse("NPE1"))
    assert not schemes.parse("EMP1").contradicts(schemes.parse("EMP2"))


def test_lookups() -> None:
    schemes = ld.Schemes()
    assert schemes.get("oth-3") == schemes.parse("OTH3")
    assert schemes.get("EMP9") is None
    assert "EMP 1" in schemes and "EMP9" not in schemes
    assert [s.name for s in schemes.schemes] == ["ilr", "wmca"]
    assert len(schemes.codes()) == len(schemes.codes("ilr")) + len(schemes.codes("WMCA"))
    ilr = schemes.scheme("ILR")
    assert ilr.name == "ilr" and len(ilr) == 23 and "ESFA" in ilr.source
    assert ilr.types["EMP"] == "In Paid Employment"
    assert ilr.unassigned == ["EDU7", "EDU8"]
    assert [c.code for c in ilr.codes][:2] == ["EDU1", "EDU2"]
    with pytest.raises(ld.InvalidArgumentError) as raised:
        schemes.scheme("lcr")
    assert raised.value.code == "scheme_unknown" and "ilr, wmca" in raised.value.message
    with pytest.raises(ld.InvalidArgumentError):
        schemes.codes("lcr")


def test_mapping() -> None:
    schemes = ld.Schemes()
    emp1 = schemes.parse("EMP1")
    assert [c.code for c in schemes.equivalents(emp1)] == ["WMCA1.0", "WMCA1.1"]
    assert [c.code for c in schemes.equivalents("wmca1.1")] == ["EMP1"]
    assert schemes.to_scheme(emp1, "wmca").code == "WMCA1.0"
    assert schemes.to_scheme("EMP1", "wmca", ("Increase_In_Hours",)).code == "WMCA1.1"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        schemes.to_scheme("NPE1", "wmca")
    assert raised.value.code == "destination_no_equivalent"
    with pytest.raises(ld.InvalidArgumentError) as raised:
        schemes.equivalents("EMP9")
    assert raised.value.code == "destination_code_unknown"
    with pytest.raises(TypeError):
        schemes.equivalents(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        schemes.to_scheme("EMP1", "wmca", "increase in hours")  # a str is not a list


def test_load_scheme_from_every_kind_of_source(tmp_path: pathlib.Path) -> None:
    csv_path = tmp_path / "lcr.csv"
    csv_path.write_text(LCR_CSV, encoding="utf-8")
    json_path = tmp_path / "anything.json"
    json_path.write_text(LCR_JSON, encoding="utf-8")
    loaded = [
        ld.load_scheme(str(csv_path)),
        ld.load_scheme(csv_path),
        ld.load_scheme(LCR_CSV.encode(), name="lcr.csv"),
        ld.load_scheme(bytearray(LCR_CSV.encode()), name="lcr.csv"),
        ld.load_scheme(io.BytesIO(LCR_CSV.encode()), name="lcr.csv"),
        ld.Scheme.from_csv(LCR_CSV, name="lcr"),
    ]
    assert all(s.name == "lcr" and len(s) == 2 for s in loaded)
    assert loaded[0].source == f"loaded from {csv_path}"
    with open(csv_path, "rb") as f:
        assert ld.load_scheme(f).name == "lcr"  # named after the file object's name
    # Excel's "CSV UTF-8" starts with a byte-order mark.
    assert ld.load_scheme(b"\xef\xbb\xbf" + LCR_CSV.encode(), name="lcr.csv").name == "lcr"
    from_json = ld.load_scheme(json_path)
    assert (from_json.name, from_json.version, len(from_json)) == ("lcr", "1", 1)
    assert ld.load_scheme(LCR_JSON.encode()) == from_json
    assert ld.Scheme.from_json(LCR_JSON) == from_json
    assert from_json.title == "Liverpool City Region destinations"
    with pytest.raises(TypeError, match="binary mode"):
        ld.load_scheme(io.StringIO(LCR_CSV))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ld.load_scheme(42)  # type: ignore[arg-type]


def test_user_schemes_join_the_builtin_ones() -> None:
    lcr = ld.Scheme.from_csv(LCR_CSV, name="lcr")
    builtin = ld.Schemes()
    with_lcr = builtin.with_scheme(lcr)
    assert [s.name for s in with_lcr.schemes] == ["ilr", "wmca", "lcr"]
    assert [s.name for s in builtin.schemes] == ["ilr", "wmca"]  # unchanged
    assert ld.Schemes([lcr]).to_scheme("EMP1", "lcr", ["increase in hours"]).code == "LCR1.1"
    assert with_lcr.parse("LCR1").valid_from == datetime.date(2024, 8, 1)
    # Without the built-in schemes, only what is given.
    ilr = builtin.scheme("ilr")
    only = ld.Schemes([ilr, lcr], builtin=False)
    assert [s.name for s in only.schemes] == ["ilr", "lcr"]
    assert "WMCA1.0" not in only
    # A scheme replaces the loaded one of the same name.
    wmca = ld.Scheme.from_csv("code,title,ilr_equivalent\nWMCA9.0,Other job,EMP2\n", name="wmca")
    replaced = ld.Schemes([wmca])
    assert "WMCA1.0" not in replaced and replaced.parse("WMCA9.0").ilr_code == "EMP2"


def test_scheme_errors_say_what_and_where(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ld.FileFormatError) as raised:
        ld.Scheme.from_json('{"scheme": "x",', source_name="x.json")
    assert raised.value.code == "scheme_invalid" and "x.json: line 1" in raised.value.message
    with pytest.raises(ld.FileFormatError) as raised:
        ld.Scheme.from_csv("code,title\nLCR1,\n", name="lcr")
    assert raised.value.code == "scheme_invalid" and "line 2" in raised.value.message
    clash = ld.Scheme.from_csv("code,title\nEMP1,Job\n", name="lcr")
    with pytest.raises(ld.FileFormatError) as raised:
        ld.Schemes([clash])
    assert "also in scheme 'ilr'" in raised.value.message
    with pytest.raises(ld.FileFormatError):
        ld.Schemes().with_scheme(clash)
    missing = tmp_path / "missing.csv"
    with pytest.raises(ld.FileReadError) as read_error:
        ld.load_scheme(missing)
    assert read_error.value.code == "input_unreadable" and str(missing) in read_error.value.message
    with pytest.raises(ld.FileReadError) as read_error:
        ld.load_scheme(b"code,title\n\xff\xfe,x\n", name="latin.csv")
    assert "latin.csv" in read_error.value.message


def test_schemes_are_shared_by_threads(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "lcr.csv"
    path.write_text(LCR_CSV, encoding="utf-8")
    schemes = ld.Schemes()
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = list(pool.map(lambda _: ld.load_scheme(path), range(16)))
        mapped = list(pool.map(lambda c: schemes.to_scheme(c, "ilr").code, ["WMCA1.0"] * 16))
    assert all(s == loaded[0] for s in loaded)
    assert mapped == ["EMP1"] * 16


def test_codes_and_schemes_pickle() -> None:
    """Dask and Spark workers return codes and receive schemes."""
    schemes = ld.Schemes()
    for code in schemes.codes():
        again = pickle.loads(pickle.dumps(code))
        assert again == code and hash(again) == hash(code)
        assert (again.valid_from, again.valid_to, again.qualifier) == (
            code.valid_from,
            code.valid_to,
            code.qualifier,
        )
    for scheme in schemes.schemes:
        again_scheme = pickle.loads(pickle.dumps(scheme))
        assert again_scheme == scheme and again_scheme.types == scheme.types
        assert ld.Scheme.from_json(scheme.to_json()) == scheme
    lcr = ld.Scheme.from_csv(LCR_CSV, name="lcr")
    with_lcr = schemes.with_scheme(lcr)
    shipped = pickle.loads(pickle.dumps(with_lcr))
    assert [s.name for s in shipped.schemes] == ["ilr", "wmca", "lcr"]
    assert shipped.to_scheme("EMP1", "lcr", ["increase in hours"]).code == "LCR1.1"
    assert pickle.loads(pickle.dumps(lcr.codes[0])) == lcr.codes[0]
