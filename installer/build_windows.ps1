# Build kongchuo.exe on a real Windows machine and smoke-test it, like build_windows.sh does
# under Wine. Needs 64-bit Python 3.11 (python.org or `winget install Python.Python.3.11`).
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1 [-Python py] [-PythonArgs -3.11]
# Output in installer\dist\: kongchuo.exe, selftest.txt, check.json.
param(
    [string]$Python = "python",
    [string[]]$PythonArgs = @()
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Dist = Join-Path $Root "installer\dist"
$Work = Join-Path $Root "installer\build\win"
$Venv = Join-Path $Root ".venv-build"
New-Item -ItemType Directory -Force -Path $Dist, $Work | Out-Null

function Step($text) { Write-Host "=== $text" }

# The exe is windowed (no console): PowerShell would not wait for it, so start it and wait.
# Start-Process joins the arguments into one command line: paths are passed with quotes.
function Invoke-Exe([string[]]$Arguments, [int]$TimeoutSec = 300) {
    $p = Start-Process -FilePath (Join-Path $Dist "kongchuo.exe") -ArgumentList $Arguments `
        -PassThru -NoNewWindow
    $null = $p.Handle  # without this, ExitCode stays empty after WaitForExit
    if (-not $p.WaitForExit($TimeoutSec * 1000)) { $p.Kill(); throw "kongchuo.exe $Arguments timed out" }
    return $p.ExitCode
}

Step "1. virtual environment with the app's dependencies and PyInstaller"
& $Python @PythonArgs -m venv $Venv
$Py = Join-Path $Venv "Scripts\python.exe"
& $Py -m pip install -q --upgrade pip
& $Py -m pip install -q ".[build]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

Step "2. PyInstaller (installer\kongchuo.spec)"
& $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath $Dist --workpath $Work `
    installer\kongchuo.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$Exe = Join-Path $Dist "kongchuo.exe"
$SizeMB = [math]::Round((Get-Item $Exe).Length / 1MB, 1)
Step "exe: $Exe, $SizeMB MiB"

Step "3. selftest (offscreen)"
$env:QT_QPA_PLATFORM = "offscreen"
$SelftestOut = Join-Path $Dist "selftest.txt"
Remove-Item -Force $SelftestOut -ErrorAction SilentlyContinue  # --log appends
$code = Invoke-Exe @("selftest", "--log", "`"$SelftestOut`"")
Get-Content -Encoding UTF8 $SelftestOut
$text = Get-Content -Raw -Encoding UTF8 $SelftestOut
if ($code -ne 0 -or -not $text.StartsWith("SELFTEST OK")) { throw "selftest failed ($code)" }
foreach ($want in @("zhangsan/zs", "ui-icons.zip", "excel: ", "frozen: True")) {
    if (-not $text.Contains($want)) { throw "selftest output lacks '$want'" }
}

Step "4. upgrade: check --json on a copy of a data folder made by version 0.1"
$Old = Join-Path $Work "old-data"
Remove-Item -Recurse -Force $Old -ErrorAction SilentlyContinue
Copy-Item -Recurse (Join-Path $Root "tests\fixtures\data_folder_v0_1") $Old
$CheckOut = Join-Path $Dist "check.json"
Remove-Item -Force $CheckOut -ErrorAction SilentlyContinue
$code = Invoke-Exe @("--data-dir", "`"$Old`"", "check", "--json", "--log", "`"$CheckOut`"")
$report = Get-Content -Raw -Encoding UTF8 $CheckOut | ConvertFrom-Json
$backups = @(Get-ChildItem (Join-Path $Old "backups\events") -Filter "*before-migrate-v1.sqlite")
if ($code -ne 0 -or -not $report.ok -or $report.schema_version -ne $report.latest_schema_version `
        -or $report.students -ne 2 -or $backups.Count -ne 1) {
    throw "upgrade check failed: $($report | ConvertTo-Json -Compress)"
}
Write-Host "upgrade OK: schema $($report.schema_version), $($report.students) students, backup $($backups[0].Name)"

Step "5. the real window with the demo school"
Remove-Item Env:QT_QPA_PLATFORM
$Demo = Join-Path $Work "demo-data"
Remove-Item -Recurse -Force $Demo -ErrorAction SilentlyContinue
if ((Invoke-Exe @("--data-dir", "`"$Demo`"", "demo")) -ne 0) { throw "demo failed" }
$Marker = Join-Path $Work "window-shown.txt"
$Ready = Join-Path $Work "home-ready.txt"
Remove-Item -Force $Marker, $Ready -ErrorAction SilentlyContinue
$env:KONGCHUO_STARTUP_MARKER = $Marker
$env:KONGCHUO_READY_MARKER = $Ready
$env:KONGCHUO_QUIT_AFTER_MS = "5000"
$watch = [Diagnostics.Stopwatch]::StartNew()
$p = Start-Process -FilePath $Exe -ArgumentList @("--data-dir", "`"$Demo`"") -PassThru
while (-not (Test-Path $Marker) -and -not $p.HasExited -and $watch.Elapsed.TotalSeconds -lt 120) {
    Start-Sleep -Milliseconds 20
}
$shown = $watch.Elapsed.TotalSeconds
while (-not (Test-Path $Ready) -and -not $p.HasExited -and $watch.Elapsed.TotalSeconds -lt 120) {
    Start-Sleep -Milliseconds 20
}
$filled = $watch.Elapsed.TotalSeconds
if (-not $p.WaitForExit(120000)) { $p.Kill(); throw "the app did not close" }
if (-not (Test-Path $Marker)) { throw "the main window never appeared (exit $($p.ExitCode))" }
if (-not (Test-Path $Ready)) { throw "the home page never filled (exit $($p.ExitCode))" }
Remove-Item Env:KONGCHUO_STARTUP_MARKER, Env:KONGCHUO_READY_MARKER, Env:KONGCHUO_QUIT_AFTER_MS
Step ("done: {0} ({1} MiB); main window after {2:N1} s, home page filled after {3:N1} s" -f $Exe, $SizeMB, $shown, $filled)
