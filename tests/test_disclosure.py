"""Disclosure control over the whole public statistics surface: the test plays the attacker.

It asks the API (no key) for every table the public may have (`hrdscore.stats.public`: by year
over every year, and each offered breakdown within each year, threats and recourses), works
out by itself which acts (or recourses) each published figure counts, and checks that no two
figures can be combined to single someone out:

- every published count is what the test counts by hand (so acts of the confidential incident
  are counted nowhere);
- no published figure counts a subset of another's with fewer than 5 persons in between (the
  differencing of issue 17: a table with and without a filter);
- a figure withheld anywhere is published nowhere else (the same acts counted in two tables).

Everything outside the catalogue is refused (403), which is what keeps this space finite.

Fixture (the shipped incidents removed; every act dated to the day, no two fields):
    year  persons  what
    2018  3        primary-suppressed in the table by year
    2019  12       big and small cells; plus one CONFIDENTIAL act (1 person, Алматы)
    2020  6        the smallest other year: withheld to protect 2018
    2021  9
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pytest

from hrdscore.dataset import Dataset
from hrdscore.model import Incident
from hrdscore.model.vocab import ACT_TYPE_BLOCK, ACTOR_KIND_SOURCE_CATEGORY, ActorKind, ActType
from hrdscore.stats import (
    RECOURSE_YEAR_DIMENSIONS,
    YEAR_DIMENSIONS,
    Dimension,
    RecourseDimension,
)
from hrdscore.store import Store
from tests.api_helpers import Api, Base, make_base, running_api

THRESHOLD = 5
YEARS = (2017, 2018, 2019, 2020, 2021)  # 2017: no act at all
CITE = {"source": "src-kk2021-report", "locator": "test fixture"}


@dataclass(frozen=True)
class Act:
    id: str
    victim: str
    day: str  # ISO
    type: str
    field: str
    region: str
    gender: str
    actor: str  # kpo (a company) or kz-government (a state body)
    recourse: str | None = None  # type of a recourse, a month later
    confidential: bool = False


def _acts() -> list[Act]:
    out: list[Act] = []

    def add(year: int, n: int, persons: int, **kw: Any) -> None:
        for i in range(n):
            person = i % persons
            out.append(Act(
                id=f"a-{year}-{len(out)}", victim=f"v-{year}-{kw.get('tag', 'x')}-{person}",
                day=f"{year}-{kw.get('month', 3 + i % 3):02d}-{10 + i % 15}",
                type=kw.get("type", "detention"), field=kw.get("field", "oil_industry"),
                region=kw.get("region", "Атырау облысы"),
                gender="female" if person % 2 else "male", actor=kw.get("actor", "kpo"),
                recourse=kw.get("recourse") if i == 0 else None,
                confidential=kw.get("confidential", False)))

    add(2018, 4, 3, tag="a", recourse="claim_withdrawn")
    add(2019, 14, 9, tag="a", recourse="reinstated")
    add(2019, 2, 2, tag="b", type="lawsuit", field="land", region="Маңғыстау облысы",
        actor="kz-government", recourse="acquittal")
    add(2019, 1, 1, tag="c", type="dismissal", month=11)
    add(2019, 1, 1, tag="secret", region="Алматы", month=3, confidential=True,
        recourse="claim_withdrawn")
    add(2020, 8, 6, tag="a")
    add(2021, 12, 9, tag="a", type="lawsuit", field="land", recourse="reinstated")
    return out


ACTS = _acts()
VICTIM = {**{a.id: a.victim for a in ACTS}, **{f"rc-{a.id}": a.victim for a in ACTS}}


def _incident(act: Act) -> Incident:
    """One incident per act: an act's victim is its own person across incidents."""
    year, month, _ = act.day.split("-")
    recourses = [{"id": f"rc-{act.id}", "type": act.recourse,
                  "date": f"{year}-{int(month) + 1:02d}-01", "remedies": [act.id]}
                 ] if act.recourse else []
    return Incident.model_validate({
        "id": f"inc-{act.id}", "title": "Test incident",
        "confidentiality": "confidential" if act.confidential else "public",
        "place": {"region": act.region},
        "victims": [{"id": act.victim, "kind": "person", "gender": act.gender}],
        "acts": [{"id": act.id, "victim": act.victim, "type": act.type, "date": act.day,
                  "fields": [act.field], "primary_field": act.field,
                  "involvements": [{"actor": act.actor, "role": "initiator"}]}],
        "recourses": recourses, "citations": [CITE]})


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Iterator[Api]:
    made = make_base(tmp_path_factory.mktemp("disclosure"), shipped, with_secrets=False)
    path = tmp_path_factory.mktemp("disclosure-seed") / "db.json"
    path.write_bytes(made.template)
    store = Store(path)
    with store.transaction("test") as tx:
        for incident in shipped.incidents:
            tx.incidents.delete(incident.id)
        for act in ACTS:
            tx.incidents.put(_incident(act))
    base = Base(made.catalog, made.methodology, path.read_bytes())
    with running_api(base, tmp_path_factory.mktemp("disclosure-db"), rate_limit=0) as running:
        yield running


