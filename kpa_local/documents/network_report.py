"""The network report, for the coordination to publish as is: Markdown, HTML (with bars) or PDF."""

from __future__ import annotations

import html
from decimal import Decimal

from kpa_local.domain.network import Count, NetworkFigures, Section

TITLE = "Les chiffres clés du réseau KPA-Cité"


def euros_text(amount: Decimal) -> str:
    whole, _, cents = f"{amount:.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", "\u202f")
    return f"{groups},{cents} €"


def intro_text(figures: NetworkFigures) -> str:
    span = figures.first.label if figures.first == figures.last else f"{figures.first.label} à {figures.last.label}"
    return (f"{figures.people} personnes, {len(figures.kpas)} KPA ({', '.join(figures.kpas)}), période {span}. "
            "Une personne est comptée une fois, avec ce que dit le dernier envoi de sa KPA. Les pourcentages sont "
            "arrondis à l'unité, de chaque sous-groupe indiqué.")  # fmt: skip


def revenue_years(figures: NetworkFigures) -> list[int]:
    return sorted({year for years in figures.revenue.values() for year in years})


def render_markdown(figures: NetworkFigures) -> str:
    """The report as Markdown: a table per figure, counts beside percentages."""
    lines = [f"# {TITLE}", "", intro_text(figures), ""]
    for section in figures.sections:
        lines += [f"## {section.title}", "", f"Parmi {section.among} ({_base(section)}).", "",
                  "| | nombre | % |", "|---|---:|---:|"]  # fmt: skip
        lines += [f"| {count.label} | {count.count} | {count.percent} % |" for count in section.counts]
        lines.append("")
    years = revenue_years(figures)
    lines += ["## Chiffre d'affaires facturé hors TVA, par KPA et par année", "",
              "| KPA | " + " | ".join(str(y) for y in years) + " |", "|---|" + "---:|" * len(years)]  # fmt: skip
    for kpa, by_year in sorted(figures.revenue.items()):
        lines.append(f"| {kpa} | " + " | ".join(euros_text(by_year.get(y, Decimal(0))) for y in years) + " |")
    return "\n".join(lines) + "\n"


def _base(section: Section) -> str:
    base = section.counts[0].base if section.counts else 0
    return f"{base} personne{'s' if base > 1 else ''}"


def max_amount(figures: NetworkFigures) -> Decimal:
    """The largest yearly revenue of a KPA (the longest bar)."""
    return max((amount for by_year in figures.revenue.values() for amount in by_year.values()), default=Decimal(0))


def _bars(section: Section, *, amounts: bool = False) -> str:
    rows = []
    for index, count in enumerate(section.counts):
        y = index * 26
        width = round(count.percent * 3)
        figure = euros_text(Decimal(count.count) / 100) if amounts else f"{count.count} ({count.percent} %)"
        rows.append(
            f'<text x="0" y="{y + 17}">{html.escape(count.label)}</text>'
            f'<rect x="230" y="{y + 4}" width="{width}" height="18" rx="3" fill="#0b6e4f"/>'
            f'<text x="{236 + width}" y="{y + 17}">{html.escape(figure)}</text>'
        )
    height = 26 * len(section.counts) + 4
    return (f'<svg role="img" aria-label="{html.escape(section.title)}" width="640" height="{height}" '
            f'font-family="sans-serif" font-size="14">{"".join(rows)}</svg>')  # fmt: skip


def render_html(figures: NetworkFigures) -> str:
    """The report as one HTML page (no external file): a bar chart and a table per figure."""
    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        f"<title>{TITLE}</title><style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;color:#1f2933}}"
        "h1{color:#0b6e4f}table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #cbd2d9}"
        "td.n{text-align:right}</style></head><body>",
        f"<h1>{TITLE}</h1><p>{html.escape(intro_text(figures))}</p>",
    ]
    for section in figures.sections:
        heading = f"<h2>{html.escape(section.title)}</h2><p>Parmi {html.escape(section.among)} ({_base(section)}).</p>"
        parts.append(heading + _bars(section) + "<table><tr><th></th><th>nombre</th><th>%</th></tr>")
        parts += [f"<tr><td>{html.escape(c.label)}</td><td class='n'>{c.count}</td><td class='n'>{c.percent} %</td>"
                  "</tr>" for c in section.counts]  # fmt: skip
        parts.append("</table>")
    years = revenue_years(figures)
    revenue = Section("Chiffre d'affaires", "", tuple(
        Count(f"{kpa} {year}", int(amount * 100), int(max_amount(figures) * 100) or 1)
        for kpa, by_year in sorted(figures.revenue.items()) for year, amount in sorted(by_year.items())))  # fmt: skip
    parts.append("<h2>Chiffre d'affaires facturé hors TVA, par KPA et par année</h2>")
    parts.append(_bars(revenue, amounts=True))
    parts.append("<table><tr><th>KPA</th>"
                 + "".join(f"<th>{y}</th>" for y in years) + "</tr>")  # fmt: skip
    for kpa, by_year in sorted(figures.revenue.items()):
        cells = "".join(f"<td class='n'>{euros_text(by_year.get(y, Decimal(0)))}</td>" for y in years)
        parts.append(f"<tr><td>{html.escape(kpa)}</td>{cells}</tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"
