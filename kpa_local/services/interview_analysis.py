"""The analysis of the interviews (cards and effects counted, passages by effect) and their bundle rows.

Only finished interviews whose interviewee agreed to share with the project team are counted,
read or exported: an interview without that consent stays with the people who led it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kpa_local.db.models import Interview
from kpa_local.domain.interview_analysis import CountedInterview, tallies
from kpa_local.domain.interviews import EFFECTS, effects_in, public_of, read_effects
from kpa_local.domain.periods import Period
from kpa_local.exchange.bundle_format import pseudonym
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.interview_views import InterviewAnalysis, QuotedPassage

# The pseudonym of an interview is the HMAC of « entretien-<id> », so that it can never equal
# the pid of the person whose internal id is the same number.
IID_PREFIX = "entretien-"


def _shared(session: Session, period: Period | None = None) -> list[Interview]:
    query = (
        select(Interview)
        .options(selectinload(Interview.cards), selectinload(Interview.passages))
        .where(Interview.finished.is_(True), Interview.consent_share.is_(True))
    )
    if period is not None:
        query = query.where(Interview.held_on >= period.start, Interview.held_on <= period.end)
    return list(session.scalars(query.order_by(Interview.held_on, Interview.id)))


def _counted(interview: Interview) -> CountedInterview:
    return CountedInterview(public_of(interview.gender, interview.age),
                            tuple(card.code for card in interview.cards),
                            effects_in(read_effects(passage.effects) for passage in interview.passages))  # fmt: skip


def interview_analysis(context: Context) -> InterviewAnalysis:
    """Cards chosen first and at any place, effects, overall and by public; every passage by effect."""
    require(context, Permission.READ_INTERVIEWS)
    with context.database.unit_of_work() as session:
        shared = _shared(session)
        counts = dict(session.execute(select(Interview.finished, func.count()).group_by(Interview.finished)).all())
        passages: dict[str, list[QuotedPassage]] = defaultdict(list)
        for interview in shared:
            public = public_of(interview.gender, interview.age)
            for passage in interview.passages:
                for code in read_effects(passage.effects):
                    passages[code].append(QuotedPassage(interview.id, interview.held_on, public,
                                                            passage.card_label, passage.text))  # fmt: skip
        return InterviewAnalysis(
            tallies([_counted(interview) for interview in shared]),
            len(shared),
            counts.get(True, 0) - len(shared),
            counts.get(False, 0),
            {code: tuple(passages.get(code, ())) for code in EFFECTS},
        )


def interview_rows(session: Session, period: Period, secret: bytes) -> list[dict[str, str]]:
    """interviews.csv (spec §5): one row of codes per finished, consented interview of the quarter."""
    rows = []
    for interview in _shared(session, period):
        counted = _counted(interview)
        rows.append(
            {
                "iid": pseudonym(secret, f"{IID_PREFIX}{interview.id}"),
                "month": f"{interview.held_on.year}-{interview.held_on.month:02d}",
                "public": counted.public,
                "cards": ";".join(counted.cards),
                "effects": ";".join(counted.effects),
            }
        )
    return rows
