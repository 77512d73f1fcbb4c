"""Bytes to text: BOM, declared charset, UTF-8, then the region's legacy encodings.

News sites in Central Asia and Afghanistan still serve pages in windows-1251, KOI8-R,
KZ-1048 or windows-1256, often with a wrong or missing charset declaration. When UTF-8
fails, every candidate is decoded and scored on how plausible the result is (share of
letters in the candidate's script, and a case pattern: real Cyrillic prose is mostly
lower case, while windows-1251 read as KOI8-R — or the reverse — comes out mostly upper
case). Binary input is rejected with ``K102``. Output is NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from kuzet.errors import Rejected

_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # OLE (old .doc/.xls)
    b"RIFF",
    b"OggS",
    b"ID3\x03",
    b"ID3\x04",
    b"\x00\x00\x01\x00",  # .ico
    b"wOFF",
    b"wOF2",
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy candidates in order of preference when scores tie (windows-1251 is by far the
# most common legacy encoding on the region's sites).
_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("cp1251", "Cyrl"),
    ("kz1048", "Cyrl"),
    ("koi8-r", "Cyrl"),
    ("cp1256", "Arab"),
    ("cp1252", "Latn"),
)

# Labels that browsers treat as windows-1252; pages that say so but are valid UTF-8 lie.
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso-8859-1", "us-ascii"}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)

SNIFF_BYTES = 4096

_WORD = re.compile(r"[^\W\d_]+")
# Serbian/Macedonian/Ukrainian letters: where windows-1251 puts them, KZ-1048 has Kazakh.
_FOREIGN_CYRILLIC = frozenset("ЂЃѓЉЊЌЋЏђљњќћџЅѕЈјҐґЄєЇї")


def _reject(subject: str, reason: str) -> Rejected:
    return Rejected("K102", subject, reason)


def looks_binary(data: bytes) -> str | None:
    """A reason when ``data`` looks like a binary file (magic number or NUL bytes), else None."""
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            return f"binary file (starts with {magic[:4]!r})"
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "binary input (NUL bytes)"
    return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"x-user-defined", "binary", "none", ""}:
        return None
    if label in {"windows-874"}:
        label = "cp874"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_meta(data: bytes) -> str | None:
    """The charset declared by ``<meta charset>`` / ``http-equiv`` in the first bytes, if any."""
    m = _META_CHARSET.search(data[:SNIFF_BYTES])
    return m.group(1).decode("ascii", "replace") if m else None


def _script_of(ch: str) -> str:
    o = ord(ch)
    if 0x0400 <= o <= 0x052F:
        return "Cyrl"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "Arab"
    if o < 0x0250:
        return "Latn"
    return "Other"


def plausibility(text: str, script: str) -> float:
    """How much ``text`` looks like real prose in ``script`` (higher is better, at most 1)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return 0.0
    same = [c for c in letters if _script_of(c) == script]
    score = len(same) / len(letters)
    if script in {"Cyrl", "Latn"} and same:
        # Mis-decoded Cyrillic flips case; real prose is mostly lower case.
        upper = sum(1 for c in same if c.isupper())
        score -= upper / len(same) * 0.8
    if script != "Latn":
        # Cyrillic and Arabic words never mix in ASCII letters ("prйsident" is café-style
        # Latin read through a Cyrillic code page).
        words = [w for w in _WORD.findall(text) if not w.isascii()]
        if words:
            mixed = sum(1 for w in words if any(c.isascii() for c in w))
            score -= mixed / len(words)
        foreign = sum(1 for c in same if c in _FOREIGN_CYRILLIC)
        score -= foreign / len(letters) * 2
    if script == "Latn":
        # Western European prose is mostly ASCII letters with a few accented ones; a
        # Cyrillic or Arabic page read as windows-1252 is accented letters throughout.
        ascii_letters = sum(1 for c in text if c.isascii() and c.isalpha())
        share = len(letters) / (len(letters) + ascii_letters)
        score -= max(0.0, share - 0.25) * 2
    # Symbols and control characters in the high range betray a wrong code page.
    odd = sum(1 for c in text if ord(c) > 127 and unicodedata.category(c)[0] in "CS")
    high = sum(1 for c in text if ord(c) > 127)
    if high:
        score -= odd / high * 0.5
    return score


def _legacy(data: bytes) -> str | None:
    best: tuple[float, str] | None = None
    sample = data[: SNIFF_BYTES * 4]
    for rank, (codec, script) in enumerate(_CANDIDATES):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        # A small rank penalty breaks ties in favour of the more common code page.
        score = plausibility(text, script) - rank * 0.001
        if best is None or score > best[0]:
            best = (score, codec)
    return best[1] if best else None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _printable(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    bad = sum(1 for c in sample if unicodedata.category(c) in {"Cc", "Co", "Cn", "Cs"}
              and c not in "\n\r\t")
    return bad <= len(sample) * 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    if len(head) < 16:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    # UTF-16 puts a NUL beside every ASCII character (spaces, digits), always on the same
    # side; binary data scatters NULs on both.
    if odd > 0.05 * half and even <= 0.01 * half:
        return _try(data, "utf-16-le")
    if even > 0.05 * half and odd <= 0.01 * half:
        return _try(data, "utf-16-be")
    return None


def decode(data: bytes, declared: str | None = None, subject: str = "") -> str:
    """Decode page or file bytes to NFC text; raise ``Rejected('K102')`` on binary input."""
    text = _decode(data, declared, subject)
    if "\x00" in text:
        raise _reject(subject, "binary input (NUL characters)")
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, declared: str | None, subject: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom):], codec)
            if text is None:
                raise _reject(subject, f"invalid {codec} after its byte-order mark")
            return text
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            raise _reject(subject, f"binary file (starts with {magic[:4]!r})")
    if b"\x00" in data[:SNIFF_BYTES]:
        text = _utf16_without_bom(data)
        if text is not None and _printable(text):
            return text
        raise _reject(subject, "binary input (NUL bytes)")
    if data.isascii():
        return data.decode("ascii")
    # Non-ASCII bytes that form valid UTF-8 are UTF-8 whatever the page claims: legacy
    # single-byte prose practically never is valid UTF-8, while wrong declarations abound.
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return utf8
    named = _codec_name(declared) or _codec_name(sniff_meta(data))
    if named and named != "utf-8" and named not in _WESTERN:
        declared_text = _try(data, named)
        if declared_text is not None:
            return declared_text
    legacy = _legacy(data)
    legacy_text = _try(data, legacy) if legacy else None
    return legacy_text if legacy_text is not None else data.decode("latin-1")
