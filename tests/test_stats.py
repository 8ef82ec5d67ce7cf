"""Incident statistics on hand-built acts whose tables are worked out by hand, and the report's
published figures as a reference dataset.

The fixture (six threats, four victims):

    act victim    date                    type            fields (primary 1st)   city   sources
    a1  v1 man    2016-03-10              detention       land, environment      Almaty police
    a2  v1 man    2017-01-15..2017-03-02  surveillance    land                   Almaty unknown
    a3  v2 woman  2017-02-01              criminal charge oil, trade unions, land Aktau police,
                                                                                        OilCo
    a4  v3 legal  2017-02-20              lawsuit         banking                Aktau  bank
    a5  v4 -      2018 (year only)        dismissal       trade unions           -      OilCo
    a6  v2 woman  2017-12-20..2018-01-10  admin. penalty  oil                    Aktau  court

a2 and a6 are ongoing (they span three and two months); v1 is threatened in 2016 and 2017;
a1 and a3 have several fields; a3 names two bodies; v3 is a legal entity; only a4 is
verified. Police sits under the ministry, which sits under the government, like the court.
Recourses: r1 (release, 2016-05-01) remedies a1; r2 (acquittal, 2018-02-01) remedies a3 and
a6, one recourse; r3 (claim rejected, 2017-06-01) remedies a4.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Actor, Period
from hrdscore.model.vocab import (
    ACT_TYPE_BLOCK,
    ActorKind,
    ActType,
    DatePrecision,
    Field,
    Gender,
    InvolvementRole,
    RecourseType,
    SourceCategory,
    VerificationStatus,
    VictimKind,
)
from hrdscore.snapshot.views import ActView, InvolvementView, RecourseView, act_views
from hrdscore.stats import (
    Dimension,
    Measure,
    StatsError,
    StatsFilter,
    StatsRequest,
    Table,
    check_table,
    incident_statistics,
    load_reference,
    parse_dimensions,
    recourse_table,
    threat_table,
    threat_tables,
)

from .conftest import REPORT_SEED

ACTORS = {
    a.id: a for a in [
        Actor(id="gov", name="Government", kind=ActorKind.STATE_BODY),
        Actor(id="ministry", name="Ministry of Internal Affairs", kind=ActorKind.STATE_BODY,
              parent="gov"),
        Actor(id="police", name="City police", kind=ActorKind.STATE_BODY, parent="ministry"),
        Actor(id="court", name="District court", kind=ActorKind.STATE_BODY, parent="gov"),
        Actor(id="oilco", name="OilCo LLP", kind=ActorKind.COMPANY),
        Actor(id="bank", name="Қазақ Банк", kind=ActorKind.BANK),
    ]
}
CATEGORY = {"police": SourceCategory.GOVERNMENT_AGENCY, "court": SourceCategory.GOVERNMENT_AGENCY,
            "oilco": SourceCategory.COMPANY, "bank": SourceCategory.BANK}

R1 = RecourseView("r1", RecourseType.RELEASE, date(2016, 5, 1))
R2 = RecourseView("r2", RecourseType.ACQUITTAL, date(2018, 2, 1))
R3 = RecourseView("r3", RecourseType.CLAIM_REJECTED, date(2017, 6, 1))


def act(act_id: str, victim: str, when: date, act_type: ActType, fields: tuple[str, ...], *,
        end: date | None = None, precision: DatePrecision = DatePrecision.DAY,
        kind: VictimKind = VictimKind.PERSON, gender: Gender | None = None,
        city: str | None = None, region: str | None = None, bodies: tuple[str, ...] = (),
        unknown: bool = False, verification: VerificationStatus = VerificationStatus.REPORTED,
        recourses: tuple[RecourseView, ...] = (), incident: str | None = None) -> ActView:
    involvements = tuple(InvolvementView(b, CATEGORY[b], InvolvementRole.INITIATOR, False)
                         for b in bodies)
    if unknown:
        involvements += (InvolvementView(None, SourceCategory.UNKNOWN_PERSON,
                                         InvolvementRole.EXECUTOR, True),)
    return ActView(
        id=act_id, incident=incident or f"inc-{act_id}", victim=victim, victim_kind=kind,
        victim_gender=gender, type=act_type, date=when, date_end=end, precision=precision,
        fields=tuple(Field(f) for f in fields), primary_field=Field(fields[0]), region=region,
        city=city, involvements=involvements, verification=verification, recourses=recourses,
        confidential=False)


ACTS = (
    act("a1", "v1", date(2016, 3, 10), ActType.DETENTION, ("land", "environment"),
        gender=Gender.MALE, city="Almaty", bodies=("police",), recourses=(R1,)),
    act("a2", "v1", date(2017, 1, 15), ActType.SURVEILLANCE, ("land",), end=date(2017, 3, 2),
        gender=Gender.MALE, city="Almaty", unknown=True),
    act("a3", "v2", date(2017, 2, 1), ActType.CRIMINAL_CHARGE,
        ("oil_industry", "trade_unions", "land"), gender=Gender.FEMALE, city="Aktau",
        bodies=("police", "oilco"), recourses=(R2,), incident="inc-2"),
    act("a4", "v3", date(2017, 2, 20), ActType.LAWSUIT, ("banking",),
        kind=VictimKind.LEGAL_ENTITY, city="Aktau", bodies=("bank",),
        verification=VerificationStatus.VERIFIED, recourses=(R3,)),
    act("a5", "v4", date(2018, 1, 1), ActType.DISMISSAL, ("trade_unions",),
        end=date(2018, 12, 31), precision=DatePrecision.YEAR, bodies=("oilco",)),
    act("a6", "v2", date(2017, 12, 20), ActType.ADMINISTRATIVE_PENALTY, ("oil_industry",),
        end=date(2018, 1, 10), gender=Gender.FEMALE, city="Aktau", bodies=("court",),
        recourses=(R2,), incident="inc-2"),
)


def rows(table: Table) -> dict[str | None, tuple[int | None, int | None]]:
    """One-way table as {key: (threats, persons)}, in the table's order."""
    return {c.key[0]: (c.threats, c.persons) for c in table.cells}


