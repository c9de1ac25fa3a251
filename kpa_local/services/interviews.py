"""Evaluation interviews: saved step by step from the guided screen, read back as the kit's report.

Who may see what: the coordination and the contributeur·rices read every interview; a
coopérant·e who leads interviews reads the ones they recorded. An anonymous interview keeps
no name nor link to a member record, so no screen, PDF or export can show one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kpa_local.db.models import Interview, InterviewCard, InterviewPassage, Person
from kpa_local.domain.codes import GENDERS, UNKNOWN
from kpa_local.domain.dates import age_on, months_between
from kpa_local.domain.errors import NotFound, Problem, Refused
from kpa_local.domain.interview_report import ANONYMOUS_NAME, InterviewDraft, InterviewReport, PassageView
from kpa_local.domain.interviews import (
    EFFECT_SEPARATOR,
    LED_BY,
    MODES,
    Card,
    Passage,
    PersonFacts,
    check_interview,
    grid_effects,
    notes_under,
    public_of,
    read_effects,
    reconcile,
)
from kpa_local.services.access import AccessDenied, Permission, may, require
from kpa_local.services.context import Context
from kpa_local.services.interview_views import InterviewSummary
from kpa_local.services.rows import get_or_refuse
from kpa_local.services.work import person_label


def interview_deck(context: Context) -> tuple[Card, ...]:
    """The KPA's deck of cards, as worded in its settings."""
    return context.settings.interviews.deck()


def _require_reader(context: Context) -> None:
    """Reading interviews: whoever leads them, or reads them all (also on a database opened read-only)."""
    if not may(context, Permission.READ_INTERVIEWS):
        require(context, Permission.RECORD_INTERVIEWS)


def _visible(context: Context, interview: Interview) -> None:
    if may(context, Permission.READ_INTERVIEWS):
        return
    if may(context, Permission.RECORD_INTERVIEWS) and interview.created_by_account == context.actor.account_id:
        return
    raise AccessDenied(
        f"{context.actor.name} ne peut lire que les entretiens qu'il ou elle a menés : "
        "demandez à une personne de la coordination."
    )


def _load(session: Session, context: Context, interview_id: int) -> Interview:
    loads = [selectinload(Interview.cards), selectinload(Interview.passages)]
    interview = get_or_refuse(session, Interview, interview_id, "Cet entretien n'existe pas (ou plus).", options=loads)
    _visible(context, interview)
    return interview


def _problems(context: Context, draft: InterviewDraft) -> list[Problem]:
    problems = check_interview(draft.held_on, context.today(), draft.minutes, draft.facts, draft.cards)
    if draft.led_by not in LED_BY:
        problems.append(Problem("led_by", "Choisissez qui a mené l'entretien."))
    if draft.mode not in MODES:
        problems.append(Problem("mode", "Choisissez comment l'entretien a été gardé : filmé, enregistré ou notes."))
    if draft.facts.gender not in GENDERS:
        problems.append(Problem("gender", "Choisissez le genre dans la liste (ou « Non renseigné »)."))
    if draft.finished and draft.person_id is None and not draft.anonymous and not draft.person_name.strip():
        problems.append(
            Problem("person", "Choisissez la personne dans la liste, écrivez son prénom, ou cochez « anonyme ».")
        )
    if len(draft.place) > 200 or len(draft.interviewers) > 200 or len(draft.person_name) > 200:
        problems.append(Problem("place", "Le lieu, les noms et la personne tiennent en 200 caractères chacun."))
    return problems


def _facts_of(person: Person, draft: InterviewDraft) -> PersonFacts:
    """Age, gender and time in the KPA on the day of the interview, from the member record."""
    held_on = draft.held_on
    assert held_on is not None  # checked before
    age = age_on(person.birth_date, held_on) if person.birth_date else draft.facts.age
    gender = person.gender if person.gender and person.gender != UNKNOWN else draft.facts.gender
    return PersonFacts(age, gender, max(months_between(person.entry_date, held_on), 0))


def _card_of(row: InterviewPassage) -> Card:
    return Card(row.card_code, row.card_label)


def _passages(interview: Interview) -> list[Passage]:
    return [Passage(row.typed_under, _card_of(row), row.text, read_effects(row.effects)) for row in interview.passages]


