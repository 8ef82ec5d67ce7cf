"""What each page shows, worked out from the public results: the same public, privacy-projected
scorecards, responsiveness, statistics and tracker the API serves. Nothing here scores; the
templates only lay these values out.

Every function returns plain values (words, formatted numbers, dates) for one language; the
server's controllers and the static site writer both call them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hrdscore.labels import Lang, label, plain_words
from hrdscore.model import Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.privacy.evidence import public_evidence, public_sources
from hrdscore.service import Workspace
from hrdscore.web.i18n import fmt_date, fmt_number, fmt_percent
from hrdscore.web.search import folded_names, matches

# Band words (methodology 2) as CSS classes: a colour and a pattern each, never colour alone.
BAND_CLASSES = {"leading": "band-leading", "progressing": "band-progressing",
                "lagging": "band-lagging", "no evidence of action": "band-none",
                "insufficient evidence": "band-insufficient", "not applicable": "band-na"}
SORTS = ("score", "name", "band")
# An actor page lists at most this many allegations and information requests, the most recent:
# the busiest actor has thousands, a page of 600 kB nobody reads; the downloads hold them all.
SHOWN = 100


@dataclass(frozen=True)
class Band:
    code: str  # the methodology's word, in English: the filter's value
    words: str  # in the reader's language
    css: str


def band_of(code: str | None, lang: Lang) -> Band:
    if code is None:
        code = "insufficient evidence"
    return Band(code, label("band", code, lang), BAND_CLASSES.get(code, "band-none"))


def actor_names(ws: Workspace, actor_id: str) -> list[str]:
    actor = ws.snapshot().actors.get(actor_id)
    return [actor.name, *actor.aliases] if actor is not None else []


def _score(value: float | None, lang: Lang) -> str:
    return fmt_number(value, lang) if value is not None else ""


@dataclass(frozen=True)
class Row:
    actor: str
    name: str
    aliases: list[str]
    kind_code: str
    kind: str
    band: Band
    score: str
    headline: str
    total: float | None
    folded: str  # every name, folded for the static site's search


@dataclass
class Listing:
    rows: list[Row]
    kinds: list[tuple[str, str]]  # (code, words) of the kinds present
    bands: list[tuple[str, str]]
    q: str = ""
    kind: str = ""
    band: str = ""
    sort: str = "score"
    total: int = 0
    not_scored: list[tuple[str, str]] = field(default_factory=list)


def _row(ws: Workspace, card: Scorecard, lang: Lang) -> Row:
    names = actor_names(ws, card.actor)
    return Row(actor=card.actor, name=card.actor_name, aliases=names[1:],
               kind_code=card.actor_kind.value, folded=folded_names(names or [card.actor_name]),
               kind=label("kind", card.actor_kind, lang), band=band_of(card.band, lang),
               score=_score(card.total, lang), headline=plain_words(card.headline or ""),
               total=card.total)


def scorecard_list(ws: Workspace, period: Period, lang: Lang, *, q: str = "", kind: str = "",
                   band: str = "", sort: str = "score",
                   cards: Sequence[Scorecard] | None = None) -> Listing:
    """Every scored actor of the period, filtered by kind, band and a name in any script.
    `cards`: the period's public scorecards when the caller has them (the server's cache)."""
    cards = ws.public_scorecards(period) if cards is None else cards
    kinds = sorted({c.actor_kind.value for c in cards})
    bands = [b for b in BAND_CLASSES if any((c.band or "insufficient evidence") == b
                                            for c in cards)]
    chosen = [c for c in cards
              if (not kind or c.actor_kind.value == kind)
              and (not band or (c.band or "insufficient evidence") == band)
              and matches(q, actor_names(ws, c.actor) or [c.actor_name])]
    order = list(BAND_CLASSES)
    if sort == "name":
        chosen.sort(key=lambda c: c.actor_name.casefold())
    elif sort == "band":
        chosen.sort(key=lambda c: (order.index(c.band) if c.band in order else len(order),
                                   c.actor_name.casefold()))
    else:
        chosen.sort(key=lambda c: (c.total is None, -(c.total or 0.0), c.actor_name.casefold()))
    return Listing(rows=[_row(ws, c, lang) for c in chosen],
                   kinds=[(k, label("kind_plural", k, lang)) for k in kinds],
                   bands=[(b, label("band", b, lang)) for b in bands],
                   q=q, kind=kind, band=band, sort=sort if sort in SORTS else "score",
                   total=len(cards),
                   not_scored=[(n.actor_name, plain_words(n.reason)) for n in ws.not_scored()])


def home(ws: Workspace, period: Period, lang: Lang,
         cards: Sequence[Scorecard] | None = None) -> dict[str, Any]:
    cards = ws.public_scorecards(period) if cards is None else cards
    summary = ws.responsiveness(period).summary
    bands = Counter(c.band or "insufficient evidence" for c in cards)
    kinds = Counter(c.actor_kind for c in cards)
    return {
        "scored": len(cards),
        "inquiries": summary.inquiries,
        "replies": summary.replies,
        "response_rate": fmt_percent(summary.response_rate, lang),
        "median_days": fmt_number(summary.median_days_to_reply, lang),
        "bands": [(band_of(b, lang), bands[b]) for b in BAND_CLASSES if bands[b]],
        "kinds": [(label("kind_plural", k, lang), kinds[k]) for k in ActorKind if kinds[k]],
        "methodology": ws.methodology.version,
        "listing": scorecard_list(ws, period, lang, cards=cards),
    }


def _level_words(level: Any, missing: Any, lang: Lang) -> str:
    if level is not None:
        return label("level", level, lang)
    if missing is not None:
        return label("missing", missing, lang)
    return label("missing", "not_assessed", lang)


def most_recent(items: Sequence[Any], shown: int, lang: Lang) -> tuple[list[Any], str]:
    """The last `shown` of a list in date order (scoring orders allegations and requests
    oldest first), kept in that order, and the whole list's length in words when some are
    left out ("" when all are shown)."""
    if len(items) <= shown:
        return list(items), ""
    return list(items[len(items) - shown:]), fmt_number(len(items), lang, 0)


def actor_page(ws: Workspace, period: Period, actor_id: str, lang: Lang,
               card: Scorecard | None = None, shown: int | None = None) -> dict[str, Any]:
    """One actor's public scorecard, its documents and requests (`NotFound` if unknown).
    `card`: the public scorecard when the caller has it (the server's cache); `shown`: how
    many allegations and requests are listed, the most recent (default `SHOWN`)."""
    shown = SHOWN if shown is None else shown
    card = ws.public_scorecard(period, actor_id) if card is None else card
    snap = ws.snapshot()
    evidence = public_evidence(snap.evidence_for(card.actor), ws.withheld(snap))
    sources = public_sources(snap.sources)
    cited: dict[str, Any] = {}
    citations = [c for inquiry in evidence.inquiries for c in inquiry.citations]
    citations += [c for reply in evidence.replies for c in reply.citations]
    citations += [c for assessment in evidence.assessments for c in assessment.citations]
    for citation in citations:
        src = sources.get(citation.source)
        if src is not None and src.public:  # the stand-in for a non-public one is not named
            cited.setdefault(src.id, {"title": src.title, "url": src.url and str(src.url),
                                      "date": fmt_date(getattr(src, "date", None), lang)})
    pillars = [{"label": label("pillar", p.pillar, lang) if p.pillar else p.label,
                "band": band_of(p.band, lang) if p.score is not None or p.band else None,
                "score": _score(p.score, lang), "coverage": fmt_percent(p.coverage, lang),
                "criteria": p.criteria} for p in card.pillars]
    recommendations = [{
        "number": r.number, "group": label("group", r.addressee, lang), "text": r.text,
        "score": _score(r.score, lang),
        "criteria": [{"statement": c.statement,
                      "level": _level_words(c.level, c.missing, lang),
                      "scored": c.points is not None,
                      "points": fmt_number(c.points, lang, 0) if c.points is not None else "",
                      "explanation": plain_words(c.explanation.text),
                      "pillar": label("pillar", c.pillar, lang)}
                     for c in r.criteria]} for r in card.recommendations]
    recent_requests, requests_total = most_recent(card.requests, shown, lang)
    recent_allegations, allegations_total = most_recent(card.allegations, shown, lang)
    requests = [{"reference": q.reference or "", "sent_on": fmt_date(q.sent_on, lang)
                 if q.sent_on else (str(q.sent_year) if q.sent_year else "—"),
                 "replied_on": fmt_date(q.replied_on, lang) if q.replied_on else "—",
                 "days": str(q.days) if q.days is not None else "—",
                 "deadline": q.deadline_days,
                 "status": label("timeliness", q.status, lang),
                 "substance": label("reply", q.substance, lang), "text": q.text}
                for q in recent_requests]
    change = None
    if card.change is not None:
        change = {"previous": card.change.previous_period,
                  "previous_total": _score(card.change.previous_total, lang),
                  "delta": fmt_number(card.change.delta, lang) if card.change.delta is not None
                  else "", "compared": card.change.criteria_compared,
                  "comparable": card.change.comparable and card.change.delta is not None,
                  "note": card.change.note or ""}
    return {"card": card, "name": card.actor_name, "aliases": actor_names(ws, card.actor)[1:],
            "kind": label("kind", card.actor_kind, lang), "band": band_of(card.band, lang),
            "total": _score(card.total, lang), "coverage": fmt_percent(card.coverage, lang),
            "headline": plain_words(card.headline or ""), "pillars": pillars,
            "recommendations": recommendations, "requests": requests, "change": change,
            "red_flags": [plain_words(f.text) for f in card.red_flags],
            "allegations": [{"text": a.text, "response": a.response,
                             "status": label("verification", a.status, lang)}
                            for a in recent_allegations],
            "allegations_total": allegations_total, "requests_total": requests_total,
            "shown": fmt_number(shown, lang, 0),
            "adjustment": plain_words(card.adjustment.text) if card.adjustment else "",
            "documents": sorted(cited.values(), key=lambda d: str(d["title"]).casefold()),
            "methodology": card.methodology_version,
            "reply": _reply(ws, period, card.actor, lang)}


def _reply(ws: Workspace, period: Period, actor: str, lang: Lang) -> dict[str, Any] | None:
    """The actor's right of reply after the period's round closed: its public responses
    verbatim (never a confidential one) and the feedback log; None without a closed round."""
    from hrdscore.reply_service import published_replies

    reply = (published_replies(ws, period) or {}).get(actor)
    if reply is None:
        return None
    return {"status": reply.status,
            "responses": [{"text": r.text, "received_on": fmt_date(r.received_on, lang)}
                          for r in reply.responses],
            "feedback": [{"statement": f.statement, "contested": f.contested,
                          "outcome": f.outcome_words, "reason": f.reason or ""}
                         for f in reply.feedback]}


def responsiveness_page(ws: Workspace, period: Period, lang: Lang) -> dict[str, Any]:
    resp = ws.responsiveness(period)
    s = resp.summary
    rows = [{"actor": r.actor, "name": r.actor_name, "reference": r.reference or "",
             "sent_on": r.sent_on or "", "replied_on": r.replied_on or "",
             "days": "" if r.days_to_reply is None else str(r.days_to_reply),
             "timeliness": label("timeliness", r.timeliness, lang),
             "substance": label("reply", r.substance, lang)} for r in resp.rows]
    for row in rows:  # ISO dates from the record, written out for the reader
        for key in ("sent_on", "replied_on"):
            row[key] = _iso_words(row[key], lang)
    return {"rows": rows, "deadline": resp.deadline_days, "inquiries": s.inquiries,
            "replies": s.replies, "response_rate": fmt_percent(s.response_rate, lang),
            "substantive_rate": fmt_percent(s.substantive_response_rate, lang),
            "on_time": s.on_time, "median_days": fmt_number(s.median_days_to_reply, lang)}


def _iso_words(value: str, lang: Lang) -> str:
    from datetime import date

    if not value:
        return "—"
    try:
        return fmt_date(date.fromisoformat(value), lang)
    except ValueError:
        return value


def methodology_page(ws: Workspace, lang: Lang) -> dict[str, Any]:
    m = ws.methodology
    v2 = m.v2
    kinds = [{"kind": label("kind_plural", k, lang),
              "pillars": [{"label": label("pillar", p.id, lang), "weight": fmt_number(
                  p.weight, lang), "description": p.description or ""} for p in plan.pillars]}
             for k, plan in m.kinds.items()]
    bands = ([{"band": band_of(b.label, lang), "min": fmt_number(b.min, lang),
               "meaning": b.meaning} for b in v2.bands] if v2 is not None else [])
    levels = [(label("level", k, lang), fmt_number(v, lang, 0)) for k, v in m.points.items()]
    missing = [(label("missing", k, lang), fmt_number(v, lang, 0) if v is not None else None)
               for k, v in m.missing_points.items()]
    return {"version": m.version, "released_on": fmt_date(m.released_on, lang),
            "summary": m.summary, "coverage": fmt_percent(m.coverage_threshold, lang),
            "deadline": m.rules.deadline_days, "kinds": kinds, "bands": bands,
            "levels": levels, "missing": missing}


def chart_bars(cells: Sequence[tuple[str, int | None]], width: int = 360
               ) -> list[dict[str, Any]]:
    """Bars of a horizontal bar chart: label, value (None: suppressed), length in pixels."""
    top = max((v for _, v in cells if v is not None), default=0) or 1
    return [{"label": name, "value": value, "y": i * 28,
             "length": 0 if value is None else round(width * value / top)}
            for i, (name, value) in enumerate(cells)]
