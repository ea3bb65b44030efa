"""`kongchuo user add | list | disable`: the first account must be a 管理员 and gets a recovery
code; --role and --class repeat; the password comes from KONGCHUO_PASSWORD; list never shows a
hash; exit codes as every command's."""

import json
from pathlib import Path

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.paths import database_path


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KONGCHUO_PASSWORD", "qingshan2026")
    folder = tmp_path / "data"
    code, _, err = run(
        capsys,
        "--data-dir",
        str(folder),
        "setup",
        "--school",
        "测试学校",
        "--type",
        "初中",
        "--classes",
        "2",
    )
    assert code == 0, err
    return str(folder)


def test_the_first_account_must_be_an_administrator_and_gets_a_recovery_code(data, capsys):
    code, _, err = run(capsys, "--data-dir", data, "user", "add", "王老师", "--role", "班主任")
    assert code == 1 and "第一个账号必须是“管理员”" in err
    code, out, _ = run(
        capsys, "--data-dir", data, "user", "add", "李主任", "--role", "管理员", "--role", "教务员",
        "--json",
    )  # fmt: skip
    result = json.loads(out)
    assert code == 0 and result["account"]["role"] == ["管理员", "教务员"]
    assert len(result["recovery_code"]) == 24


def test_a_class_head_with_two_classes_lists_without_a_hash(data, capsys):
    run(capsys, "--data-dir", data, "user", "add", "李主任", "--role", "管理员")
    code, out, err = run(
        capsys, "--data-dir", data, "user", "add", "王老师", "--role", "班主任",
        "--class", "七年级1班", "--class", "七年级2班",
    )  # fmt: skip
    assert code == 0, err
    assert "恢复码" not in out  # only the first account's command shows one
    code, out, _ = run(capsys, "--data-dir", data, "user", "list", "--json")
    users = json.loads(out)["users"]
    assert [u["name"] for u in users] == ["李主任", "王老师"]
    assert users[1]["classes"] == ["七年级1班", "七年级2班"]
    assert set(users[1]) == {"name", "role", "teacher", "classes", "active", "last_login"}
    assert "scrypt" not in out
    code, out, _ = run(capsys, "--data-dir", data, "user", "list")
    assert "王老师　班主任　班级：七年级1班、七年级2班　在用　从未登录" in out


def test_disable_stops_an_account_and_the_audit_names_the_command_line(data, capsys):
    from kongchuo_desktop.services.audit import cli_user

    run(capsys, "--data-dir", data, "user", "add", "李主任", "--role", "管理员")
    run(capsys, "--data-dir", data, "user", "add", "小王", "--role", "只读")
    code, out, _ = run(capsys, "--data-dir", data, "user", "disable", "小王")
    assert code == 0 and "已停用" in out
    code, out, _ = run(capsys, "--data-dir", data, "user", "list", "--json")
    assert [u["active"] for u in json.loads(out)["users"]] == [True, False]
    code, _, err = run(capsys, "--data-dir", data, "user", "disable", "李主任")
    assert code == 1 and "唯一在用的管理员" in err
    code, out, _ = run(capsys, "--data-dir", data, "audit", "--user", cli_user(), "--json")
    assert any(line["table"] == "account" for line in json.loads(out)["lines"])
    assert b"qingshan2026" not in database_path(Path(data)).read_bytes()


def test_an_unknown_role_is_a_usage_error(data, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["--data-dir", data, "user", "add", "老周", "--role", "校工"])
    assert ended.value.code == 2 and "无效的选项" in capsys.readouterr().err


def test_without_a_password_and_no_terminal_it_says_how(data, capsys, monkeypatch):
    monkeypatch.delenv("KONGCHUO_PASSWORD")
    code, _, err = run(capsys, "--data-dir", data, "user", "add", "李主任", "--role", "管理员")
    assert code == 2 and "KONGCHUO_PASSWORD" in err