def _new_passages(interview: Interview, draft: InterviewDraft) -> list[Passage]:
    """The passages after an edit: unchanged paragraphs keep where they were moved and their effects."""
    old = _passages(interview)
    old_cards = {row.position: Card(row.code, row.label) for row in interview.cards}
    result: list[Passage] = []
    for position, (card, text) in enumerate(zip(draft.cards, draft.notes, strict=True), start=1):
        for passage in reconcile(old, position, card, text):
            # A passage still on the card it was typed under follows that card if it was changed.
            follows = passage.card == old_cards.get(position) or passage.card == card
            result.append(Passage(position, card, passage.text, passage.effects) if follows else passage)
    return result


def save_interview(context: Context, draft: InterviewDraft) -> int:
    """Create or update an interview (a draft may be saved unfinished); refuse it whole if a field is wrong."""
    require(context, Permission.RECORD_INTERVIEWS)
    problems = _problems(context, draft)
    if problems:
        raise Refused(problems)
    now = datetime.now()
    with context.database.unit_of_work(immediate=True) as session:
        if draft.id is not None:
            interview = _load(session, context, draft.id)
        else:
            interview = Interview(created_at=now, created_by_account=context.actor.account_id, cards=[], passages=[])
        facts = draft.facts
        if draft.person_id is not None:
            person = session.get(Person, draft.person_id)
            if person is None:
                raise Refused([Problem("person", "Cette personne n'est plus dans la liste : choisissez-en une autre.")])
            facts = _facts_of(person, draft)
        passages = _new_passages(interview, draft)
        _fill(interview, draft, facts, now)
        session.add(interview)
        # The old cards and passages go before the new ones come (a card's place is unique).
        interview.cards.clear()
        interview.passages.clear()
        session.flush()
        interview.cards = [InterviewCard(position=index, code=card.code, label=card.label)
                           for index, card in enumerate(draft.cards, start=1)]  # fmt: skip
        interview.passages = [InterviewPassage(typed_under=p.typed_under, card_code=p.card.code,
                                               card_label=p.card.label, text=p.text,
                                               effects=EFFECT_SEPARATOR.join(p.effects)) for p in passages]  # fmt: skip
        session.flush()
        return interview.id


def _fill(interview: Interview, draft: InterviewDraft, facts: PersonFacts, now: datetime) -> None:
    assert draft.held_on is not None  # checked before
    interview.held_on = draft.held_on
    interview.minutes = draft.minutes
    interview.place = draft.place.strip()
    interview.led_by = draft.led_by
    interview.interviewers = draft.interviewers.strip()
    interview.mode = draft.mode
    # Anonymous: neither a name nor a link is kept, only what the report needs.
    interview.person_id = None if draft.anonymous else draft.person_id
    interview.person_name = "" if draft.anonymous or draft.person_id is not None else draft.person_name.strip()
    interview.age, interview.gender, interview.months_in_kpa = facts.age, facts.gender, facts.months_in_kpa
    interview.consent_recording = draft.consent_recording
    interview.consent_share = draft.consent_share
    interview.anonymous = draft.anonymous
    for name in ("time_answer", "why_answer", "elsewhere_answer", "exercise_answer", "after_answer",
                 "lived_said", "lived_observed"):  # fmt: skip
        setattr(interview, name, getattr(draft, name).strip())
    interview.wants_notes = draft.wants_notes
    interview.wants_to_lead = draft.wants_to_lead
    interview.finished = draft.finished
    interview.updated_at = now


def _who(interview: Interview) -> str:
    if interview.anonymous:
        return ANONYMOUS_NAME
    if interview.person_id is not None and interview.person is not None:
        return person_label(interview.person)
    return interview.person_name or "Personne non nommée"


def _draft(interview: Interview) -> InterviewDraft:
    cards = tuple(Card(row.code, row.label) for row in interview.cards)
    passages = _passages(interview)
    return InterviewDraft(
        held_on=interview.held_on,
        led_by=interview.led_by,
        mode=interview.mode,
        minutes=interview.minutes,
        place=interview.place,
        interviewers=interview.interviewers,
        person_id=interview.person_id,
        person_name=interview.person_name,
        facts=PersonFacts(interview.age, interview.gender, interview.months_in_kpa),
        consent_recording=interview.consent_recording,
        consent_share=interview.consent_share,
        anonymous=interview.anonymous,
        time_answer=interview.time_answer,
        why_answer=interview.why_answer,
        elsewhere_answer=interview.elsewhere_answer,
        exercise_answer=interview.exercise_answer,
        after_answer=interview.after_answer,
        wants_notes=interview.wants_notes,
        wants_to_lead=interview.wants_to_lead,
        lived_said=interview.lived_said,
        lived_observed=interview.lived_observed,
        cards=cards,
        notes=tuple(notes_under(passages, position) for position in range(1, len(cards) + 1)),
        finished=interview.finished,
        id=interview.id,
    )


