"""The one set of service functions the CLI, the API and Python callers share: a workspace
holds the catalog, the methodology and the store, and computes scorecards once per evidence
snapshot."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hrdscore.cache import VersionedCache
from hrdscore.catalog import Catalog
from hrdscore.catalogs import CatalogSet, load_catalogs
from hrdscore.errors import ActorNotScored, InvalidData, NotFound, Problem, StoreError
from hrdscore.methodology import (
    Methodology,
    check_methodology,
    latest_methodology_path,
    load_methodology,
)
from hrdscore.model import NotScored, Period, Scorecard
from hrdscore.model.vocab import ActorKind
from hrdscore.paths import scorecards_dir
from hrdscore.privacy import Withheld, public_scorecard, withheld_of
from hrdscore.privacy.evidence import public_evidence, public_sources
from hrdscore.records import create_record, delete_record, replace_record
from hrdscore.scoring import (
    RULES,
    Responsiveness,
    not_scored,
    responsiveness,
    score_actor,
    score_all,
    scored_actor_ids,
)
from hrdscore.scoring.scope import not_scored_reason
from hrdscore.snapshot import Snapshot
from hrdscore.store import Changes, ImportResult, Store, import_file

if TYPE_CHECKING:
    from hrdscore.followup.matrix import Matrix

__all__ = ["PeriodNotCovered", "Workspace", "load_checked_methodology", "open_workspace"]


class PeriodNotCovered(NotFound):
    """A period outside the years the evidence covers (plus one either side): nothing to
    score, so nothing is scored; the message names the years there are."""

    def __init__(self, period: Period, years: tuple[int, int] | None) -> None:
        super().__init__("period", period.label)
        self.years = years
        if years is None:
            self.args = (f"no scorecards for {period.label}: the database holds no dated "
                         "evidence yet",)
        else:
            first, last = years
            self.args = (f"no scorecards for {period.label}: the evidence covers {first} to "
                         f"{last}, so scorecards are given for {first - 1} to {last + 1}",)


def load_checked_methodology(catalog: Catalog, path: Path | None = None) -> Methodology:
    """The methodology at `path` (default: the latest in `scorecards/`), checked against the
    catalog's criteria and the rules there are; `InvalidData` names every problem."""
    path = path or latest_methodology_path(scorecards_dir())
    methodology = load_methodology(path)
    problems = check_methodology(methodology, list(catalog.recommendations), set(RULES),
                                 str(path))
    if problems:
        raise InvalidData(problems)
    return methodology


def methodology_path(version: str) -> Path:
    """The shipped methodology file of a version ('1.0', '2', '2.0')."""
    major = version.split(".")[0]
    path = scorecards_dir() / f"methodology-v{major}.yaml"
    if not major.isdigit() or not path.is_file():
        known = sorted(p.stem.split("-v")[1] for p in scorecards_dir().glob("methodology-v*.yaml"))
        raise InvalidData([Problem(str(scorecards_dir()), f"no methodology version {version!r}; "
                                   f"shipped: {', '.join(known)}")])
    return path


# The follow-up tracker as words: columns, rows, notes.
TrackerTable = tuple[list[str], list[list[str]], list[str]]

# Per snapshot: every actor's cards for a few periods (each ~55 MiB of models at 100,000
# acts, so a reader asking for many years cannot grow memory without bound), single cards
# (the busiest actor's is ~1 MiB), reports.
CACHE_LIMITS = {"cards": 3, "single": 256, "report": 4, "withheld": 1, "not-scored": 1}


