"""Readers for the gold sets in ``../shared``: dev news, NER corpora, PLOVER records, TFDD."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The gold fields of the dev set, and how each is scored.
SET_FIELDS: tuple[str, ...] = ("countries", "admin1", "themes", "events")
EXACT_FIELDS: tuple[str, ...] = ("lang", "killed", "event_date")
FIELDS: tuple[str, ...] = ("lang", "countries", "admin1", "themes", "events", "killed", "event_date")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines gold file (blank lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class Mention:
    """A gold entity mention inside a sentence rebuilt from tokens."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class NerSentence:
    """A sentence of a NER corpus: text rebuilt with single spaces, and its mentions."""

    text: str
    mentions: tuple[Mention, ...]


# Per corpus: language, files (relative to ner_gold/), token/tag separator, place labels.
NER_CORPORA: dict[str, tuple[str, tuple[str, ...], str | None, frozenset[str]]] = {
    "KazNERD": ("kk", ("kaznerd/IOB2_test.txt",), " ", frozenset({"GPE", "LOCATION"})),
    "factRuEval": (
        "ru",
        ("factrueval_ru/factrueval2016_testset_BIO.txt",),
        "\t",
        frozenset({"Location", "LocOrg"}),
    ),
    "ANERcorp": ("ar", ("anercorp_ar/ANERCorp_CamelLab_test.txt",), " ", frozenset({"LOC"})),
    "Arman": ("fa", ("arman_fa/test_fold1.txt",), " ", frozenset({"loc"})),
}


def read_conll(path: Path, sep: str | None) -> Iterator[NerSentence]:
    """Sentences of a token-per-line IOB file; blank lines separate sentences."""
    tokens: list[tuple[str, str]] = []

    def flush() -> NerSentence | None:
        if not tokens:
            return None
        parts: list[str] = []
        mentions: list[Mention] = []
        pos = 0
        cur: list[Any] | None = None  # [start, end, label]
        for tok, tag in tokens:
            start = pos
            parts.append(tok)
            pos += len(tok) + 1
            prefix, _, label = tag.partition("-")
            if prefix == "B" or (prefix == "I" and (cur is None or cur[2] != label)):
                if cur:
                    mentions.append(Mention(cur[0], cur[1], "", cur[2]))
                cur = [start, start + len(tok), label]
            elif prefix == "I" and cur is not None:
                cur[1] = start + len(tok)
            else:
                if cur:
                    mentions.append(Mention(cur[0], cur[1], "", cur[2]))
                cur = None
        if cur:
            mentions.append(Mention(cur[0], cur[1], "", cur[2]))
        text = " ".join(parts)
        return NerSentence(
            text, tuple(Mention(m.start, m.end, text[m.start : m.end], m.label) for m in mentions)
        )

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                sent = flush()
                tokens = []
                if sent:
                    yield sent
                continue
            tok, _, tag = line.rpartition(sep) if sep else line.rpartition(" ")
            if not tok:
                tok, tag = line, "O"
            tokens.append((tok.strip(), tag.strip() or "O"))
    sent = flush()
    if sent:
        yield sent


# PLOVER's 2016 gold records use older categories; the current ontology merged them.
GSR_TYPE_MAP: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
}


def read_plover_gsr(path: Path) -> Iterator[tuple[str, str, str]]:
    """(id, text, current PLOVER type) of each English gold record (DOCUMENT skipped)."""
    for rec in json.loads(path.read_text(encoding="utf-8")):
        event = rec.get("event")
        if not rec.get("text") or event == "DOCUMENT":
            continue
        yield rec["id"], rec["text"], GSR_TYPE_MAP.get(event, event)


def read_tfdd(path: Path) -> Iterator[tuple[str, str, str, int]]:
    """(id, date, summary, BAR scale) of each TFDD water event with a summary."""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            summary = (row.get("EVENT_SUMMARY") or "").strip()
            try:
                bar = int(row.get("BAR_Scale") or "")
            except ValueError:
                continue
            if summary:
                yield row.get("ID") or "", row.get("DATE") or "", summary, bar
