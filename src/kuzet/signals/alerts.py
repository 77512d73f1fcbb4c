"""Alert rules over daily series: burst, count model, dyad shift and watchlists.

Each rule is a pure function of the numbers it is shown and returns ``None`` or the
numbers behind its decision (stored with the alert). Formulas: ``docs/alerts.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class AlertParams:
    """Thresholds of every rule (settings ``alert_*`` override them)."""

    burst_window: int = 14
    burst_ratio: float = 3.0
    burst_min: float = 2.0
    count_baseline: int = 28
    count_alpha: float = 0.01
    count_min: float = 2.0
    shift_recent: int = 7
    shift_baseline: int = 60
    shift_drop: float = 4.0
    shift_min_events: int = 2
    evidence_days: int = 3  # minimum evidence: distinct conflict stories over these days
    evidence_stories: int = 2  # ... at least this many
    episode_days: int = 7  # no second alert on a key within this many days of the last


def burst(counts: Sequence[float], p: AlertParams = AlertParams()) -> dict[str, Any] | None:
    """EMM burst: today's count against the mean of the previous ``burst_window`` days."""
    if not counts:
        return None
    current = float(counts[-1])
    past = [float(x) for x in counts[-1 - p.burst_window:-1]]
    mean = sum(past) / len(past) if past else 0.0
    # A floor of one story per window keeps an empty past from making every story a burst.
    floor = 1.0 / max(p.burst_window, 1)
    ratio = current / max(mean, floor)
    if current >= p.burst_min and ratio >= p.burst_ratio:
        return {"current": current, "past_mean": round(mean, 4), "ratio": round(ratio, 3),
                "threshold": p.burst_ratio, "window": p.burst_window}
    return None


def poisson_sf(x: float, lam: float) -> float:
    """P(X >= x) for X ~ Poisson(lam)."""
    k_max = math.ceil(x) - 1
    if k_max < 0:
        return 1.0
    if lam <= 0:
        return 0.0
    term = math.exp(-lam)
    cdf = term
    for k in range(1, k_max + 1):
        term *= lam / k
        cdf += term
    return max(0.0, 1.0 - cdf)


def weekday_factors(counts: Sequence[float], weekdays: Sequence[int]) -> list[float]:
    """Relative volume of each weekday (Monday = 0), smoothed towards 1."""
    totals, days = [0.0] * 7, [0] * 7
    for c, w in zip(counts, weekdays, strict=True):
        totals[w] += c
        days[w] += 1
    overall = (sum(totals) + 7) / (sum(days) + 7)
    # One pseudo-day at the overall mean per weekday: few weeks of data stay near 1.
    return [((totals[w] + overall) / (days[w] + 1)) / overall for w in range(7)]


def count_model(counts: Sequence[float], coverage: Sequence[float], weekdays: Sequence[int],
                factors: Sequence[float] | None = None,
                p: AlertParams = AlertParams()) -> dict[str, Any] | None:
    """Poisson surprise of today's count given a baseline adjusted for weekday and coverage.

    ``coverage`` is the number of sources active each day: the expected count scales
    with it, so a quiet feed day lowers the expectation instead of reading as calm,
    and a busy one does not read as a crisis.
    """
    if len(counts) < 2:
        return None
    f = list(factors) if factors is not None else [1.0] * 7
    base = slice(max(0, len(counts) - 1 - p.count_baseline), len(counts) - 1)
    past_c, past_cov, past_w = counts[base], coverage[base], weekdays[base]
    mean_cov = sum(past_cov) / len(past_cov) if past_cov else 0.0
    if mean_cov <= 0:
        mean_cov = max(coverage[-1], 1.0)
    exposure = [max(f[w], 0.05) * max(c, 0.0) / mean_cov for w, c in zip(past_w, past_cov,
                                                                       strict=True)]
    # Half a count of prior in the baseline: an empty history expects rare, not never.
    rate = (sum(past_c) + 0.5) / (sum(exposure) + 1.0)
    cov_today = max(coverage[-1], 0.0) / mean_cov
    expected = rate * max(f[weekdays[-1]], 0.05) * max(cov_today, 0.1)
    current = float(counts[-1])
    pvalue = poisson_sf(current, expected)
    if current >= p.count_min and pvalue < p.count_alpha:
        return {"current": current, "expected": round(expected, 4), "p": pvalue,
                "alpha": p.count_alpha, "rate": round(rate, 4),
                "coverage_today": coverage[-1], "coverage_mean": round(mean_cov, 3),
                "weekday_factor": round(f[weekdays[-1]], 3)}
    return None


