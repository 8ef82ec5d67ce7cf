"""`hrdscore stats` on a database made by `hrdscore init`, plus four imported threats.

The imported threats all involve a test company or its branch, so `--actor test-mine-co`
selects exactly them (and shows that child bodies are included), whatever the shipped data
holds:

    act  victim         date                     field(s)            city    source
    t1   v-t001 man     2017-02-01               land, environment   Almaty  company
    t2   v-t001 man     2018-03-01               land                Almaty  branch (recourse 2019)
    t3   v-t002 woman   2017-05-05..2017-07-20   banking             Aktau   company
    t4   v-t003 legal   2017-06-01               banking             Aktau   branch
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hrdscore.cli import cli

ACTORS_CSV = """id,name,kind,parent,source,locator
test-mine-co,Test Mining Company,company,,src-kk2021-report,test fixture
test-mine-branch,Test Mining Company branch,company,test-mine-co,src-kk2021-report,test fixture
"""
INCIDENTS_CSV = """\
incident_id,incident_title,act_id,victim_id,victim_kind,victim_gender,act_type,date,date_end,\
fields,primary_field,city,involvements,source,locator,recourse_id,recourse_type,recourse_date
inc-t1,Test one,act-t1,v-t001,person,male,detention,2017-02-01,,land;environment,land,Almaty,\
test-mine-co:initiator,src-kk2021-report,test,,,
inc-t1,Test one,act-t2,v-t001,person,male,interrogation,2018-03-01,,land,land,Almaty,\
test-mine-branch:executor,src-kk2021-report,test,rc-t1,acquittal,2019-01-10
inc-t2,Test two,act-t3,v-t002,person,female,lawsuit,2017-05-05,2017-07-20,banking,banking,\
Aktau,test-mine-co:initiator,src-kk2021-report,test,,,
inc-t3,Test three,act-t4,v-t003,legal_entity,,lawsuit,2017-06-01,,banking,banking,Aktau,\
test-mine-branch:initiator,src-kk2021-report,test,,,
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One database for the module: every test only reads it."""
    tmp_path = tmp_path_factory.mktemp("stats-cli")
    runner = CliRunner()
    env = {"HRDSCORE_DB": str(tmp_path / "evidence.json"), "HRDSCORE_USER": "tester"}
    assert runner.invoke(cli, ["init"], env=env).exit_code == 0
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS_CSV, encoding="utf-8")
    incidents = tmp_path / "incidents.csv"
    incidents.write_text(INCIDENTS_CSV, encoding="utf-8")
    for kind, path in (("actors", actors), ("incidents", incidents)):
        result = runner.invoke(cli, ["import", kind, str(path)], env=env)
        assert result.exit_code == 0, result.output
    return env


def run(runner: CliRunner, env: dict[str, str], *args: str) -> Result:
    return runner.invoke(cli, ["stats", *args], env=env)


def stats_json(runner: CliRunner, env: dict[str, str], *args: str) -> dict[str, Any]:
    result = run(runner, env, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def cells(table: dict[str, Any]) -> dict[Any, tuple[int | None, int | None]]:
    return {tuple(c["key"]) if len(c["key"]) > 1 else c["key"][0]: (c["threats"], c["persons"])
            for c in table["cells"]}


def test_year_and_month_for_an_actor_and_the_bodies_below_it(
    runner: CliRunner, env: dict[str, str]
) -> None:
    data = stats_json(runner, env, "--actor", "test-mine-co", "--by", "year", "--by", "month")
    year, month = data["tables"]
    assert cells(year) == {"2017": (3, 3), "2018": (1, 1)}
    assert (year["total"]["threats"], year["total"]["persons"]) == (4, 3)
    # t3 runs from May to July 2017: it counts in three months.
    assert cells(month) == {"2017-02": (1, 1), "2017-05": (1, 1), "2017-06": (2, 2),
                            "2017-07": (1, 1), "2018-03": (1, 1)}
    assert month["check"]["adds_up"] is False
    assert month["counted_more_than_once"] == 1
    assert any("Test Mining Company (test-mine-co) and the body below it" in r
               for r in year["rules"])
    branch_only = stats_json(runner, env, "--actor", "test-mine-branch", "--by", "year")
    assert cells(branch_only["tables"][0]) == {"2017": (1, 1), "2018": (1, 1)}


def test_cross_table_period_and_gender(runner: CliRunner, env: dict[str, str]) -> None:
    data = stats_json(runner, env, "--actor", "test-mine-co", "--by", "year,field",
                      "--by", "gender", "--year", "2017")
    cross, gender = data["tables"]
    assert cells(cross) == {("2017", "banking"): (2, 2), ("2017", "land"): (1, 1),
                            ("2017", "environment"): (1, 1)}
    assert [m["dimension"] for m in cross["margins"]] == ["year", "field"]
    assert cells(gender) == {"male": (1, 1), "female": (1, 1), "legal_entity": (1, 1)}
    assert data["filter"]["period"] == {"start_year": 2017, "end_year": 2017}


def test_table_output_prints_the_counting_rules_and_the_check(
    runner: CliRunner, env: dict[str, str]
) -> None:
    result = run(runner, env, "--actor", "test-mine-co", "--by", "field")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Threats and persons by field of" in out  # the title (wrapped to the table)
    assert "Counting rules:" in out
    assert "Unit: a threat is one act" in out
    assert "threat cells do NOT add up to the total" in out
    assert "Threats in more than one field, counted once in each: 1 (1 extra counts)." in out


def test_public_tables_hide_small_cells_and_say_so(runner: CliRunner, env: dict[str, str]
                                                   ) -> None:
    # --public gives only the public catalogue. By year over every year: the shipped acts
    # (2016/2020: 1 person, 2018: 1, 2019: 2, 2021: 1) and the four above (2017: 3 persons,
    # 2018: 1 more) leave every year under 5 persons; the total (15 threats, 8 persons) stays.
    data = stats_json(runner, env, "--by", "year", "--public")
    (table,) = data["tables"]
    shown = {c["key"][0]: (c["threats"], c["persons"], c["suppression"]) for c in table["cells"]}
    years = ("2016/2020", "2017", "2018", "2019", "2021")
    assert shown == dict.fromkeys(years, (None, None, "primary"))
    assert (table["total"]["threats"], table["total"]["persons"]) == (15, 8)
    assert table["suppression"]["threshold"] == 5
    assert data["public"] is True
    text = run(runner, env, "--by", "year", "--public")
    assert text.exit_code == 0
    assert "suppressed" in text.output
    assert "fewer than 5 persons" in text.output  # the threshold, stated
    # One year, by field: 2017 holds 3 persons, so even its total is withheld.
    (year,) = stats_json(runner, env, "--by", "field", "--year", "2017", "--public")["tables"]
    assert year["total"]["suppressed"] and year["total"]["persons"] is None
    assert all(c["suppressed"] for c in year["cells"])


def test_csv_is_long_format_with_rules(runner: CliRunner, env: dict[str, str]) -> None:
    result = run(runner, env, "--actor", "test-mine-co", "--by", "city", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    data = [r for r in rows if r["row_type"] == "cell"]
    assert {r["key_1"]: (r["threats"], r["persons"]) for r in data} == {
        "Aktau": ("2", "2"), "Almaty": ("2", "1")}
    assert any(r["row_type"] == "rule" and r["note"].startswith("City:") for r in rows)
    (total,) = [r for r in rows if r["row_type"] == "total"]
    assert (total["threats"], total["persons"]) == ("4", "3")


def test_recourses_by_their_own_year(runner: CliRunner, env: dict[str, str]) -> None:
    data = stats_json(runner, env, "--recourses", "--actor", "test-mine-co", "--by", "year")
    (table,) = data["tables"]
    assert [(c["key"][0], c["recourses"], c["threats"]) for c in table["cells"]] == [
        ("2019", 1, 1)]
    assert table["unit"] == "recourses"


def test_reference_figures_need_no_database(runner: CliRunner, tmp_path: Path) -> None:
    env = {"HRDSCORE_DB": str(tmp_path / "absent.json")}
    result = runner.invoke(cli, ["stats", "--reference", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    ref = json.loads(result.output)
    years = next(f for f in ref["figures"] if f["id"] == "threats-by-year")
    assert [v["counts"]["threats"] for v in years["values"]] == [133, 377, 107, 59, 17]
    table = runner.invoke(cli, ["stats", "--reference"], env=env)
    assert "In 2016 - 133 cases" in table.output
    assert "Discrepancy:" in table.output
    as_csv = runner.invoke(cli, ["stats", "--reference", "--format", "csv"], env=env)
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert any(r["figure"] == "persons-by-gender" and r["key"] == "legal_entity"
               and r["value"] == "55" for r in rows)


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "colour"], "unknown dimension 'colour'"),
    (["--by", "year,field,city"], "one dimension or two"),
    (["--period", "2020-2016"], "ends before it starts"),
    (["--period", "recently"], "period 'recently': give a year"),
    (["--year", "20x7"], "bad --year '20x7'"),
    (["--year", "2017", "--period", "2016-2020"], "give --year or --period, not both"),
    (["--threshold", "3"], "add --public"),
    (["--public", "--threshold", "1"], "at least 2"),
    (["--public", "--threshold", "2", "--by", "year"], "threshold other than 5"),
    (["--public", "--actor", "test-mine-co", "--by", "year"], "cannot be filtered by actor"),
    (["--public", "--verification", "reported", "--by", "year"], "by verification status"),
    (["--public", "--by", "city", "--year", "2017"], "cannot break down by city"),
    (["--public", "--by", "year,field"], "cannot cross two dimensions"),
    (["--public", "--by", "field"], "choose a year"),
    (["--public", "--by", "field", "--period", "2016-2020"], "range of years"),
    (["--actor", "nobody"], "unknown actor 'nobody'"),
    (["--verification", "certain"], "unknown verification status 'certain'"),
    (["--recourses", "--by", "field"], "unknown recourse dimension 'field'"),
])
def test_bad_requests_exit_1_with_a_clear_message(
    runner: CliRunner, env: dict[str, str], args: list[str], message: str
) -> None:
    result = run(runner, env, *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_database_says_to_run_init(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["stats", "--db", str(tmp_path / "none.json")])
    assert result.exit_code == 1
    assert "hrdscore init" in result.output