@dataclass
class Workspace:
    """A catalog, a methodology and an evidence store, read together.

    Results are computed from the store's current snapshot and kept until the evidence changes.
    Names say who may read a result: `public_*` results are safe to publish (confidential
    incidents masked, drafts left out); `internal_scorecard(s)` are the cards, for
    analysts, with every evidence id.
    """

    catalog: Catalog
    methodology: Methodology
    store: Store
    # Everything worked out from a snapshot, under its hash (see `hrdscore.cache`).
    cache: VersionedCache = field(default_factory=lambda: VersionedCache(CACHE_LIMITS),
                                  repr=False, compare=False)
    # Methodology 2: the date the scores describe; requests still inside their deadline on
    # it are pending. None: the end of the period.
    today: date | None = None
    # The reports in use (the shipped one and any --catalog); None: the shipped one only.
    catalog_set: CatalogSet | None = field(default=None, repr=False, compare=False)
    # A snapshot every result is worked out from, whatever the store holds now (`at`).
    pinned: Snapshot | None = field(default=None, repr=False, compare=False)

    def at(self, snap: Snapshot) -> Workspace:
        """This workspace over one snapshot, with a cache of its own: what a server's
        readers use while a newer snapshot is built (writes still go to the store)."""
        return replace(self, pinned=snap, cache=VersionedCache(CACHE_LIMITS))

    @property
    def scoring_catalog(self) -> Catalog:
        """The recommendations scored: the methodology's own report's only, never a mix."""
        report = self.methodology.report
        if all(r.report == report for r in self.catalog.recommendations):
            return self.catalog
        return Catalog(reports=tuple(r for r in self.catalog.reports if r.id == report),
                       recommendations=tuple(r for r in self.catalog.recommendations
                                             if r.report == report))

    def with_methodology(self, version: str) -> Workspace:
        """The same catalog and store scored under another shipped methodology version."""
        m = load_checked_methodology(self.scoring_catalog, methodology_path(version))
        return Workspace(catalog=self.catalog, methodology=m, store=self.store,
                         today=self.today, catalog_set=self.catalog_set)  # a cache of its own

    def not_scored(self) -> list[NotScored]:
        """Actors listed, never ranked, with the reason (methodology 2; none under 1)."""
        if not self.methodology.is_v2:
            return []
        snap = self.snapshot()
        return self.cache.get_or_compute(snap.hash, "not-scored", None, lambda: not_scored(
            self.scoring_catalog, snap, self.methodology))

    def snapshot(self) -> Snapshot:
        """The evidence as it is now, or the pinned snapshot (`StoreError` when there is no
        database yet)."""
        if self.pinned is not None:
            return self.pinned
        if not self.store.exists():
            raise StoreError(f"no database at {self.store.path}: run `hrdscore init` first "
                             "(or give --db)")
        return self.store.snapshot()

    def _all(self, period: Period) -> dict[str, Scorecard]:
        snap = self.snapshot()
        return self.cache.get_or_compute(snap.hash, "cards", period.label, lambda: {
            c.actor: c for c in score_all(self.scoring_catalog, snap, period, self.methodology,
                                          as_of=self.today)})

    def score_period(self, period: Period, only: Collection[str] | None = None
                     ) -> list[Scorecard]:
        """Every scored actor's internal scorecard (`only`: just these), in id order, not
        kept: for a caller that keeps what it makes of them (the server keeps public JSON, a
        fraction of the size)."""
        kept: dict[str, Scorecard] | None = self.cache.get(self.snapshot().hash, "cards",
                                                            period.label)
        if kept is not None:
            return [c for c in kept.values() if only is None or c.actor in only]
        return score_all(self.scoring_catalog, self.snapshot(), period, self.methodology,
                         as_of=self.today, only=only)

    def scored_ids(self, among: Collection[str] | None = None) -> list[str]:
        """The actors scored (whose cards `score_period` gives), in id order; `among`: of
        these only."""
        return scored_actor_ids(self.scoring_catalog, self.snapshot(), self.methodology, among)

    def internal_scorecards(self, period: Period,
                            kind: ActorKind | None = None) -> list[Scorecard]:
        """Internal scorecards of every scored actor (of a kind), in id order."""
        return [c for c in self._all(period).values() if kind is None or c.actor_kind is kind]

    def internal_scorecard(self, period: Period, actor_id: str) -> Scorecard:
        """One actor's scorecard: taken from everyone's when they are scored, otherwise
        scored on its own (milliseconds, where everyone's take seconds at 100,000 acts)."""
        snap = self.snapshot()
        everyone = self.cache.get(snap.hash, "cards", period.label)
        if everyone is not None:
            card = everyone.get(actor_id)
            if card is None:
                self.check_scored(actor_id)
                raise NotFound("actor", actor_id)
            return card  # type: ignore[no-any-return]

        def score_one() -> Scorecard:
            actor = snap.actors.get(actor_id)
            if actor is None or actor.kind not in self.methodology.kinds:
                raise NotFound("actor", actor_id)
            self.check_scored(actor_id)
            return score_actor(self.scoring_catalog, snap, actor_id, period, self.methodology,
                               as_of=self.today)

        return self.cache.get_or_compute(snap.hash, "single", (period.label, actor_id),
                                         score_one)

    def check_scored(self, actor_id: str) -> None:
        """`ActorNotScored`, saying why, for an actor the methodology does not score (this
        actor alone is looked at: a server asks it of each new version, for one card)."""
        if not self.methodology.is_v2:
            return
        snap = self.snapshot()
        actor = snap.actors.get(actor_id)
        if actor is None:
            return
        reason = not_scored_reason(actor, snap, self.scoring_catalog, self.methodology)
        if reason is not None:
            raise ActorNotScored(actor_id, f"{actor.name} is not scored under methodology "
                                 f"{self.methodology.version}: {reason}")

    def withheld(self, snap: Snapshot | None = None) -> Withheld:
        """What the public never sees in the (given or current) snapshot."""
        shot = snap or self.snapshot()
        return self.cache.get_or_compute(shot.hash, "withheld", None, lambda: withheld_of(
            shot.acts, shot.sources, shot.assessments))

    def public_scorecards(self, period: Period,
                          kind: ActorKind | None = None) -> list[Scorecard]:
        """Scorecards for publication, through `hrdscore.privacy.public_scorecard`."""
        hidden = self.withheld()
        return [public_scorecard(c, hidden) for c in self.internal_scorecards(period, kind)]

    def public_scorecard(self, period: Period, actor_id: str) -> Scorecard:
        """One actor's scorecard as it may be published; `NotFound` for an unknown actor."""
        return public_scorecard(self.internal_scorecard(period, actor_id), self.withheld())

    def responsiveness(self, period: Period) -> Responsiveness:
        """Every information request of the period against its deadline, and the summary
        figures (response rate, substantive-response rate, median days)."""
        return responsiveness(self.snapshot(), period, self.methodology, as_of=self.today)

    def public_scorecard_pdf(self, period: Period, actor_id: str, generated_on: date,
                             after: Sequence[Any] = (), lang: str = "en") -> bytes:
        """One actor's scorecard as PDF, with its evidence and sources (and `after` it, the
        right of reply), in `lang` (en, ru, kk)."""

        card = self.public_scorecard(period, actor_id)
        snap = self.snapshot()
        if snap.hash != card.snapshot_hash:  # the file changed in between: score it again
            card = self.public_scorecard(period, actor_id)
            snap = self.snapshot()
        return self.card_pdf(card, snap, generated_on, after, lang)

    def card_pdf(self, card: Scorecard, snap: Snapshot, generated_on: date,
                 after: Sequence[Any] = (), lang: str = "en") -> bytes:
        """A public scorecard as PDF, its evidence and documents through the public
        projection (`hrdscore.privacy.evidence`): what the API and `publish` both write.
        `after`: flowables printed after the scorecard (the right of reply)."""
        from hrdscore.render.pdf import scorecard_pdf
        from hrdscore.render.pdf.words import words

        w = words(lang)  # an unknown language fails before any work
        withheld = self.withheld(snap)
        return scorecard_pdf(card, public_evidence(snap.evidence_for(card.actor), withheld),
                             sources=public_sources(snap.sources),
                             methodology=self.methodology, generated_on=generated_on,
                             after=after, w=w)

    def public_report_pdf(self, period: Period, generated_on: date, lang: str = "en") -> bytes:
        """The annual report for a period as PDF in `lang` (en, ru, kk); kept for the latest
        snapshot."""
        from hrdscore.render.pdf import annual_report_pdf
        from hrdscore.render.pdf.words import words

        w = words(lang)  # an unknown language fails before any work
        cards = self.public_scorecards(period)
        snap = self.snapshot()
        if any(c.snapshot_hash != snap.hash for c in cards):  # changed in between
            cards = self.public_scorecards(period)
            snap = self.snapshot()
        return self.cache.get_or_compute(
            snap.hash, "report", (period.label, generated_on, lang), lambda: annual_report_pdf(
                cards, period=period,
                responsiveness=responsiveness(snap, period, self.methodology,
                                              as_of=self.today),
                methodology=self.methodology, catalog=self.scoring_catalog, acts=snap.acts,
                generated_on=generated_on, not_scored=self.not_scored(),
                tracker=self.public_tracker(period), w=w))

    def public_tracker_table(self, period: Period) -> TrackerTable:
        """The follow-up tracker of the period's years as a table of words (columns, rows,
        notes), from published assessments only: what the annual report prints."""
        from hrdscore.followup import matrix_rows
        from hrdscore.scoring.periods import fmt_date

        return matrix_rows(self.public_tracker(period), for_reader=True, fmt_day=fmt_date)

    def public_tracker(self, period: Period) -> Matrix:
        """The follow-up tracker of the period's years, from published assessments only (the
        annual report words it in its reader's language)."""
        from hrdscore.followup_service import TrackerQuery, tracker_of

        return tracker_of(self, TrackerQuery(period.end, period=period))

    def default_period(self) -> Period:
        """The latest year with dated evidence: what a reader most likely wants."""
        years = evidence_years(self.snapshot())
        year = years[1] if years else date.today().year
        return Period(start_year=year, end_year=year)


    # Writing evidence: the same checks as an import or an API write, one transaction each.

    def import_file(self, kind: str, path: str | Path, *, who: str,
                    dry_run: bool = False, today: date | None = None) -> ImportResult:
        """Import a CSV, JSON or YAML file of `kind` ("inquiries", "replies"...): all rows or
        none; `InvalidData` lists every problem with its line and field."""
        result = import_file(self.store, kind, Path(path), who=who,
                             today=today or date.today(),
                             recommendations=list(self.catalog.recommendations),
                             dry_run=dry_run)
        if not dry_run:
            self.note_catalogs(who)
        return result

    def create(self, kind: str, record: BaseModel, *, who: str,
               today: date | None = None) -> Changes:
        """Add one record (`Conflict` if its id is taken, `InvalidData` if it does not fit)."""
        changes = create_record(self.store, self.catalog.recommendations, kind, record,
                                who=who, today=today or date.today())
        self.note_catalogs(who)
        return changes

    def replace(self, kind: str, record: BaseModel, *, who: str,
                today: date | None = None) -> Changes:
        """Replace the stored record with the same id (`NotFound` if there is none)."""
        changes = replace_record(self.store, self.catalog.recommendations, kind, record,
                                 who=who, today=today or date.today())
        self.note_catalogs(who)
        return changes

    def delete(self, kind: str, record_id: str, *, who: str) -> None:
        """Delete a record (`Conflict` while other records refer to it)."""
        delete_record(self.store, self.catalog.recommendations, kind, record_id, who=who)

    def note_catalogs(self, who: str) -> None:
        """Record in the database which catalogs its evidence refers to (when extra ones are
        loaded or were recorded before)."""
        if self.catalog_set is not None:
            from hrdscore.catalog_store import record_catalogs

            record_catalogs(self.store, self.catalog_set, who)


