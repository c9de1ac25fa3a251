"""Nothing typed is lost: leaving a form with changes asks « Enregistrer / Abandonner / Continuer »,
a form without changes closes at once, and each answer does what it says (checked in the database)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, SelectionList, Static

from kpa_local.tui.app import KpaApp
from kpa_local.tui.form_guard import LEAVE_QUESTION
from kpa_local.tui.screens.choice import ChoiceScreen
from kpa_local.tui.screens.client_form import ClientFormScreen
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.hours_entry import DurationRow, HoursEntryScreen
from kpa_local.tui.screens.interview_report import InterviewReportScreen
from kpa_local.tui.screens.member_detail import MemberDetailScreen
from kpa_local.tui.screens.member_form import MemberFormScreen
from kpa_local.tui.screens.new_quote import NewQuoteScreen
from kpa_local.tui.screens.passage_form import PassageScreen
from kpa_local.tui.screens.quick_form import QuickFormScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.tui.widgets.lines_editor import LinesEditor
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until

TYPED = "Zorglub"

Step = Callable[[Pilot[None]], Awaitable[None]]


async def type_into(pilot: Pilot[None], widget_id: str, text: str = TYPED) -> None:
    """Type as a person does: focus the box, then press the keys."""
    widget = pilot.app.screen.query_one(f"#{widget_id}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


def first_choice(screen: Screen[object], name: str) -> None:
    """Choose the first option of a list (as the arrows and Enter would)."""
    field = screen.query_one(f"#field-{name}", Field)
    options = [value for _, value in getattr(field.control, "_options", []) if isinstance(value, str) and value]
    field.value = options[0]


def set_fields(screen: Screen[object], **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#field-{name}", Field).value = value


def add_line(screen: Screen[object]) -> None:
    """A line typed into the lines editor and added."""
    editor = screen.query_one(LinesEditor)
    editor.query_one("#line-designation", Input).value = "Buffet"
    editor.query_one("#line-unit_price", Input).value = "12,50"
    editor.add_line()


def stored(app: KpaApp, sql: str) -> list[tuple[object, ...]]:
    return app.context().database.read(sql)


@dataclass(frozen=True)
class FormCase:
    """How to reach a form, type into it, make it right for saving, and see what is stored."""

    open: Step
    screen: type[Screen[object]]
    type_something: Step
    typed_is_kept: Callable[[Screen[object]], bool]
    make_valid: Callable[[Screen[object]], None]
    stored_sql: str  # what saving changes in the database


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def _typed(widget_id: str) -> Callable[[Screen[object]], bool]:
    return lambda screen: screen.query_one(f"#{widget_id}", Input).value == TYPED


async def _open_member_form(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2", "ctrl+n")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, MemberFormScreen))


async def _open_person(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KpaApp)
    person_id = stored(app, "SELECT id FROM person ORDER BY id LIMIT 1")[0][0]
    assert isinstance(person_id, int)
    await _keys(pilot, "f2")
    app.push_screen(MemberDetailScreen(person_id))
    await settle_until(pilot, lambda: isinstance(app.screen, MemberDetailScreen))


async def _open_contract(pilot: Pilot[None]) -> None:
    if not isinstance(pilot.app.screen, MemberDetailScreen):
        await _open_person(pilot)
    await _keys(pilot, "ctrl+k")


async def _open_quote(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f5", "ctrl+g")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, NewQuoteScreen))


async def _quote_title(pilot: Pilot[None]) -> None:
    first_choice(pilot.app.screen, "client_id")
    await _keys(pilot, "ctrl+n")
    await type_into(pilot, "title")


def _valid_invoice(screen: Screen[object]) -> None:
    first_choice(screen, "client_id")
    add_line(screen)


def _valid_expense(screen: Screen[object]) -> None:
    set_fields(screen, net="12,50")
    first_choice(screen, "activity")


def _valid_quote(screen: Screen[object]) -> None:
    set_fields(screen, service_start="12/12/2026")
    add_line(screen)


async def _open_hours(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f3", "ctrl+t")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, HoursEntryScreen))


async def _type_duration(pilot: Pilot[None]) -> None:
    row = pilot.app.screen.query(DurationRow).first()
    await type_into(pilot, row.query_one(Input).id or "", "2h30")


def _duration_kept(screen: Screen[object]) -> bool:
    return screen.query(DurationRow).first().typed == "2h30"


async def _open_passage(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KpaApp)
    interview_id = stored(app, "SELECT interview_id FROM interview_passage ORDER BY id LIMIT 1")[0][0]
    assert isinstance(interview_id, int)
    if not isinstance(app.screen, InterviewReportScreen):
        await _keys(pilot, "f8")
        app.push_screen(InterviewReportScreen(interview_id))
        await settle(pilot)
    await _keys(pilot, "enter")


async def _tick_effect(pilot: Pilot[None]) -> None:
    pilot.app.screen.query_one("#effects", SelectionList).focus()
    await _keys(pilot, "down", "space")


def _effect_kept(screen: Screen[object]) -> bool:
    return bool(screen.query_one("#effects", SelectionList).selected)


CASES = {
    "personne": FormCase(
        _open_member_form,
        MemberFormScreen,
        lambda pilot: type_into(pilot, "last_name"),
        _typed("last_name"),
        lambda screen: set_fields(screen, first_name="Zoé", birth_date="14/07/1990", entry_date="02/09/2026"),
        "SELECT count(*) FROM person",
    ),
    "client": FormCase(
        lambda pilot: _keys(pilot, "f4", "ctrl+n"),
        ClientFormScreen,
        lambda pilot: type_into(pilot, "name"),
        _typed("name"),
        lambda screen: set_fields(screen, address="3 rue Pierre", postal_code="59100", city="Roubaix"),
        "SELECT count(*) FROM client",
    ),
    "facture": FormCase(
        lambda pilot: _keys(pilot, "f5", "ctrl+n"),
        DocumentScreen,
        lambda pilot: type_into(pilot, "title"),
        _typed("title"),
        _valid_invoice,
        "SELECT count(*) FROM document",
    ),
    "devis-guide": FormCase(
        _open_quote,
        NewQuoteScreen,
        _quote_title,
        _typed("title"),
        _valid_quote,
        "SELECT count(*) FROM document",
    ),
    "contrat": FormCase(
        _open_contract,
        QuickFormScreen,
        lambda pilot: type_into(pilot, "start", "01/12/2026"),
        lambda screen: screen.query_one("#start", Input).value == "01/12/2026",
        lambda screen: set_fields(screen, kind="benevole"),
        "SELECT count(*) FROM contract",
    ),
    "heures": FormCase(
        _open_hours,
        HoursEntryScreen,
        _type_duration,
        _duration_kept,
        lambda screen: first_choice(screen, "activity"),
        "SELECT count(*) FROM work_entry",
    ),
    "depense": FormCase(
        lambda pilot: _keys(pilot, "f3", "ctrl+b"),
        QuickFormScreen,
        lambda pilot: type_into(pilot, "label"),
        _typed("label"),
        _valid_expense,
        "SELECT count(*) FROM expense",
    ),
    "epargne": FormCase(
        lambda pilot: _keys(pilot, "f6", "ctrl+n"),
        QuickFormScreen,
        lambda pilot: type_into(pilot, "label"),
        _typed("label"),
        lambda screen: set_fields(screen, amount="45,00", decision="Réunion du 20/11/2026"),
        "SELECT count(*) FROM savings_entry",
    ),
    "passage": FormCase(
        _open_passage,
        PassageScreen,
        _tick_effect,
        _effect_kept,
        lambda screen: None,
        "SELECT effects FROM interview_passage ORDER BY id LIMIT 1",
    ),
}


async def _open(pilot: Pilot[None], case: FormCase) -> Screen[object]:
    await case.open(pilot)
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, case.screen))
    screen = pilot.app.screen
    assert isinstance(screen, case.screen)
    return screen


async def _leave(pilot: Pilot[None]) -> None:
    await _keys(pilot, "escape")


def _asks(app: KpaApp) -> bool:
    screen = app.screen
    return isinstance(screen, ChoiceScreen) and screen.query_one(".dialog-title", Static).render() == LEAVE_QUESTION


async def _answer(pilot: Pilot[None], button: str) -> None:
    await pilot.click(f"#choice-{button}")
    await settle(pilot)
    await settle(pilot)


@pytest.mark.parametrize("form", list(CASES))
async def test_leaving_a_form_asks_only_when_something_changed(demo_workspace: Workspace, form: str) -> None:
    case = CASES[form]
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = stored(app, case.stored_sql)
        # Nothing changed: Échap closes at once, without a question.
        form_screen = await _open(pilot, case)
        await _leave(pilot)
        assert not _asks(app)
        assert form_screen not in app.screen_stack
        # Something typed: Échap asks; « Continuer » keeps what was typed.
        form_screen = await _open(pilot, case)
        await case.type_something(pilot)
        await _leave(pilot)
        assert _asks(app)
        await _answer(pilot, "cancel")
        assert app.screen is form_screen
        assert case.typed_is_kept(form_screen)
        # « Abandonner » leaves without saving.
        await _leave(pilot)
        assert _asks(app)
        await _answer(pilot, "discard")
        assert form_screen not in app.screen_stack
        assert stored(app, case.stored_sql) == before
        # « Enregistrer » saves, then leaves.
        form_screen = await _open(pilot, case)
        await case.type_something(pilot)
        case.make_valid(form_screen)
        await _leave(pilot)
        assert _asks(app)
        await _answer(pilot, "save")
        await settle_until(pilot, lambda: form_screen not in app.screen_stack)
        assert form_screen not in app.screen_stack
        assert stored(app, case.stored_sql) != before


async def test_a_draft_invoice_is_not_issued_with_changes_left_unsaved(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        drafts = stored(app, "SELECT id FROM document WHERE kind = 'facture' AND status = 'brouillon' ORDER BY id")
        assert drafts, "the demo has draft invoices"
        invoice_id = drafts[0][0]
        assert isinstance(invoice_id, int)
        await _keys(pilot, "f5")
        app.push_screen(DocumentScreen(invoice_id))
        await settle_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.detail is not None)
        document = app.screen
        assert isinstance(document, DocumentScreen)
        await type_into(pilot, "title", "Buffet corrigé")
        await _keys(pilot, "ctrl+u")
        assert app.screen is document  # not the question « Émettre ? »: it would issue the stored version
        assert "enregistrez-les d'abord" in str(document.query_one("#document-message", Static).render())
        assert document.query_one("#title", Input).value == "Buffet corrigé"
        assert stored(app, f"SELECT status FROM document WHERE id = {invoice_id}") == [("brouillon",)]
        await _keys(pilot, "ctrl+s")
        await settle_until(pilot, lambda: not document.has_changes())
        await _keys(pilot, "ctrl+u")
        assert isinstance(app.screen, ConfirmScreen)


async def test_what_is_typed_in_a_form_whose_loading_failed_is_not_thrown_away(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _keys(pilot, "f4")
        app.push_screen(ClientFormScreen(999_999))  # a client removed meanwhile: its loading is refused
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert "n'existe plus" in str(form.query_one("#client-message", Static).render())
        await type_into(pilot, "name")
        await _leave(pilot)
        assert _asks(app)
        await _answer(pilot, "cancel")
        assert app.screen is form
        assert form.query_one("#name", Input).value == TYPED
