"""Encoding a report of one's own from a spreadsheet and tracking it beside the shipped one:
new-report, import-recommendations, validate, evidence, score against both, the chain."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrdscore.cli import cli

GOV = 7  # recommendations to the government in the spreadsheet
COM = 5  # to companies


def _spreadsheet(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["number", "addressee", "text", "themes", "criteria", "reiterates"])
        for n in range(1, GOV + 1):
            writer.writerow([n, "government", f"Protect defenders, ask {n} (Қорғау).",
                             "hrd_protection; justice",
                             f"Statement {n}a a person can check.\nStatement {n}b.",
                             "kk2021-gov-06" if n == 3 else ""])
        for n in range(1, COM + 1):
            writer.writerow([n, "companies", f"Respect defenders, ask {n}.", "business",
                             f"Policy {n} is public.", ""])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HRDSCORE_DB": str(tmp_path / "db.json"), "HRDSCORE_USER": "tester",
            "HRDSCORE_CATALOG": ""}


@pytest.fixture
def report_dir(runner: CliRunner, tmp_path: Path, env: dict[str, str]) -> Path:
    folder = tmp_path / "acme"
    made = runner.invoke(cli, ["new-report", str(folder), "--id", "acme2023", "--title",
                               "Acme report 2023", "--published-on", "2023-05-01",
                               "--publisher", "Acme NGO"], env=env)
    assert made.exit_code == 0, made.output
    sheet = tmp_path / "recs.csv"
    _spreadsheet(sheet)
    done = runner.invoke(cli, ["import-recommendations", str(folder), str(sheet)], env=env)
    assert done.exit_code == 0, done.output
    assert "12 recommendations written" in done.output
    assert "7 to government, 5 to companies" in done.output
    return folder


def test_new_report_writes_the_folder_to_fill(report_dir: Path) -> None:
    names = {p.name for p in report_dir.iterdir()}
    assert {"report.yaml", "sources.yaml", "government.yaml", "companies.yaml",
            "civil_society.yaml", "international.yaml", "methodology.yaml",
            "README.md"} <= names
    assert 'inherits: \'2.0\'' in (report_dir / "methodology.yaml").read_text(encoding="utf-8")
    assert "records: []" in (report_dir / "international.yaml").read_text(encoding="utf-8")


def test_done_when_build_validate_import_score_and_chain(
        runner: CliRunner, report_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    cat = ["--catalog", str(report_dir)]
    checked = runner.invoke(cli, ["validate", *cat, "--format", "json"], env=env)
    assert checked.exit_code == 0, checked.output
    counts = json.loads(checked.output)["counts"]
    assert counts["recommendations"] == 36 + 12 and counts["report"] == 2
    assert counts["methodology"] == 2

    listed = json.loads(runner.invoke(cli, ["recommendations", *cat, "--format", "json"],
                                      env=env).output)
    ids = [r["id"] for r in listed]
    assert len(ids) == 48 and ids[:1] == ["kk2021-gov-01"]
    assert "acme2023-gov-03" in ids and "acme2023-com-05" in ids
    gov3 = next(r for r in listed if r["id"] == "acme2023-gov-03")
    assert gov3["reiterates"] == ["kk2021-gov-06"]
    assert gov3["text"] == "Protect defenders, ask 3 (Қорғау)."

    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    evidence = tmp_path / "asm.csv"
    evidence.write_text(
        "id,criterion,actor,as_of,rationale,assessor,level,review,source,locator\n"
        "asm-acme-1,acme2023-gov-03.c1,kz-government,2023-06-30,Cases still open.,"
        "analyst@example.org,not_started,published,src-kk2021-report,p. 1\n", encoding="utf-8")
    imported = runner.invoke(cli, ["import", "assessments", str(evidence), *cat], env=env)
    assert imported.exit_code == 0, imported.output

    scored = runner.invoke(cli, ["score", "--year", "2023", "--actor", "kz-government", *cat,
                                 "--format", "json"], env=env)
    assert scored.exit_code == 0, scored.output
    reports = json.loads(scored.output)["reports"]
    assert [(r["report"], r["methodology_version"]) for r in reports] == [
        ("kk2021", "2.0"), ("acme2023", "acme2023-1")]
    shipped_card, own_card = reports[0]["scorecards"][0], reports[1]["scorecards"][0]
    assert shipped_card["report"] == "kk2021" and own_card["report"] == "acme2023"
    # Never a mix: each card holds its own report's recommendations only.
    assert all(r["recommendation"].startswith("kk2021-")
               for r in shipped_card["recommendations"])
    own = [r["recommendation"] for r in own_card["recommendations"]]
    assert own and all(r.startswith("acme2023-gov-") for r in own)
    levels = {c["criterion"]: c.get("level") for r in own_card["recommendations"]
              for c in r["criteria"]}
    assert levels["acme2023-gov-03.c1"] == "not_started"

    chain = runner.invoke(cli, ["followup", "--recommendation", "kk2021-gov-06", *cat],
                          env=env)
    assert chain.exit_code == 0, chain.output
    first = chain.output.splitlines()[0]
    assert first.startswith("First made in 2021 (kk2021-gov-06,")
    assert "repeated in 2023 (acme2023-gov-03, Acme report 2023)" in first
    assert "latest status: not started (acme2023-gov-03, 2023-06-30)" in first
    as_json = json.loads(runner.invoke(cli, ["followup", "--recommendation", "acme2023-gov-03",
                                             *cat, "--format", "json"], env=env).output)
    assert [(c["recommendation"], c["year"], c["relation"]) for c in as_json["chain"]] == [
        ("kk2021-gov-06", 2021, "first"), ("acme2023-gov-03", 2023, "reiterates")]


def test_a_bad_row_names_line_and_column_and_writes_nothing(
        runner: CliRunner, report_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    before = {p.name: p.read_bytes() for p in report_dir.iterdir()}
    sheet = tmp_path / "bad.csv"
    sheet.write_text("number,addressee,text,criteria,reiterates\n"
                     "1,government,Fine.,A statement.,\n"
                     "two,government,Bad number.,A statement.,\n"
                     "3,ministries,Bad addressee.,A statement.,\n"
                     "4,government,Bad link.,A statement.,kk2021-gov-99\n", encoding="utf-8")
    result = runner.invoke(cli, ["import-recommendations", str(report_dir), str(sheet)],
                           env=env)
    assert result.exit_code == 1
    assert "line 3: number: 'two' is not a whole number" in result.output
    assert "line 4: addressee: 'ministries' is not one of" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in report_dir.iterdir()} == before
    links = tmp_path / "links.csv"
    links.write_text("number,addressee,text,criteria,reiterates\n"
                     "4,government,Bad link.,A statement.,kk2021-gov-99\n", encoding="utf-8")
    result = runner.invoke(cli, ["import-recommendations", str(report_dir), str(links)],
                           env=env)
    assert result.exit_code == 1
    assert "line 2: reiterates: unknown recommendation 'kk2021-gov-99'" in result.output
    assert {p.name: p.read_bytes() for p in report_dir.iterdir()} == before


def test_recommendation_ids_are_unique_across_catalogs(
        runner: CliRunner, report_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(report_dir, twin)
    report = twin / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("id: acme2023", "id: acme2024")
                      .replace("source: src-acme2023", "source: src-acme2024"),
                      encoding="utf-8")
    sources = twin / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("src-acme2023",
                                                                   "src-acme2024"),
                       encoding="utf-8")
    for name in ("government.yaml", "companies.yaml"):
        path = twin / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            "report: acme2023", "report: acme2024").replace("source: src-acme2023",
                                                            "source: src-acme2024"),
            encoding="utf-8")
    result = runner.invoke(cli, ["recommendations", "--catalog", str(report_dir),
                                 "--catalog", str(twin)], env=env)
    assert result.exit_code == 1
    assert (f"{twin / 'government.yaml'}: acme2023-gov-01: id: recommendation id "
            f"'acme2023-gov-01' is already used in {report_dir / 'government.yaml'}"
            in result.output)


def test_a_link_to_a_later_report_is_refused(
        runner: CliRunner, report_dir: Path, env: dict[str, str]) -> None:
    shipped_like = report_dir / "government.yaml"
    text = shipped_like.read_text(encoding="utf-8")
    shipped_like.write_text(text.replace("- kk2021-gov-06", "- acme2023-gov-01"),
                            encoding="utf-8")
    result = runner.invoke(cli, ["recommendations", "--catalog", str(report_dir)], env=env)
    assert result.exit_code == 1
    assert "'acme2023-gov-01' is in the same report" in result.output


def test_a_workbook_imports_like_a_csv(runner: CliRunner, report_dir: Path, tmp_path: Path,
                                       env: dict[str, str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Number", "Addressee", "Text", "Criteria", "Scale", "Levels"])
    sheet.append([1, "civil_society", "Document attacks (Шабуылдарды тіркеу).",
                  "A public register of attacks exists.", "compliance",
                  "met: public and current; partial: exists but out of date; not_met: none."])
    path = tmp_path / "recs.xlsx"
    book.save(path)
    done = runner.invoke(cli, ["import-recommendations", str(report_dir), str(path)], env=env)
    assert done.exit_code == 0, done.output
    assert "1 recommendation written" in done.output and "1 to civil society" in done.output
    listed = json.loads(runner.invoke(cli, ["recommendations", "--catalog", str(report_dir),
                                            "--format", "json"], env=env).output)
    ours = [r for r in listed if r["report"] == "acme2023"]
    assert [r["id"] for r in ours] == ["acme2023-cso-01"]  # the spreadsheet replaces them all
    criterion = ours[0]["criteria"][0]
    assert ours[0]["text"] == "Document attacks (Шабуылдарды тіркеу)."
    assert criterion["assessed_by"]["scale"] == "compliance"
    assert criterion["assessed_by"]["guidance"].startswith("met: public and current")
    assert criterion["pillar"] == "solidarity_advocacy"


def test_the_methodology_is_checked_against_the_reports_own_criteria(
        runner: CliRunner, report_dir: Path, tmp_path: Path, env: dict[str, str]) -> None:
    sheet = tmp_path / "pillar.csv"
    sheet.write_text("number,addressee,text,criteria,pillar\n"
                     "1,government,An ask.,A statement.,bravery\n", encoding="utf-8")
    result = runner.invoke(cli, ["import-recommendations", str(report_dir), str(sheet)],
                           env=env)
    assert result.exit_code == 1
    assert ("criterion 'acme2023-gov-01.c1' counts towards pillar 'bravery', which "
            "state_body has not got") in result.output
    method = report_dir / "methodology.yaml"
    method.write_text(method.read_text(encoding="utf-8").replace("report: acme2023",
                                                                  "report: kk2021"),
                      encoding="utf-8")
    checked = runner.invoke(cli, ["validate", "--catalog", str(report_dir)], env=env)
    assert checked.exit_code == 1
    assert "is the methodology of report 'kk2021', not of 'acme2023'" in checked.output