def table(*dims: str, acts: tuple[ActView, ...] = ACTS, **kw: Any) -> Table:
    return threat_table(acts, dims, actors=ACTORS, **kw)


# ----------------------------------------------------------------------------- one-way tables


def test_year_counts_each_threat_once_and_persons_distinct_per_year() -> None:
    t = table("year")
    assert list(rows(t).items()) == [("2016", (1, 1)), ("2017", (4, 3)), ("2018", (1, 1))]
    assert (t.total.threats, t.total.persons) == (6, 4)
    # v1 is threatened in 2016 and 2017: threats add up, persons do not (1 + 3 + 1 = 5 > 4).
    assert t.check.adds_up is True
    assert t.check.persons_add_up is False
    assert ("Person rows count 1 more than the distinct persons: a victim in more than one "
            "year row counts once in each.") in t.check.reasons


def test_month_counts_an_ongoing_act_in_every_month_it_spans() -> None:
    t = table("month")
    assert list(rows(t).items()) == [
        ("2016-03", (1, 1)),
        ("2017-01", (1, 1)),
        ("2017-02", (3, 3)),  # a2 (ongoing), a3, a4
        ("2017-03", (1, 1)),
        ("2017-12", (1, 1)),  # a6 begins
        ("2018-01", (1, 1)),  # a6 goes on into the next year
        ("2018-XX", (1, 1)),  # a5, known only to the year
    ]
    assert t.cells[-1].label == ("2018, month not known",)
    assert sum(c.threats or 0 for c in t.cells) == 9  # more than the 6 threats
    assert t.total.threats == 6
    assert t.counted_more_than_once == 2  # a2 and a6
    assert t.check.adds_up is False
    assert t.check.reasons[0] == ("Ongoing threats spanning more than one month, counted in "
                                  "each month: 2 (3 extra counts).")


