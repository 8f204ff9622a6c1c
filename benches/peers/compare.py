"""The same destinations upload through this package, a pandera schema and frictionless, in one
run: time (best of `--repeat`, the three alternating), peak memory (each run in its own process)
and what each catches.

    cargo run --release -p learner-destinations-benches --bin generate-upload -- \
        --rows 1000000 --out benches/data/peers-1000000.csv
    python -m venv /tmp/peers && /tmp/peers/bin/pip install -r benches/peers/requirements.txt \
        learner_destinations-*.whl            # or ./bindings-python
    /tmp/peers/bin/python benches/peers/compare.py --file benches/data/peers-1000000.csv

The peers are given the checks they can express, written as a data engineer would write them,
to be fair to them: the required columns present and not blank; a UKPRN of 8 digits from
10000000; a ULN of 10 digits whose tenth is its check digit (vectorised with numpy for pandera,
a row check for frictionless, whose checks are per row); learner and aim references of 1-12
letters, digits or spaces and 1-8 letters or digits; a destination code of either scheme, after
upper-casing and dropping spaces. What they cannot express in a schema (code validity dates on
the as-of date, EMP with NPE for one enrolment, duplicates by meaning, a ULN Excel turned into a
number, text-prefix marks, encodings) is what the package's extra catches count. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

AS_OF = "2025-09-01"
COLUMNS = {
    "UKPRN": "ukprn",
    "Unique Learner Number": "uln",
    "Learner Reference Number": "learner_ref",
    "Learning Aim Reference": "aim_ref",
    "Destination Code": "code",
}
UKPRN = r"^[1-9][0-9]{7}$"
ULN = r"^[0-9]{10}$"
LEARNER_REF = r"^[A-Za-z0-9 ]{1,12}$"
AIM_REF = r"^[A-Za-z0-9]{1,8}$"


def known_codes() -> List[str]:
    """Every code of the package's built-in schemes (ILR and WMCA), as the peers compare them."""
    import learner_destinations as ld

    return sorted({c.code.upper().replace(" ", "") for c in ld.Schemes().codes()})


def run_package(path: str) -> Dict[str, Any]:
    import learner_destinations as ld

    result = ld.validate_destinations(path, as_of=AS_OF, keep_accepted=False)
    caught: Dict[str, int] = {}
    for f in result.findings:
        if f.severity == "error":
            caught[f.code] = caught.get(f.code, 0) + 1
    return {"rows": result.summary.rows, "rejected": result.summary.rejected, "caught": caught}


def uln_check_digit_ok(uln: Any) -> Any:
    """Vectorised ESFA ULN check digit (weights 10..2, sum mod 11, 0 invalid, else 10 - r)."""
    import numpy as np

    text = uln.where(uln.str.fullmatch(ULN), "0000000000")
    digits = np.frombuffer("".join(text).encode("ascii"), dtype=np.uint8).reshape(-1, 10) - 48
    remainder = (digits[:, :9].astype(np.int64) @ np.arange(10, 1, -1)) % 11
    ok = (remainder != 0) & (digits[:, 9] == (10 - remainder))
    return ok & uln.str.fullmatch(ULN).to_numpy()


def run_pandera(path: str) -> Dict[str, Any]:
    import pandas as pd
    import pandera.pandas as pa

    codes = set(known_codes())
    # A ragged row (a cell with an unquoted comma) stops pandas' reader: skipped, as a pipeline
    # must, so those rows go uncaught (`rows` says how many were read).
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, encoding="utf-8-sig", encoding_errors="replace",
        on_bad_lines="skip",
    )  # fmt: skip
    filled = pa.Check(lambda s: s.str.strip() != "", name="required")
    schema = pa.DataFrameSchema(
        {
            "UKPRN": pa.Column(str, [filled, pa.Check.str_matches(UKPRN, name="ukprn")]),
            "Unique Learner Number": pa.Column(
                str,
                [filled, pa.Check(lambda s: pd.Series(uln_check_digit_ok(s), index=s.index), name="uln")],
            ),
            "Learner Reference Number": pa.Column(
                str, [filled, pa.Check(lambda s: s.str.strip().str.fullmatch(LEARNER_REF), name="learner_ref")]
            ),
            "Learning Aim Reference": pa.Column(
                str, [filled, pa.Check(lambda s: s.str.strip().str.fullmatch(AIM_REF), name="aim_ref")]
            ),
            "Destination Code": pa.Column(
                str,
                [filled, pa.Check(lambda s: s.str.upper().str.replace(" ", "").isin(codes), name="code")],
            ),
        },
        strict=False,
    )
    caught: Dict[str, int] = {}
    rejected = 0
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        rows = cases[cases["index"].notna()]
        rejected = int(rows["index"].nunique())
        for check, n in rows.groupby("check")["index"].nunique().items():
            caught[str(check)] = int(n)
    return {"rows": len(frame), "rejected": rejected, "caught": caught}


