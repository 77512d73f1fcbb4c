"""Ground truth into the ``events`` table: UCDP GED, UCDP country-year, ACLED, GDELT 2.0.

Every row is marked with its origin. A malformed row is reported with its line number
(``K111 file:LINE: reason``) and skipped; every other row is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pycountry
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from kuzet.errors import Rejected, Report
from kuzet.signals.tables import events
from kuzet.store import Store

# GDELT ActionGeo uses FIPS 10-4 country codes; these are the ones that differ from ISO.
FIPS_TO_ISO = {"TI": "TJ", "TX": "TM", "KZ": "KZ", "KG": "KG", "UZ": "UZ", "AF": "AF",
               "RS": "RU", "CH": "CN", "IR": "IR", "PK": "PK", "IN": "IN", "US": "US",
               "UP": "UA", "TU": "TR", "BG": "BD", "BM": "MM", "AJ": "AZ", "AM": "AM"}
# Gleditsch–Ward numbers used by UCDP for the six countries.
GW_TO_ISO = {"700": "AF", "701": "TM", "702": "TJ", "703": "KG", "704": "UZ", "705": "KZ"}
GDELT_COLUMNS = 61
Parser = Callable[[Mapping[str, str]], dict[str, Any]]


def iso2(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name or alpha-3 code, or None."""
    name = name.strip()
    if not name:
        return None
    try:
        if len(name) == 3 and name.isupper():
            found = pycountry.countries.get(alpha_3=name)
            if found is not None:
                return str(found.alpha_2)
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def _int(value: str, field: str) -> int:
    try:
        return int(float(value))
    except ValueError as exc:
        raise ValueError(f"{field} is not a number: {value!r}") from exc


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _day(value: str, field: str) -> str:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%Y%m%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"{field} is not a date: {value!r}")


def ged_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One UCDP GED event."""
    best = _int(row["best"], "best")
    kind = {"1": "state-based", "2": "non-state", "3": "one-sided"}.get(row["type_of_violence"])
    if kind is None:
        raise ValueError(f"type_of_violence is not 1, 2 or 3: {row['type_of_violence']!r}")
    return {
        "origin": "ucdp-ged", "origin_id": str(_int(row["id"], "id")),
        "date": _day(row["date_start"], "date_start"),
        "country": GW_TO_ISO.get(row.get("country_id", "")) or iso2(row["country"]),
        "location": ", ".join(x for x in (row.get("where_coordinates"), row.get("adm_2"),
                                         row.get("adm_1")) if x) or None,
        "lat": _float(row.get("latitude")), "lon": _float(row.get("longitude")),
        "actor1": row.get("side_a"), "actor2": row.get("side_b"), "type": "ASSAULT",
        "quad_class": 4, "goldstein": -10.0, "killed": best,
        "extra": {"type_of_violence": kind, "low": row.get("low"), "high": row.get("high"),
                  "date_end": row.get("date_end"), "adm_1": row.get("adm_1"),
                  "source_headline": row.get("source_headline"),
                  "dims": {"country": [c] if (c := GW_TO_ISO.get(row.get("country_id", ""))
                                               or iso2(row["country"])) else []}},
    }


def ucdp_cy_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One UCDP organized-violence country-year: total deaths as one yearly record."""
    year = _int(row["year_cy"], "year_cy")
    gw = row["country_id_cy"].strip()
    total = sum(_int(row[f], f) for f in ("sb_total_deaths_best_cy", "ns_total_deaths_best_cy",
                                         "os_total_deaths_best_cy"))
    country = GW_TO_ISO.get(gw) or iso2(row["country_cy"])
    return {
        "origin": "ucdp-cy", "origin_id": f"{gw}-{year}", "date": f"{year}-01-01",
        "date_precision": "year", "country": country, "type": "ASSAULT" if total else None,
        "quad_class": 4 if total else None, "killed": total,
        "extra": {"state_based_dyads": row.get("sb_dyad_names_cy"),
                  "non_state_dyads": row.get("ns_dyad_names_cy"),
                  "state_based": row.get("sb_total_deaths_best_cy"),
                  "non_state": row.get("ns_total_deaths_best_cy"),
                  "one_sided": row.get("os_total_deaths_best_cy")},
    }


ACLED_QUAD = {"Battles": 4, "Explosions/Remote violence": 4, "Violence against civilians": 4,
              "Riots": 4, "Protests": 3, "Strategic developments": 2}
ACLED_TYPE = {"Battles": "ASSAULT", "Explosions/Remote violence": "ASSAULT",
              "Violence against civilians": "ASSAULT", "Riots": "PROTEST",
              "Protests": "PROTEST", "Strategic developments": "MOBILIZE"}


