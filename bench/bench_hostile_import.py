"""How fast, and in how little memory, hostile spreadsheets are refused; and what the checks cost on
an ordinary register file.

    .venv/bin/python bench/bench_hostile_import.py [--out FILE.md]

Each case runs in a fresh process, so that its peak memory (resource.getrusage ru_maxrss) is its
own. “before” reads the same file the way the import did before the checks (python-calamine's
whole sheet, laid out from A1), in a process capped at 4 GB so that it cannot take this machine
down with it.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASE = textwrap.dedent(
    """
    import json, resource, sys, time
    how, path = sys.argv[1], sys.argv[2]
    cap = 4 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from python_calamine import CalamineWorkbook
    from kongchuo_desktop.services.roster_import import RosterImportError, read_sheet
    start = time.perf_counter()  # modules loaded: the time is the reading alone
    if how == "now":
        try:
            sheet = read_sheet(path)
            outcome = f"read, {len(sheet.rows)} rows"
        except RosterImportError as exc:
            outcome = "refused: " + str(exc)[:60] + "…"
    else:
        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python(
            skip_empty_area=False
        )
        outcome = f"read, {len(rows)} rows"
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak_mb}))
    """
)


def run(how: str, path: Path) -> dict:
    import json

    done = subprocess.run(
        [sys.executable, "-c", CASE, how, str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["?"]
        last = next((x for x in lines if "memory allocation" in x), lines[-1])
        return {"outcome": f"crashed (exit {done.returncode}): {last[:70]}", "seconds": None}
    return json.loads(done.stdout.strip().splitlines()[-1])


def files(folder: Path) -> list[tuple[str, Path]]:
    from openpyxl import Workbook

    from tests import roster_files as rf

    good = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    xfd_dim = rf.with_dimension(rf.write_xlsx(folder / "xfd_dimension.xlsx", good), "A1:XFD1048576")
    xfd_cell = rf.with_far_cell(rf.write_xlsx(folder / "xfd_cell.xlsx", good), "XFD1048576")
    a_cell = rf.with_far_cell(rf.write_xlsx(folder / "a1048576.xlsx", good), "A1048576")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append([rf.TITLE])
    ws.append(rf.HEADER)
    for n in range(3000):
        ws.append([str(x) if x is not None else "" for x in good[n % len(good)]])
    ordinary = folder / "ordinary_3000.xlsx"
    wb.save(ordinary)
    return [
        ("dimension A1:XFD1048576 (5 KB)", xfd_dim),
        ("one cell at XFD1048576", xfd_cell),
        ("one cell at A1048576", a_cell),
        ("ordinary file, 3,000 rows × 16 columns", ordinary),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "hostile_import.md"))
    args = parser.parse_args()
    lines = [
        "# Hostile spreadsheets: refusal time and peak memory",
        "",
        f"{platform.platform()}, Python {platform.python_version()}; each case in a fresh "
        "process capped at 4 GB; peak = ru_maxrss of that process (the interpreter alone is "
        "about 25 MB).",
        "",
        "| file | size | before: time | before: peak | before: outcome | now: time | now: peak "
        "| now: outcome |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in files(Path(tmp)):
            before, now = run("before", path), run("now", path)
            cells = [label, f"{path.stat().st_size / 1024:.1f} KB"]
            for r in (before, now):
                if r["seconds"] is None:
                    cells += ["—", "—", r["outcome"]]
                else:
                    cells += [f"{r['seconds']:.3f} s", f"{r['peak_mb']:.0f} MB", r["outcome"]]
            lines.append("| " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"→ {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
