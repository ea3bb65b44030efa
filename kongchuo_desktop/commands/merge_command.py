"""`merge-students`: two records of one child merged into one (the same rules as the student
page's 合并重复档案), or with --dry-run only what each has and what would happen."""

from __future__ import annotations

from kongchuo_desktop.commands.context import EXIT_REFUSED, CommandError, Context


def register(sub, common) -> None:
    p = sub.add_parser(
        "merge-students",
        parents=[common],
        help="合并同一个孩子的两份档案（另一份的全部记录并入保留的一份，另一份删除）",
    )
    p.add_argument(
        "--keep", required=True, metavar="ID", help="保留的档案：身份证号、学籍号或档案号"
    )
    p.add_argument("--other", required=True, metavar="ID", help="并入并删除的档案：同上")
    p.add_argument("--dry-run", action="store_true", help="只显示两份档案和合并结果，不写入")
    p.set_defaults(handler=cmd_merge)


def _find(key: str):
    from kongchuo_desktop.db.models import Student

    key = key.strip().upper()
    found = Student.get_or_none(Student.id_number == key) or Student.get_or_none(
        Student.student_number == key
    )
    if found is None and key.isdigit() and len(key) < 10:
        found = Student.get_or_none(Student.id == int(key))
    if found is None:
        raise CommandError(f"没有身份证号、学籍号或档案号为 {key} 的学生", EXIT_REFUSED)
    return found


def cmd_merge(ctx: Context) -> int:
    from kongchuo_desktop.services.student_merge import MergeError, merge_preview, merge_students

    ctx.folder(writes=not ctx.args.dry_run)
    keep, other = _find(ctx.args.keep), _find(ctx.args.other)
    try:
        p = merge_preview(keep.id, other.id)
    except MergeError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    data = {
        "keep": p.keep.summary,
        "other": p.other.summary,
        "keep_counts": p.keep.counts,
        "other_counts": p.other.counts,
        "fields": [
            {"field": label, "keep": mine, "other": theirs, "result": result}
            for label, mine, theirs, result in p.fields
        ],
        "class_after": p.class_after,
        "status_after": p.status_after,
        "notes": list(p.notes),
        "refusals": list(p.refusals),
    }
    lines = [f"保留：{p.keep.summary}", f"并入：{p.other.summary}"]
    for what in p.keep.counts:
        lines.append(f"  {what}：{p.keep.counts[what]} + {p.other.counts[what]}")
    for label, mine, theirs, result in p.fields:
        lines.append(f"  {label}：{mine or '（空）'} / {theirs or '（空）'} → {result or '（空）'}")
    lines.append(f"合并后：{p.class_after or '无班级'}，{p.status_after}")
    lines += [f"  • {n}" for n in p.notes]
    lines += [f"  ✗ {r}" for r in p.refusals]
    if p.refusals:
        data["written"] = False
        lines.append("不能合并，未写入任何数据。")
        ctx.emit(data, lines)
        return EXIT_REFUSED
    if ctx.args.dry_run:
        data["written"] = False
        lines.append("（--dry-run：未写入）")
        ctx.emit(data, lines)
        return 0
    try:
        merge_students(ctx.actor, keep.id, other.id)
    except MergeError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    data["written"] = True
    lines.append("已合并。")
    ctx.emit(data, lines)
    return 0