def acled_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One ACLED event from a CSV export."""
    etype = row["event_type"].strip()
    if etype not in ACLED_QUAD:
        raise ValueError(f"unknown event_type {etype!r}")
    country = iso2(row["country"])
    return {
        "origin": "acled", "origin_id": row["event_id_cnty"].strip() or "?",
        "date": _day(row["event_date"], "event_date"), "country": country,
        "location": row.get("location"), "lat": _float(row.get("latitude")),
        "lon": _float(row.get("longitude")), "actor1": row.get("actor1"),
        "actor2": row.get("actor2"), "type": ACLED_TYPE[etype], "quad_class": ACLED_QUAD[etype],
        "killed": _int(row.get("fatalities") or "0", "fatalities"),
        "extra": {"event_type": etype, "sub_event_type": row.get("sub_event_type"),
                  "admin1": row.get("admin1"), "source": row.get("source"),
                  "dims": {"country": [country] if country else []}},
    }


def gdelt_row(cols: Mapping[str, str]) -> dict[str, Any]:
    """One GDELT 2.0 event (61 tab-separated columns, keyed by position)."""
    c = [cols[str(i)] for i in range(GDELT_COLUMNS)]
    fips = c[53].strip()
    country = FIPS_TO_ISO.get(fips, fips or None)
    quad = _int(c[29], "QuadClass")
    if quad not in (1, 2, 3, 4):
        raise ValueError(f"QuadClass is not 1-4: {c[29]!r}")
    return {
        "origin": "gdelt", "origin_id": str(_int(c[0], "GLOBALEVENTID")),
        "date": _day(c[1], "SQLDATE"), "country": country, "location": c[52] or None,
        "lat": _float(c[56]), "lon": _float(c[57]), "actor1": c[6] or c[5] or None,
        "actor2": c[16] or c[15] or None, "type": f"CAMEO:{c[26]}", "quad_class": quad,
        "goldstein": _float(c[30]), "killed": None, "source_url": c[60] or None,
        "extra": {"num_mentions": c[31], "num_articles": c[33], "adm1": c[54],
                  "actor1_country": c[7], "actor2_country": c[17],
                  "dims": {"country": [country] if country else []}},
    }


def _csv_rows(text: str) -> Iterator[tuple[int, Mapping[str, str] | None, str]]:
    reader = csv.DictReader(io.StringIO(text))
    width = len(reader.fieldnames or ())
    for row in reader:
        if None in row or any(v is None for v in row.values()) or len(row) != width:
            yield reader.line_num, None, "wrong number of columns"
        else:
            yield reader.line_num, row, ""


def _tsv_rows(text: str) -> Iterator[tuple[int, Mapping[str, str] | None, str]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != GDELT_COLUMNS:
            yield n, None, f"{len(cols)} columns, expected {GDELT_COLUMNS}"
        else:
            yield n, {str(i): v for i, v in enumerate(cols)}, ""


FORMATS: dict[str, tuple[Parser, Callable[[str], Iterator[tuple[int, Any, str]]]]] = {
    "ucdp-ged": (ged_row, _csv_rows), "ucdp-country-year": (ucdp_cy_row, _csv_rows),
    "acled": (acled_row, _csv_rows), "gdelt": (gdelt_row, _tsv_rows),
}


def parse(kind: str, path: Path, report: Report) -> list[dict[str, Any]]:
    """Parsed rows of one file; malformed rows go to ``report`` with their line number."""
    parser, reader = FORMATS[kind]
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    out = []
    for line, row, problem in reader(text):
        try:
            if row is None:
                raise ValueError(problem)
            out.append(parser(row))
        except (KeyError, ValueError) as exc:
            reason = f"missing column {exc}" if isinstance(exc, KeyError) else str(exc)
            report.reject(Rejected("K111", f"{path}:{line}", reason))
    return out


def import_file(store: Store, kind: str, path: Path, report: Report | None = None) -> Report:
    """Import one file of ground-truth events into the store (re-import updates rows)."""
    report = report or Report()
    rows = parse(kind, path, report)
    insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert
    cols = {c.name for c in events.columns} - {"id"}
    with store.writing() as conn:
        for row in rows:
            values = {k: v for k, v in row.items() if k in cols}
            values.setdefault("extra", {})
            stmt = insert(events).values(**values)
            stmt = stmt.on_conflict_do_update(
                index_elements=["origin", "origin_id"],
                set_={k: v for k, v in values.items() if k not in ("origin", "origin_id")})
            conn.execute(stmt)
            report.ok += 1
    return report


def counts(store: Store) -> dict[str, int]:
    """Events per origin."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(events.c.origin, sa.func.count())
                            .group_by(events.c.origin)).all()
    return {str(o): int(n) for o, n in rows}
