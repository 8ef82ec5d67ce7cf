"""Golden scorecards of shipped actors: reviewed by hand, compared byte for byte.

tests/golden/v2/ holds methodology 2's (the default), reviewed line by line when methodology 2
was introduced: every total is null on the shipped data (no actor has half of every weighted
pillar assessed), which is why the numbers that matter are also asserted by hand in
test_methodology_v2_shipped.py and on a fixture with totals in test_methodology_v2_fixture.py.
tests/golden/*.json are methodology 1's, unchanged since they were published except for the
snapshot hash (the shipped data gained fields version 1 does not read).

After an intended change (data, methodology, wording), regenerate with
    HRDSCORE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_scorecards_golden.py
and review the diff of tests/golden/ line by line before committing it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hrdscore.scoring import parse_period
from hrdscore.service import Workspace

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("kpo", "2021"),  # replied 16 days after the letter: timeliness counted from letter date
    ("kpo", "2019"),  # the Berezovka detention: alleged initiator, red flag
    ("burlinsky-police", "2019"),  # executor of the detention; a recourse
    ("burgylau", "2021"),  # declined to reply
    ("westoil", "2021"),  # inquiry without number or date
    ("kz-government", "2021"),  # judgement assessments, a regression flag
    ("kz-mvd", "2019"),  # acts of a district department roll up to the ministry
    ("arcelormittal-temirtau", "2016-2020"),  # lawsuit withdrawn: remedial step
]


def _render(workspace: Workspace, actor: str, period: str) -> str:
    card = workspace.internal_scorecard(parse_period(period), actor)
    return json.dumps(card.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


@pytest.fixture(scope="module")
def workspace_v1(workspace: Workspace) -> Workspace:
    return workspace.with_methodology("1.0")


@pytest.mark.parametrize(("actor", "period"), CASES)
def test_scorecard_matches_golden_file(workspace: Workspace, actor: str, period: str) -> None:
    """Methodology 2 (the default)."""
    path = GOLDEN / "v2" / f"scorecard-{actor}-{period}.json"
    rendered = _render(workspace, actor, period)
    if os.environ.get("HRDSCORE_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("actor", "period"), CASES)
def test_methodology_1_scorecard_is_reproduced(workspace_v1: Workspace, actor: str,
                                               period: str) -> None:
    """Methodology 1 stays reproducible: its golden files differ from the ones published
    before methodology 2 only in the snapshot hash (the shipped data gained roles, applies_to
    and assessor ids, which version 1 does not read)."""
    path = GOLDEN / f"scorecard-{actor}-{period}.json"
    rendered = _render(workspace_v1, actor, period)
    if os.environ.get("HRDSCORE_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_same_inputs_give_identical_output(workspace: Workspace) -> None:
    from hrdscore.scoring import score_actor

    snap = workspace.snapshot()
    period = parse_period("2019")
    first = score_actor(workspace.catalog, snap, "kpo", period, workspace.methodology)
    again = score_actor(workspace.catalog, snap, "kpo", period, workspace.methodology)
    assert first.model_dump_json() == again.model_dump_json()
