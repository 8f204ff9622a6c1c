"""Output files go through the host layer: refused over the upload or on one path before a byte
is read (the upload byte-identical afterwards), never written through a symlink, never left
half-written or as a temporary file after a failed or interrupted run, and the credentials file
readable by its owner only, with the core's writer (the same bytes as the command line's)."""

from __future__ import annotations

import io
import os
import pathlib
import signal
import stat
import subprocess
import sys
import time
from typing import Any, Dict, List

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

AS_OF = "2025-09-01"
HEADER = (
    "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
    "Learning Aim Title,Destination Code"
)
UPLOAD = (
    f"{HEADER}\n"
    "10012345,9276308686,LRN1,20000008,ICT for Users,EMP1\n"
    "10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n"
).encode()
LEARNERS = (
    "UKPRN,Learner year group,First name,Last name,Postcode,Dob\n"
    "10012345,Year 11,=cmd|' /C calc'!A0,Smith,B33 8TH,2010-01-01\n"
    "10012345,Year 11,Zoë,Brontë,B33 8TH,2010-02-02\n"
    "10012345,Year 11,Bad,Date,B33 8TH,2010-02-30\n"
).encode()


def upload_in(folder: pathlib.Path, data: bytes = UPLOAD, name: str = "march.csv") -> pathlib.Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_an_output_over_the_upload_is_refused_before_reading(tmp_path: pathlib.Path) -> None:
    upload = upload_in(tmp_path)
    hard = tmp_path / "hard-link.csv"
    os.link(upload, hard)
    soft = tmp_path / "soft-link.csv"
    soft.symlink_to(upload)
    spellings: List[Any] = [upload, str(upload), tmp_path / "." / "march.csv", hard, soft]
    for option in ("accepted_csv", "errors_csv"):
        for spelled in spellings:
            with pytest.raises(ld.InvalidArgumentError) as refused:
                ld.validate_destinations(upload, as_of=AS_OF, **{option: spelled})
            assert refused.value.code == "output_is_input", (option, spelled)
            assert option in refused.value.message
            assert upload.read_bytes() == UPLOAD
    learners = upload_in(tmp_path, LEARNERS, "learners.csv")
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.validate_learners(learners, as_of=AS_OF, credentials_csv=learners, seed=1)
    assert refused.value.code == "output_is_input"
    assert learners.read_bytes() == LEARNERS
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hard-link.csv", "learners.csv", "march.csv", "soft-link.csv",
    ]  # fmt: skip


def test_two_outputs_on_one_path_are_refused(tmp_path: pathlib.Path) -> None:
    upload = upload_in(tmp_path)
    out = tmp_path / "out.csv"
    for second in (out, tmp_path / "." / "out.csv"):
        with pytest.raises(ld.InvalidArgumentError) as refused:
            ld.validate_destinations(upload, as_of=AS_OF, accepted_csv=out, errors_csv=second)
        assert refused.value.code == "outputs_share_file"
        assert "accepted_csv" in refused.value.message and "errors_csv" in refused.value.message
    assert not out.exists()
    assert upload.read_bytes() == UPLOAD


def test_the_result_never_writes_over_the_upload(tmp_path: pathlib.Path) -> None:
    upload = upload_in(tmp_path)
    result = ld.validate_destinations(upload, as_of=AS_OF)
    for write in (result.write_errors_csv, result.write_accepted_csv):
        with pytest.raises(ld.InvalidArgumentError) as refused:
            write(upload)
        assert refused.value.code == "output_is_input"
    assert upload.read_bytes() == UPLOAD
    # Elsewhere it writes, whole.
    result.write_errors_csv(tmp_path / "errors.csv")
    assert (tmp_path / "errors.csv").read_bytes().startswith(b"\xef\xbb\xbfUKPRN,")


