"""Matching the same real event across datasets, by location, time and type (after MELTT,
Donnay and Dunford), explainably and at scale: see docs/matching.md.

`match` takes one `Candidate` per event of every source (`candidate_of` makes one from an
`Event`), or a `CandidateTable` of them (`CandidateTable.add` fills one from events without
an object per event), and returns a `Matching`: the matches with their scores and reasons,
the clusters they make (never two events of one source in one), and for every event left
alone its nearest candidate in each other source with the windows it missed.
"""

from __future__ import annotations

from model.matching.candidate import Candidate, candidate_of
from model.matching.engine import match
from model.matching.judge import Compatible
from model.matching.results import Match, Matching, MatchSettings, Miss
from model.matching.table import CandidateTable

__all__ = ["Candidate", "CandidateTable", "Compatible", "Match", "MatchSettings", "Matching",
           "Miss", "candidate_of", "match"]
