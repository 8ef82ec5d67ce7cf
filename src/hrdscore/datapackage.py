"""The Frictionless Data Package (v1) descriptor of a publication's CSV files: one schema per
table (code columns with their allowed values, label columns beside them, percentages 0-100),
the organisation's licence and the publisher as contributor."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from hrdscore.model import Period
from hrdscore.model.vocab import ActorKind, Level, MissingState, ReplySubstance
from hrdscore.organisation import Organisation
from hrdscore.render.published import RESPONSIVENESS, SCORECARDS, SUMMARY
from hrdscore.service import Workspace

TIMELINESS = ["on_time", "probably_on_time", "late", "no_reply", "unknown", "pending"]


def _field(name: str, type_: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, **extra}


def _enum(values: Sequence[str]) -> dict[str, Any]:
    return {"constraints": {"enum": list(values)}}


def _label(of: str) -> dict[str, Any]:
    return _field(f"{of}_label", "string", f"The {of.replace('_', ' ')} in words, as the PDFs "
                  "print it.")


PCT = {"minimum": 0, "maximum": 100}


def scorecard_schema() -> dict[str, Any]:
    fields = [
        _field("actor", "string", "Actor id.", constraints={"required": True}),
        _field("actor_name", "string", "Actor's name in its original spelling."),
        _field("actor_kind", "string", "Kind of actor (code).",
               **_enum([k.value for k in ActorKind])),
        _label("actor_kind"),
        _field("period", "string", "Year (2021) or range of years (2016-2020)."),
        _field("recommendation", "string", "Recommendation id."),
        _field("criterion", "string", "Criterion id.", constraints={"required": True}),
        _field("criterion_statement", "string", "What the criterion checks, in words."),
        _field("pillar", "string", "Pillar the criterion counts towards (code)."),
        _label("pillar"),
        _field("weight", "number", "Weight of the criterion within its recommendation."),
        _field("level", "string", "Level reached (code); empty when a missing state applies.",
               **_enum([v.value for v in Level])),
        _label("level"),
        _field("missing", "string", "Why there is no level (code): no_evidence_found and "
               "actor_declined score 0; not_applicable and not_assessed are excluded.",
               **_enum([v.value for v in MissingState])),
        _label("missing"),
        _field("points", "number", "Points 0-100; empty when excluded.", constraints=PCT),
        _field("basis", "string", "'rule:<name>', 'assessment:<id>' or 'missing'."),
        _field("evidence_ids", "string", "Ids of the evidence records, separated by ';'."),
        _field("explanation", "string", "One sentence a reader understands."),
        _field("actor_total", "number", "The actor's total (0-100); empty when there is "
               "insufficient evidence.", constraints=PCT),
        _field("actor_band", "string", "The actor's total in words."),
        _field("actor_coverage_pct", "number", "Share of the applicable criteria (by weight) "
               "assessed, in percent.", constraints=PCT),
        _field("methodology_version", "string", "Version of the scoring methodology."),
        _field("snapshot_hash", "string", "SHA-256 of the evidence snapshot.",
               constraints={"pattern": "[0-9a-f]{64}"}),
    ]
    assert [f["name"] for f in fields] == SCORECARDS
    return {"fields": fields, "primaryKey": ["actor", "criterion"], "missingValues": [""]}


def responsiveness_schema() -> dict[str, Any]:
    fields = [
        _field("inquiry", "string", "Information request id.", constraints={"required": True}),
        _field("actor", "string", "Actor id of the addressee."),
        _field("actor_name", "string", "Addressee's name in its original spelling."),
        _field("reference", "string", "Outgoing reference number; empty when unknown."),
        _field("sent_on", "date", "Date of the letter; empty when unknown."),
        _field("sent_year", "year", "Year the letter was sent."),
        _field("replied_on", "date", "Date of the first written reply; empty if none."),
        _field("days_to_reply", "integer", "Calendar days from receipt (or, if unknown, from "
               "the letter) to the reply.", constraints={"minimum": 0}),
        _field("counted_from", "string", "What the days are counted from (code).",
               **_enum(["letter", "receipt"])),
        _label("counted_from"),
        _field("on_time", "boolean", "Replied within the legal deadline; empty when it cannot "
               "be told.", trueValues=["true"], falseValues=["false"]),
        _field("timeliness", "string", "Timeliness (code).", **_enum(TIMELINESS)),
        _label("timeliness"),
        _field("substance", "string", "What the reply gave (code).",
               **_enum([s.value for s in ReplySubstance])),
        _label("substance"),
        _field("follow_ups", "string", "Outcomes of follow-up calls, separated by ';'."),
        _field("explanation", "string", "One sentence a reader understands."),
    ]
    assert [f["name"] for f in fields] == RESPONSIVENESS
    return {"fields": fields, "primaryKey": ["inquiry"], "missingValues": [""]}


def summary_schema() -> dict[str, Any]:
    fields = [
        _field("actor", "string", "Actor id.", constraints={"required": True}),
        _field("actor_name", "string", "Actor's name in its original spelling."),
        _field("actor_kind", "string", "Kind of actor (code).",
               **_enum([k.value for k in ActorKind])),
        _label("actor_kind"),
        _field("period", "string", "Year or range of years."),
        _field("total", "number", "Total 0-100; empty when there is none.", constraints=PCT),
        _field("band", "string", "The total in words, or why there is none."),
        _field("coverage_pct", "number", "Applicable criteria (by weight) assessed, in "
               "percent.", constraints=PCT),
        _field("headline", "string", "One or two plain sentences."),
        _field("red_flags", "integer", "Red flags.", constraints={"minimum": 0}),
        _field("allegations", "integer", "Alleged acts listed, not counted.",
               constraints={"minimum": 0}),
        _field("requests", "integer", "Information requests of the period.",
               constraints={"minimum": 0}),
        _field("requests_answered", "integer", "Of them, answered in writing.",
               constraints={"minimum": 0}),
        _field("criteria", "integer", "Criteria that apply.", constraints={"minimum": 0}),
        _field("criteria_assessed", "integer", "Of them, with a level.",
               constraints={"minimum": 0}),
        _field("methodology_version", "string", "Version of the scoring methodology."),
    ]
    assert [f["name"] for f in fields] == SUMMARY
    return {"fields": fields, "primaryKey": ["actor"], "missingValues": [""]}


SCHEMAS = {"summary": summary_schema, "scorecards": scorecard_schema,
           "responsiveness": responsiveness_schema}


def datapackage(period: Period, resources: Mapping[str, tuple[str, bytes]], *,
                ws: Workspace, org: Organisation, snapshot_hash: str, generated_on: date,
                bom: bool) -> dict[str, Any]:
    titles = {"summary": f"Scorecards {period.label}, one row per actor",
              "scorecards": f"Scorecards {period.label}, long format",
              "responsiveness": f"Information requests and replies {period.label}"}
    descriptions = {
        "summary": "One row per scored actor: total, band, coverage, red flags, requests.",
        "scorecards": "One row per actor x criterion: level, points and explanation, with "
                      "the actor's total and coverage.",
        "responsiveness": "One row per information request: when it was sent, when and how "
                          "it was answered, against the legal deadline.",
    }
    report = next((r for r in ws.catalog.reports if r.id == ws.methodology.report), None)
    contributor: dict[str, Any] = {"title": org.name, "role": "publisher"}
    if org.website:
        contributor["path"] = org.website
    if org.contact:
        contributor["email"] = org.contact
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"hrdscore-scorecards-{period.label}",
        "title": f"Scorecards {period.label}",
        "description": (f"Scorecards of actors against the recommendations of report "
                        f"{ws.methodology.report} for {period.label}, computed with methodology "
                        f"{ws.methodology.version} from evidence snapshot {snapshot_hash}."),
        "version": f"{period.label}+methodology.{ws.methodology.version}",
        "created": f"{generated_on.isoformat()}T00:00:00Z",
        "licenses": [{"name": org.licence.name, "path": org.licence.url,
                      "title": org.licence.title}],
        "contributors": [contributor],
        "keywords": ["human rights defenders", "corporate accountability", "Kazakhstan",
                     "scorecards"],
        "resources": [],
    }
    if org.website:
        package["homepage"] = org.website
    if report is not None:
        package["sources"] = [{"title": f"{report.title} ({', '.join(report.publishers)}, "
                                        f"{report.published_year})"}]
    for name, (path, data) in resources.items():
        package["resources"].append({
            "name": name, "path": path, "profile": "tabular-data-resource",
            "title": titles[name], "description": descriptions[name], "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig" if bom else "utf-8",
            "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": SCHEMAS[name](),
        })
    return package
