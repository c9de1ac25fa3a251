"""What was typed survives a change of section, a lock and a change of user: kept for the same account
only, offered back when it opens the same form again."""

from __future__ import annotations

from datetime import datetime

from textual.pilot import Pilot
from textual.widgets import Input, Static

from kpa_local.tui.app import KpaApp
from kpa_local.tui.drafts import keep_drafts
from kpa_local.tui.form_drafts import DraftStore, draft_store
from kpa_local.tui.form_guard import offer_question
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.document import DocumentScreen
from kpa_local.tui.screens.interview_guide import InterviewGuideScreen
from kpa_local.tui.screens.member_form import MemberFormScreen
from kpa_local.tui.screens.settings import SettingsScreen
from kpa_local.tui.screens.sign_in import SignInScreen
from kpa_local.tui.widgets.lines_editor import LinesEditor
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until
from tests.tui.test_nothing_lost import add_line, first_choice, type_into


def test_a_draft_is_found_only_by_the_account_that_left_it() -> None:
    store = DraftStore(now=lambda: datetime(2026, 12, 3, 10, 42))
    store.keep(1, "personne:new", {"last_name": "Canari"})
    assert store.find(2, "personne:new") is None
    assert store.find(1, "personne:12") is None
    draft = store.find(1, "personne:new")
    assert draft is not None and draft.values == {"last_name": "Canari"}
    assert draft.kept_at == datetime(2026, 12, 3, 10, 42)
    store.forget(1, "personne:new")
    assert store.find(1, "personne:new") is None


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _sign_in_as(pilot: Pilot[None], login: str, password: str) -> None:
    """Lock (F10), choose to change user (F10 again), and sign in."""
    app = pilot.app
    assert isinstance(app, KpaApp)
    await _keys(pilot, "f10", "f10")
    assert isinstance(app.screen, SignInScreen)
    await type_into(pilot, "login", login)
    await type_into(pilot, "password", password)
    await pilot.click("#go")
    await settle_until(pilot, lambda: not isinstance(app.screen, SignInScreen))


def _offered(app: KpaApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ConfirmScreen):
        return False
    return str(screen.query_one(".dialog-title", Static).render()).startswith("Reprendre ce qui avait été tapé le")


async def _new_member_form(pilot: Pilot[None]) -> None:
    await _keys(pilot, "f2", "ctrl+n")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, (MemberFormScreen, ConfirmScreen)))


async def test_a_kept_draft_is_offered_back_to_the_same_account_only(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _new_member_form(pilot)
        await type_into(pilot, "last_name", "Canari")
        assert keep_drafts(app) >= 1  # as the app does before it locks or discards a person's screens
        app.pop_screen()
        await settle(pilot)

        await _sign_in_as(pilot, "karim", "demo-contributeur")
        await _new_member_form(pilot)
        assert not _offered(app)  # Camille's draft is not shown to Karim
        assert app.screen.query_one("#last_name", Input).value == ""
        await _keys(pilot, "escape")

        await _sign_in_as(pilot, "camille", "demo-coordination")
        await _new_member_form(pilot)
        assert _offered(app)
        kept = draft_store(app).find(1, "personne:new")
        assert kept is not None
        expected = offer_question(kept.kept_at.strftime("%d/%m"), kept.kept_at.strftime("%H:%M"))
        assert app.screen.query_one(".dialog-title", Static).render() == expected
        await pilot.click("#yes")  # « Reprendre »
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MemberFormScreen)
        assert form.query_one("#last_name", Input).value == "Canari"
        assert form.has_changes()  # taken back, not saved: leaving still asks
        assert draft_store(app).find(1, "personne:new") is None  # offered once


