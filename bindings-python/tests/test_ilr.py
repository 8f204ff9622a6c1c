"""The ILR XML file's uses: ilr_awaiting, ilr_contacts, ilr_records, ilr_template."""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

ILR_DIR = REPO_ROOT / "tests" / "ilr"


def fixture(code: str) -> Path:
    return next(ILR_DIR.glob(f"ILR-10000001-{code}-*.xml"))


def cli_json(*args: str) -> Any:
    """The `destinations` binary's JSON for the same call, or a skip when it is not built."""
    triple = os.environ.get("CARGO_BUILD_TARGET", "x86_64-unknown-linux-gnu")
    default = REPO_ROOT / "target" / triple / "debug" / "destinations"
    binary = Path(os.environ.get("DESTINATIONS_BIN", str(default)))
    if not binary.exists():
        pytest.skip(f"the destinations binary is not built at {binary}")
    out = subprocess.run([str(binary), *args], capture_output=True, check=False)
    return json.loads(out.stdout)


def test_awaiting_from_a_path_bytes_or_a_file_object_is_the_command_lines_json() -> None:
    path = fixture("2324")
    from_path = ld.ilr_awaiting(path)
    assert ld.ilr_awaiting(str(path)) == from_path
    assert ld.ilr_awaiting(path.read_bytes()) == from_path
    with open(path, "rb") as f:
        assert ld.ilr_awaiting(f) == from_path
    assert ld.ilr_awaiting(io.BytesIO(path.read_bytes())) == from_path
    assert from_path["header"]["year"] == "2023-24"
    assert from_path["as_of"] == from_path["header"]["file_preparation_date"]
    assert dict(from_path) == cli_json("ilr", "awaiting", str(path), "--json")


def test_awaiting_by_source_of_funding_and_as_of() -> None:
    path = fixture("2526")
    every = ld.ilr_awaiting(path, as_of="2027-01-01")
    wmca = ld.ilr_awaiting(path, as_of="2027-01-01", sof=["112"])
    assert wmca["as_of"] == "2027-01-01"
    assert 0 < len(wmca["enrolments"]) <= len(every["enrolments"])
    assert ld.ilr_awaiting(path, as_of="2027-01-01", sof=112) == wmca
    import datetime

    assert ld.ilr_awaiting(path, as_of=datetime.date(2027, 1, 1), sof=[112]) == wmca
    assert dict(wmca) == cli_json(
        "ilr", "awaiting", str(path), "--as-of", "2027-01-01", "--sof", "112", "--json"
    )


def test_options_are_the_cores() -> None:
    path = fixture("2324")
    with pytest.raises(ld.InvalidArgumentError) as e:
        ld.ilr_contacts(path, policy="maytas")
    assert e.value.code == "option_invalid"
    assert "policy" in str(e.value)
    with pytest.raises(ld.InvalidArgumentError) as e:
        ld.ilr_awaiting(path, as_of="31/07/2024")
    assert e.value.code == "option_invalid" and "as_of" in str(e.value)
    with pytest.raises(ld.InvalidArgumentError) as e:
        ld.ilr_template(path, sof=["112", "1234567"])
    assert "sof[1]" in str(e.value)
    # The default policy is the core's.
    assert ld.ilr_contacts(path)["policy"] == "seed"
    assert ld.ilr_contacts(path, policy="ilr")["policy"] == "ilr"


def test_contacts_and_the_owner_only_mailing_list(tmp_path: Path) -> None:
    text = fixture("2324").read_text(encoding="utf-8")
    source = tmp_path / "ilr.xml"
    source.write_text(text.replace("sam@example.org", "=HYPERLINK(1)@example.org"), encoding="utf-8")
    csv = tmp_path / "mailing.csv"
    report = ld.ilr_contacts(source, policy="ilr", csv=csv)
    refs: List[str] = [c["learner_ref"] for c in report["contacts"]]
    assert "L001" in refs
    assert stat.S_IMODE(csv.stat().st_mode) == 0o600
    lines = csv.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].startswith("\ufeffUKPRN,Learner Reference Number")
    assert "'=HYPERLINK(1)@example.org" in lines[1]
    with pytest.raises(ld.InvalidArgumentError) as e:
        ld.ilr_contacts(source, csv=source)
    assert e.value.code == "output_is_input"
    assert "=HYPERLINK" in source.read_text(encoding="utf-8")
    with pytest.raises(ld.InvalidArgumentError) as e:
        ld.ilr_contacts(source, csv=io.BytesIO())  # type: ignore[arg-type]
    assert e.value.code == "option_invalid" and "csv" in str(e.value)