def run_frictionless(path: str) -> Dict[str, Any]:
    import frictionless
    from frictionless import Check, Resource, Schema, errors, fields

    codes = set(known_codes())

    class DestinationRules(Check):
        """What a Table Schema cannot say: the ULN check digit and the code in either scheme."""

        Errors = [errors.RowError]

        def validate_row(self, row: Any) -> Any:
            uln = row["Unique Learner Number"] or ""
            if len(uln) == 10 and uln.isdigit():
                r = sum(int(d) * w for d, w in zip(uln[:9], range(10, 1, -1))) % 11
                if r == 0 or int(uln[9]) != 10 - r:
                    yield errors.RowError.from_row(row, note="uln check digit")
            code = (row["Destination Code"] or "").upper().replace(" ", "")
            if code and code not in codes:
                yield errors.RowError.from_row(row, note="code not in a scheme")

    def text(name: str, pattern: str) -> Any:
        return fields.StringField(name=name, constraints={"required": True, "pattern": pattern})

    schema = Schema(
        fields=[
            text("UKPRN", UKPRN[1:-1]),
            text("Unique Learner Number", ULN[1:-1]),
            text("Learner Reference Number", r" *[A-Za-z0-9 ]{1,12} *"),
            text("Learning Aim Reference", r" *[A-Za-z0-9]{1,8} *"),
            fields.StringField(name="Learning Aim Title"),
            fields.StringField(name="Destination Code", constraints={"required": True}),
        ]
    )
    # frictionless reads only paths under a base path it is given (an absolute one is "not safe").
    resource = Resource(
        os.path.basename(path), basepath=os.path.dirname(os.path.abspath(path)), schema=schema,
        encoding="utf-8-sig",
    )  # fmt: skip
    report = frictionless.validate(resource, checks=[DestinationRules()], limit_errors=10**9)
    caught: Dict[str, int] = {}
    rows = set()
    for task in report.tasks:
        for error in task.errors:
            number = getattr(error, "row_number", None)
            if number is not None:
                rows.add(number)
            key = getattr(error, "note", "") if error.type == "row-error" else error.type
            caught[key] = caught.get(key, 0) + 1
        stats_rows = task.stats.get("rows") if isinstance(task.stats, dict) else getattr(task.stats, "rows", None)
    return {"rows": stats_rows, "rejected": len(rows), "caught": caught}


IMPORTS: Dict[str, List[str]] = {
    "learner_destinations": ["learner_destinations"],
    "pandera": ["pandas", "numpy", "pandera.pandas"],
    "frictionless": ["frictionless"],
}

RUNNERS: Dict[str, Callable[[str], Dict[str, Any]]] = {
    "learner_destinations": run_package,
    "pandera": run_pandera,
    "frictionless": run_frictionless,
}


def version(name: str) -> str:
    from importlib.metadata import version as v

    return v("learner-destinations" if name == "learner_destinations" else name)


def measure(name: str, path: str) -> Dict[str, Any]:
    """One run of `name` in its own process: its time, its result and its peak memory."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--one", name, "--file", path], stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{name} failed (status {status})")
    result = json.loads(out)
    result["peak_mib"] = usage.ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", required=True, help="the upload (generate-upload's output)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], help="a peer to leave out")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        # Each tool's imports before the clock starts: what is timed is the checking.
        for module in IMPORTS[args.one]:
            __import__(module)
        known_codes()
        start = time.perf_counter()
        result = RUNNERS[args.one](args.file)
        result["seconds"] = time.perf_counter() - start
        print(json.dumps(result))
        return
    names = [n for n in RUNNERS if n not in args.skip]
    runs: Dict[str, List[Dict[str, Any]]] = {n: [] for n in names}
    for i in range(args.repeat):
        order = names if i % 2 == 0 else list(reversed(names))
        for name in order:
            runs[name].append(measure(name, args.file))
            print(f"  {name}: {runs[name][-1]['seconds']:.2f} s", file=sys.stderr)
    base = min(r["seconds"] for r in runs["learner_destinations"])
    size = Path(args.file).stat().st_size / 1e6
    rows = runs["learner_destinations"][0]["rows"]
    print(f"\n{rows:,} rows, {size:.0f} MB, best of {args.repeat} (alternating), each in its own process\n")
    print("| tool | version | time | time / learner_destinations | peak memory | rows rejected | what it catches (rows) |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        best = min(runs[name], key=lambda r: r["seconds"])
        caught = ", ".join(f"{k} {v:,}" for k, v in sorted(best["caught"].items(), key=lambda kv: -kv[1]))
        print(
            f"| {name} | {version(name)} | {best['seconds']:.2f} s | {best['seconds'] / base:.1f} "
            f"| {max(r['peak_mib'] for r in runs[name]):.0f} MiB | {best['rejected']:,} | {caught} |"
        )


if __name__ == "__main__":
    main()
