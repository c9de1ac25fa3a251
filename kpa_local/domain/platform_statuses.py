"""What the CAE's e-invoicing platform says becomes of an invoice: its statuses and how platforms spell them.

The platform's CSV names a status in its own words: in French, in English, or by the code of the French
invoice life cycle (200 déposée, 203 mise à disposition, 210 refusée, 212 encaissée, 213 rejetée). Each is
read as one of four statuses; a refusal by the buyer (210) is kept with the rejections, whose reason says
which it was.
"""

from __future__ import annotations

import re

from kpa_local.domain.text import fold

DEPOSITED = "deposee"
REJECTED = "rejetee"
AVAILABLE = "mise_a_disposition"
COLLECTED = "encaissee"

STATUS_LABELS = {
    DEPOSITED: "Déposée",
    REJECTED: "Rejetée",
    AVAILABLE: "Mise à disposition",
    COLLECTED: "Encaissée",
}

_SPELLINGS = {
    DEPOSITED: ("deposee", "depose", "deposée", "deposited", "submitted", "sent", "transmise", "200"),
    REJECTED: ("rejetee", "rejete", "rejected", "refusee", "refuse", "refused", "rejet", "213", "210"),
    AVAILABLE: (
        "mise a disposition", "mis a disposition", "mad", "made available", "available", "delivered", "203",
    ),
    COLLECTED: ("encaissee", "encaisse", "payee", "paye", "paid", "collected", "cashed", "212"),
}  # fmt: skip
_WORDS = {fold(spelling): status for status, spellings in _SPELLINGS.items() for spelling in spellings}
_NOT_A_WORD = re.compile(r"[\s_\-.']+")

REASON_LENGTH = 300


def status_of(text: str) -> str | None:
    """The status a platform's word names (« Déposée », « REJECTED », « 212 », « mise_a_disposition »), or None."""
    word = _NOT_A_WORD.sub(" ", fold(text)).strip()
    return _WORDS.get(word)


def accepted_words() -> str:
    """The statuses a file may give, as a sentence lists them."""
    return "« déposée », « rejetée », « mise à disposition » ou « encaissée »"