async def test_a_refused_draft_is_not_offered_again(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _new_member_form(pilot)
        await type_into(pilot, "last_name", "Canari")
        keep_drafts(app)
        app.pop_screen()
        await settle(pilot)
        await _new_member_form(pilot)
        assert _offered(app)
        await pilot.click("#no")
        await settle(pilot)
        assert isinstance(app.screen, MemberFormScreen)
        assert app.screen.query_one("#last_name", Input).value == ""
        await _keys(pilot, "escape")
        await _new_member_form(pilot)
        assert isinstance(app.screen, MemberFormScreen)


async def test_switching_sections_keeps_the_open_form(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # A form in a dialog holds the keyboard: F5 leads nowhere else, and the form stays as it was.
        await _new_member_form(pilot)
        form = app.screen
        await type_into(pilot, "last_name", "Canari")
        await _keys(pilot, "f5")
        await _keys(pilot, "f2")
        assert app.current_mode == "members"
        assert app.screen is form
        assert form.query_one("#last_name", Input).value == "Canari"
        await _keys(pilot, "escape")
        await pilot.click("#choice-discard")
        await settle(pilot)
        # A full-screen form (a document) stays in its section's screens while another section is shown.
        await _keys(pilot, "f5", "ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        document = app.screen
        await type_into(pilot, "title", "Buffet de Noël")
        await _keys(pilot, "f2")
        assert app.current_mode == "members"
        assert document not in app.screen_stack
        await _keys(pilot, "f5")
        assert app.screen is document
        assert document.query_one("#title", Input).value == "Buffet de Noël"


async def test_a_draft_invoice_keeps_its_lines(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _keys(pilot, "f5", "ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await type_into(pilot, "title", "Buffet de Noël")
        add_line(app.screen)
        app.screen.query_one("#line-designation", Input).value = "Boissons"  # a second line, not yet added
        keep_drafts(app)
        app.pop_screen()
        await settle(pilot)
        await _keys(pilot, "ctrl+n")
        await settle_until(pilot, lambda: _offered(app))
        await pilot.click("#yes")
        await settle(pilot)
        document = app.screen
        assert isinstance(document, DocumentScreen)
        assert document.query_one("#title", Input).value == "Buffet de Noël"
        assert [line.designation for line in document.query_one(LinesEditor).lines] == ["Buffet"]
        assert document.query_one("#line-designation", Input).value == "Boissons"


async def test_settings_typed_survive_a_change_of_section_and_the_discarding_of_screens(
    demo_workspace: Workspace,
) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _keys(pilot, "f9")
        await settle_until(pilot, lambda: bool(app.screen.query_one("#kpa__city", Input).value))
        await type_into(pilot, "kpa__city", "Tourcoing")
        await _keys(pilot, "f2", "f9")
        assert app.screen.query_one("#kpa__city", Input).value == "Tourcoing"
        keep_drafts(app)
        await _keys(pilot, "f1")
        await app.remove_mode("settings")  # what a change of user does to the other sections
        app.add_mode("settings", SettingsScreen)
        await _keys(pilot, "f9")
        await settle_until(pilot, lambda: _offered(app))
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#kpa__city", Input).value == "Tourcoing"


async def test_the_interview_being_led_is_saved_before_a_lock(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.context().database.read("SELECT count(*) FROM interview")[0][0]
        await _keys(pilot, "f8", "ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewGuideScreen))
        guide = app.screen
        assert isinstance(guide, InterviewGuideScreen)
        await type_into(pilot, "person_name", "Zoé")
        keep_drafts(app)
        assert guide.interview_id is not None
        rows = app.context().database.read("SELECT count(*) FROM interview")
        assert rows[0][0] == before + 1


async def test_a_draft_is_forgotten_once_the_form_is_saved(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _keys(pilot, "f5", "ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        document = app.screen
        assert isinstance(document, DocumentScreen)
        await type_into(pilot, "title", "Buffet de Noël")
        first_choice(document, "client_id")
        add_line(document)
        keep_drafts(app)  # a lock; the same person unlocks and finds the invoice as it was
        await _keys(pilot, "ctrl+s")
        await settle_until(pilot, lambda: document.document_id is not None)
        await _keys(pilot, "escape")
        assert document not in app.screen_stack
        await _keys(pilot, "ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, (DocumentScreen, ConfirmScreen)))
        assert not _offered(app)  # what was put aside is now saved: it is not offered as a new invoice
        assert len(draft_store(app)) == 0
