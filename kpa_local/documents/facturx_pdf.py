"""A PDF/A-3 invoice carrying its Factur-X XML, the same bytes each time it is rendered.

The factur-x library attaches the XML (AFRelationship Data) and writes the XMP metadata
PDF/A-3 asks for; the sRGB output intent comes with every kpa_local PDF (pdf_kit). The library stamps the current
time into the metadata: during embedding its clock is set to the document's issue date,
so that rendering an issued invoice again gives the very same file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

from kpa_local.documents.business_pdf import render_business_pdf
from kpa_local.documents.facturx_data import facturx_xml
from kpa_local.domain.billing import KIND_TITLES, QUOTE, DocumentContent

_embedding = threading.Lock()


@contextmanager
def _clock_at(day: date) -> Iterator[None]:
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    import facturx.facturx as library

    with (
        mock.patch.object(library, "_get_metadata_timestamp", lambda: moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
        mock.patch.object(
            library, "_get_pdf_timestamp", lambda date=None: (date or moment).strftime("D:%Y%m%d%H%M%S+00'00'")
        ),
    ):
        yield


def render_document(content: DocumentContent, logo: Any = None) -> bytes:
    """The PDF of a document; invoices, deposit invoices and credit notes carry their Factur-X XML."""
    pdf = render_business_pdf(content, logo)
    if content.kind == QUOTE or not content.number:
        return pdf
    from facturx import generate_from_binary

    xml = facturx_xml(content)
    metadata = {
        "author": content.seller.name,
        "keywords": "Factur-X, facture",
        "title": f"{KIND_TITLES[content.kind]} {content.number}",
        "subject": f"{KIND_TITLES[content.kind]} {content.number} du {content.issue_date:%d/%m/%Y}",
    }
    with _embedding, _clock_at(content.issue_date):
        embedded = generate_from_binary(
            pdf, xml, flavor="factur-x", level="en16931", check_xsd=False, pdf_metadata=metadata, lang="fr-FR"
        )
    return bytes(embedded)
