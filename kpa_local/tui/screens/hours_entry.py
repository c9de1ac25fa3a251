"""Fast entry of hours: one job for several people, or one person's week; keyboard only, all or nothing.

Durations are typed as people say them (3, 2,5, 2h30). A blank box is a person (or a day)
without hours. Nothing is saved until every line is right, and nothing typed is lost when
a line is refused: the message shows beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kpa_local.domain.dates import DateError, parse_date
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.text import count_text, plural
from kpa_local.domain.work import DurationError, parse_duration
from kpa_local.fmt import date_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.form_guard import GuardedForm
from kpa_local.tui.messages import Failed
from kpa_local.tui.widgets.field import Field, choice_field, date_field, nothing_saved, point_at, show_refusal
from kpa_local.tui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from kpa_local.services import work
    from kpa_local.services.context import Context
    from kpa_local.services.work_views import HoursDraft
else:
    work = deferred("kpa_local.services.work")

JOB = "travail"
WEEK = "semaine"
JOB_HINT = (
    "Le jour, l'activité, le devis ou la facture, puis la durée de chaque personne qui a travaillé "
    "(3, 2,5 ou 2h30). Laissez vide pour les autres."
)
WEEK_HINT = (
    "La personne, l'activité, le lundi de la semaine, puis la durée de chaque jour travaillé "
    "(3, 2,5 ou 2h30). Laissez vide les jours sans travail."
)
DAY_NAMES = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


@dataclass(frozen=True)
class HoursChoices:
    """What the form offers: the people, the running activities and the recent jobs."""

    people: tuple[tuple[int, str], ...]
    activities: tuple[tuple[int, str], ...]
    jobs: tuple[tuple[int, str], ...]


def load_choices(context: Context, today: date) -> HoursChoices:
    """The people present today, the running activities, and the quotes and invoices of the last year."""
    from kpa_local.services.activities import list_activities
    from kpa_local.services.work import jobs_for_hours, people_for_hours

    activities = tuple((a.id, a.name) for a in list_activities(context) if a.active)
    return HoursChoices(
        people_for_hours(context, today), activities, jobs_for_hours(context, today - timedelta(days=365))
    )


class DurationRow(Horizontal):
    """A label (a person or a day) and the box where its duration is typed."""

    DEFAULT_CSS = """
    DurationRow { height: auto; margin: 0 0 1 0; }
    DurationRow > Label { width: 30; padding: 0 1 0 0; }
    DurationRow > Input { width: 12; height: 1; border: none; padding: 0 1; background: $panel; }
    DurationRow > Input:focus { border: none; background: $accent 35%; }
    DurationRow > .row-error { width: 1fr; color: $error; padding: 0 0 0 1; }
    """

    def __init__(self, key: str, label: str) -> None:
        super().__init__(id=f"row-{key}")
        self.key = key
        self.label = label

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(placeholder="h", id=f"duration-{self.key}", max_length=8)
        yield Static("", classes="row-error")

    @property
    def typed(self) -> str:
        return self.query_one(Input).value

    def show_error(self, message: str) -> None:
        self.query_one(".row-error", Static).update(message)


class HoursEntryScreen(GuardedForm, ModalScreen[bool]):
    """Hours for one job (several people, one day) or for one person's week; answers True once saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Enregistrer", id="hours.save", priority=True),
        Binding("escape", "leave_form", "Annuler", id="hours.cancel"),
    ]

    def __init__(self, mode: str, choices: HoursChoices, today: date) -> None:
        super().__init__()
        self.mode = mode
        self.choices = choices
        self.today = today
        # Early in the week, the week to fill in is most likely the one that just ended.
        this_monday = today - timedelta(days=today.weekday())
        self.monday = this_monday - timedelta(days=7) if today.weekday() < 2 else this_monday
        self.rows: dict[int, str] = {}  # line of the last save → the row it came from

    def compose(self) -> ComposeResult:
        activities = {str(i): name for i, name in self.choices.activities}
        jobs = {str(i): name for i, name in self.choices.jobs}
        with Vertical(classes="dialog wide-dialog", id="hours-dialog"):
            yield Static("Heures d'un travail" if self.mode == JOB else "Heures d'une semaine", classes="dialog-title")
            yield from self._compose_lines(activities, jobs)
            # Under the lines, always in sight: what was refused, and the buttons.
            yield Static("", id="hours-message", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Annuler", id="cancel")
                yield Button("Enregistrer (Ctrl+S)", variant="primary", id="save")
            yield KeyLine()

    def _compose_lines(self, activities: dict[str, str], jobs: dict[str, str]) -> ComposeResult:
        with VerticalScroll(id="hours-lines"):
            if self.mode == JOB:
                yield Static(JOB_HINT, classes="hint")
                with Horizontal(classes="row"):
                    yield date_field("day", "Jour travaillé", value=date_fr(self.today))
                    yield choice_field("activity", "Activité", activities, blank="Choisir l'activité")
                yield choice_field("job", "Pour quel devis ou quelle facture (facultatif)", jobs, blank="Aucun")
                for person_id, name in self.choices.people:
                    yield DurationRow(str(person_id), name)
                if not self.choices.people:
                    yield Static("Personne n'est inscrit·e comme coopérant·e ou bénévole aujourd'hui.", classes="hint")
            else:
                yield Static(WEEK_HINT, classes="hint")
                people = {str(i): name for i, name in self.choices.people}
                with Horizontal(classes="row"):
                    yield choice_field("person", "Personne", people, blank="Choisir la personne")
                    yield choice_field("activity", "Activité", activities, blank="Choisir l'activité")
                with Horizontal(classes="row"):
                    yield date_field("monday", "Lundi de la semaine", value=date_fr(self.monday))
                    yield choice_field("job", "Devis ou facture (facultatif)", jobs, blank="Aucun")
                for offset, name in enumerate(DAY_NAMES):
                    yield DurationRow(str(offset), f"{name} {date_fr(self.monday + timedelta(days=offset))}")

    def on_mount(self) -> None:
        first = self.query(Field).first()
        first.control.focus()
        self.form_shown()

    @on(Input.Changed, "#monday")
    def week_moved(self, event: Input.Changed) -> None:
        """The labels of the days follow the Monday typed."""
        try:
            monday = parse_date(event.value, today=self.today)
        except DateError:
            return
        if monday is None:
            return
        for row in self.query(DurationRow):
            day = monday + timedelta(days=int(row.key))
            row.query_one(Label).update(f"{DAY_NAMES[day.weekday()]} {date_fr(day)}")

    def _field(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Field).value

    def _drafts(self) -> tuple[list[HoursDraft], dict[int, str]]:
        """The lines typed (and, for each, the row it came from); refuse unreadable durations or dates."""
        from kpa_local.services.work_views import HoursDraft

        problems: list[Problem] = []
        date_name = "day" if self.mode == JOB else "monday"
        try:
            first_day = parse_date(self._field(date_name), today=self.today)
        except DateError as error:
            problems.append(Problem(date_name, error.message))
            first_day = None
        if first_day is None and not problems:
            problems.append(Problem(date_name, "Indiquez le jour (JJ/MM/AAAA)."))
        activity = int(self._field("activity")) if self._field("activity") else None
        job = int(self._field("job")) if self._field("job") else None
        person = int(self._field("person")) if self.mode == WEEK and self._field("person") else None
        drafts: list[HoursDraft] = []
        rows: dict[int, str] = {}
        for row in self.query(DurationRow):
            if not row.typed.strip():
                continue
            try:
                minutes = parse_duration(row.typed)
            except DurationError as error:
                problems.append(Problem(f"row-{row.key}", error.message))
                continue
            who = int(row.key) if self.mode == JOB else person
            day = first_day if self.mode == JOB or first_day is None else first_day + timedelta(days=int(row.key))
            drafts.append(HoursDraft(who, activity, day, minutes, job))
            rows[len(drafts)] = row.key
        if not drafts and not problems:
            problems.append(Problem(None, "Tapez au moins une durée (par exemple 3 ou 2h30)."))
        if problems:
            raise Refused(problems)
        return drafts, rows

    def action_save(self) -> None:
        try:
            drafts, rows = self._drafts()
        except Refused as refused:
            self._show(refused.message, {p.field: p.message for p in refused.problems})
            return
        self.rows = rows
        self.query_one("#hours-message", Static).update("Enregistrement…")
        call(self, work.record_hours, drafts, then=self.saved, group="hours", write=True)

    def saved(self, hours_ids: tuple[int, ...]) -> None:
        self.notify(f"{count_text(len(hours_ids), 'ligne')} d'heures {plural(len(hours_ids), 'enregistrée')}.")
        self.dismiss(True)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        problems: dict[str | None, str] = {}
        for name, text in message.problems.items():
            line, _, what = (name or "").partition(".")
            if line.startswith("ligne") and line[5:].isdigit():
                row = self.rows.get(int(line[5:]))
                if row is not None and what == "day_total":
                    problems[f"row-{row}"] = text  # a day past 24 h, said beside its last line
                elif row is not None and (what == "minutes" or (what == "day" and self.mode == WEEK)):
                    problems[f"row-{row}"] = text.split(" : ", 1)[-1]  # each row is a day of the week
                elif what in ("person", "activity", "day", "document"):
                    # A choice made once for every line: said once, beside it, without « Ligne N : ».
                    field = {"person": "person", "activity": "activity", "day": "day", "document": "job"}[what]
                    said = text.split(" : ", 1)[-1]
                    problems[field if self.mode == JOB or field != "day" else "monday"] = said[:1].upper() + said[1:]
                else:
                    problems[None] = text
            else:
                problems[name] = text
        self._show(message.text, problems)

    def _show(self, text: str, problems: dict[str | None, str]) -> None:
        rows = {f"row-{row.key}": row for row in self.query(DurationRow)}
        for name, row in rows.items():
            row.show_error(problems.get(name, ""))
        message = self.query_one("#hours-message", Static)
        first_field = show_refusal(self, problems, text, message, shown_elsewhere=rows)
        first_row = next((row for name, row in rows.items() if problems.get(name)), None)
        if first_field is None and first_row is not None:
            point_at(first_row, first_row.query_one(Input))
        fields = {field.field_name for field in self.query(Field)}
        if problems and all(name in rows or name in fields for name in problems):
            message.update(nothing_saved(len(problems)))

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_leave_form()

    def form_key(self) -> str:
        return f"heures:{self.mode}"

    def close_form(self) -> None:
        self.dismiss(False)
