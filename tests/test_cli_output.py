"""What scripts read from the command line: `--out FILE` and selftest's checks."""

from __future__ import annotations

import json

from kongchuo_desktop.cli import main


def test_selftest_passes_and_writes_its_result_to_out_file(tmp_path, capsys):
    out = tmp_path / "selftest.txt"
    assert main(["selftest", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("SELFTEST OK")
    assert "zhangsan/zs" in text
    assert "SELFTEST OK" in capsys.readouterr().out


def test_selftest_json_lists_every_check(tmp_path, capsys):
    assert main(["selftest", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert {"pinyin", "icons", "resources", "excel"} <= set(report["checks"])


def test_errors_go_to_the_out_file_too(tmp_path, capsys):
    out = tmp_path / "restore.txt"
    missing = tmp_path / "nope.sqlite"
    code = main(["--data-dir", str(tmp_path / "d"), "restore", str(missing), "--out", str(out)])
    assert code == 2
    assert "找不到文件" in out.read_text(encoding="utf-8")