def test_field_counts_once_per_field_and_states_the_double_counting() -> None:
    t = table("field")
    assert list(rows(t).items()) == [
        ("land", (3, 2)), ("oil_industry", (2, 1)), ("trade_unions", (2, 2)),
        ("banking", (1, 1)), ("environment", (1, 1)),
    ]
    assert t.counted_more_than_once == 2  # a1 (two fields) and a3 (three)
    assert t.check.adds_up is False
    assert "Threats in more than one field, counted once in each: 2 (3 extra counts)." in (
        t.check.reasons)
    assert any("primary_field" in rule for rule in t.rules)


def test_primary_field_is_a_breakdown_that_adds_up() -> None:
    t = table("primary_field")
    assert rows(t) == {"land": (2, 1), "oil_industry": (2, 1), "banking": (1, 1),
                       "trade_unions": (1, 1)}
    assert t.check.adds_up is True and t.counted_more_than_once == 0
    assert t.check.reasons == ()


def test_sources_by_category_and_by_body_count_each_source_once_per_threat() -> None:
    cat = table("source_category")
    assert rows(cat) == {"government_agency": (3, 2), "company": (2, 2),
                         "bank": (1, 1), "unknown_person": (1, 1)}
    assert cat.check.adds_up is False and cat.counted_more_than_once == 1  # a3
    body = table("source_body")
    assert rows(body) == {"police": (2, 2), "oilco": (2, 2), "bank": (1, 1), "court": (1, 1),
                          None: (1, 1)}
    labels = {c.key[0]: c.label[0] for c in body.cells}
    assert labels["bank"] == "Қазақ Банк" and labels[None] == "no body named"
    assert body.cells[-1].key == (None,)  # "no body named" comes last
    assert "Threats naming more than one body, counted once for each: 1 (1 extra counts)." in (
        body.check.reasons)


def test_gender_puts_legal_entities_in_their_own_row_and_counts_them_as_persons() -> None:
    t = table("gender")
    assert rows(t) == {"male": (2, 1), "female": (2, 1), "legal_entity": (1, 1),
                       "unknown": (1, 1)}
    assert {c.key[0]: c.label[0] for c in t.cells}["legal_entity"] == "legal entity"
    assert t.check.adds_up is True and t.check.persons_add_up is True
    kinds = table("victim_kind")
    assert rows(kinds) == {"person": (5, 3), "legal_entity": (1, 1)}


def test_block_type_city_and_verification() -> None:
    assert rows(table("block")) == {"criminal": (2, 2), "other": (2, 2), "civil": (1, 1),
                                    "administrative": (1, 1)}
    assert rows(table("act_type"))["criminal_charge"] == (1, 1)
    city = table("city")
    assert list(rows(city).items()) == [("Aktau", (3, 2)), ("Almaty", (2, 1)), (None, (1, 1))]
    assert city.cells[-1].label == ("not recorded",)
    assert rows(table("verification")) == {"reported": (5, 3), "verified": (1, 1)}


# ----------------------------------------------------------------------------- two-way tables


def test_cross_table_year_by_gender_adds_up_to_its_margins() -> None:
    t = table("year", "gender")
    assert {c.key: (c.threats, c.persons) for c in t.cells} == {
        ("2016", "male"): (1, 1), ("2017", "male"): (1, 1), ("2017", "female"): (2, 1),
        ("2017", "legal_entity"): (1, 1), ("2018", "unknown"): (1, 1),
    }
    years, genders = t.margins
    assert [(c.key[0], c.threats, c.persons) for c in years.cells] == [
        ("2016", 1, 1), ("2017", 4, 3), ("2018", 1, 1)]
    assert genders.dimension == "gender"
    assert t.check.adds_up is True
    # Rows in year order, columns by threats (ties by label), as the margins are ordered.
    assert [c.key[0] for c in genders.cells] == ["female", "male", "legal_entity", "unknown"]
    assert [c.key for c in t.cells] == [
        ("2016", "male"), ("2017", "female"), ("2017", "male"), ("2017", "legal_entity"),
        ("2018", "unknown")]


