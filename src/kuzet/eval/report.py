"""Evaluation results as text for the terminal and Markdown for ``docs/quality.md``."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from datetime import date
from typing import Any

from kuzet.annotate.pipeline import PIPELINE_VERSION
from kuzet.eval.gold import FIELDS
from kuzet.eval.runner import LANG_SENTENCES


def _cell(v: Mapping[str, Any]) -> str:
    if v["kind"] == "set":
        return f"{v['precision']:.2f}/{v['recall']:.2f}/{v['f1']:.2f}"
    return f"{v['accuracy']:.2f}"


def _table(result: Mapping[str, Any], md: bool) -> list[str]:
    header = ["scope", "n", *FIELDS]
    rows = [["overall", str(result["documents"]), *(_cell(result["overall"][f]) for f in FIELDS)]]
    for lang, fields in result["languages"].items():
        n = fields["lang"]["total"]
        rows.append([lang, str(n), *(_cell(fields[f]) for f in FIELDS)])
    if md:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]]


def _misses(result: Mapping[str, Any], md: bool) -> list[str]:
    lines: list[str] = []
    bullet = "- " if md else "  "
    for f in FIELDS:
        v = result["overall"][f]
        if v["kind"] == "set":
            miss = ", ".join(f"{m['label']}×{m['count']}" for m in v["worst_misses"]) or "none"
            false = ", ".join(f"{m['label']}×{m['count']}" for m in v["worst_false_finds"]) or "none"
            lines.append(f"{bullet}{f}: missed {miss}; false {false}")
        else:
            wrong = "; ".join(
                f"{w['doc']} gold={w['gold']} got={w['predicted']}" for w in v["wrong"]
            ) or "none"
            lines.append(f"{bullet}{f}: {wrong}")
    return lines


def dev_text(result: Mapping[str, Any]) -> str:
    """Terminal report of a dev-set evaluation: P/R/F1 (sets) or accuracy (single values)."""
    lines = [
        f"{result['gold']}: {result['documents']} documents in {result['seconds']} s",
        "cells: precision/recall/F1 for label sets; accuracy for lang, killed, event_date",
        "",
        *_table(result, md=False),
        "",
        "worst misses and false finds:",
        *_misses(result, md=False),
    ]
    return "\n".join(lines)


def quality_markdown(results: Mapping[str, Any]) -> str:
    """The whole ``docs/quality.md`` from :func:`kuzet.eval.runner.evaluate_all` results."""
    out = [
        "# Quality",
        "",
        f"Written by `make eval` on {date.today().isoformat()} (pipeline {PIPELINE_VERSION},",
        f"Python {platform.python_version()}). Every figure is computed from the pipeline's",
        "output on the gold sets in `../shared`; nothing is cached.",
        "",
    ]
    dev = results.get("dev")
    if dev:
        out += [
            "## Development gold set (`../shared/eval/dev/news.jsonl`)",
            "",
            "Cells: precision/recall/F1 (micro) for label sets; exact-match accuracy for",
            "`lang`, `killed` and `event_date` (null = null counts as a match).",
            "",
            *_table(dev, md=True),
            "",
            "Worst misses and false finds:",
            "",
            *_misses(dev, md=True),
            "",
        ]
    held = results.get("heldout")
    if held:
        out += [
            "## Held-out set (`eval/heldout/news.jsonl`)",
            "",
            "Fictional texts written blind to the system after its lexicons were built, in",
            "every language, to measure how the stages generalise beyond the development set.",
            "Same cells as above.",
            "",
            *_table(held, md=True),
            "",
            "Worst misses and false finds:",
            "",
            *_misses(held, md=True),
            "",
        ]
    seed = results.get("seed")
    if seed:
        out += ["## Reference article (`../shared/seed`)", ""]
        out += [f"- {k}: {'pass' if ok else 'FAIL'}" for k, ok in seed["checks"].items()]
        out += [
            f"- 'should' spellings found (actors and places): {seed['should_spellings_recall']:.2f}"
            + (f" (missed: {', '.join(seed['missed_spellings'])})" if seed["missed_spellings"] else ""),
            "",
        ]
    ner = results.get("ner")
    if ner:
        out += [
            "## Place recall on NER gold corpora (`../shared/data/ner_gold`)",
            "",
            "Gold LOC/GPE mentions whose name (with a Russian or Kazakh case ending, or after an",
            "Arabic clitic, in those languages only) is the name of a country, an admin-1 unit",
            "(Natural Earth, CLDR) or a town of 15,000+ (GeoNames) in KZ, KG, TJ, TM, UZ or AF; a",
            "mention counts as found when a place or country reference the stage reports overlaps",
            "it. Last column: the language identified from each sentence alone (the first",
            f"{LANG_SENTENCES:,} sentences), a harder test than whole articles.",
            "",
            "| corpus | lang | mentions | found | recall | worst misses | sentence language |",
            "|---|---|---|---|---|---|---|",
        ]
        for corpus, v in ner.items():
            recall = f"{v['recall']:.2f}" if v["recall"] is not None else "n/a"
            worst = ", ".join(f"{m['text']}×{m['count']}" for m in v["worst_misses"][:5])
            ident = (f"{v['sentence_language']:.3f} of {v['sentences']:,}"
                     if v.get("sentence_language") is not None else "n/a")
            out.append(f"| {corpus} | {v['language']} | {v['mentions']} | {v['found']} | {recall} "
                       f"| {worst} | {ident} |")
        out += [
            "",
            "Precision check on the same sentences: of the places and country references, and",
            "of the actors, found in each corpus's first sentences, the share that overlaps a",
            "gold mention of any class. Country adjectives (\"российских\", \"العراقي\") count as",
            "country references in Kuzet but are untagged in factRuEval and ANERcorp, so there",
            "the share is a floor, not the precision.",
            "",
            "| corpus | places found | in gold | actors found | in gold |",
            "|---|---|---|---|---|",
        ]
        for corpus, v in ner.items():
            if v.get("places_found") is None:
                continue
            cells = [f"{v[k]:.3f}" if v[k] is not None else "n/a"
                     for k in ("places_in_gold", "actors_in_gold")]
            out.append(f"| {corpus} | {v['places_found']:,} | {cells[0]} | {v['actors_found']:,} "
                       f"| {cells[1]} |")
        out.append("")
    plover = results.get("plover")
    if plover:
        out += [
            "## PLOVER gold records (`../shared/data/plover/PLOVER_GSR_CAMEO.json`, English)",
            "",
            f"- records: {plover['records']} (2016 categories mapped to the current 16 types)",
            f"- gold type among the predicted events: {plover['accuracy_any']}",
            f"- gold type = first predicted event: {plover['accuracy_top']}",
            "",
        ]
    tfdd = results.get("tfdd")
    if tfdd:
        out += [
            "## TFDD Central Asian water events (`../shared/data/water_events`)",
            "",
            f"- events: {tfdd['events']}; given a non-zero BAR by both: {tfdd['scored_nonzero']}"
            f" (coverage {tfdd['coverage']})",
            f"- sign agreement of our BAR with TFDD's: {tfdd['sign_agreement']}",
            "",
        ]
    stories = results.get("stories")
    if stories:
        out += [
            "## Story grouping (issue 6)",
            "",
            f"Labelled set: the fictional demo corpus ({stories['articles'] - stories['dev_texts']}"
            f" reports) and the {stories['dev_texts']} dev texts; {stories['gold_stories']} gold"
            f" stories, {stories['predicted_stories']} predicted. Dev texts without a story"
            " (background pieces) count as their own singletons.",
            "",
            "| metric | precision | recall | F1 |",
            "|---|---|---|---|",
            f"| B-cubed (each report counted once) | {stories['bcubed_precision']:.3f} | "
            f"{stories['bcubed_recall']:.3f} | {stories['bcubed_f1']:.3f} |",
            f"| pairwise (each pair of reports) | {stories['pair_precision']:.3f} | "
            f"{stories['pair_recall']:.3f} | {stories['pair_f1']:.3f} |",
            "",
            "The September 2022 Kyrgyz–Tajik clash reports (several outlets and languages) fall"
            f" into {stories['sep_2022_clashes_parts']} predicted story(ies).",
            "",
        ]
    return "\n".join(out)
