"""`kongchuo census FILE… [--dry-run] [--json]` and `kongchuo not-returned [--term …] [--json]`."""

import datetime as dt
import json

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.census_models import CensusEntry
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.attendance import AbsenceInput
from tests import census_files as cf
from tests.services.test_census import census_school  # noqa: F401 - a fixture


def run(capsys, folder, *args):
    code = main(["--data-dir", str(folder.path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_census_dry_run_counts_and_lists_who_is_not_accounted_for(
    census_school,  # noqa: F811
    folder,
    tmp_path,
    capsys,
):
    files = [str(cf.hongxing(tmp_path)), str(cf.qingshan(tmp_path))]
    code, out, _ = run(capsys, folder, "census", *files, "--dry-run", "--json")
    data = json.loads(out)
    assert code == 0 and data["written"] is False
    assert CensusEntry.select().count() == 0
    assert data["counts"]["本校在读"] == 3 and data["counts"]["外校就读"] == 1
    assert sum(data["counts"].values()) == 12
    follow = {(x["name"], x["result"]) for x in data["follow_up"]}
    assert follow == {("王小明", "外校就读"), ("赵未", "未入学/失学"), ("钱缓", "延缓入学"),
                      ("孙送", "送教上门")}  # fmt: skip
    zhao = next(x for x in data["follow_up"] if x["name"] == "赵未")
    assert (zhao["file"], zhao["row"], zhao["village"]) == (
        "红星村适龄儿童摸底表.xlsx",
        6,
        "红星村",
    )
    assert cf.ID_NOT_ENROLLED not in out and cf.ID_ELSEWHERE not in out


def test_census_imports_and_says_which_rows_were_left_out(
    census_school,  # noqa: F811
    folder,
    tmp_path,
    capsys,
):
    code, out, _ = run(capsys, folder, "census", str(cf.hongxing(tmp_path)))
    assert code == 0
    assert "第14行 [公民身份号码] 错误：身份证号校验位错误" in out
    assert "红星村适龄儿童摸底表.xlsx 第6行 红星村二组 赵未：未入学/失学" in out
    assert "已导入 红星村 的名单" in out
    assert CensusEntry.select().count() == 11


def test_census_refuses_everything_when_a_file_cannot_be_read(
    census_school,  # noqa: F811
    folder,
    tmp_path,
    capsys,
):
    broken = tmp_path / "白云村.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, _ = run(capsys, folder, "census", str(cf.hongxing(tmp_path)), str(broken))
    assert code == 1 and "未写入任何数据" in out
    assert CensusEntry.select().count() == 0


def test_not_returned_lists_who_has_not_come_back(school, folder, actor, capsys):
    s = school["s"]
    for day in (dt.date(2026, 9, 1), dt.date(2026, 9, 2)):
        att.save_class(
            actor, school["c1"].id, day, [AbsenceInput(s["李四"].id, "旷课", "全天", "")],
            today=day,
        )  # fmt: skip
    code, out, _ = run(
        capsys, folder, "not-returned", "--term", "2026-2027-1", "--date", "2026-09-02", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["term"] == "2026-2027-1" and data["deadline"] == "2026-09-15"
    names = {x["student"]: x for x in data["students"]}
    assert names["李四"]["absent_days"] == 2 and names["李四"]["responsible"] == "王老师"
    assert "张三" not in names and names["刘洋"]["unreported_days"] == 2
    code, out, err = run(capsys, folder, "not-returned", "--term", "2025-2026-2")
    assert code == 2 and "已有：2026-2027-1" in err
