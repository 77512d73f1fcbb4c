"""Stable error codes and counted rejections.

Expected rejections (an empty file, a dead feed, a page without main text) are not
crashes: they are recorded in a :class:`Report` by reason, printed as one line naming
the input, and the batch goes on (scrapy's ``DropItem``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Stable codes: never renumber, only add.
CODES: dict[str, str] = {
    "K100": "unreadable input",
    "K101": "empty input",
    "K102": "binary or undecodable input",
    "K103": "input too large",
    "K104": "unsupported input type",
    "K110": "no main text found",
    "K111": "malformed record",
    "K120": "HTTP error",
    "K121": "timeout",
    "K122": "too many redirects",
    "K123": "blocked by robots.txt",
    "K124": "address not allowed",
    "K125": "unsupported URL scheme",
    "K126": "network error",
    "K130": "broken feed",
    "K140": "duplicate (already stored)",
    "K150": "database error",
    "K160": "invalid data file",
    "K170": "invalid setting",
    "K180": "invalid account or request",
    "K190": "cluster unavailable or misconfigured",
}


class KuzetError(Exception):
    """An error with a stable code, the input it concerns and a human reason."""

    def __init__(self, code: str, subject: str, reason: str) -> None:
        super().__init__(f"{code} {subject}: {reason}")
        self.code = code
        self.subject = subject
        self.reason = reason

    def line(self) -> str:
        """One line for the user: code, input, reason."""
        return f"{self.code} {self.subject}: {self.reason}"


class Rejected(KuzetError):
    """An expected rejection of one input: counted, reported, never fatal to the batch."""


@dataclass
class Report:
    """Counts of what a batch did, with rejections by code and their one-line messages."""

    ok: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)

    def reject(self, err: KuzetError) -> str:
        """Record one rejection and return its line."""
        self.rejected[err.code] += 1
        line = err.line()
        self.messages.append(line)
        return line

    def summary(self) -> str:
        """A short human summary of the batch."""
        parts = [f"{self.ok} stored", f"{self.duplicates} duplicates"]
        parts += [f"{n} {CODES.get(c, c)} ({c})" for c, n in sorted(self.rejected.items())]
        return ", ".join(parts)
