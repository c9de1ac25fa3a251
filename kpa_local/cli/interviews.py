"""The interviews part of the `kpa` command: the list, the cards to print, a report, the analysis."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group, record_number
from kpa_local.cli.session import on_open_kpa
from kpa_local.domain.text import count_text

if TYPE_CHECKING:
    from kpa_local.domain.network import Section
    from kpa_local.services.context import Context


def add_interview_commands(commands: Any) -> None:
    """Add `kpa interviews list|cards|report|analysis`."""
    interviews = action_group(commands, "interviews", "les entretiens d'évaluation")
    listing = interviews.add_parser("list", help="les entretiens (une personne anonyme n'y est jamais nommée)")
    listing.set_defaults(run=on_open_kpa(_list))
    cards = interviews.add_parser("cards", help="imprimer les cartes du kit (PDF, six cartes par page)")
    cards.set_defaults(run=on_open_kpa(_cards))
    report = interviews.add_parser("report", help="le compte rendu d'un entretien (PDF)")
    report.add_argument(
        "number", type=record_number, metavar="N", help="le numéro de l'entretien (voir kpa interviews list)"
    )
    report.set_defaults(run=on_open_kpa(_report))
    analysis = interviews.add_parser("analysis", help="les cartes et les effets comptés, par public")
    analysis.add_argument("--effect", metavar="CODE", help="lire chaque passage relevé avec cet effet")
    analysis.set_defaults(run=on_open_kpa(_analysis))


def _cards(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.services.interview_documents import write_cards

    print(f"Les cartes sont dans {write_cards(context)} : imprimez-les, puis découpez-les le long des traits.")
    return 0


def _report(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.services.interview_documents import write_report

    print(f"Compte rendu écrit dans {write_report(context, args.number)}.")
    return 0


def _list(context: Context, _args: argparse.Namespace) -> int:
    from kpa_local.domain.interviews import PUBLICS
    from kpa_local.fmt import date_fr
    from kpa_local.services.interviews import list_interviews

    found = list_interviews(context)
    for row in found:
        state = "terminé" if row.finished else "en cours"
        shared = "partagé" if row.consent_share else "non partagé"
        print(f"n° {row.id:<4} {date_fr(row.held_on)}  {row.who:28} {PUBLICS[row.public]:30} {state:9} {shared:12} "
              f"{count_text(len(row.cards), 'carte')}, "
              f"{row.coded}/{count_text(row.passages, 'passage codé', 'passages codés')}")  # fmt: skip
    print(f"{count_text(len(found), 'entretien')}.")
    return 0


def _bars(section: Section) -> None:
    print(f"  {section.title} ({section.among})")
    for count in section.counts:
        if count.count:
            print(f"    {count.label:42} {count.count:>3}  {count.percent:>3} %  {'█' * (count.percent // 5)}")


def _analysis(context: Context, args: argparse.Namespace) -> int:
    from kpa_local.domain.errors import KpaError
    from kpa_local.domain.interviews import EFFECTS, PUBLICS
    from kpa_local.fmt import date_fr
    from kpa_local.services.interview_analysis import interview_analysis

    effect: str | None = args.effect
    if effect is not None and effect not in EFFECTS:
        raise KpaError(f"« {effect} » n'est pas un effet de la grille : choisissez parmi {', '.join(EFFECTS)}.")
    analysis = interview_analysis(context)
    if effect is not None:
        quoted = analysis.passages[effect]
        print(f"{EFFECTS[effect]} : {count_text(len(quoted), 'passage')}.")
        for passage in quoted:
            print(f"\n« {passage.text} »\n  — entretien n° {passage.interview_id} du {date_fr(passage.held_on)}, "
                  f"{PUBLICS[passage.public].lower()}, carte « {passage.card} »")  # fmt: skip
        return 0
    print(analysis.counted_sentence())
    for tally in analysis.tallies:
        print(f"\n{tally.title} — {count_text(tally.interviews, 'entretien')}")
        if tally.interviews:
            for section in (tally.first_cards, tally.any_cards, tally.effects):
                _bars(section)
    return 0
