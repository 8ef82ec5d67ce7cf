"""One vocabulary of labels: every code a reader sees has one label per language."""

from __future__ import annotations

from hrdscore.labels import count_noun, fmt_pct, label, pct_number
from hrdscore.labels.vocabulary import LABELS
from hrdscore.model.vocab import ActorKind, Level, MissingState, ReplySubstance


def test_every_enum_code_a_reader_sees_has_a_label_in_each_language() -> None:
    for domain, codes in (("level", Level), ("missing", MissingState),
                          ("reply", ReplySubstance), ("kind", ActorKind),
                          ("kind_plural", ActorKind)):
        for code in codes:
            for lang in ("en", "ru", "kk"):
                words = label(domain, code, lang)  # type: ignore[arg-type]
                assert words and "_" not in words, (domain, code, lang)


def test_timeliness_reads_the_same_everywhere_and_pending_has_words() -> None:
    assert label("timeliness", "probably_on_time") == "possibly on time"
    assert label("timeliness", "pending") == "deadline not yet passed"
    assert label("timeliness", "late", "ru") == "с опозданием"


def test_kazakh_falls_back_to_russian_where_not_written() -> None:
    assert LABELS["level"]["limited"]["kk"] == LABELS["level"]["limited"]["ru"]
    assert label("level", "not_met", "kk") == "орындалмады"


def test_unknown_code_reads_as_words_never_a_traceback() -> None:
    assert label("level", "some_new_level") == "some new level"


def test_percent_rounds_half_up_once_for_every_output() -> None:
    # 0.105 is stored as 0.10499999...; a reader expects 11%, and the card's header and its
    # reason use this one function so they agree.
    assert fmt_pct(0.105) == "11%"
    assert fmt_pct(0.1428) == "14%"
    assert fmt_pct(None) == "—"
    assert pct_number(0.1428) == 14.3
    assert pct_number(0.105) == 10.5


def test_count_noun_never_writes_s_in_brackets() -> None:
    assert count_noun(1, "serious act") == "1 serious act"
    assert count_noun(2, "serious act") == "2 serious acts"
    assert count_noun(3, "criterion", "criteria") == "3 criteria"
