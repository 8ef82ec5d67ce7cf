"""Shared by the identity tests: a canary person, imported through a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CANARY = "Канарейка Сәбитқызы Ёлкина"
CANARY_CONTACT = "+7 701 555 0199 Telegram"
CSV_HEADER = ("incident_id,incident_title,act_id,victim_id,victim_kind,victim_gender,"
              "victim_identity,victim_contact,act_type,date,fields,primary_field,region,"
              "source,locator")


def canary_csv(path: Path, *, incident: str = "inc-canary", victim: str = "v-canary",
               identity: str = CANARY, act: str = "act-canary-1") -> Path:
    path.write_text(f"{CSV_HEADER}\n{incident},Summons of a union member,{act},{victim},"
                    f"person,female,{identity},{CANARY_CONTACT},police_summons,2021-03-01,"
                    "trade_unions,trade_unions,Mangystau,src-kk2021-report,p. 1\n",
                    encoding="utf-8")
    return path


def api_incident(incident: str, victim: str, identity: str, act: str) -> dict[str, Any]:
    return {"id": incident, "title": "Detention of a union member",
            "victims": [{"id": victim, "kind": "person", "gender": "male",
                         "identity": identity}],
            "acts": [{"id": act, "victim": victim, "type": "detention", "date": "2021-05-04",
                      "fields": ["trade_unions"], "primary_field": "trade_unions"}],
            "citations": [{"source": "src-kk2021-report", "locator": "p. 2"}]}


def files_holding(folder: Path, needle: str, *, skip: tuple[Path, ...] = ()) -> list[str]:
    """Every file under `folder` whose bytes hold `needle` in clear (UTF-8)."""
    raw = needle.encode("utf-8")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p not in skip and raw in p.read_bytes())
