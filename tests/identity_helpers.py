"""Shared by the identity tests: a canary person, imported through a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CANARY = "Канарейка Сәбитқызы Ёлкина"
CANARY_CONTACT = "+7 701 555 0199 Telegram"
# Free text that names or locates the canary, one per field the model marks identifying.
CANARY_SUMMARY = "Сводка-канарейка: Сәбитқызы вызвана в акимат Жанаозена"
CANARY_NARRATIVE = "Canary narrative: taken from her flat on Абай көшесі 12"
CANARY_RECOURSE = "Canary recourse: her brother Ерлан paid the fine"
CANARY_CONSENT_NOTE = "Canary consent note: given through her lawyer Жанар Қ."
CSV_HEADER = ("incident_id,incident_title,act_id,victim_id,victim_kind,victim_gender,"
              "victim_identity,victim_contact,act_type,date,fields,primary_field,region,"
              "source,locator")


def canary_csv(path: Path, *, incident: str = "inc-canary", victim: str = "v-canary",
               identity: str = CANARY, act: str = "act-canary-1",
               free_text: bool = False) -> Path:
    """The canary as one CSV row; `free_text`: with an incident summary and an act
    description naming her."""
    header, extra = CSV_HEADER, ""
    if free_text:
        header, extra = f"{header},incident_summary,description", \
            f",{CANARY_SUMMARY},{CANARY_NARRATIVE}"
    path.write_text(f"{header}\n{incident},Summons of a union member,{act},{victim},"
                    f"person,female,{identity},{CANARY_CONTACT},police_summons,2021-03-01,"
                    f"trade_unions,trade_unions,Mangystau,src-kk2021-report,p. 1{extra}\n",
                    encoding="utf-8")
    return path


def api_incident(incident: str, victim: str, identity: str, act: str) -> dict[str, Any]:
    return {"id": incident, "title": "Detention of a union member",
            "victims": [{"id": victim, "kind": "person", "gender": "male",
                         "identity": identity}],
            "acts": [{"id": act, "victim": victim, "type": "detention", "date": "2021-05-04",
                      "fields": ["trade_unions"], "primary_field": "trade_unions"}],
            "citations": [{"source": "src-kk2021-report", "locator": "p. 2"}]}


def with_free_text(raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` (an `api_incident`) with every identifying free-text field naming the canary:
    the summary, the act's description, a recourse's description, the consent's note."""
    act = raw["acts"][0]
    raw["summary"] = CANARY_SUMMARY
    act["description"] = CANARY_NARRATIVE
    raw["recourses"] = [{"id": f"rc-{act['id']}", "type": "release", "date": act["date"],
                         "remedies": [act["id"]], "description": CANARY_RECOURSE}]
    raw["victims"][0]["consent"] = {"level": "internal", "on": "2021-05-05",
                                    "recorded_by": "monitor-1", "note": CANARY_CONSENT_NOTE}
    return raw


FREE_TEXT = (CANARY_SUMMARY, CANARY_NARRATIVE, CANARY_RECOURSE, CANARY_CONSENT_NOTE)


def files_holding(folder: Path, needle: str, *, skip: tuple[Path, ...] = ()) -> list[str]:
    """Every file under `folder` whose bytes hold `needle` in clear (UTF-8)."""
    raw = needle.encode("utf-8")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p not in skip and raw in p.read_bytes())
