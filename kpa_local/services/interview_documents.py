"""The interview kit's printed pieces: the deck of cards and an interview's report, as PDF files."""

from __future__ import annotations

from pathlib import Path

from kpa_local.files import write_private
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context
from kpa_local.services.interviews import interview_deck, interview_report

FOLDER = "entretiens"
CARDS_FILE = "cartes-du-kit-entretien.pdf"


def interviews_folder(context: Context) -> Path:
    """Where the cards and the reports are written (file names never hold a person's name)."""
    return context.workspace.exports_dir / FOLDER


def write_cards(context: Context) -> Path:
    """The KPA's deck, six large cards per A4 page with cut marks."""
    from kpa_local.documents.interview_cards_pdf import render_cards

    require(context, Permission.RECORD_INTERVIEWS)
    settings = context.settings
    pdf = render_cards(interview_deck(context), blank_jokers=settings.interviews.blank_jokers,
                       kpa_name=settings.kpa.name)  # fmt: skip
    path = interviews_folder(context) / CARDS_FILE
    write_private(path, pdf)
    return path


def write_report(context: Context, interview_id: int) -> Path:
    """An interview's report as a PDF (recorded in the audit trail: it holds what a person confided)."""
    from kpa_local.documents.interview_report_pdf import render_interview_report

    report = interview_report(context, interview_id)
    pdf = render_interview_report(report, printed_on=date_fr(context.today()))
    path = interviews_folder(context) / f"entretien-{interview_id}.pdf"
    write_private(path, pdf)
    record_action(context, "entretien.pdf", f"interview:{interview_id}")
    return path
