"""The encoding of a CSV file a spreadsheet wrote: UTF-8, UTF-16 (« Texte Unicode ») or Windows-1252, never a mix.

Excel in France writes « CSV » in Windows-1252, « CSV UTF-8 » in UTF-8 with a BOM and « Texte Unicode »
in UTF-16 with a BOM. A file that holds even one accent written in UTF-8 is a UTF-8 file: a byte there
that is not UTF-8 is refused with its line rather than read as Windows-1252, which would turn every
« É » of the file into « Ã‰ » without a word.
"""

from __future__ import annotations

import codecs
import re

from kpa_local.domain.errors import KpaError

UTF8 = "UTF-8"
UTF16 = "UTF-16"
WINDOWS_1252 = "Windows-1252"

# One character of two to four bytes, as UTF-8 writes it (RFC 3629, section 4), the BOM included.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS_UTF8 = (
    "enregistrez le fichier en UTF-8 : dans le tableur, « Enregistrer sous », format « CSV UTF-8 ». "
    "Recommencez ensuite : rien n'a été importé."
)


class EncodingRefused(KpaError):
    """A file whose bytes cannot all be read in one encoding; `line` is where the first wrong one is."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def is_utf16(raw: bytes) -> bool:
    """Whether a file is UTF-16: it starts with the mark (as Excel's « Texte Unicode » does), or reads as it."""
    return raw.startswith(_UTF16_BOMS) or _utf16_without_mark(raw) is not None


def _utf16_without_mark(raw: bytes) -> str | None:
    """« utf-16-le » or « utf-16-be » for UTF-16 written without its mark (by other programs than Excel).

    Text of a CSV file is mostly Latin letters, digits and separators: in UTF-16 one byte of each
    pair is then zero, always on the same side; a binary file (a .xlsx is a ZIP) has zeros anywhere.
    """
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and others.count(0) == 0:
            return codec
    return None


def decode_csv(raw: bytes, source: str) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding, or EncodingRefused naming the line to look at."""
    if is_utf16(raw):
        return _utf16(raw, source), UTF16
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8"), UTF8
    except UnicodeDecodeError as error:
        if len(body) < len(raw) or _UTF8_MULTIBYTE.search(body):
            raise _mixed(body, error.start, source) from None
    return raw.decode("cp1252", errors="replace"), WINDOWS_1252


def _utf16(raw: bytes, source: str) -> str:
    bare = _utf16_without_mark(raw) if not raw.startswith(_UTF16_BOMS) else None
    try:
        return raw.decode(bare or "utf-16")
    except UnicodeDecodeError as error:
        unit = bare or ("utf-16-le" if raw.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
        read = raw[: error.start].decode(unit, errors="replace")
        line = read.count("\n") + 1
        raise EncodingRefused(
            f"Ligne {line} de {source} : le fichier est en « Texte Unicode » (UTF-16) mais il est coupé ou abîmé "
            f"à cet endroit. Vérifiez cette ligne, puis {_SAVE_AS_UTF8}",
            line,
        ) from None


def _mixed(raw: bytes, start: int, source: str) -> EncodingRefused:
    line_start = raw.rfind(b"\n", 0, start) + 1
    line_end = raw.find(b"\n", start)
    line_bytes = raw[line_start : len(raw) if line_end < 0 else line_end]
    line = raw.count(b"\n", 0, start) + 1
    word = _word_at(line_bytes, start - line_start)
    return EncodingRefused(
        f"Ligne {line} de {source} : « {word} » contient un caractère qui n'est pas en UTF-8, alors que le "
        "fichier est en UTF-8 : ses accents sont écrits de deux façons et il ne se lit pas sans les abîmer. "
        f"Vérifiez les accents de cette ligne, puis {_SAVE_AS_UTF8}",
        line,
    )


def _word_at(line: bytes, offset: int) -> str:
    """The word around the byte at `offset`, the bytes that are not UTF-8 shown as « ? »."""
    separators = b" \t;,\r\"'"
    start = offset
    while start > max(0, offset - 20) and line[start - 1] not in separators:
        start -= 1
    end = offset
    while end < min(len(line), offset + 20) and line[end] not in separators:
        end += 1
    word = line[start:end].decode("utf-8", errors="replace").replace("\ufffd", "?")
    return word or "?"