def test_cross_table_year_by_field_says_why_rows_exceed_their_margins() -> None:
    t = table("year", "field")
    cells = {c.key: (c.threats, c.persons) for c in t.cells}
    assert cells[("2017", "land")] == (2, 2)
    assert cells[("2017", "oil_industry")] == (2, 1)
    assert cells[("2016", "environment")] == (1, 1)
    assert sum(c.threats or 0 for c in t.cells if c.key[0] == "2017") == 6  # margin says 4
    assert t.check.adds_up is False
    assert any("more than one field" in r for r in t.check.reasons)


# ----------------------------------------------------------------------------- filters


def test_period_filter_keeps_acts_begun_in_it_and_clips_months_to_it() -> None:
    (year, month) = threat_tables(ACTS, [("year",), ("month",)], actors=ACTORS,
                                  flt=StatsFilter(period=Period(start_year=2017,
                                                                end_year=2017)))
    assert rows(year) == {"2017": (4, 3)}
    # a6 began in December 2017: it counts in 2017, and its January 2018 is cut off.
    assert rows(month) == {"2017-01": (1, 1), "2017-02": (3, 3), "2017-03": (1, 1),
                           "2017-12": (1, 1)}
    assert month.counted_more_than_once == 1  # only a2 spans months within 2017
    assert any(r.startswith("Period: threats of 2017") for r in month.rules)


def test_actor_filter_includes_bodies_below_it() -> None:
    (by_ministry,) = threat_tables(ACTS, [("year",)], actors=ACTORS,
                                   flt=StatsFilter(actor="ministry"))
    assert (by_ministry.total.threats, by_ministry.total.persons) == (2, 2)  # a1, a3 (police)
    (by_gov,) = threat_tables(ACTS, [("source_body",)], actors=ACTORS,
                              flt=StatsFilter(actor="gov"))
    assert by_gov.total.threats == 3  # a1, a3, a6: police and court are below the government
    # a3 also names OilCo: the table still shows every source of the selected threats.
    assert rows(by_gov)["oilco"] == (1, 1)
    assert any("Government (gov) and the 3 bodies below it" in r for r in by_gov.rules)
    with pytest.raises(StatsError, match="unknown actor 'nobody'"):
        threat_tables(ACTS, [("year",)], actors=ACTORS, flt=StatsFilter(actor="nobody"))


def test_verification_filter() -> None:
    (t,) = threat_tables(ACTS, [("gender",)], actors=ACTORS,
                         flt=StatsFilter(verification=(VerificationStatus.VERIFIED,)))
    assert rows(t) == {"legal_entity": (1, 1)}


def test_a_range_spanning_years_is_its_own_row_and_only_in_a_period_covering_it() -> None:
    ranged = act("r", "v9", date(2016, 1, 1), ActType.LAWSUIT, ("land",),
                 end=date(2020, 12, 31), precision=DatePrecision.RANGE)
    same_month = act("m", "v8", date(2019, 4, 1), ActType.LAWSUIT, ("land",),
                     end=date(2019, 4, 30), precision=DatePrecision.MONTH)
    acts = (ranged, same_month)
    assert rows(table("year", acts=acts)) == {"2016/2020": (1, 1), "2019": (1, 1)}
    assert rows(table("month", acts=acts)) == {"2016/2020": (1, 1), "2019-04": (1, 1)}
    (in_2016,) = threat_tables(acts, [("year",)],
                               flt=StatsFilter(period=Period(start_year=2016, end_year=2016)))
    assert in_2016.total.threats == 0
    (whole,) = threat_tables(acts, [("year",)],
                             flt=StatsFilter(period=Period(start_year=2016, end_year=2020)))
    assert whole.total.threats == 2


# ----------------------------------------------------------------------------- recourses


def test_recourses_count_by_their_own_date_and_once_however_many_threats() -> None:
    t = recourse_table(ACTS, ["year"], actors=ACTORS)
    assert {c.key[0]: (c.recourses, c.threats, c.persons) for c in t.cells} == {
        "2016": (1, 1, 1),
        "2017": (1, 1, 1),   # r3, remedying a4
        "2018": (1, 2, 1),   # r2 remedies a3 (a 2017 threat) and a6: one recourse
    }
    assert (t.total.recourses, t.total.threats, t.total.persons) == (3, 4, 3)
    assert t.unit == "recourses" and t.check.adds_up is True
    only_2018 = recourse_table(ACTS, ["year"],
                               flt=StatsFilter(period=Period(start_year=2018, end_year=2018)))
    assert only_2018.total.recourses == 1 and only_2018.total.threats == 2