def dyad_shift(sums: Sequence[float], counts: Sequence[int],
               p: AlertParams = AlertParams()) -> dict[str, Any] | None:
    """Drop of the mean score of a dyad: recent window against the baseline before it."""
    n = len(sums)
    recent = slice(max(0, n - p.shift_recent), n)
    base = slice(max(0, n - p.shift_recent - p.shift_baseline), max(0, n - p.shift_recent))
    r_n, b_n = sum(counts[recent]), sum(counts[base])
    if r_n < p.shift_min_events or b_n < p.shift_min_events:
        return None
    r_mean, b_mean = sum(sums[recent]) / r_n, sum(sums[base]) / b_n
    drop = b_mean - r_mean
    if drop >= p.shift_drop and r_mean < 0:
        return {"recent_mean": round(r_mean, 3), "baseline_mean": round(b_mean, 3),
                "drop": round(drop, 3), "threshold": p.shift_drop,
                "recent_events": r_n, "baseline_events": b_n}
    return None


def evaluate_series(x: Sequence[float], coverage: Sequence[float], weekdays: Sequence[int],
                    factors: Sequence[float] | None, p: AlertParams, tests: int = 1,
                    score_sums: Sequence[float] | None = None,
                    score_counts: Sequence[int] | None = None
                    ) -> tuple[str, dict[str, Any]] | None:
    """The first rule that fires on a series of daily conflict-story counts, or None.

    Minimum evidence first: at least ``evidence_stories`` conflict stories over the last
    ``evidence_days`` days (``x`` counts distinct stories, so one story retold by a
    hundred outlets is one). The count model's α is shared among the ``tests`` series
    tested that day (Bonferroni), so α stays the false-alarm rate per day, not per series.
    """
    window = x[-max(p.evidence_days, 1):]
    if sum(window) < p.evidence_stories:
        return None
    alpha = p.count_alpha / max(tests, 1)
    bonf = replace(p, count_alpha=alpha, count_min=1.0)
    found: dict[str, Any] | None = count_model(x, coverage, weekdays, factors, bonf)
    if found is not None:
        return "count", {**found, "tests": tests, "alpha_family": p.count_alpha}
    found = burst(x, replace(p, burst_min=1.0))
    if found is not None:
        return "burst", found
    if score_sums is not None and score_counts is not None:
        found = dyad_shift(score_sums, score_counts, p)
        if found is not None:
            return "dyad_shift", found
    return None


def watch(record: Mapping[str, Any], rule: Mapping[str, Any]) -> dict[str, Any] | None:
    """An analyst's watchlist rule against one analysis record: what matched, or None.

    A rule lists any of ``places``, ``actors``, ``themes``, ``event_types``,
    ``countries`` and ``words``; every listed field must match at least once.
    """
    matched: dict[str, list[str]] = {}
    tests = {
        "places": {str(p.get("name")) for p in record.get("places") or ()}
        | {str(p.get("gazetteer_id")) for p in record.get("places") or ()},
        "actors": {str(a.get("id")) for a in record.get("actors") or ()}
        | {str(a.get("name")) for a in record.get("actors") or ()},
        "themes": {str(t.get("id")) for t in record.get("themes") or ()},
        "event_types": {str(e.get("type")) for e in record.get("events") or ()
                        if not e.get("negated")},
        "countries": set(record.get("countries") or ()),
    }
    listed = False
    for field, found in tests.items():
        wanted = [str(w) for w in rule.get(field) or ()]
        if not wanted:
            continue
        listed = True
        hits = [w for w in wanted if w in found]
        if not hits:
            return None
        matched[field] = hits
    words = [str(w) for w in rule.get("words") or ()]
    if words:
        listed = True
        text = " ".join([str(record.get("title") or ""), *list(record.get("paragraphs") or ())])
        low = text.casefold()
        hits = [w for w in words if w.casefold() in low]
        if not hits:
            return None
        matched["words"] = hits
    return {"watchlist": str(rule.get("name") or "watchlist"), "matched": matched} \
        if listed else None