def test_records_with_the_headers_year() -> None:
    path = fixture("2223")
    report = ld.ilr_records(path)
    assert report["year"] == "2022-23"
    codes = [f["code"] for f in report["findings"]]
    assert "ilr_dp_duplicate" in codes and "ilr_dp_uln_mismatch" in codes
    assert dict(report) == cli_json("ilr", "records", str(path), "--json")
    assert ld.ilr_records(path, schemes=ld.Schemes()) == report
    with pytest.raises(ld.InvalidTypeError):
        ld.ilr_records(path, schemes="ilr")  # type: ignore[arg-type]


def test_the_template_as_text_or_to_a_file(tmp_path: Path) -> None:
    path = fixture("2526")
    ran = ld.ilr_template(path, sof=["112"])
    assert ran["csv"] is not None
    lines = ran["csv"].split("\r\n")
    assert lines[0].startswith("\ufeffUKPRN,")
    assert ran["rows"] == len(ran["awaiting"]["enrolments"]) == len(lines) - 2
    out = tmp_path / "upload.csv"
    to_file = ld.ilr_template(path, sof=["112"], output=out)
    assert to_file["csv"] is None and to_file["rows"] == ran["rows"]
    assert out.read_bytes().decode("utf-8") == ran["csv"]


def test_a_file_that_is_not_an_ilr_file() -> None:
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE Message SYSTEM "http://example.invalid/x.dtd">\n<Message xmlns="ESFA/ILR/2023-24"/>\n'
    with pytest.raises(ld.FileFormatError) as e:
        ld.ilr_awaiting(xxe)
    assert e.value.code == "ilr_entity_refused"
    with pytest.raises(ld.FileFormatError) as e:
        ld.ilr_records(b'<Message xmlns="SFA/ILR/2017-18"/>')
    assert e.value.code == "ilr_namespace_unsupported"
    with pytest.raises(ld.FileNotFoundReadError):
        ld.ilr_contacts(ILR_DIR / "none.xml")


def test_enrolments_carry_the_ilr_funding() -> None:
    funding: Dict[str, Any] = {"fund_model": 36, "prog_type": 25, "comp_status": 2}
    e = ld.Enrolment(
        ukprn=10000001,
        uln="9276308686",
        learner_ref="L1",
        aim_ref="ZPROG001",
        learning_end="2024-01-15",
        completion_status=2,
        funding=funding,
    )
    assert e.funding == funding
    assert pickle.loads(pickle.dumps(e)) == e
    assert "funding={'fund_model': 36" in repr(e)
    # FundModel 36 is not one R107/R108 look at: the learner awaits nothing.
    report = ld.awaiting_destinations([e], as_of="2030-01-01")
    assert report.learners == [] and len(report.enrolments) == 1
    plain = ld.Enrolment(
        ukprn=10000001, uln="9276308686", learner_ref="L1", aim_ref="ZPROG001",
        learning_end="2024-01-15", completion_status=2,
    )
    assert plain.funding is None
    assert ld.awaiting_destinations([plain], as_of="2030-01-01").learners[0].rules == ["R108"]
    with pytest.raises(ld.InvalidArgumentError):
        ld.Enrolment(
            ukprn=10000001, uln="9276308686", learner_ref="L1", aim_ref="ZPROG001",
            completion_status=2, funding={"fund_model": "thirty-five"},  # type: ignore[dict-item]
        )