def test_a_recourse_remedying_threats_in_two_cities_counts_in_each() -> None:
    shared = RecourseView("r9", RecourseType.CASE_CLOSED, date(2019, 9, 9))
    acts = (
        act("x1", "v1", date(2019, 1, 1), ActType.DETENTION, ("land",), city="Almaty",
            recourses=(shared,), incident="inc-x"),
        act("x2", "v2", date(2019, 1, 1), ActType.DETENTION, ("land",), city="Aktau",
            recourses=(shared,), incident="inc-x"),
    )
    t = recourse_table(acts, ["city"])
    assert {c.key[0]: c.recourses for c in t.cells} == {"Aktau": 1, "Almaty": 1}
    assert t.total.recourses == 1
    assert t.check.adds_up is False
    assert t.check.reasons[0].startswith("Recourses remedying threats in more than one city")


def test_recourse_views_from_stored_incidents_keep_one_recourse_for_several_acts() -> None:
    incident = {
        "id": "inc-1", "title": "t", "victims": [{"id": "v-1", "kind": "person"}],
        "acts": [
            {"id": "x1", "victim": "v-1", "type": "detention", "date": "2019-03-01",
             "fields": ["land"], "primary_field": "land"},
            {"id": "x2", "victim": "v-1", "type": "search", "date": "2019-03-02",
             "fields": ["land"], "primary_field": "land"},
        ],
        "recourses": [{"id": "rc", "type": "release", "date": "2019-04-01",
                       "remedies": ["x1", "x2"]},
                      {"id": "rc2", "type": "claim_withdrawn", "date": "2018-01-01",
                       "date_precision": "range", "date_end": "2020-12-31",
                       "remedies": ["x2"]}],
        "citations": [{"source": "s", "locator": "l"}],
    }
    views = act_views({"inc-1": incident}, {})
    by_year = recourse_table(views, ["year"])
    assert {c.key[0]: (c.recourses, c.threats) for c in by_year.cells} == {
        "2019": (1, 2), "2018/2020": (1, 1)}


# ----------------------------------------------------------------------------- the check


def test_check_flags_a_table_that_does_not_add_up_without_a_counting_reason() -> None:
    good = table("year")
    tampered = good.model_copy(update={"total": good.total.model_copy(update={"threats": 7})})
    result = check_table(tampered)
    assert result.adds_up is False
    assert any("no counting rule explains it" in r for r in result.reasons)
    assert check_table(good).adds_up is True


def test_every_table_states_its_unit_and_rules() -> None:
    report = incident_statistics(_Source(), StatsRequest())
    assert [t.id for t in report.tables] == [d.value for d in Dimension]
    for t in report.tables:
        assert t.rules[0].startswith("Unit: a threat is one act")
        assert any(r.startswith("Persons: distinct victims") for r in t.rules)
        assert t.total.threats == 6 and t.total.persons == 4
        # The check agrees with the arithmetic of the cells.
        assert t.check.adds_up == (sum(c.threats or 0 for c in t.cells) == 6)


