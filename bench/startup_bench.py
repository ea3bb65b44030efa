"""Time to first window: the app against a bare PySide6 window, each started three ways.

    python bench/startup_bench.py [--runs 5] [--out bench/results/startup-raw.md]

Variants: from source (Linux), Linux onefile (PyInstaller here), Windows onefile under Wine.
"First window" = the program wrote KONGCHUO_STARTUP_MARKER, i.e. its window has been exposed and
painted on screen; "ready" = KONGCHUO_READY_MARKER, its first page holds its data
(kongchuo_desktop/startup_hooks.py, used by app.py and bench/bare_window.py alike). Every run is
a new process on Xvfb; onefile runs unpack the whole bundle again each time, as a double-click
does.

Needs: Xvfb; `.venv` with PyInstaller; for Wine, a finished `bash installer/build_windows.sh`
(its exe and its cached Wine prefix). Builds the Linux onefiles and the bare Windows exe itself
into bench/build/ (git-ignored). Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "bench" / "build"
CACHE = Path(os.environ.get("KONGCHUO_BUILD_CACHE", Path.home() / ".cache" / "kongchuo-winbuild"))
WIN_EXE = ROOT / "installer" / "dist" / "kongchuo.exe"
QUIT_AFTER_MS = "300"


def winpath(p: Path) -> str:
    return "Z:" + str(p).replace("/", "\\")


def wine_prefix() -> Path | None:
    ready = sorted(CACHE.glob("prefix-*/.kongchuo-ready"), key=lambda p: p.stat().st_mtime)
    return ready[-1].parent if ready else None


def wine_env(prefix: Path) -> dict[str, str]:
    return {
        **os.environ,
        "WINEPREFIX": str(prefix),
        "WINEARCH": "win64",
        "WINEDEBUG": "-all",
        "WINEDLLOVERRIDES": "mscoree,mshtml=;mscms=n",
    }


def build_linux_onefile(variant: str, reuse: bool) -> Path:
    name = "bare_window" if variant == "bare" else "kongchuo"
    out = BUILD / "linux" / "dist" / name
    if not (reuse and out.exists()):
        env = {**os.environ, "KONGCHUO_SPEC_VARIANT": variant}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "ERROR",
                "--distpath",
                str(out.parent),
                "--workpath",
                str(BUILD / "linux" / f"work-{variant}"),
                str(ROOT / "installer" / "kongchuo.spec"),
            ],
            check=True,
            env=env,
        )
    return out


def build_wine_bare(prefix: Path, reuse: bool) -> Path:
    out = BUILD / "wine" / "dist" / "bare_window.exe"
    if not (reuse and out.exists()):
        env = {**wine_env(prefix), "KONGCHUO_SPEC_VARIANT": "bare", "PIP_CONFIG_FILE": "NUL"}
        # Pipe wine's output (Wine 8 + CPython fail on stdout redirected to a file).
        subprocess.run(
            [
                "wine",
                "C:\\py311\\python.exe",
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "ERROR",
                "--distpath",
                winpath(out.parent),
                "--workpath",
                winpath(BUILD / "wine" / "work-bare"),
                winpath(ROOT / "installer" / "kongchuo.spec"),
            ],
            check=True,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    return out


PROGRAMS = {"app": "app (demo school)", "bare": "bare window"}


def fmt(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds:.2f}"


def time_to_window(
    cmd: list[str], env: dict[str, str], markers: tuple[Path, Path], to_markers: tuple[str, str]
) -> tuple[float, float]:
    """Seconds from starting `cmd` until its window is painted ("shown") and until its first page
    holds its data ("ready"; NaN for a build older than the ready marker, which quits without)."""
    for marker in markers:
        marker.unlink(missing_ok=True)
    env = {
        **env,
        "KONGCHUO_STARTUP_MARKER": to_markers[0],
        "KONGCHUO_READY_MARKER": to_markers[1],
        "KONGCHUO_QUIT_AFTER_MS": QUIT_AFTER_MS,
    }
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: list[float] = []
    try:
        while len(seen) < 2:
            if markers[len(seen)].exists():
                seen.append(time.perf_counter() - start)
                continue
            if proc.poll() is not None:
                if seen and proc.returncode == 0:
                    seen.append(math.nan)
                    break
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"{cmd[0]} exited {proc.returncode} before its window:\n{out}")
            if time.perf_counter() - start > 180:
                proc.kill()
                out = proc.communicate()[0].decode(errors="replace")
                raise RuntimeError(
                    f"{cmd} got no further than {len(seen)} marker(s) in 180 s:\n{out}"
                )
            time.sleep(0.005)
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    return seen[0], seen[1]


def add_audit_lines(data: Path, rows: int) -> None:
    """Lines appended to the data's audit trail as a year of use writes them (bench_audit_chain)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_audit_chain import build

    from kongchuo_desktop.db.store import open_data_folder

    folder = open_data_folder(data, daily_backup=False)
    try:
        build(folder, rows)
    finally:
        folder.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "startup-raw.md")
    parser.add_argument("--skip-wine", action="store_true")
    parser.add_argument("--reuse-builds", action="store_true", help="keep bench/build/ as it is")
    parser.add_argument("--only", metavar="TEXT", help="only variants whose start has TEXT")
    parser.add_argument(
        "--first-start-of-day",
        action="store_true",
        help="remove the day's automatic backups before each run, so every run makes them",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FOLDER",
        help="start the app on a copy of this data folder instead of a new demo school",
    )
    parser.add_argument(
        "--year-of-use",
        action="store_true",
        help="add a year of use to the data (200,000 audit lines) and a day's work (500 lines) "
        "before each run, so the start-up audit chain check has a day to verify",
    )
    parser.add_argument(
        "--also-exe",
        type=Path,
        metavar="OLD.exe",
        help="also time another build of kongchuo.exe under Wine (e.g. the previous release)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kongchuo-bench-"))
    data = tmp / "data"
    base_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    base_env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) screen, not offscreen
    if args.data:
        shutil.copytree(args.data, data)
        PROGRAMS["app"] = f"app ({args.data.name})"
    else:  # the app's own start: a demo school of 1200 students, made once from source
        subprocess.run(
            [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data), "demo"],
            check=True,
            env={**base_env, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.DEVNULL,
        )
    if args.year_of_use:
        add_audit_lines(data, 200_000)
    print(f"database: {(data / 'kongchuo.sqlite').stat().st_size / 2**20:.1f} MiB")

    markers = (tmp / "shown.txt", tmp / "ready.txt")

    def run_once(cmd, env, to_markers):
        if args.first_start_of_day:
            for kind in ("daily", "monthly"):
                shutil.rmtree(data / "backups" / kind, ignore_errors=True)
        if args.year_of_use:
            add_audit_lines(data, 500)  # a day's work since the last start
        return time_to_window(cmd, env, markers, to_markers)

    display = f":{150 + os.getpid() % 50}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
    time.sleep(1)
    base_env["DISPLAY"] = display
    here = (str(markers[0]), str(markers[1]))

    def mib(p: Path) -> str:
        return f"{p.stat().st_size / 2**20:.1f} MiB"

    app_src = [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data)]
    bare_src = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    # (start, program, command, environment, marker paths as the program sees them, size)
    variants: list[tuple[str, str, list[str], dict[str, str], tuple[str, str], str]] = [
        ("source (Linux)", "app", app_src, base_env, here, ""),
        ("source (Linux)", "bare", bare_src, base_env, here, ""),
    ]
    if not args.only or args.only.lower() in "onefile (linux)":
        linux_app = build_linux_onefile("app", args.reuse_builds)
        linux_bare = build_linux_onefile("bare", args.reuse_builds)
        variants += [
            ("onefile (Linux)", "app", [str(linux_app), "--data-dir", str(data)], base_env, here,
             mib(linux_app)),
            ("onefile (Linux)", "bare", [str(linux_bare)], base_env, here, mib(linux_bare)),
        ]  # fmt: skip
    prefix = None if args.skip_wine else wine_prefix()
    if prefix is not None and WIN_EXE.exists():
        wenv = {**wine_env(prefix), **{k: v for k, v in base_env.items() if k == "DISPLAY"}}
        wine_bare = build_wine_bare(prefix, args.reuse_builds)
        there = (winpath(markers[0]), winpath(markers[1]))
        variants += [
            ("onefile .exe (Wine)", "app", ["wine", str(WIN_EXE), "--data-dir", winpath(data)],
             wenv, there, mib(WIN_EXE)),
            ("onefile .exe (Wine)", "bare", ["wine", str(wine_bare)], wenv, there,
             mib(wine_bare)),
        ]  # fmt: skip
        if args.also_exe:
            variants.append(
                ("onefile .exe (Wine)", f"app: {args.also_exe}",
                 ["wine", str(args.also_exe.resolve()), "--data-dir", winpath(data)], wenv, there,
                 mib(args.also_exe))
            )  # fmt: skip

    if args.only:
        variants = [v for v in variants if args.only.lower() in v[0].lower()]
    rows = []
    try:
        for how, what, cmd, env, to_markers, size in variants:
            if cmd[0] == "wine":
                subprocess.run(["wineserver", "-k"], env=env, check=False)
                time.sleep(1)
            runs = [run_once(cmd, env, to_markers) for _ in range(args.runs)]
            shown, ready = [r[0] for r in runs], [r[1] for r in runs]
            rows.append((how, what, size, shown, ready))
            print(
                f"{how:22} {what:5} shown: first {shown[0]:.2f} s, median "
                f"{statistics.median(shown):.2f} s ({', '.join(f'{t:.2f}' for t in shown)}); "
                f"ready: median {fmt(statistics.median(ready))} s"
            )
    finally:
        xvfb.terminate()
        xvfb.wait()
        if prefix is not None:
            subprocess.run(["wineserver", "-k"], env=wine_env(prefix), check=False)
        shutil.rmtree(tmp, ignore_errors=True)

    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.platform()}; Xvfb; "
        f"{args.runs} runs each"
        + (
            "; every run is the first start of a day (makes the daily backup)."
            if args.first_start_of_day
            else "."
        ),
        "'shown' = the window is painted on screen; 'ready' = its first page shows its data (for",
        "the app: 首页 with today's head-count work; the bare window is ready when shown).",
        "Data with accounts (the demo school has them): the app's first window is the login screen;",
        "'shown' = the login screen painted, 'ready' = the audit chain checked behind it.",
        "'first' = first run of the variant (for Wine: wineserver started cold).",
        "",
        "| start | program | size | shown: first (s) | shown: median (s) | shown: all runs (s) "
        "| ready: median (s) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for how, what, size, shown, ready in rows:
        lines.append(
            f"| {how} | {PROGRAMS.get(what, what)} | {size} "
            f"| {shown[0]:.2f} | {statistics.median(shown):.2f} "
            f"| {' '.join(f'{t:.2f}' for t in shown)} | {fmt(statistics.median(ready))} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
