"""The 2021 report as data: what the seeds say, encoded faithfully."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from hrdscore.catalog import Catalog
from hrdscore.cli import cli
from hrdscore.dataset import Dataset
from hrdscore.model import RuleAssessment

from .conftest import REPO, REPORT_SEED


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_36_recommendations_split_19_9_3_5_each_with_a_criterion(shipped: Dataset) -> None:
    catalog = Catalog.from_dataset(shipped)
    groups = Counter(r.addressee.value for r in catalog.recommendations)
    assert groups == {"government": 19, "companies": 9, "civil_society": 3, "international": 5}
    for group in groups:
        numbers = sorted(r.number for r in catalog.recommendations if r.addressee == group)
        assert numbers == list(range(1, groups[group] + 1))
    assert all(r.criteria for r in catalog.recommendations)


def test_recommendation_texts_are_quoted_verbatim_from_the_report(shipped: Dataset,
                                                                   seeds: Path) -> None:
    text = (seeds / REPORT_SEED).read_text(encoding="utf-8")
    # The seed inlines footnotes as [footnoteRef:N] and [N: body]; the quotes leave them out.
    text = re.sub(r"\[footnoteRef:\d+\]", "", text)
    report = _norm(re.sub(r"\s*\[\d+:[^\]]*\]", "", text))
    for rec in shipped.recommendations:
        assert _norm(rec.text) in report, rec.id


def test_company_recommendation_8_is_assessed_from_inquiries_by_rule(shipped: Dataset) -> None:
    rec = next(r for r in shipped.recommendations if r.id == "kk2021-com-08")
    rules = {c.assessed_by.rule for c in rec.criteria if isinstance(c.assessed_by, RuleAssessment)}
    assert {"reply_received", "reply_on_time", "reply_substance"} <= rules


def test_the_12_inquiries_match_footnote_6(shipped: Dataset) -> None:
    inquiries = {i.actor: i for i in shipped.inquiries}
    assert len(shipped.inquiries) == 12
    assert inquiries["oil-construction-company"].reference == "10/21"
    assert inquiries["oil-construction-company"].sent_on == date(2021, 2, 1)
    assert inquiries["kpo"].sent_on == date(2021, 2, 9)
    assert inquiries["bozashytranskurylys"].reference == "27"
    west = inquiries["westoil"]
    assert west.reference is None and west.sent_on is None and west.missing_reason
    ftu = shipped.actors[[a.id for a in shipped.actors].index("federation-of-trade-unions-kz")]
    assert ftu.kind.value != "company"


def test_the_7_written_replies_and_their_dates(shipped: Dataset) -> None:
    by_inquiry = {r.inquiry: r for r in shipped.replies}
    inquiries = {i.id: i for i in shipped.inquiries}
    replied = {inquiries[i].actor: r.received_on for i, r in by_inquiry.items()}
    assert replied == {
        "oil-construction-company": date(2021, 2, 9),
        "kazakhmys-energy": date(2021, 2, 11),
        "kpo": date(2021, 2, 25),
        "otbasy-bank": date(2021, 3, 2),
        "bozashytranskurylys": date(2021, 3, 2),
        "techno-trading-ltd": date(2021, 3, 4),
        "arcelormittal-temirtau": date(2021, 3, 9),
    }
    assert all(r.mode.value == "written" for r in shipped.replies)


def test_no_personal_name_from_the_seeds_is_in_the_shipped_evidence() -> None:
    names = ["Makhatova", "Nurgazin", "Akhmedyarov", "Zhovtis", "Kochetkov", "Rakhimbaev",
             "Blom", "Salmanov", "Kazhkenov", "Beisembayev", "Koshumbayev", "Tereshkina",
             "Kengan", "Toregozhina"]
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in (REPO / "recommendations").rglob("*.yaml"))
    found = [n for n in names if n in text]
    assert not found


def test_victims_are_pseudonymous(shipped: Dataset) -> None:
    for incident in shipped.incidents:
        for victim in incident.victims:
            assert re.fullmatch(r"v-\d{4}", victim.id)
            assert victim.identity is None


def test_berezovka_detention_involves_kpo_and_the_police(shipped: Dataset) -> None:
    acts = [a for inc in shipped.incidents for a in inc.acts
            if a.date == date(2019, 5, 7) and a.type.value == "detention"]
    involved = {i.actor for a in acts for i in a.involvements}
    assert {"kpo", "burlinsky-police"} <= involved


def test_seed_sources_carry_the_hash_of_the_seed_files(shipped: Dataset, seeds: Path) -> None:
    checked = 0
    for source in shipped.sources:
        if source.file:
            digest = hashlib.sha256((seeds / source.file).read_bytes()).hexdigest()
            assert source.sha256 == digest, source.id
            checked += 1
    assert checked == 2  # the report and the interview


def test_kazakh_names_survive_loading_validation_and_json_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["actors", "--format", "json"])
    assert result.exit_code == 0
    actors = {a["id"]: a for a in json.loads(result.output)}
    assert actors["bozashytranskurylys"]["name"] == "BozashyTransҚұrylys LLP"
    assert "BozashyTransKurylys LLP" in actors["bozashytranskurylys"]["aliases"]
    assert "BozashyTransҚұrylys" in result.output  # not \u-escaped
    table = runner.invoke(cli, ["actors"])
    assert "BozashyTransҚұrylys" in table.output
    raw = (REPO / "recommendations/kk2021/evidence/actors.yaml").read_text(encoding="utf-8")
    assert "BozashyTransҚұrylys" in raw


def test_recommendations_json_has_the_documented_shape(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["recommendations", "--format", "json"])
    recs = json.loads(result.output)
    assert len(recs) == 36
    first = recs[0]
    assert first["id"] == "kk2021-gov-01" and first["number"] == 1
    assert first["criteria"][0]["id"].startswith("kk2021-gov-01.")
    assert "statement" in first["criteria"][0]
