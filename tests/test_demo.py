"""`hrdscore demo-data`: deterministic synthetic databases."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hrdscore.cli import cli
from hrdscore.store import Store


def test_same_seed_gives_the_same_evidence(runner: CliRunner, tmp_path: Path) -> None:
    paths = [tmp_path / name for name in ("a.json", "b.json", "c.json")]
    for path, seed in zip(paths, (7, 7, 8), strict=True):
        result = runner.invoke(cli, ["demo-data", "--scale", "500", "--seed", str(seed),
                                     "--out", str(path)])
        assert result.exit_code == 0, result.output
    a, b, c = (Store(p).snapshot() for p in paths)
    assert a.hash == b.hash != c.hash
    assert len(a.acts) == 500
    assert len(a.inquiries) == 100 and len(a.actors) == 11
    assert any("Қ" in actor.name or "Ө" in actor.name for actor in a.actors.values())
    assert any(len(act.fields) > 1 for act in a.acts)  # multi-field acts


def test_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("{}")
    result = runner.invoke(cli, ["demo-data", "--scale", "100", "--out", str(path)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert path.read_text() == "{}"
