"""Pilot tests of Entretiens: a whole guided interview, a passage coded, nothing typed lost, no name shown."""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from kpa_local.domain.accounts import Actor
from kpa_local.services.interviews import interview_report, list_interviews
from kpa_local.services.workspaces import open_workspace
from kpa_local.tui.screens.interview_guide import InterviewGuideScreen
from kpa_local.tui.screens.interview_report import InterviewReportScreen
from kpa_local.tui.screens.interviews import InterviewsScreen
from kpa_local.tui.screens.passage_form import PassageScreen
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today
from tests.tui.conftest import make_app, settle, settle_until

SIZE = (120, 40)


def _saved(workspace: Workspace) -> list[Any]:
    context = open_workspace(workspace, clock=frozen_today)
    try:
        return [interview_report(context, row.id) for row in list_interviews(context)]
    finally:
        context.close()


async def _open_guide(pilot: Pilot[None]) -> InterviewGuideScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, InterviewsScreen))
    await pilot.press("ctrl+n")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, InterviewGuideScreen))
    screen = pilot.app.screen
    assert isinstance(screen, InterviewGuideScreen)
    await settle_until(pilot, lambda: len(screen.query_one("#person", Select)._options) > 2)
    return screen


async def _step(pilot: Pilot[None], screen: InterviewGuideScreen, number: int) -> None:
    await pilot.press("ctrl+n")
    await settle_until(pilot, lambda: screen.step == number - 1)
    assert f"Étape {number} sur 6" in str(screen.query_one("#guide-step", Static).render())


async def test_a_whole_guided_interview_then_a_passage_coded(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpa_local.tui.open_file.open_with_system", lambda path: False)
    before = {report.id for report in _saved(demo_workspace)}
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_guide(pilot)
        # 1. Who and how: a person with a member record, who wishes to stay anonymous.
        person = screen.query_one("#person", Select)
        person_id, person_name = next((value, str(label)) for label, value in person._options if str(value).isdigit())
        person.value = person_id
        screen.query_one("#led_by", Select).value = "binome"
        screen.query_one("#place", Input).focus()
        await pilot.press(*"Local")
        await settle(pilot)
        assert screen.query_one("#age", Input).is_disabled  # taken from the member record
        # 2. The ice-breaker, read aloud.
        await _step(pilot, screen, 2)
        read_aloud = " ".join(str(part.render()) for part in screen.query_one("#step-ice").query(Static))
        assert "journaliste" in read_aloud
        # 3. The two opening questions: the keyboard is in the first answer.
        await _step(pilot, screen, 3)
        await pilot.press(*"Un an", "tab", *"Venir")
        # 4. The cards in the order the person picks them, with notes.
        await _step(pilot, screen, 4)
        await pilot.press("enter", *"Cuisine", "enter", "enter", *"Voisines")
        await pilot.press("ctrl+t", "down", "down", "down", "enter", *"Amies")
        await settle(pilot)
        assert screen.query_one("#card-title", Static).render().plain.startswith("2e carte")  # type: ignore[union-attr]
        # 5. The closing questions.
        await _step(pilot, screen, 5)
        await pilot.press(*"Famille")
        # 6. Just after: consent to share, anonymity, how it was lived; then finish.
        await _step(pilot, screen, 6)
        await pilot.press("space", "tab", "space", "tab", *"Bien")
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewReportScreen))
        report_screen = app.screen
        assert isinstance(report_screen, InterviewReportScreen)
        await settle_until(pilot, lambda: report_screen.query_one("#passages", DataTable).row_count == 3)
        shown = str(report_screen.query_one("#report-text", Static).render())
        assert "Personne anonyme" in shown and person_name.split()[0] not in shown
        # A passage said under « J'ai appris » is moved to « J'ai rencontré » and coded.
        table = report_screen.query_one("#passages", DataTable)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, PassageScreen))
        form = app.screen
        options = form.query_one("#card", Select)._options
        form.query_one("#card", Select).value = next(v for label, v in options if str(label).startswith("J'ai renc"))
        form.query_one("#effects", SelectionList).select("liens_sociaux")
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: app.screen is report_screen)
        await settle_until(
            pilot, lambda: "Liens sociaux" in str(report_screen.query_one("#report-text", Static).render())
        )
        await pilot.press("ctrl+o")
        pdf = demo_workspace.exports_dir / "entretiens" / f"entretien-{report_screen.interview_id}.pdf"
        await settle_until(pilot, pdf.exists)
    new = [report for report in _saved(demo_workspace) if report.id not in before]
    assert len(new) == 1
    report = new[0]
    draft = report.draft
    assert draft.finished and draft.anonymous and draft.consent_share and draft.person_id is None
    assert draft.led_by == "binome" and draft.place == "Local" and draft.facts.age is not None
    assert (draft.time_answer, draft.why_answer, draft.elsewhere_answer) == ("Un an", "Venir",
                                                                             "Famille")  # fmt: skip
    assert [card.code for card in draft.cards] == ["appris", "rencontre"]
    assert [(p.card.code, p.text, p.effects) for p in report.passages] == [
        ("appris", "Cuisine", ()),
        ("rencontre", "Voisines", ("liens_sociaux",)),
        ("rencontre", "Amies", ()),
    ]
    assert draft.lived_said == "Bien"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Personne anonyme" in text and person_name.split()[0] not in text


