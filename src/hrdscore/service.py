"""The one set of service functions the CLI and the API share: a workspace holds the catalog,
the methodology and the store, and computes scorecards once per evidence snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hrdscore.catalog import Catalog
from hrdscore.errors import InvalidData, NotFound, Problem, StoreError
from hrdscore.methodology import (
    Methodology,
    check_methodology,
    latest_methodology_path,
    load_methodology,
)
from hrdscore.model import NotScored, Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.paths import scorecards_dir
from hrdscore.privacy import confidential_ids, public_scorecard
from hrdscore.scoring import (
    RULES,
    Responsiveness,
    not_scored,
    responsiveness,
    score_actor,
    score_all,
)
from hrdscore.shipped import load_shipped
from hrdscore.store import Snapshot, Store


def load_checked_methodology(catalog: Catalog, path: Path | None = None) -> Methodology:
    path = path or latest_methodology_path(scorecards_dir())
    methodology = load_methodology(path)
    problems = check_methodology(methodology, list(catalog.recommendations), set(RULES),
                                 str(path))
    if problems:
        raise InvalidData(problems)
    return methodology


class NotScoredError(NotFound):
    """An actor the methodology lists as not scored: there is no scorecard, and the message
    says why (404 in the API, like any scorecard that does not exist)."""

    def __init__(self, actor_id: str, message: str) -> None:
        super().__init__("scorecard", actor_id)
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])


def methodology_path(version: str) -> Path:
    """The shipped methodology file of a version ('1.0', '2', '2.0')."""
    major = version.split(".")[0]
    path = scorecards_dir() / f"methodology-v{major}.yaml"
    if not major.isdigit() or not path.is_file():
        known = sorted(p.stem.split("-v")[1] for p in scorecards_dir().glob("methodology-v*.yaml"))
        raise InvalidData([Problem(str(scorecards_dir()), f"no methodology version {version!r}; "
                                   f"shipped: {', '.join(known)}")])
    return path


@dataclass
class Workspace:
    catalog: Catalog
    methodology: Methodology
    store: Store
    # (snapshot hash, period label) -> actor id -> scorecard
    _cards: dict[tuple[str, str], dict[str, Scorecard]] = field(default_factory=dict)
    # (snapshot hash, period label, actor id) -> a scorecard scored on its own, before
    # everyone's were asked for
    _single: dict[tuple[str, str, str], Scorecard] = field(default_factory=dict)
    # (snapshot hash, ids of confidential incidents and their acts)
    _hidden: tuple[str, frozenset[str]] = ("", frozenset())
    # (snapshot hash, period label, generation date) -> the annual report's PDF bytes
    _reports: dict[tuple[str, str, date], bytes] = field(default_factory=dict)
    # Methodology 2: the date the scores describe; requests still inside their deadline on
    # it are pending. None: the end of the period.
    today: date | None = None

    def with_methodology(self, version: str) -> Workspace:
        """The same catalog and store scored under another shipped methodology version."""
        m = load_checked_methodology(self.catalog, methodology_path(version))
        return Workspace(catalog=self.catalog, methodology=m, store=self.store,
                         today=self.today)

    def not_scored(self) -> list[NotScored]:
        """Actors listed, never ranked, with the reason (methodology 2; none under 1)."""
        if not self.methodology.is_v2:
            return []
        return not_scored(self.catalog, self.snapshot(), self.methodology)

    def snapshot(self) -> Snapshot:
        if not self.store.exists():
            raise StoreError(f"no database at {self.store.path}: run `hrdscore init` first "
                             "(or give --db)")
        return self.store.snapshot()

    def _all(self, period: Period) -> dict[str, Scorecard]:
        snap = self.snapshot()
        key = (snap.hash, period.label)
        cards = self._cards.get(key)
        if cards is None:
            cards = {c.actor: c for c in score_all(self.catalog, snap, period, self.methodology,
                                                   as_of=self.today)}
            # Keep only the latest snapshot's cards: an older snapshot is never asked again.
            self._cards = {k: v for k, v in self._cards.items() if k[0] == snap.hash}
            self._cards[key] = cards
        return cards

    def scorecards(self, period: Period, kind: ActorKind | None = None) -> list[Scorecard]:
        return [c for c in self._all(period).values() if kind is None or c.actor_kind is kind]

    def scorecard(self, period: Period, actor_id: str) -> Scorecard:
        """One actor's scorecard: taken from everyone's when they are scored, otherwise
        scored on its own (milliseconds, where everyone's take seconds at 100,000 acts)."""
        snap = self.snapshot()
        everyone = self._cards.get((snap.hash, period.label))
        if everyone is not None:
            card = everyone.get(actor_id)
            if card is None:
                self._check_scored(actor_id)
                raise NotFound("actor", actor_id)
            return card
        key = (snap.hash, period.label, actor_id)
        card = self._single.get(key)
        if card is None:
            actor = snap.actors.get(actor_id)
            if actor is None or actor.kind not in self.methodology.kinds:
                raise NotFound("actor", actor_id)
            self._check_scored(actor_id)
            card = score_actor(self.catalog, snap, actor_id, period, self.methodology,
                               as_of=self.today)
            if any(k[0] != snap.hash for k in self._single):
                self._single = {}
            self._single[key] = card
        return card

    def _check_scored(self, actor_id: str) -> None:
        for entry in self.not_scored():
            if entry.actor == actor_id:
                raise NotScoredError(actor_id, f"{entry.actor_name} is not scored under "
                                     f"methodology {self.methodology.version}: "
                                     f"{entry.reason}")

    def _confidential(self) -> frozenset[str]:
        snap = self.snapshot()
        if self._hidden[0] != snap.hash:
            self._hidden = (snap.hash, confidential_ids(
                (a.id, a.incident, a.confidential) for a in snap.acts))
        return self._hidden[1]

    def public_scorecards(self, period: Period,
                          kind: ActorKind | None = None) -> list[Scorecard]:
        """Scorecards for publication: evidence ids of confidential incidents masked."""
        hidden = self._confidential()
        return [public_scorecard(c, hidden) for c in self.scorecards(period, kind)]

    def public_scorecard(self, period: Period, actor_id: str) -> Scorecard:
        return public_scorecard(self.scorecard(period, actor_id), self._confidential())

    def responsiveness(self, period: Period) -> Responsiveness:
        return responsiveness(self.snapshot(), period, self.methodology)

    def scorecard_pdf(self, period: Period, actor_id: str, generated_on: date) -> bytes:
        """One actor's scorecard as PDF, with its evidence and sources."""
        from hrdscore.render.pdf import scorecard_pdf

        card = self.public_scorecard(period, actor_id)
        snap = self.snapshot()
        if snap.hash != card.snapshot_hash:  # the file changed in between: score it again
            card = self.public_scorecard(period, actor_id)
            snap = self.snapshot()
        return scorecard_pdf(card, snap.evidence_for(actor_id), sources=snap.sources,
                             methodology=self.methodology, generated_on=generated_on)

    def report_pdf(self, period: Period, generated_on: date) -> bytes:
        """The annual report for a period as PDF; kept for the latest snapshot."""
        from hrdscore.render.pdf import annual_report_pdf

        cards = self.public_scorecards(period)
        snap = self.snapshot()
        if any(c.snapshot_hash != snap.hash for c in cards):  # changed in between
            cards = self.public_scorecards(period)
            snap = self.snapshot()
        key = (snap.hash, period.label, generated_on)
        found = self._reports.get(key)
        if found is None:
            found = annual_report_pdf(
                cards, period=period,
                responsiveness=responsiveness(snap, period, self.methodology),
                methodology=self.methodology, catalog=self.catalog, acts=snap.acts,
                generated_on=generated_on, not_scored=self.not_scored())
            self._reports = {k: v for k, v in self._reports.items() if k[0] == snap.hash}
            self._reports[key] = found
        return found

    def default_period(self) -> Period:
        """The latest year with dated evidence: what a reader most likely wants."""
        snap = self.snapshot()
        years = [i.year for i in snap.inquiries.values() if i.year]
        years += [r.received_on.year for r in snap.replies.values()]
        years += [a.as_of.year for a in snap.assessments.values()]
        years += [a.date.year for a in snap.acts]
        year = max(years) if years else date.today().year
        return Period(start_year=year, end_year=year)


def open_workspace(db: Path, today: date) -> Workspace:
    catalog = Catalog.from_dataset(load_shipped(today))
    return Workspace(catalog=catalog, methodology=load_checked_methodology(catalog),
                     store=Store(db), today=today)