def evidence_years(snap: Snapshot) -> tuple[int, int] | None:
    """The first and last year with dated evidence (requests, replies, assessments, acts);
    None when there is none."""
    years = {i.year for i in snap.inquiries.values() if i.year}
    years |= {r.received_on.year for r in snap.replies.values()}
    years |= {a.as_of.year for a in snap.assessments.values()}
    years |= {a.date.year for a in snap.acts}
    return (min(years), max(years)) if years else None


def covers(years: tuple[int, int] | None, period: Period) -> bool:
    """Whether a period meets the evidence's years, one year either side included (a
    scorecard of the year before the first shows what changed since)."""
    if years is None:
        return False
    return period.start_year <= years[1] + 1 and period.end_year >= years[0] - 1


def open_workspace(db: str | Path, today: date | None = None,
                   catalogs: Sequence[Path] | None = None) -> Workspace:
    """The shipped catalog, any extra ones, and the shipped report's latest methodology over
    the evidence database at `db`.

    `catalogs`: extra catalog folders (default: `--catalog` on the command line, else the
    HRDSCORE_CATALOG path list); the database is refused (`StoreError`, naming the records)
    when its evidence refers to recommendations none of them holds. `today` bounds the
    catalog's dates (nothing from the future); it defaults to today. The database is read on
    first use; create one with `hrdscore init --db PATH` or
    `seed(Store(path), load_shipped(today), who=...)`.
    """
    from hrdscore.catalog_store import check_catalogs
    from hrdscore.store.backends import open_store

    cset = load_catalogs(catalogs, today=today or date.today())
    store = open_store(db)
    check_catalogs(store, cset)
    return Workspace(catalog=cset.combined(),
                     methodology=load_checked_methodology(cset.shipped.catalog()),
                     store=store, today=today, catalog_set=cset)