async def test_leaving_half_way_keeps_what_was_typed(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_guide(pilot)
        screen.query_one("#person_name", Input).focus()
        await pilot.press(*"Awa")
        await _step(pilot, screen, 2)
        await _step(pilot, screen, 3)
        await pilot.press(*"Trois mois")
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewReportScreen))
    drafts = [report.draft for report in _saved(demo_workspace) if report.who == "Awa"]
    assert len(drafts) == 1 and drafts[0].time_answer == "Trois mois" and not drafts[0].finished


async def test_a_wrong_age_keeps_the_person_on_the_first_step(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_guide(pilot)
        screen.query_one("#age", Input).focus()
        await pilot.press(*"12")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step == 0
        assert "16 et 110" in str(screen.query_one("#field-age .field-error", Static).render())
        assert screen.query_one("#age", Input).value == "12"  # nothing typed is lost


async def test_a_cooperant_leads_interviews_but_does_not_read_the_analysis(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace, actor=Actor("Thomas", "cooperant", account_id=3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle_until(pilot, lambda: "réservée" in str(app.screen.query_one("#analysis-state", Static).render()))
        assert app.screen.query_one("#interviews", DataTable).row_count == 0


async def test_the_list_never_names_an_anonymous_person(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle_until(pilot, lambda: app.screen.query_one("#interviews", DataTable).row_count > 0)
        table = app.screen.query_one("#interviews", DataTable)
        names = [str(table.get_row_at(index)[2]) for index in range(table.row_count)]
        assert "Personne anonyme" in names


async def test_editing_a_finished_interview_keeps_its_link_and_its_coding(demo_workspace: Workspace) -> None:
    linked = next(report for report in _saved(demo_workspace) if report.linked and report.draft.finished)
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        app.push_screen(InterviewReportScreen(linked.id))
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewReportScreen))
        await pilot.press("ctrl+e")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewGuideScreen))
        guide = app.screen
        await settle_until(pilot, lambda: guide.query_one("#person", Select).value == str(linked.draft.person_id))
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewReportScreen))
    again = next(report for report in _saved(demo_workspace) if report.id == linked.id)
    assert again.draft == linked.draft and again.who == linked.who
    assert [(p.card, p.text, p.effects) for p in again.passages] == [
        (p.card, p.text, p.effects) for p in linked.passages
    ]


async def test_a_blank_joker_takes_the_words_the_person_gives_it(demo_workspace: Workspace) -> None:
    from kpa_local.tui.screens.ask import AskScreen
    from kpa_local.tui.widgets.card_picker import CardPicker

    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_guide(pilot)
        screen.query_one("#person_name", Input).value = "Inès"
        for number in (2, 3, 4):
            await _step(pilot, screen, number)
        picker = screen.query_one(CardPicker)
        await pilot.press("end", "enter")  # the blank joker, last of the deck
        await settle_until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"J'ai ose", "enter")
        await settle_until(pilot, lambda: app.screen is screen)
        await pilot.press(*"Parler")
        # The joker named is listed under the deck; the blank joker again, left blank this time.
        await pilot.press("ctrl+t", "end", "up", "enter", "enter")
        await settle_until(pilot, lambda: app.screen is screen and len(picker.chosen) == 2)
        await pilot.press("escape")
        await settle_until(pilot, lambda: isinstance(app.screen, InterviewReportScreen))
    report = next(report for report in _saved(demo_workspace) if report.who == "Inès")
    assert [(card.code, card.label) for card in report.draft.cards] == [
        ("joker", "Joker : J'ai ose"),
        ("joker", "Joker"),
    ]
    assert report.draft.notes == ("Parler", "")


async def test_the_autosave_on_the_first_step_saves_a_first_name_and_nothing_else(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(InterviewGuideScreen, "AUTOSAVE_SECONDS", 0.1)
    before = {report.id for report in _saved(demo_workspace)}
    app = make_app(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_guide(pilot)
        await pilot.pause(0.5)  # several autosaves with nothing typed: nothing to save, nothing breaks
        await settle(pilot)
        assert app.screen is screen and screen.interview_id is None
        screen.query_one("#person_name", Input).focus()
        await pilot.press(*"Awa")
        await settle_until(pilot, lambda: screen.interview_id is not None)
        assert "enregistré" in str(screen.query_one("#guide-state", Static).render())
        assert screen.step == 0
    new = [report for report in _saved(demo_workspace) if report.id not in before]
    assert [(report.who, report.draft.finished) for report in new] == [("Awa", False)]
