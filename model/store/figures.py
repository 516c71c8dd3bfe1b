"""Casualty figures read with SQL, for a summary that never double counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from model.days import Day
from model.casualties import CumulativeFigure, IncidentTotals, SeveralSay
from model.codec import ZERO_BIT
from model.event import (
    CasualtyQualifier,
    CasualtyRecord,
    CasualtyScope,
    CasualtyType,
)
from model.query import Query
from model.store.compile import compile_query

Rows = Callable[[str, Sequence[object], Iterable[str]], list[tuple[Any, ...]]]
"""How the figures ask their store: SQL, its parameters and what it needs, to rows."""


class StoreFigures:
    """Casualty figures read with SQL, so a summary over a million events stays cheap."""

    def __init__(self, rows: Rows, query: Query) -> None:
        self.rows, self.query = rows, query
        self.compiled = compile_query(query)
        self.needs = self.compiled.needs | {"casualties"}
        self.clustered = bool(rows("SELECT EXISTS (SELECT 1 FROM clusters)", (), ())[0][0])
        """Some events are the same event in several files: each is counted once."""

    def cumulative_figures(self, kind: CasualtyType) -> list[CumulativeFigure]:
        sql = ("SELECT e.id, e.earliest, e.latest, c.count, c.qualifier, c.since "
               "FROM casualties c JOIN events e ON e.pos = c.pos "
               f"WHERE c.type = ? AND c.scope = 'cumulative' AND ({self.compiled.where})")
        out = []
        for event_id, earliest, latest, count, qualifier, since in self.rows(
            sql, (kind.value, *self.compiled.params), self.needs
        ):
            first = Day.fromordinal(since if since is not None else earliest)
            record = CasualtyRecord(kind, count, CasualtyQualifier(qualifier),
                                    CasualtyScope.CUMULATIVE, first)
            out.append(CumulativeFigure(event_id, record, first, Day.fromordinal(latest)))
        return out

    def incident_totals(self, kind: CasualtyType,
                        windows: Sequence[tuple[Day, Day]]) -> IncidentTotals:
        covered_sql = " OR ".join("(e.earliest <= ? AND e.latest >= ?)" for _ in windows) or "0"
        window_params: list[object] = []
        for first, last in windows:
            window_params.extend((last.toordinal(), first.toordinal()))
        once, once_params = "", tuple[object, ...]()
        if self.clustered:
            # The same incident in several files is counted once: by the lowest figure any
            # of them gives (the file first in order on a tie), among the events shown.
            once = (" AND NOT EXISTS (SELECT 1 FROM clusters k1 JOIN clusters k2 ON "
                    "k2.cluster = k1.cluster AND k2.pos != k1.pos JOIN casualties c2 ON "
                    "c2.pos = k2.pos AND c2.type = c.type AND c2.scope = 'incident' "
                    "WHERE k1.pos = c.pos AND (c2.count < c.count OR (c2.count = c.count "
                    "AND c2.pos < c.pos)) AND k2.pos IN (SELECT e.pos FROM events e WHERE "
                    f"{self.compiled.where}))")
            once_params = self.compiled.params
        sql = (f"SELECT ({covered_sql}) AS covered, c.qualifier, sum(c.count), count(*) "
               "FROM casualties c JOIN events e ON e.pos = c.pos "
               f"WHERE c.type = ? AND c.scope = 'incident' AND ({self.compiled.where}){once} "
               "GROUP BY covered, c.qualifier")
        added_sum = added_n = covered_sum = covered_n = 0
        qualifiers: set[CasualtyQualifier] = set()
        rows = list(self.rows(sql, (*window_params, kind.value, *self.compiled.params,
                                    *once_params), self.needs))
        # Figures of exactly none (the `zeros` column) add to how many, not to the sum.
        zeros = (f"SELECT ({covered_sql}) AS covered, 'exact', 0, count(*) FROM events e "
                 f"WHERE (e.zeros & {ZERO_BIT[kind.value]}) != 0 "
                 f"AND ({self.compiled.where}) "
                 "GROUP BY covered")
        rows.extend(self.rows(zeros, (*window_params, *self.compiled.params),
                              self.compiled.needs))
        for covered, qualifier, total, n in rows:
            if covered:
                covered_sum += total
                covered_n += n
            else:
                added_sum += total
                added_n += n
                qualifiers.add(CasualtyQualifier(qualifier))
        several = self._several(kind) if self.clustered else ()
        return IncidentTotals(added_sum, added_n, frozenset(qualifiers), covered_sum, covered_n,
                              several)

    def _several(self, kind: CasualtyType) -> tuple[SeveralSay, ...]:
        """The incidents of the events shown that several files report (a cluster with two
        incident figures of this type or more), in time order, with what each file says."""
        sql = ("SELECT k.cluster, f.tag, c.count FROM clusters k "
               "JOIN casualties c ON c.pos = k.pos AND c.type = ? AND c.scope = 'incident' "
               "JOIN events e ON e.pos = k.pos JOIN files f ON f.source = e.source "
               f"WHERE ({self.compiled.where}) ORDER BY k.cluster, e.source, e.pos")
        said: dict[int, list[tuple[str, int]]] = {}
        for cluster, tag, count in self.rows(sql, (kind.value, *self.compiled.params),
                                             self.needs):
            said.setdefault(cluster, []).append((tag, count))
        return tuple(SeveralSay(tuple(each)) for each in said.values() if len(each) > 1)
