"""Personal data on screen: a coopérant·e sees their own record only; access and anonymisation for coordination."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kpa_local.domain.accounts import Actor
from kpa_local.services.accounts import accounts_of
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.member_detail import MemberDetailScreen
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.screens.notice import NoticeScreen
from kpa_local.tui.screens.sign_in import SignInScreen
from kpa_local.tui.widgets.member_record import MemberRecord
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import COORDINATION, make_app, settle
from tests.tui.test_sign_in import _screen_text


def _names(workspace: Workspace, where: str) -> dict[int, tuple[str, str]]:
    context = open_workspace(workspace, clock=frozen_today)
    try:
        rows = context.database.read(f"SELECT id, first_name, last_name FROM person WHERE {where} ORDER BY id")
        return {int(row[0]): (str(row[1]), str(row[2])) for row in rows}
    finally:
        context.close()


def _cooperant(workspace: Workspace) -> Actor:
    row = next(row for row in accounts_of(workspace).all() if row.role == "cooperant")
    assert row.person_id is not None
    return Actor(row.name, row.role, account_id=row.id, person_id=row.person_id)


async def test_a_cooperant_sees_their_own_record_and_nobody_else(demo_workspace: Workspace) -> None:
    actor = _cooperant(demo_workspace)
    people = _names(demo_workspace, "1 = 1")
    own_first, own_last = people.pop(actor.person_id or 0)
    app = make_app(demo_workspace, actor=actor)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        assert not app.screen.query("#members")  # no list of the others
        title = str(app.screen.query_one("#person-name", Static).render())
        assert own_first in title and own_last.upper() in title
        shown = _screen_text(app)
        assert "Nouvelle personne" not in shown and "Importer" not in shown
        others = [last for _, last in people.values() if last.upper() not in own_last.upper()]
        assert not [last for last in others if last.upper() in shown]
        await pilot.press("ctrl+n")  # the list's keys do nothing here
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("ctrl+d")  # their own right of access
        await settle(pilot)
        assert isinstance(app.screen, NoticeScreen)
        said = app.screen.text
        assert "Remettez-les à la personne" not in said  # he is that person
        assert "Ce sont vos données" in said and "à vous" in said
        assert str(demo_workspace.exports_dir) in said and f"donnees-personne-{actor.person_id}-" in said
    written = sorted(path.suffix for path in demo_workspace.exports_dir.glob(f"donnees-personne-{actor.person_id}-*"))
    assert written == [".json", ".pdf"]


async def test_no_key_leads_away_from_the_lock(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        for key in ("f1", "f3", "f8", "ctrl+p"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, SignInScreen), key


async def test_coordination_anonymises_a_person_who_left_after_a_question(demo_workspace: Workspace) -> None:
    person_id, (first, last) = next(iter(_names(demo_workspace, "exit_date IS NOT NULL").items()))
    app = make_app(demo_workspace, actor=COORDINATION)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.push_screen(MemberDetailScreen(person_id))
        await settle(pilot)
        assert last.upper() in str(app.screen.query_one("#person-name", Static).render())
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#no")
        await settle(pilot)
        assert last.upper() in str(app.screen.query_one("#person-name", Static).render())
        await pilot.press("ctrl+a")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        title = str(app.screen.query_one(MemberRecord).query_one("#person-name", Static).render())
        assert "ANONYME" in title and last.upper() not in title and first not in title
        assert "effacée" in str(app.screen.query_one("#identity", Static).render())
    assert _names(demo_workspace, f"id = {person_id}")[person_id][1] == "Anonyme"


async def test_a_contributeur_is_not_offered_anonymisation(demo_workspace: Workspace, tmp_path: Path) -> None:
    person_id = next(iter(_names(demo_workspace, "exit_date IS NOT NULL")))
    row = accounts_of(demo_workspace).find(login="karim")
    assert row is not None
    app = make_app(demo_workspace, actor=Actor(row.name, row.role, account_id=row.id))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(MemberDetailScreen(person_id))
        await settle(pilot)
        assert "Anonymiser" not in _screen_text(app)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, MemberDetailScreen)
    assert _names(demo_workspace, f"id = {person_id}")[person_id][1] != "Anonyme"
