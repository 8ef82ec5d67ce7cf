"""The library's public API: exactly these names, each importable from `hrdscore` and
documented (httpx's `test_exported_members`, both ways)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import hrdscore

EXPECTED = {
    "__version__",
    # open a database with the catalog and methodology; score; write; publish
    "Workspace", "open_workspace", "Store", "seed", "load_shipped", "import_file",
    "ImportResult", "create_record", "replace_record", "delete_record",
    # the pure core
    "Snapshot", "ActorEvidence", "Catalog", "Methodology", "Period", "PeriodError",
    "score_actor", "score_all", "responsiveness", "Responsiveness", "Scorecard",
    "incident_statistics", "StatsRequest", "StatsReport",
    # records
    "Actor", "Assessment", "Incident", "Inquiry", "Recommendation", "Reply", "Source",
    # errors
    "HrdscoreError", "InvalidData", "NotFound", "Conflict", "StoreError", "Problem",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(hrdscore.__all__) == EXPECTED
    assert len(hrdscore.__all__) == len(EXPECTED)


def test_every_public_name_resolves_and_has_a_docstring() -> None:
    for name in sorted(EXPECTED - {"__version__"}):
        value = getattr(hrdscore, name)
        doc = inspect.getdoc(value) or ""
        if inspect.isclass(value):
            own = value.__dict__.get("__doc__") or ""
            assert own.strip(), f"{name} has no docstring of its own"
        else:
            assert doc.strip(), f"{name} has no docstring"


def test_public_methods_of_workspace_and_store_are_documented() -> None:
    for cls in (hrdscore.Workspace, hrdscore.Store, hrdscore.Snapshot):
        for name, member in vars(cls).items():
            if name.startswith("_") or not callable(member):
                continue
            assert (member.__doc__ or "").strip(), f"{cls.__name__}.{name} has no docstring"


def test_unknown_names_are_attribute_errors() -> None:
    try:
        hrdscore.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_loads_nothing_heavy_until_asked() -> None:
    code = ("import sys, hrdscore\n"
            "print(any(m in sys.modules for m in ('tinydb', 'litestar', 'reportlab')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
