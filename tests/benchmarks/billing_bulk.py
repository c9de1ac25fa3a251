"""A KPA with tens of thousands of invoices, written straight into SQLite for benchmarks.

Issuing 50,000 invoices one by one would take an hour; the rows written here have the shape
issuing gives them (number, series, frozen content, hash), copied from a real issued invoice.
"""

from __future__ import annotations

import json
import random
from contextlib import closing
from datetime import date, timedelta

from kpa_local.db import cipher
from kpa_local.domain.text import fold
from kpa_local.workspace import Workspace

CLIENT_NAMES = ("Boulangerie", "Centre social", "Mairie", "Association", "Garage", "Épicerie", "Collège", "Crèche")


def add_invoices(workspace: Workspace, count: int, *, seed: int = 50_000, today: date | None = None) -> None:
    """Add `count` issued invoices (one line each, most paid) spread over the last ten years."""
    rng = random.Random(seed)
    today = today or date.today()
    with closing(cipher.connect(workspace.database_file)) as connection:
        template_row = connection.execute(
            "SELECT f.content_json, d.client_id FROM document d JOIN frozen_content f ON f.document_id = d.id "
            "WHERE d.kind = 'facture' LIMIT 1"
        ).fetchone()
        template = json.loads(template_row[0])
        clients = []
        for index in range(500):
            name = f"{rng.choice(CLIENT_NAMES)} {index:03d}"
            cursor = connection.execute(
                "INSERT INTO client (kind, name, address, postal_code, city, country, contact, email, phone, siren, "
                "siret, vat_number, archived, created_at) VALUES ('association', ?, '1 rue', '59100', 'Roubaix', 'FR', "
                "'', '', '', '', '', '', 0, '2020-01-01 00:00:00')",
                (name,),
            )
            clients.append((cursor.lastrowid, name))
        first = today - timedelta(days=3650)
        documents = []
        contents = {}
        for seq in range(1, count + 1):
            day = first + timedelta(days=3650 * seq // (count + 1))
            client_id, name = rng.choice(clients)
            number = f"BX-{day.year}-{seq:06d}"
            contents[number] = json.dumps({**template, "number": number, "issue_date": day.isoformat(),
                                           "client": {**template["client"], "name": name}})  # fmt: skip
            total = rng.randint(2_000, 200_000)
            documents.append(
                {"number": number, "day": day.isoformat(), "due": (day + timedelta(days=30)).isoformat(),
                 "client": client_id, "title": f"Prestation {seq}", "net": total * 5 // 6,
                 "vat": total - total * 5 // 6, "total": total, "seq": seq,
                 "search": fold(f"{number} {name} Prestation {seq}")}
            )  # fmt: skip
        connection.executemany(
            "INSERT INTO document (kind, status, number, series, year, seq, client_id, issue_date, due_date, title, "
            "work_place, notes, total_net_cents, total_vat_cents, total_cents, pdf_sha256, search_text, created_at) "
            "VALUES ('facture', 'brouillon', NULL, 'BX', 0, :seq, :client, :day, :due, :title, '', '', :net, :vat, "
            ":total, :number, :search, '2020-01-01 00:00:00')",
            documents,
        )
        rows = connection.execute("SELECT id, total_cents, issue_date FROM document WHERE series = 'BX'").fetchall()
        lines = []
        payments = []
        for document_id, total, issued in rows:
            net = total * 5 // 6
            lines.append((document_id, 1, "Prestation", "1", "forfait", net, "20", net))
            if rng.random() < 0.7:
                payments.append((document_id, issued, total))
        connection.executemany(
            "INSERT INTO document_line (document_id, position, designation, quantity, unit, unit_price_cents, "
            "discount_percent, vat_rate, net_cents, is_deduction) VALUES (?, ?, ?, ?, ?, ?, '0', ?, ?, 0)",
            lines,
        )
        # Lines go in while the invoices are still drafts: the database refuses them on issued ones.
        connection.execute("UPDATE document SET number = pdf_sha256, status = 'emise' WHERE series = 'BX'")
        connection.executemany(
            "INSERT INTO frozen_content (document_id, content_json) SELECT id, ? FROM document WHERE number = ?",
            [(content, number) for number, content in contents.items()],
        )
        connection.executemany(
            "INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference, created_at) "
            "VALUES (?, ?, ?, 'virement', '', '2020-01-01 00:00:00')",
            payments,
        )
        connection.commit()