# ------------------------------------------------------------------ the attacker's model

def _category(actor: str, kinds: dict[str, ActorKind]) -> str:
    return ACTOR_KIND_SOURCE_CATEGORY[kinds[actor]].value


def _act_keys(act: Act, dimension: str, kinds: dict[str, ActorKind]) -> set[str | None]:
    return {
        "year": {act.day[:4]}, "month": {act.day[:7]}, "field": {act.field},
        "block": {ACT_TYPE_BLOCK[ActType(act.type)].value}, "region": {act.region},
        "gender": {act.gender}, "source_category": {_category(act.actor, kinds)},
    }[dimension]


def _recourse_day(act: Act) -> str:
    year, month, _ = act.day.split("-")
    return f"{year}-{int(month) + 1:02d}-01"


def _recourse_keys(act: Act, dimension: str) -> set[str | None]:
    day = _recourse_day(act)
    return {"year": {day[:4]}, "month": {day[:7]}, "recourse_type": {act.recourse},
            "region": {act.region}}[dimension]


@dataclass(frozen=True)
class Figure:
    url: str
    key: tuple[str | None, ...]
    members: frozenset[str]  # act ids (threat tables) or recourse ids
    persons: frozenset[str]
    published: bool


def _members(url: str, table: dict[str, Any], key: tuple[str | None, ...],
             kinds: dict[str, ActorKind]) -> tuple[frozenset[str], frozenset[str]]:
    """What a figure counts, by the test's own reckoning: public acts only."""
    recourses = table["unit"] == "recourses"
    year = url.split("year=")[1][:4] if "year=" in url else None
    chosen: list[Act] = []
    for act in ACTS:
        if act.confidential or (recourses and act.recourse is None):
            continue
        when = _recourse_day(act) if recourses else act.day
        if year is not None and when[:4] != year:
            continue
        if key:
            (dimension,) = table["dimensions"]
            keys = (_recourse_keys(act, dimension) if recourses
                    else _act_keys(act, dimension, kinds))
            if key[0] not in keys:
                continue
        chosen.append(act)
    ids = frozenset(f"rc-{a.id}" if recourses else a.id for a in chosen)
    return ids, frozenset(a.victim for a in chosen)


def _public_urls() -> list[str]:
    base = "/api/statistics/incidents"
    urls = [f"{base}?by=year", base, f"{base}?by=year&public=false",
            f"{base}?recourses=true&by=year", f"{base}?recourses=true"]
    for y in YEARS:
        urls += [f"{base}?year={y}", f"{base}?year={y}&recourses=true"]
        urls += [f"{base}?by={d}&year={y}" for d in YEAR_DIMENSIONS]
        urls += [f"{base}?by={d}&year={y}&recourses=true" for d in RECOURSE_YEAR_DIMENSIONS]
    return urls


