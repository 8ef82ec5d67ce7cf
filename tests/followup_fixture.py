"""A year (2022) of follow-up of recommendation kk2021-gov-06 by the government, as the CSV
files an NGO would fill in: a response, a responsible body, two measures, a progress report
kept from the public, and two assessments that disagree (the NGO's and the government's own).

The shipped data already holds the seed assessment of gov-06.c1 (not started, 2020-12-31)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hrdscore.cli import cli

REC = "kk2021-gov-06"
NGO = "Kadir-Kasiet monitoring"
GOV = "Government of Kazakhstan (self-report)"
SEED = "analysts reading the 2021 report"
# Starts with '-': a spreadsheet would run it as a formula, so the export quotes it and the
# import must take the quote off again.
SECRET_REPORT = "-Проект постановления передан в аппарат Правительства"

FILES = {
    "responses": (
        "recommendation,actor,response,date,comment,source,locator\n"
        f"{REC},kz-government,supported_in_part,2022-03-15,"
        "Будет рассмотрено в рамках плана действий,src-kk2021-report,test: response\n"),
    "responsibilities": (
        "recommendation,actor,role\n"
        f"{REC},kz-ministry-of-justice,primary\n"
        f"{REC},kz-prosecutor-general,supporting\n"),
    "measures": (
        "id,recommendation,description,actor,start_date,target_date,status,source,locator\n"
        f"m-focal-point,{REC},Draft a regulation on a focal point for defenders,"
        "kz-ministry-of-justice,2022-04-01,2022-09-30,in_progress,src-kk2021-report,test: m1\n"
        f"m-training,{REC},Train prosecutors on the Declaration on Human Rights Defenders,"
        "kz-prosecutor-general,2022-05-01,2023-06-30,planned,src-kk2021-report,test: m2\n"),
    "progress_reports": (
        "id,recommendation,date,text,author,author_actor,measure,public,source,locator\n"
        f"pr-2022-10,{REC},2022-10-15,{SECRET_REPORT},Ministry of Justice,"
        "kz-ministry-of-justice,m-focal-point,false,src-kk2021-report,test: report\n"),
    "assessments": (
        "id,criterion,actor,as_of,level,rationale,assessor,assessor_actor,self_assessment,"
        "review,source,locator\n"
        f"asm-ngo-2022,{REC}.c1,kz-government,2022-12-01,limited,"
        "A draft exists but no body protects defenders yet,"
        f"{NGO},kadir-kasiet,false,published,src-kk2021-report,test: ngo\n"
        f"asm-gov-2022,{REC}.c1,kz-government,2022-11-20,substantial,"
        "The government reports the regulation as nearly adopted,"
        f"{GOV},kz-government,true,published,src-kk2021-report,test: gov\n"),
}


def import_year(runner: CliRunner, db: Path, folder: Path) -> None:
    """Import the files kind by kind, as the README tells an NGO to."""
    for kind, text in FILES.items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        done = runner.invoke(cli, ["import", kind, str(path), "--db", str(db)])
        assert done.exit_code == 0, done.output
