"""The coordination's part of the `kpa` command: check the KPAs' bundles, write the network report.

Neither needs a KPA nor an account: they read the bundle files they are given.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.cli.french import action_group
from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import count_text
from kpa_local.workspace import Workspace

if TYPE_CHECKING:
    from kpa_local.domain.network import NetworkFigures

FORMATS = (".pdf", ".html", ".md")


def add_network_commands(commands: Any) -> None:
    """Add `kpa bundle check` and `kpa network report`."""
    bundle = action_group(commands, "bundle", "les envois des KPA (pour la coordination)")
    check = bundle.add_parser("check", help="vérifier des envois trimestriels (code de sortie 0 s'ils sont valables)")
    check.add_argument("files", nargs="+", metavar="FICHIER", help="les fichiers kpa-… .zip envoyés par les KPA")
    check.set_defaults(run=check_bundles, uses_workspace=False)
    network = action_group(commands, "network", "les chiffres du réseau (pour la coordination)")
    report = network.add_parser("report", help="les chiffres clés du réseau à partir des envois des KPA")
    report.add_argument("files", nargs="+", metavar="ENVOI", help="des envois .zip, ou des dossiers qui en contiennent")
    report.add_argument("--from", dest="first", metavar="TRIMESTRE", help="premier trimestre (2022Q1)")
    report.add_argument("--to", dest="last", metavar="TRIMESTRE", help="dernier trimestre (2023Q4)")
    report.add_argument("--out", required=True, metavar="FICHIER", help="rapport.pdf, rapport.html ou rapport.md")
    report.add_argument("--skip-invalid", action="store_true", help="laisser de côté les envois non valables")
    report.set_defaults(run=network_report, uses_workspace=False)


def _print_problems(name: str, sentences: list[str]) -> None:
    print(f"{name} : {count_text(len(sentences), 'problème')}.")
    for sentence in sentences:
        print(f"  {sentence}")


def check_bundles(_workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa bundle check`: every problem of every file in a sentence."""
    from kpa_local.exchange.bundle_check import check_bundle

    valid = True
    for name in args.files:
        result = check_bundle(Path(name))
        if result.valid:
            print(f"{name} : valable.")
        else:
            valid = False
            _print_problems(name, [problem.sentence() for problem in result.problems])
    return 0 if valid else 1


def network_report(_workspace: Workspace, args: argparse.Namespace) -> int:
    """`kpa network report`: check, merge, compute and write the report."""
    from kpa_local.domain.network import network_figures
    from kpa_local.domain.periods import parse_quarter, quarter_label
    from kpa_local.exchange.network_bundles import load_bundles
    from kpa_local.files import write_where_asked

    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise KpaError("Le rapport s'écrit en .pdf, .html ou .md : changez l'extension du fichier de --out.")
    loaded = load_bundles(Path(name) for name in args.files)
    for result in loaded.invalid:
        _print_problems(str(result.path), [problem.sentence() for problem in result.problems])
    if loaded.invalid and not args.skip_invalid:
        print("Des envois ne sont pas valables : rien n'a été écrit (--skip-invalid pour les laisser de côté).")
        return 1
    if not loaded.bundles:
        raise KpaError("Aucun envoi valable : il n'y a rien à compter.")
    quarters = sorted(bundle.quarter for bundle in loaded.bundles)
    first = parse_quarter(args.first) if args.first else quarters[0]
    last = parse_quarter(args.last) if args.last else quarters[-1]
    if first > last:
        raise KpaError(
            f"La période va à l'envers ({quarter_label(first)} après {quarter_label(last)}) : inversez --from et --to."
        )
    figures = network_figures(loaded.bundles, first, last)
    write_where_asked(out, _render(figures, out.suffix.lower()))
    left_out = (
        f" ({count_text(len(loaded.invalid), 'envoi laissé', 'envois laissés')} de côté)" if loaded.invalid else ""
    )
    print(f"Rapport écrit : {out} — {figures.people} personnes, {len(figures.kpas)} KPA{left_out}.")
    return 0


def _render(figures: NetworkFigures, suffix: str) -> bytes | str:
    if suffix == ".pdf":
        from kpa_local.documents.network_pdf import render_network_pdf

        return render_network_pdf(figures)
    from kpa_local.documents.network_report import render_html, render_markdown

    return render_html(figures) if suffix == ".html" else render_markdown(figures)