def _figures(api: Api) -> list[Figure]:
    kinds = {a: ActorKind(api.client.get(f"/api/actors/{a}").json()["kind"])
             for a in ("kpo", "kz-government")}
    figures: list[Figure] = []
    for url in _public_urls():
        response = api.client.get(url)
        assert response.status_code == 200, (url, response.text)
        report = response.json()
        assert report["public"] is True and report["threshold"] == THRESHOLD
        for table in report["tables"]:
            for cell in [*table["cells"], table["total"]]:
                key = tuple(cell["key"])
                members, persons = _members(url, table, key, kinds)
                figure = Figure(url, key, members, persons, not cell["suppressed"])
                if figure.published:
                    unit = "recourses" if table["unit"] == "recourses" else "threats"
                    assert (cell[unit], cell["persons"]) == (len(members), len(persons)), (
                        url, key, cell)
                    assert len(persons) == 0 or len(persons) >= THRESHOLD, (url, key)
                figures.append(figure)
    return figures


@pytest.fixture(scope="module")
def figures(api: Api) -> list[Figure]:
    return _figures(api)


def test_every_published_figure_is_the_hand_count_of_public_acts(figures: list[Figure]) -> None:
    # _figures checks each published count against the test's own, confidential act left out.
    assert sum(f.published for f in figures) >= 20
    assert sum(not f.published for f in figures) >= 10


def test_no_two_published_figures_differ_by_a_few_persons(figures: list[Figure]) -> None:
    shown = [f for f in figures if f.published and f.members]
    leaks = []
    for a, b in combinations(shown, 2):
        small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
        if small.members < big.members:
            persons = {VICTIM[i] for i in big.members - small.members}
            if len(persons) < THRESHOLD:
                leaks.append((big.url, big.key, small.url, small.key, len(persons)))
    assert leaks == []


def test_a_figure_withheld_anywhere_is_published_nowhere(figures: list[Figure]) -> None:
    published = {f.members: f for f in figures if f.published and f.members}
    leaks = [(f.url, f.key, published[f.members].url, published[f.members].key)
             for f in figures if not f.published and f.members in published]
    assert leaks == []
    # The case that needs it: 2020 (6 persons) is withheld by year to protect 2018 (3), so
    # the totals of 2020's tables are withheld too.
    by_year = [f for f in figures if f.url.endswith("?by=year") and f.key == ("2020",)]
    assert [f.published for f in by_year] == [False]


@pytest.mark.parametrize("query", [
    *(f"by={d.value}&year=2019" for d in Dimension if d.value not in YEAR_DIMENSIONS),
    *(f"by={d}" for d in YEAR_DIMENSIONS),
    *(f"recourses=true&by={d.value}&year=2019" for d in RecourseDimension
      if d.value not in RECOURSE_YEAR_DIMENSIONS),
    "by=year&year=2019", "by=year,field", "by=field,gender&year=2019",
    "by=year&actor=kpo", "by=year&verification=reported", "by=year&threshold=6",
    "by=field&period=2019-2020", "by=year&public=false&threshold=2",
])
def test_anything_outside_the_catalogue_is_refused(api: Api, query: str) -> None:
    response = api.client.get(f"/api/statistics/incidents?{query}")
    assert response.status_code == 403, (query, response.text)
    assert "public statistics cannot" in response.json()["detail"]
    analyst = api.client.get(f"/api/statistics/incidents?{query}",
                             headers=api.as_role("analyst"))
    assert analyst.status_code == 200, (query, analyst.text)


def test_the_issue_attack_is_closed(api: Api) -> None:
    """Issue 17: `by=city` with and without `verification=...` differed by one act."""
    attack = api.client.get("/api/statistics/incidents?by=city&verification=reported")
    assert attack.status_code == 403
    region = api.client.get("/api/statistics/incidents?by=region&year=2019").json()
    assert "Алматы" not in str(region)  # the confidential act's region: counted nowhere
