"""What the interview services take and return: plain frozen values, never database rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from kpa_local.domain.interview_analysis import Tally


@dataclass(frozen=True)
class InterviewSummary:
    """A line of the list of interviews."""

    id: int
    held_on: date
    who: str
    public: str
    cards: tuple[str, ...]
    finished: bool
    consent_share: bool
    anonymous: bool
    passages: int
    coded: int


@dataclass(frozen=True)
class QuotedPassage:
    """A passage read for the evaluation story: never a name, the interview's number and public."""

    interview_id: int
    held_on: date
    public: str
    card: str
    text: str


@dataclass(frozen=True)
class InterviewAnalysis:
    """The counts of consented, finished interviews, and every passage by effect."""

    tallies: tuple[Tally, ...]
    counted: int
    not_shared: int
    unfinished: int
    passages: Mapping[str, tuple[QuotedPassage, ...]] = field(default_factory=dict)

    def counted_sentence(self) -> str:
        """What is counted, and what is left out and why, in one sentence."""
        plural = "s" if self.counted > 1 else ""
        sentence = (f"{self.counted} entretien{plural} compté{plural} (terminés, la personne ayant accepté "
                    "le partage avec l'équipe du projet).")  # fmt: skip
        left = []
        if self.not_shared:
            left.append(f"{self.not_shared} sans accord de partage")
        if self.unfinished:
            left.append(f"{self.unfinished} en cours")
        return sentence + (f" Ne sont pas comptés : {' et '.join(left)}." if left else "")
