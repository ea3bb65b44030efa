"""Benchmark: how well the paste reads the head-count corpus (tests/fixtures/headcount_corpus.txt).

    .venv/bin/python bench/bench_headcount_corpus.py [--out bench/results/headcount_corpus.md]

For every class a message of the corpus reports, the reading is one of:
  exact    — saved exactly as the message says (every child, reason and period), or flagged
             when the message itself is unclear or wrong (the corpus says FLAG);
  flagged  — not saved although the message is clear (the clerk enters it by hand: safe);
  misread  — would be saved with a child, reason or period different from the message.
Goal: ≥ 96 % exact, 0 misread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.domain.headcount_corpus import Entry, corpus_roster, judge, load_corpus
from tests.domain.headcount_generated import generated


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the results as Markdown")
    args = ap.parse_args()
    entries = load_corpus()
    roster = corpus_roster()
    start = time.perf_counter()
    verdicts = [v for e in entries for v in judge(e, roster)]
    took = time.perf_counter() - start
    counts = Counter(v.outcome for v in verdicts)
    total = len(verdicts)
    flags_expected = sum(1 for e in entries for _, want in e.expected if want == "FLAG")
    lines = [
        "# Head-count corpus (bench/bench_headcount_corpus.py)",
        "",
        f"Run: {dt.datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}.",
        f"Corpus: {len(entries)} messages, {total} class readings "
        f"({flags_expected} of them expected to be flagged: unclear or wrong messages).",
        "",
        "| reading | classes | share |",
        "| --- | --- | --- |",
    ]
    for outcome, label in (
        ("exact", "understood exactly (saved as written, or flagged when it should be)"),
        ("flagged", "flagged although clear (not saved: safe)"),
        ("misread", "misread (would be saved differently from the message)"),
    ):
        k = counts.get(outcome, 0)
        lines.append(f"| {label} | {k} | {k / total:.1%} |")
    lines += ["", f"Reading the whole corpus took {took * 1000:.0f} ms.", ""]
    made = [v for text, exp in generated() for v in judge(Entry(text, tuple(exp)), roster)]
    made_counts = Counter(v.outcome for v in made)
    lines += [
        "## Generated messages (tests/domain/headcount_generated.py)",
        "",
        f"{len(generated())} messages put together at random (fixed seed) from the class forms,",
        "reason words, brackets, half days, separators, 缺： lists, sender lines and chatter,",
        f"{len(made)} class readings:",
        "",
        "| reading | classes | share |",
        "| --- | --- | --- |",
    ]
    for outcome in ("exact", "flagged", "misread"):
        k = made_counts.get(outcome, 0)
        lines.append(f"| {outcome} | {k} | {k / len(made):.1%} |")
    lines.append("")
    counts.update({f"generated {k}": v for k, v in made_counts.items()})
    rest = [v for v in verdicts if v.outcome != "exact"]
    if rest:
        lines += ["Not understood exactly:", ""]
        lines += [
            f"- {v.outcome}: {v.cls} — “{' / '.join(v.entry.text.splitlines())}”" for v in rest
        ]
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    misread = counts.get("misread", 0) + counts.get("generated misread", 0)
    return 0 if misread == 0 and counts["exact"] / total >= 0.96 else 1


if __name__ == "__main__":
    raise SystemExit(main())