def interview_report(context: Context, interview_id: int) -> InterviewReport:
    """An interview as the kit's report: the person (unnamed when anonymous), the conditions, the notes."""
    _require_reader(context)
    with context.database.unit_of_work() as session:
        interview = _load(session, context, interview_id)
        passages = tuple(
            PassageView(
                row.id, row.typed_under, Card(row.card_code, row.card_label), row.text, read_effects(row.effects)
            )
            for row in interview.passages
        )
        return InterviewReport(
            _draft(interview),
            _who(interview),
            interview.person_id is not None,
            public_of(interview.gender, interview.age),
            passages,
            context.settings.kpa.name,
        )


def list_interviews(context: Context) -> tuple[InterviewSummary, ...]:
    """The interviews one may read, newest first."""
    _require_reader(context)
    with context.database.unit_of_work() as session:
        query = select(Interview).options(selectinload(Interview.cards), selectinload(Interview.passages),
                                          selectinload(Interview.person))  # fmt: skip
        if not may(context, Permission.READ_INTERVIEWS):
            query = query.where(Interview.created_by_account == context.actor.account_id)
        rows = session.scalars(query.order_by(Interview.held_on.desc(), Interview.id.desc()))
        return tuple(
            InterviewSummary(
                row.id,
                row.held_on,
                _who(row),
                public_of(row.gender, row.age),
                tuple(card.label for card in row.cards),
                row.finished,
                row.consent_share,
                row.anonymous,
                len(row.passages),
                sum(1 for passage in row.passages if passage.effects),
            )
            for row in rows
        )


def code_passage(context: Context, interview_id: int, passage_id: int, card: Card, effects: Sequence[str]) -> None:
    """Move a passage to the card it really speaks of and code it with effects of the grid."""
    require(context, Permission.RECORD_INTERVIEWS)
    codes = grid_effects(effects)
    with context.database.unit_of_work(immediate=True) as session:
        interview = _load(session, context, interview_id)
        row = next((passage for passage in interview.passages if passage.id == passage_id), None)
        if row is None:
            raise NotFound("Ce passage n'existe plus : l'entretien a été modifié entre-temps. Rouvrez-le.")
        row.card_code, row.card_label = card.code, card.label
        row.effects = EFFECT_SEPARATOR.join(codes)
        interview.updated_at = datetime.now()


def delete_interview(context: Context, interview_id: int) -> None:
    """Remove an interview and its notes, when the person withdraws (the kit: one may change one's mind)."""
    require(context, Permission.RECORD_INTERVIEWS)
    with context.database.unit_of_work(immediate=True) as session:
        session.delete(_load(session, context, interview_id))


def interviews_of(session: Session, person_id: int) -> list[dict[str, str]]:
    """A person's interviews as they read in a right-of-access answer (anonymous ones are linked to nobody)."""
    rows = session.scalars(select(Interview).where(Interview.person_id == person_id).order_by(Interview.held_on))
    return [
        {
            "Entretien n°": str(row.id),
            "Date": row.held_on.isoformat(),
            "Accord pour enregistrer": "oui" if row.consent_recording else "non",
            "Accord de partage avec l'équipe du projet": "oui" if row.consent_share else "non",
            "Cartes choisies": " · ".join(f"{card.position}. {card.label}" for card in row.cards),
            "Notes": " — ".join(passage.text for passage in row.passages),
        }
        for row in rows
    ]


def forget_person_in_interviews(session: Session, person_id: int) -> None:
    """When a person is anonymised, their interviews become anonymous: no name, no link to the record."""
    for row in session.scalars(select(Interview).where(Interview.person_id == person_id)):
        row.person_id, row.person_name, row.anonymous = None, "", True
