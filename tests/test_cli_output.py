"""What scripts read from the command line: `--log FILE` and selftest's checks."""

from __future__ import annotations

import json

import pytest

from kongchuo_desktop.cli import main


def test_selftest_passes_and_writes_its_result_to_log_file(tmp_path, capsys):
    log = tmp_path / "selftest.txt"
    assert main(["selftest", "--log", str(log)]) == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("SELFTEST OK")
    assert "zhangsan/zs" in text
    assert "SELFTEST OK" in capsys.readouterr().out


def test_selftest_json_lists_every_check(tmp_path, capsys):
    assert main(["selftest", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert {"pinyin", "icons", "resources", "excel"} <= set(report["checks"])


def test_errors_go_to_the_log_file_too(tmp_path, capsys):
    log = tmp_path / "restore.txt"
    missing = tmp_path / "nope.sqlite"
    code = main(["--data-dir", str(tmp_path / "d"), "restore", str(missing), "--log", str(log)])
    assert code == 2
    assert "找不到文件" in log.read_text(encoding="utf-8")


def test_the_log_file_is_appended_to_not_replaced(tmp_path, capsys):
    log = tmp_path / "每日.txt"
    log.write_text("昨天的记录\n", encoding="utf-8")
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "check", "--log", str(log)]) == 0
    assert main(["--data-dir", data, "check", "--json", "--log", str(log)]) == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("昨天的记录\n")
    assert text.count("完整性检查") == 1 and text.count('"integrity"') == 1


def test_out_on_a_command_that_writes_no_file_says_it_is_now_log(tmp_path, capsys):
    target = tmp_path / "check.txt"
    target.write_text("留着", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(tmp_path / "d"), "check", "--out", str(target)])
    assert exc.value.code == 2
    assert "--out 已改名为 --log" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "留着"


@pytest.mark.parametrize("name", ["kongchuo.sqlite", "kongchuo.sqlite-wal", "logs/kongchuo.log"])
def test_log_never_writes_into_the_data_folders_own_files(tmp_path, capsys, name):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "check"]) == 0
    target = data / name
    target.parent.mkdir(exist_ok=True)
    target.touch()
    before = target.read_bytes()
    code = main(["--data-dir", str(data), "check", "--log", str(target)])
    assert code == 1
    assert "数据文件夹自己的文件" in capsys.readouterr().err
    if name != "logs/kongchuo.log":  # the program's own log grows by itself
        assert target.read_bytes() == before
