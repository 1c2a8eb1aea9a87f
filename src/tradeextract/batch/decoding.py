"""Bytes to text: BOMs, UTF-8, then charset-normalizer, and a refusal of binary data.

Offsets in the output index the decoded text exactly as decoded: newlines are left as they
are (CRLF stays CRLF) and only a byte-order mark is dropped, so a reader who decodes the file
the same way (`data.decode(encoding)` without newline translation) gets the same spans.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from tradeextract.batch.problems import InputProblem

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Category Cc except tab, newline, vertical tab, form feed and carriage return.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded; `guessed` means not UTF-8, so the user is warned."""

    text: str
    encoding: str
    bom: bool = False
    guessed: bool = False


def decode_bytes(data: bytes) -> Decoded:
    """Decode a document's bytes, raising InputProblem for binary or undecodable data."""
    decoded = _decode_with_bom(data) or _decode_without_bom(data)
    _refuse_control_characters(decoded.text)
    return decoded


def _decode_with_bom(data: bytes) -> Decoded | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputProblem(
                    "undecodable",
                    f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}",
                ) from None
            return Decoded(text, encoding, bom=True, guessed=encoding != "utf-8")
    return None


def _decode_without_bom(data: bytes) -> Decoded:
    if b"\x00" in data:
        raise InputProblem("binary", "contains NUL bytes: binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputProblem("undecodable", "not UTF-8 and no other text encoding fits: binary data?")
    return Decoded(str(best), best.encoding, guessed=True)


def _refuse_control_characters(text: str) -> None:
    if not text:
        return
    controls = len(CONTROL_CHARACTER.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputProblem(
            "binary", f"{controls} of {len(text)} characters are control characters: binary data"
        )


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (possible from JSON escapes) cannot be written as UTF-8.

    Each becomes U+FFFD, one character for one, so offsets do not move.
    """
    return LONE_SURROGATE.subn("\ufffd", text)
