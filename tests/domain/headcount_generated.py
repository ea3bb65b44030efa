"""Head-count messages put together at random from the forms class heads use (a fixed seed),
each with the reading it must get: a second, larger check beside the hand-written corpus."""

from __future__ import annotations

import random

from tests.domain.headcount_corpus import CLASSES, LEAVE

CN = "零一二三四五六七八九"
CLASS_FORMS = [
    "{g}年级{n}班",
    "{G}年级{n}班",
    "{G}年级{N}班",
    "【{G}年级{n}班】",
    "[{G}年级{n}班]",
    "{G}({n})班",
    "{G}（{n}）班",
    "{G}年级（{n}）班",
    "{J}({n})班",
    "{J}{n}班",
    "{g}.{n}班",
    "{G}年级{fn}班",
]
REASONS = {  # what is written → what is saved
    "病假": "病假",
    "事假": "事假",
    "旷课": "旷课",
    "无故未到": "旷课",
    "无故缺席": "旷课",
    "请病假": "病假",
    "请事假": "事假",
    "发烧": "病假",
    "迟到": "迟到",
    "早退": "早退",
}
PRESENT = {"迟到", "早退"}
SENDERS = ["潘艳颖 07:5{k}", "钟远阳 07:4{k}", "廖欣：", "[图片]", "收到", "好的", "👍"]


def _class_text(rng: random.Random, g: int, n: int) -> str:
    form = rng.choice(CLASS_FORMS if g >= 7 else [f for f in CLASS_FORMS if "{J}" not in f])
    full = "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    return form.format(g=g, n=n, G=CN[g], N=CN[n], J="初" + CN[g - 6] if g >= 7 else "", fn=full)


def _absentee(rng: random.Random, name: str) -> tuple[str, tuple[str, str, str]]:
    written = rng.choice(list(REASONS))
    period = rng.choice(["", "", "", "上午", "下午"])
    style = rng.randrange(4)
    if style == 0:
        text = f"{name}{period}{written}"
    elif style == 1:
        text = f"{name} {written}" + (f"（{period}）" if period else "")
    elif style == 2:
        text = f"{name}（{written}）" if not period else f"{name}{period}{written}"
    else:
        text = f"{name}{written}" + (f"({period})" if period else "")
    return text, (name, REASONS[written], period or "全天")


def generated(count: int = 400, seed: int = 2026) -> list[tuple[str, list[tuple[str, object]]]]:
    rng = random.Random(seed)
    classes = list(CLASSES.items())
    out = []
    for _ in range(count):
        lines, expected = [], []
        for (g, n), (size, named) in rng.sample(classes, rng.randint(1, 3)):
            if rng.random() < 0.3:
                lines.append(rng.choice(SENDERS).format(k=rng.randrange(10)))
            pool = [x for x in named if x not in LEAVE]
            kids = rng.sample(pool, rng.randint(0, min(3, len(pool))))
            texts, truth = [], []
            for kid in kids:
                t, reading = _absentee(rng, kid)
                texts.append(t)
                truth.append(reading)
            for kid in named:  # a child on approved leave, left out: absent as the leave says
                if kid in LEAVE:
                    truth.append((kid, LEAVE[kid][0], str(LEAVE[kid][1])))
            absent = sum(1 for _, r, _ in truth if r not in PRESENT)
            head = _class_text(rng, g, n)
            counts = rng.random() < 0.6
            body = f"应到{size}人，实到{size - absent}人" if counts else ""
            sep = rng.choice(["，", "、", " ", "，", "\n"])
            if texts and rng.random() < 0.25:  # "病假：张三、李四；旷课：王五"
                groups: dict[str, list[str]] = {}
                for kid, reason, period in truth:
                    if kid not in LEAVE:
                        word = reason if period == "全天" else f"{period}{reason}"
                        groups.setdefault(word, []).append(kid)
                texts = [f"{word}：{'、'.join(kids)}" for word, kids in groups.items()]
                sep = rng.choice(["；", "\n", " "])
            if texts:
                names = sep.join(texts)
                if rng.random() < 0.3:
                    names = "缺：" + names
                    body = f"{body}\n{names}" if body else names
                else:
                    body = f"{body}{sep}{names}" if body else names
            else:
                body = body or rng.choice(["全到", "全勤", "无缺勤", "到齐"])
            if texts and rng.random() < 0.2:
                body += rng.choice(["，其余全到", " 其他同学全到", "。其余正常"])
            if rng.random() < 0.15:  # who writes: a teacher's name is not an absentee
                body = rng.choice(["班主任潘艳颖：", "钟远阳老师：", "廖欣 "]) + body
            lines.append(f"{head}{rng.choice(['：', ' ', ''])}{body}")
            expected.append((f"{CN[g]}年级{n}班", tuple(sorted(truth))))
        out.append(("\n".join(lines), expected))
    return out