def test_a_symlink_at_an_output_is_replaced_not_written_through(tmp_path: pathlib.Path) -> None:
    upload = upload_in(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    planted = tmp_path / "export.csv"
    planted.symlink_to(victim)
    ld.validate_destinations(upload, as_of=AS_OF, accepted_csv=planted)
    assert victim.read_bytes() == b"keep me"
    assert not planted.is_symlink()
    assert planted.read_bytes().startswith(b"\xef\xbb\xbfUKPRN,")


class FailsLater(io.RawIOBase):
    """A binary file object whose second read fails, after the run has started writing."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)
        self.reads = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise OSError("the network share went away")
        return self.data.read(size)


def many_rows(rows: int) -> bytes:
    lines = [HEADER] + [
        f"10012345,{'9276308686' if i % 2 else '9276308687'},L{i:010d},20000008,ICT,EMP1"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_a_failed_run_leaves_no_file(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outputs: Dict[str, Any] = {"accepted_csv": out / "export.csv", "errors_csv": out / "errors.csv"}
    # Refused at the header.
    with pytest.raises(ld.MissingColumnsError):
        ld.validate_destinations(b"UKPRN,ULN\n1,2\n", as_of=AS_OF, **outputs)
    assert list(out.iterdir()) == []
    # Failing half-way through, after rows were written to both outputs (over 1 MiB is read
    # before the second read).
    failing = FailsLater(many_rows(40_000))
    with pytest.raises(OSError, match="network share"):
        ld.validate_destinations(failing, as_of=AS_OF, **outputs)
    assert failing.reads == 2
    assert list(out.iterdir()) == []
    # An output that cannot be created: the others are not left either.
    outputs["errors_csv"] = tmp_path / "no-such-folder" / "errors.csv"
    with pytest.raises(ld.FileReadError) as unwritable:
        ld.validate_destinations(UPLOAD, as_of=AS_OF, **outputs)
    assert unwritable.value.code == "output_unwritable"
    assert list(out.iterdir()) == []


CHILD = """
import sys
import learner_destinations as ld
print("ready", flush=True)
try:
    ld.validate_destinations(
        sys.argv[1], as_of="2025-09-01", keep_accepted=False,
        accepted_csv=sys.argv[2] + "/export.csv", errors_csv=sys.argv[2] + "/errors.csv",
    )
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
print("finished", flush=True)
"""


def read_offset(pid: int, path: pathlib.Path) -> int:
    """How far process `pid` has read the file at `path` (Linux: /proc/PID/fdinfo), 0 when it
    has not opened it."""
    fds = pathlib.Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir():
        try:
            if pathlib.Path(os.readlink(fd)) == path:
                info = pathlib.Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text()
                return int(info.split("pos:")[1].split()[0])
        except (OSError, IndexError, ValueError):
            continue
    return 0


@pytest.mark.skipif(not pathlib.Path("/proc/self/fdinfo").is_dir(), reason="reads /proc (Linux)")
def test_ctrl_c_stops_a_long_run_and_leaves_no_file(tmp_path: pathlib.Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(many_rows(300_000))
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(big), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Once the run has read part of the upload, but not all of it.
        deadline = time.monotonic() + 60
        size = big.stat().st_size
        while time.monotonic() < deadline:
            at = read_offset(child.pid, big)
            if 0 < at < size:
                break
            assert child.poll() is None, "the run ended before it could be interrupted"
            time.sleep(0.01)
        else:
            raise AssertionError("the run did not start reading the upload")
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert stdout.strip() == "interrupted", (stdout, stderr)
    assert child.returncode == 130
    assert list(out.iterdir()) == []


def destinations_command() -> List[str]:
    binary = os.environ.get("DESTINATIONS_BIN")
    if binary:
        return [binary]
    return ["cargo", "run", "--quiet", "-p", "learner-destinations-cli", "--"]


def test_credentials_file_private_and_the_same_bytes_as_the_command_line(
    tmp_path: pathlib.Path,
) -> None:
    learners = upload_in(tmp_path, LEARNERS, "learners.csv")
    taken = tmp_path / "taken.txt"
    taken.write_text("zbronte\n", encoding="utf-8")
    by_cli = tmp_path / "cli-credentials.csv"
    ran = subprocess.run(
        [
            *destinations_command(), "learners", str(learners), "--as-of", AS_OF,
            "--existing-usernames", str(taken), "--credentials-csv", str(by_cli), "--seed", "42",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stderr  # one row rejected
    during = tmp_path / "credentials.csv"
    result = ld.validate_learners(
        learners, as_of=AS_OF, existing_usernames=["zbronte"], seed=42, credentials_csv=during
    )
    after = tmp_path / "written-after.csv"
    result.write_credentials_csv(after)
    expected = by_cli.read_bytes()
    for written in (during, after):
        assert written.read_bytes() == expected
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
    text = expected.decode("utf-8")
    assert text.startswith("\ufeffProvider,First name,")
    lines = text[1:].split("\r\n")
    assert lines[-1] == "" and len(lines) == 4 and "\n" not in "".join(lines)
    assert lines[1].startswith("10012345,'=cmd|' /C calc'!A0,Smith,")  # neutralised
    assert ",Zoë,Brontë," in lines[2] and ",ZBronte2," in lines[2]  # accented, and not taken
    # The same credentials as the result holds, and seeded: the same again.
    assert result.credentials is not None
    assert [c["Username"] for c in result.credentials] == ["cSmith", "ZBronte2"]
    again = ld.validate_learners(
        learners, as_of=AS_OF, credentials=True, existing_usernames=["zbronte"], seed=42
    )
    assert again.credentials == result.credentials
    # Without credentials there is nothing to write, and usernames alone are refused.
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.validate_learners(learners, as_of=AS_OF, existing_usernames=["zbronte"])
    assert refused.value.code == "options_conflict"
    plain = ld.validate_learners(learners, as_of=AS_OF)
    assert plain.credentials is None
    with pytest.raises(ld.InvalidArgumentError) as refused:
        plain.write_credentials_csv(tmp_path / "none.csv")
    assert refused.value.code == "options_conflict"


def test_an_output_over_another_file_the_run_reads_is_refused(tmp_path: pathlib.Path) -> None:
    reference = tmp_path / "lists.json"
    lists = (
        b'{"source": "mine", "types": [{"type": "GCSE (9-1)", "subjects": ["Mathematics"],'
        b' "grades": ["5"]}]}'
    )
    reference.write_bytes(lists)
    upload = (
        "UCAS Account ID,Forename,Surname,Date of Birth,Current Provider,Current Area\n"
        "1001,Paul,Marmoshon,2008-01-02,School,Birmingham\n"
    ).encode()
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.validate_qualifications(upload, reference=reference, errors_csv=reference)
    assert refused.value.code == "output_is_input"
    assert reference.read_bytes() == lists
