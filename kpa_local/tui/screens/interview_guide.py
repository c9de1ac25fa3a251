"""Leading an interview with the kit's guide, one step at a time, saved at every step.

The steps follow the kit: who and how, the ice-breaker to read aloud, the two opening
questions, the cards in the order the person picks them with notes for each, the closing
questions, then — just after — consent and how the person lived it. Nothing typed is lost:
each change of step saves the interview (unfinished until the last step), and so does leaving.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Header,
    Label,
    Select,
    Static,
    TextArea,
)

from kpa_local.domain import interview_guide as guide
from kpa_local.domain.codes import GENDERS, UNKNOWN
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.domain.interview_report import InterviewDraft
from kpa_local.domain.interviews import LED_BY, MODES, Card, PersonFacts, months_text, parse_months
from kpa_local.fmt import date_fr
from kpa_local.tui.calls import call, deferred, waiting
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import app_today
from kpa_local.tui.widgets.card_picker import CardPicker, Chosen
from kpa_local.tui.widgets.field import Field, choice_field, date_field, show_problems, text_field
from kpa_local.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from datetime import date

    from kpa_local.services import interviews
    from kpa_local.services.context import Context
else:
    interviews = deferred("kpa_local.services.interviews")


def read_people(context: Context, day: date) -> tuple[tuple[tuple[int, str], ...], tuple[Card, ...]]:
    """The people present on the day of the interview, and the deck of cards."""
    from kpa_local.services.work import people_for_hours

    return people_for_hours(context, day), interviews.interview_deck(context)


STEPS = (
    ("step-who", "La personne et l'entretien"),
    ("step-ice", "Pour commencer : le brise-glace"),
    ("step-opening", "Les deux premières questions"),
    ("step-cards", "Les cartes"),
    ("step-closing", "Pour finir"),
    ("step-after", "Juste après l'entretien"),
)
NO_RECORD = "sans-fiche"
WITHOUT_RECORD = "Sans fiche (ou anonyme)"
WHO_HINT = (
    "Qui est interviewé·e, et comment l'entretien se passe. Une personne qui a une fiche : son âge, son genre "
    "et son temps dans la KPA sont repris de sa fiche."
)
ANONYMOUS_HINT = (
    "Anonyme : le nom n'est gardé nulle part, ni le lien avec sa fiche ; seuls l'âge, le genre et le temps passé "
    "dans la KPA restent. N'écrivez pas son nom dans les notes."
)
STEP_OF_FIELD = {"held_on": 0, "person": 0, "age": 0, "gender": 0, "months_in_kpa": 0, "led_by": 0, "mode": 0,
                 "place": 0, "cards": 3, "minutes": 5}  # fmt: skip


def _read(text: str) -> Static:
    return Static(text, classes="read-aloud")


def _question(text: str, area_id: str, value: str) -> ComposeResult:
    yield Label(text, classes="question")
    yield TextArea(value, id=area_id, classes="answer")


class InterviewGuideScreen(Screen[int | None]):
    """The guided interview; answers the interview's number (None if nothing was saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "step(1)", "Étape suivante", id="guide.next", priority=True),
        Binding("ctrl+b", "step(-1)", "Étape précédente", id="guide.back", priority=True),
        Binding("ctrl+s", "save", "Enregistrer", id="guide.save", priority=True),
        Binding("ctrl+t", "other_card", "Choisir une autre carte", id="guide.card", priority=True),
        Binding("ctrl+r", "remove_card", "Retirer cette carte", id="guide.remove", priority=True),
        Binding("escape", "leave", "Enregistrer et fermer", id="guide.leave"),
    ]
    AUTOSAVE_SECONDS: ClassVar[float] = 20.0

    def __init__(self, draft: InterviewDraft | None = None, *, person_label: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.person_label = person_label
        self.interview_id = draft.id if draft is not None else None
        self.step = 0
        self.chosen = (
            [Chosen(card, notes) for card, notes in zip(draft.cards, draft.notes, strict=True)] if draft else []
        )
        self.started = time.monotonic()
        self._save_lock = threading.Lock()
        self.last_saved: InterviewDraft | None = replace(draft, id=None) if draft else None

    # ---- layout ----

    def compose(self) -> ComposeResult:
        draft = self.draft or InterviewDraft(held_on=app_today(self))
        yield Header(show_clock=True, icon="")
        with Vertical(id="guide"):
            yield Static("", id="guide-step", classes="section-title")
            yield Static("", id="guide-state", classes="hint")
            with ContentSwitcher(initial="step-who", id="guide-steps"):
                with VerticalScroll(id="step-who"):
                    yield from self._who(draft)
                with VerticalScroll(id="step-ice"):
                    yield Static("À lire à voix haute, avec vos mots :", classes="hint")
                    for sentence in guide.ICE_BREAKER:
                        yield _read(sentence)
                with VerticalScroll(id="step-opening"):
                    yield from _question(guide.OPENING_QUESTIONS[0], "time_answer", draft.time_answer)
                    yield from _question(guide.OPENING_QUESTIONS[1], "why_answer", draft.why_answer)
                yield CardPicker(self.chosen)
                with VerticalScroll(id="step-closing"):
                    yield _read(guide.CLOSING_INTRO)
                    yield from _question(guide.CLOSING_QUESTIONS[0], "elsewhere_answer", draft.elsewhere_answer)
                    yield from _question(guide.CLOSING_QUESTIONS[1], "exercise_answer", draft.exercise_answer)
                    yield _read(guide.AFTER_WORDS)
                    yield from _question(guide.AFTER_OFFERS[0], "after_answer", draft.after_answer)
                    yield Checkbox(guide.AFTER_OFFERS[1], draft.wants_notes, id="wants_notes")
                    yield Checkbox(guide.AFTER_OFFERS[2], draft.wants_to_lead, id="wants_to_lead")
                with VerticalScroll(id="step-after"):
                    yield Label(guide.CONSENT_QUESTIONS[0], classes="question")
                    yield Checkbox("Oui, la personne est d'accord pour le partage", draft.consent_share,
                                   id="consent_share")  # fmt: skip
                    yield Label(guide.CONSENT_QUESTIONS[1], classes="question")
                    yield Checkbox("Oui, son témoignage reste anonyme", draft.anonymous, id="anonymous")
                    yield Static(ANONYMOUS_HINT, classes="hint")
                    yield from _question("Comment la personne a vécu l'entretien : ce qu'elle en a dit",
                                         "lived_said", draft.lived_said)  # fmt: skip
                    yield from _question("Ce que vous avez observé", "lived_observed", draft.lived_observed)
                    yield text_field("minutes", "Durée de l'entretien (minutes)",
                                     value=str(draft.minutes or ""), placeholder="60")  # fmt: skip
            with Horizontal(classes="buttons", id="guide-buttons"):
                yield Button("← Étape précédente", id="previous")
                yield Button("Étape suivante →", variant="primary", id="next")
        yield KeyFooter()

    def _who(self, draft: InterviewDraft) -> ComposeResult:
        facts = draft.facts
        yield Static(WHO_HINT, classes="hint")
        with Horizontal(classes="form-row"):
            yield date_field("held_on", "Jour de l'entretien", value=date_fr(draft.held_on) if draft.held_on else "")
            yield choice_field("person", "La personne", {NO_RECORD: WITHOUT_RECORD}, value=NO_RECORD)
            yield text_field("person_name", "Son prénom (sans fiche)", value=draft.person_name)
        with Horizontal(classes="form-row"):
            yield text_field("age", "Âge (sans fiche)", value=str(facts.age) if facts.age is not None else "")
            yield choice_field("gender", "Genre (sans fiche)", dict(GENDERS), value=facts.gender or UNKNOWN)
            months = months_text(facts.months_in_kpa) if facts.months_in_kpa is not None else ""
            yield text_field("months_in_kpa", "Dans la KPA depuis (sans fiche)", value=months, placeholder="8 mois")
        with Horizontal(classes="form-row"):
            yield choice_field("led_by", "Qui mène l'entretien", dict(LED_BY), value=draft.led_by)
            yield text_field("interviewers", "Leurs prénoms", value=draft.interviewers)
            yield choice_field("mode", "Comment on le garde", dict(MODES), value=draft.mode)
        yield text_field("place", "Où", value=draft.place, placeholder="Le local de la KPA, un café…")
        yield Checkbox("La personne est d'accord pour être filmée ou enregistrée", draft.consent_recording,
                       id="consent_recording")  # fmt: skip

    def on_mount(self) -> None:
        self._show_step()
        self.query_one("#person", Select).focus()
        self.load_people()
        self.set_interval(self.AUTOSAVE_SECONDS, self._autosave)

    def _autosave(self) -> None:
        """Save what was typed since the last save, so that a crash or a power cut loses little."""
        if waiting(self, "autosave", write=True):
            return  # the previous autosave is still writing (a slow disk): the next round will save
        try:
            draft = self.read_draft(bool(self.draft and self.draft.finished))
        except Refused:
            return  # a field to fix: the next step change will say so
        if replace(draft, id=None) != self.last_saved and (self.interview_id is not None or self._typed_anything()):
            self.run_save(draft, "stay", group="autosave")

    def load_people(self) -> None:
        day = (self.draft.held_on if self.draft else None) or app_today(self)
        call(self, read_people, day, then=self.people_loaded, group="people")

    def people_loaded(self, read: tuple[tuple[tuple[int, str], ...], tuple[Card, ...]]) -> None:
        found, deck = read
        people = dict(found)
        person_id = self.draft.person_id if self.draft else None
        if person_id is not None and person_id not in people:
            # The person linked is no longer in the list of that day: keep the link all the same.
            people[person_id] = self.person_label or f"Fiche n° {person_id}"
        select = self.query_one("#person", Select)
        select.set_options([(WITHOUT_RECORD, NO_RECORD), *((name, str(pid)) for pid, name in people.items())])
        select.value = str(person_id) if person_id is not None else NO_RECORD
        self.query_one(CardPicker).set_deck(deck)
        self._person_changed()

    @on(Select.Changed, "#person")
    def _person_changed(self) -> None:
        """With a member record, age, gender and time in the KPA come from it: no need to type them."""
        from_record = self._field("person").isdigit()
        for name in ("person_name", "age", "gender", "months_in_kpa"):
            self.query_one(f"#field-{name}", Field).disabled = from_record

    # ---- steps ----

    def _show_step(self) -> None:
        step_id, title = STEPS[self.step]
        self.query_one("#guide-step", Static).update(f"Étape {self.step + 1} sur {len(STEPS)} · {title}")
        self.query_one(ContentSwitcher).current = step_id
        self.query_one("#previous", Button).disabled = self.step == 0
        last = self.step == len(STEPS) - 1
        self.query_one("#next", Button).label = "Terminer ✓" if last else "Étape suivante →"
        if step_id == "step-after" and not self._field("minutes"):
            # The time since the screen opened, as a first guess of how long it lasted.
            self.query_one("#field-minutes", Field).value = str(max(round((time.monotonic() - self.started) / 60), 1))
        if step_id == "step-cards":
            self.query_one(CardPicker).show()
        else:
            # The keyboard goes to the step shown, never to a field of a hidden step.
            fields = self.query_one(f"#{step_id}").query("Select, Input, TextArea, Checkbox")
            (fields.first() if fields else self.query_one("#next", Button)).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The card keys work on the cards' step only."""
        if action in ("other_card", "remove_card"):
            return STEPS[self.step][0] == "step-cards"
        return True

    def action_step(self, direction: int) -> None:
        if direction > 0 and self.step == len(STEPS) - 1:
            self.save("finish")
            return
        target = self.step + direction
        if 0 <= target < len(STEPS):
            self.save("next" if direction > 0 else "previous")

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        self.action_step(1)

    @on(Button.Pressed, "#previous")
    def previous_pressed(self) -> None:
        self.action_step(-1)

    def action_save(self) -> None:
        self.save("stay")

    def action_leave(self) -> None:
        if self.interview_id is None and not self._typed_anything():
            self.dismiss(None)
            return
        self.save("leave")

    def action_other_card(self) -> None:
        self.query_one(CardPicker).other_card()

    def action_remove_card(self) -> None:
        self.query_one(CardPicker).remove_card()

    # ---- reading and saving ----

    def _typed_anything(self) -> bool:
        areas = any(area.text.strip() for area in self.query(TextArea))
        return areas or bool(self.chosen) or bool(self._field("person_name").strip())

    def _text(self, area_id: str) -> str:
        return self.query_one(f"#{area_id}", TextArea).text

    def _checked(self, box_id: str) -> bool:
        return self.query_one(f"#{box_id}", Checkbox).value

    def _field(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Field).value

    def read_draft(self, finished: bool) -> InterviewDraft:
        """The interview as typed so far; refuses unreadable dates, ages and durations field by field."""
        from kpa_local.domain.dates import DateError, parse_date

        self.query_one(CardPicker).keep_notes()
        problems: list[Problem] = []
        held_on = None
        try:
            held_on = parse_date(self._field("held_on"), today=app_today(self))
        except DateError as error:
            problems.append(Problem("held_on", error.message))
        age = self._number("age", "L'âge s'écrit en chiffres, par exemple 45.", problems)
        minutes = self._number("minutes", "La durée s'écrit en minutes, par exemple 60.", problems)
        months = None
        try:
            months = parse_months(self._field("months_in_kpa"))
        except KpaError as error:
            problems.append(Problem("months_in_kpa", error.message))
        if problems:
            raise Refused(problems)
        person = self._field("person")
        return InterviewDraft(
            held_on=held_on, led_by=self._field("led_by"), mode=self._field("mode"), minutes=minutes,
            place=self._field("place"), interviewers=self._field("interviewers"),
            person_id=int(person) if person.isdigit() else None, person_name=self._field("person_name"),
            facts=PersonFacts(age, self._field("gender") or UNKNOWN, months),
            consent_recording=self._checked("consent_recording"), consent_share=self._checked("consent_share"),
            anonymous=self._checked("anonymous"), time_answer=self._text("time_answer"),
            why_answer=self._text("why_answer"), elsewhere_answer=self._text("elsewhere_answer"),
            exercise_answer=self._text("exercise_answer"), after_answer=self._text("after_answer"),
            wants_notes=self._checked("wants_notes"), wants_to_lead=self._checked("wants_to_lead"),
            lived_said=self._text("lived_said"), lived_observed=self._text("lived_observed"),
            cards=tuple(chosen.card for chosen in self.chosen), notes=tuple(chosen.notes for chosen in self.chosen),
            finished=finished, id=self.interview_id,
        )  # fmt: skip

    def _number(self, name: str, message: str, problems: list[Problem]) -> int | None:
        typed = self._field(name).strip()
        if not typed:
            return None
        if not typed.isdigit():
            problems.append(Problem(name, message))
            return None
        return int(typed)

    def save(self, then: str) -> None:
        finished = then == "finish" or bool(self.draft and self.draft.finished)
        try:
            draft = self.read_draft(finished)
        except Refused as refused:
            self._refused({problem.field: problem.message for problem in refused.problems}, refused.message)
            return
        self.run_save(draft, then)

    def keep_draft(self) -> None:
        """Before a lock or a change of user, what was typed since the last save is saved now, in the
        database (an interview needs no draft in memory). Not in a worker: the lock that follows forgets
        the database's key, and a worker could come too late."""
        from kpa_local.tui.session import service_context

        try:
            draft = self.read_draft(bool(self.draft and self.draft.finished))
        except Refused:
            return  # a field to fix: the screen stays with what was typed (it is kept while locked)
        if replace(draft, id=None) == self.last_saved or (self.interview_id is None and not self._typed_anything()):
            return
        try:
            self._store(service_context(self), draft)
        except KpaError as error:
            self.query_one("#guide-state", Static).update(f"[$error]{error.message}[/]")

    def run_save(self, draft: InterviewDraft, then: str, *, group: str = "save") -> None:
        """Save, then do `then`: "stay", "next", "previous", "leave" or "finish".

        The autosave has its own group: a step change is never refused because an autosave runs.
        """
        call(self, self._store, draft, then=lambda saved: self.saved(saved, then), group=group, write=True)

    def _store(self, context: Context, draft: InterviewDraft) -> int:
        """In the worker: one save at a time, the first creates the interview, the next ones update it."""
        with self._save_lock:
            saved = interviews.save_interview(context, replace(draft, id=self.interview_id))
            self.interview_id = saved
            self.last_saved = replace(draft, id=None)
        return saved

    def saved(self, interview_id: int, then: str) -> None:
        show_problems(self, {})
        self.query_one("#guide-state", Static).update(
            f"Entretien n° {interview_id} enregistré à {time.strftime('%H:%M')}."
        )
        if then in ("next", "previous"):
            self._move(1 if then == "next" else -1)
        elif then in ("leave", "finish"):
            self.dismiss(interview_id)

    def _move(self, direction: int) -> None:
        self.step = min(max(self.step + direction, 0), len(STEPS) - 1)
        self._show_step()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self._refused(message.problems, message.text)

    def _refused(self, problems: dict[str | None, str], text: str) -> None:
        show_problems(self, problems)
        self.query_one("#guide-state", Static).update(f"[$error]{text}[/]")
        step = min((STEP_OF_FIELD.get(name or "", self.step) for name in problems), default=self.step)
        if step != self.step:
            self.step = step
            self._show_step()
