"""The corpus of head-count messages: nothing misread, and nearly every class understood."""

from tests.domain.headcount_corpus import Entry, corpus_roster, judge, load_corpus
from tests.domain.headcount_generated import generated


def test_the_corpus_is_large_enough():
    entries = load_corpus()
    assert len(entries) >= 150
    assert all(e.expected for e in entries), [e.text for e in entries if not e.expected]


def test_no_class_of_the_corpus_is_misread_and_96_percent_are_understood():
    roster = corpus_roster()
    verdicts = [v for e in load_corpus() for v in judge(e, roster)]
    misread = [(v.entry.text, v.cls, v.got) for v in verdicts if v.outcome == "misread"]
    assert misread == []
    exact = sum(v.outcome == "exact" for v in verdicts)
    assert exact / len(verdicts) >= 0.96, [
        (v.entry.text, v.cls) for v in verdicts if v.outcome != "exact"
    ]


def test_generated_messages_are_never_misread():
    # Found a real misread: "李四（无故缺席） 孙丽下午请事假" gave 李四 事假 as well.
    roster = corpus_roster()
    verdicts = [v for text, exp in generated() for v in judge(Entry(text, tuple(exp)), roster)]
    assert [(v.entry.text, v.cls, v.got) for v in verdicts if v.outcome == "misread"] == []
    exact = sum(v.outcome == "exact" for v in verdicts)
    assert exact / len(verdicts) >= 0.96