class _Source:
    acts = ACTS
    actors = ACTORS
    hash = "test"

    def descendants(self, actor_id: str) -> tuple[str, ...]:
        below = {"gov": ("ministry", "court"), "ministry": ("police",)}
        out, stack = [], [actor_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(below.get(current, ()))
        return tuple(out)


def test_bad_requests_are_clear_errors() -> None:
    with pytest.raises(StatsError, match="unknown dimension 'colour'"):
        parse_dimensions("year,colour")
    with pytest.raises(StatsError, match="one dimension or two"):
        parse_dimensions("year,field,city")
    with pytest.raises(StatsError, match="unknown recourse dimension 'field'"):
        parse_dimensions("field", recourses=True)
    with pytest.raises(StatsError, match="unknown dimension"):
        threat_table(ACTS, ["nope"])


# ----------------------------------------------------------------------------- reference figures


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_every_reference_quote_occurs_verbatim_in_the_report(seeds: Path) -> None:
    report = _norm((seeds / REPORT_SEED).read_text(encoding="utf-8"))
    ref = load_reference()
    assert ref.source == "src-kk2021-report"
    for fig in ref.figures:
        for cite in fig.citations:
            assert cite.quote and _norm(cite.quote) in report, (fig.id, cite.quote)


def test_every_reference_number_is_in_its_figures_quotes() -> None:
    for fig in load_reference().figures:
        quoted = " ".join(c.quote or "" for c in fig.citations)
        numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", quoted)}
        for value in fig.values:
            for measure, count in value.counts.items():
                assert count in numbers, (fig.id, value.key, measure)
        for measure, count in fig.total.items():
            assert count in numbers, (fig.id, "total", measure)


def test_reference_figures_the_report_states_and_the_discrepancies_it_contains() -> None:
    ref = load_reference()
    years = ref.figure("threats-by-year")
    assert {v.key: v.counts[Measure.THREATS] for v in years.values} == {
        "2016": 133, "2017": 377, "2018": 107, "2019": 59, "2020": 17}
    assert years.adds_up(Measure.THREATS) is True  # 693
    assert any("109" in d for d in years.discrepancies)  # the text's other 2016 figure
    assert ref.figure("persons-by-gender").adds_up(Measure.PERSONS) is True  # 379
    assert ref.figure("sources-by-category").adds_up(Measure.SOURCES) is True  # 516
    police = ref.figure("police-by-year")
    assert police.sum(Measure.SOURCES) == 203 and police.total[Measure.SOURCES] == 137
    assert police.adds_up(Measure.SOURCES) is False and police.discrepancies
    recourse_persons = ref.figure("recourse-persons-by-year")
    assert recourse_persons.sum(Measure.PERSONS) == 51 and recourse_persons.discrepancies
    overview = ref.figure("overview").values[0].counts
    assert overview == {Measure.PERSONS: 379, Measure.THREATS: 693, Measure.SOURCES: 516,
                        Measure.PLACES: 23}
    recourses = ref.figure("recourses").values[0].counts
    assert recourses[Measure.RECOURSES] == 62 and recourses[Measure.PERSONS] == 44


def test_reference_keys_use_hrdscore_codes(shipped: Dataset) -> None:
    ref = load_reference()
    assert ref.source in {s.id for s in shipped.sources}
    actor_ids = {a.id for a in shipped.actors}
    codes: dict[str, set[str]] = {
        "field": {f.value for f in Field},
        "act_type": {t.value for t in ActType},
        "source_category": {c.value for c in SourceCategory},
        "gender": {g.value for g in Gender} | {"legal_entity"},
        "block": {b.value for b in ACT_TYPE_BLOCK.values()},
        "source_body": actor_ids,
    }
    for fig in ref.figures:
        for cite in fig.citations:
            assert cite.source == ref.source
        allowed = codes.get(fig.dimension or "")
        for value in fig.values:
            if allowed is not None:
                assert value.key in allowed, (fig.id, value.key)
            if fig.dimension == "act_type":
                assert value.group == ACT_TYPE_BLOCK[ActType(value.key)].value, value.key


def test_a_reference_figure_that_does_not_add_up_must_say_why(tmp_path: Any) -> None:
    from hrdscore.errors import InvalidData

    bad = tmp_path / "ref.yaml"
    bad.write_text(
        "kind: reference_figures\nreport: kk2021\nsource: src-kk2021-report\ntitle: t\n"
        "figures:\n  - id: f\n    title: t\n    period: {start_year: 2016, end_year: 2016}\n"
        "    measures: [threats]\n    complete: true\n    total: {threats: 10}\n"
        "    values: [{key: a, counts: {threats: 4}}, {key: b, counts: {threats: 5}}]\n"
        "    citations: [{source: s, locator: l, quote: q}]\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="add up to 9, not 10"):
        load_reference(bad)
