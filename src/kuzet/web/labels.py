"""Names an analyst reads instead of ids: themes, PLOVER event types, alert rules, risk
levels, places (from the gazetteer) and one sentence per alert, in English and Russian.

Every function returns plain text; templates escape it like any other value.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from kuzet.web.i18n import plural

COUNTRIES = ("KZ", "KG", "TJ", "TM", "UZ", "AF")

# (English, Russian) per id; ids unknown here are shown as they are.
THEMES: dict[str, tuple[str, str]] = {
    "water": ("Water", "Вода"), "environment": ("Environment", "Экология"),
    "terrorism": ("Terrorism", "Терроризм"), "drugs": ("Drugs", "Наркотики"),
    "afghanistan": ("Afghanistan", "Афганистан"), "border": ("Borders", "Границы"),
    "unrest": ("Unrest", "Беспорядки"), "governance": ("Governance", "Управление"),
    "military": ("Military", "Военные"), "diplomacy": ("Diplomacy", "Дипломатия"),
    "economy": ("Economy", "Экономика"), "migration": ("Migration", "Миграция"),
}
EVENTS: dict[str, tuple[str, str]] = {
    "AGREE": ("Agree", "Соглашение"), "CONSULT": ("Consult", "Консультации"),
    "SUPPORT": ("Support", "Поддержка"), "CONCEDE": ("Concede", "Уступка"),
    "COOPERATE": ("Cooperate", "Сотрудничество"), "AID": ("Aid", "Помощь"),
    "RETREAT": ("Retreat", "Отступление"), "REQUEST": ("Request", "Требование"),
    "ACCUSE": ("Accuse", "Обвинение"), "REJECT": ("Reject", "Отказ"),
    "THREATEN": ("Threaten", "Угроза"), "PROTEST": ("Protest", "Протест"),
    "SANCTION": ("Sanction", "Санкции"), "MOBILIZE": ("Mobilize", "Мобилизация"),
    "COERCE": ("Coerce", "Принуждение"), "ASSAULT": ("Assault", "Нападение"),
}
RULES: dict[str, tuple[str, str]] = {
    "burst": ("Burst of conflict stories", "Всплеск конфликтных сюжетов"),
    "count": ("Unusual number of conflict stories", "Необычное число конфликтных сюжетов"),
    "dyad_shift": ("Relations worsening", "Ухудшение отношений"),
    "watchlist": ("Watchlist matched", "Срабатывание списка наблюдения"),
}
DIMENSIONS: dict[str, tuple[str, str]] = {
    "country": ("Country", "Страна"), "admin1": ("Region", "Регион"),
    "dyad": ("Pair of countries", "Пара стран"), "watchlist": ("Watchlist", "Список наблюдения"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "new": ("new", "новый"), "acknowledged": ("acknowledged", "принят"),
    "closed": ("closed", "закрыт"),
}
ROLES: dict[str, tuple[str, str]] = {
    "viewer": ("viewer", "читатель"), "analyst": ("analyst", "аналитик"),
    "admin": ("admin", "администратор"),
}
KINDS: dict[str, tuple[str, str]] = {
    "place": ("place", "место"), "country": ("country", "страна"), "actor": ("actor", "актор"),
    "theme": ("theme", "тема"), "event": ("event", "событие"),
    "remove": ("marked wrong", "отмечено неверным"), "add": ("added", "добавлено"),
}
RISK: tuple[tuple[str, str], ...] = (
    ("none", "нет"), ("low", "низкий"), ("moderate", "умеренный"), ("high", "высокий"),
    ("very high", "очень высокий"))
NUMBERS: dict[str, tuple[str, str]] = {
    "current": ("conflict stories that day", "конфликтных сюжетов за день"),
    "past_mean": ("mean per day before", "в среднем за день до этого"),
    "ratio": ("ratio", "отношение"), "threshold": ("threshold", "порог"),
    "window": ("days compared", "дней для сравнения"),
    "expected": ("expected that day", "ожидалось за день"), "p": ("p-value", "p-значение"),
    "alpha": ("false-alarm rate per day", "доля ложных тревог в день"),
    "rate": ("baseline rate", "базовая частота"),
    "coverage_today": ("sources that day", "источников за день"),
    "coverage_mean": ("sources per day, mean", "источников в день, в среднем"),
    "weekday_factor": ("weekday factor", "поправка на день недели"),
    "tests": ("series tested that day", "рядов проверено за день"),
    "alpha_family": ("false-alarm rate, all series", "доля ложных тревог, все ряды"),
    "recent_mean": ("mean score, last 7 days", "средняя оценка, 7 дней"),
    "baseline_mean": ("mean score before", "средняя оценка до этого"),
    "drop": ("drop", "снижение"), "recent_events": ("events, last 7 days", "событий за 7 дней"),
    "baseline_events": ("events before", "событий до этого"),
    "watchlist": ("watchlist", "список наблюдения"), "matched": ("matched", "совпадения"),
}


def _pick(table: Mapping[str, tuple[str, str]], key: Any, lang: str) -> str:
    pair = table.get(str(key))
    if pair is None:
        return "" if key is None else str(key)
    return pair[1] if lang == "ru" else pair[0]


# Russian units named by an adjective alone ("Согдийская") read as "... область".
_RU_UNIT_WORD = {"TM": "велаят"}


def _display_ru(forms: list[str], country: str) -> str:
    forms = [f.rstrip("~").strip() for f in forms]
    words = [f for f in forms if f and not f.isupper() and "." not in f]
    for f in words:  # the full name: "Хатлонская область", "Лебапский велаят"
        if " " in f and f.split()[-1] in ("область", "велаят") and f[0].isupper():
            return f
    for f in words[:1]:
        if " " not in f and f.endswith(("ская", "цкая", "ский")):
            unit = _RU_UNIT_WORD.get(country, "область")
            if unit == "велаят" and f.endswith("ая"):
                f = f[:-2] + "ий"
            return f"{f} {unit}"
    best = next(iter(words), "")
    return best[:1].upper() + best[1:]


@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[str, str]]:
    """(English, Russian) names of the six countries and their admin-1 units."""
    from kuzet.annotate.gazetteer import load_raw

    out: dict[str, tuple[str, str]] = {}
    try:
        raw = load_raw()
    except Exception:  # an unreadable gazetteer must leave codes, not take pages down
        return out
    for e in raw:
        country = str(e.get("country") or "")
        if country not in COUNTRIES:
            continue
        if e.get("kind") == "country":
            code = country
        elif e.get("kind") == "admin1" and e.get("admin1"):
            code = str(e["admin1"])
        else:
            continue
        names = e.get("names") or {}
        en = str(e.get("name") or code)
        ru = _display_ru(list(names.get("ru") or []), country) or en
        out[code] = (en, ru)
    return out


def place(code: str | None, lang: str) -> str:
    """The name of a country or admin-1 unit (its code when the gazetteer lacks it)."""
    if not code:
        return ""
    pair = _place_names().get(code)
    if pair is None:
        return code
    return pair[1] if lang == "ru" else pair[0]


def countries(lang: str) -> dict[str, str]:
    """The six countries' names, in the dashboard's order."""
    return {c: place(c, lang) for c in COUNTRIES}


def _dyad(key: str, lang: str) -> str:
    parts = key.split("-")
    if len(parts) == 2 and all(p in COUNTRIES for p in parts):
        return f"{place(parts[0], lang)} – {place(parts[1], lang)}"
    return key


def where(dimension: str | None, key: str | None, lang: str) -> str:
    """What an alert is about, in words: "Sughd (TJ-SU)", "Kyrgyzstan – Tajikistan"."""
    key = key or ""
    if dimension == "admin1":
        name = place(key, lang)
        return f"{name} ({key})" if name != key else key
    if dimension == "country":
        return place(key, lang)
    if dimension == "dyad":
        return _dyad(key, lang)
    return key


def _num(value: Any, lang: str = "en") -> str:
    try:
        text = f"{float(value):.1f}"
    except (TypeError, ValueError):
        return "?"
    return text.replace(".", ",") if lang == "ru" else text  # Russian decimal comma


def alert_sentence(alert: Mapping[str, Any], lang: str) -> str:
    """One line saying what happened: "Burst of conflict stories: Sughd (TJ-SU) — 5 stories
    vs 0.4/day"."""
    rule = str(alert.get("rule") or "")
    n = alert.get("numbers") or {}
    if not isinstance(n, Mapping):
        n = {}
    head = _pick(RULES, rule, lang)
    subject = where(str(alert.get("dimension") or ""), str(alert.get("key") or ""), lang)
    ru = lang == "ru"
    detail = ""
    stories = _stories(n.get("current"), lang)
    if rule == "burst" and stories:
        detail = (f"{stories} против {_num(n.get('past_mean'), lang)} в день" if ru
                  else f"{stories} vs {_num(n.get('past_mean'), lang)}/day")
    elif rule == "count" and stories:
        detail = (f"{stories} при ожидаемых {_num(n.get('expected'), lang)}" if ru
                  else f"{stories} vs {_num(n.get('expected'), lang)} expected")
    elif rule == "dyad_shift" and "recent_mean" in n:
        detail = (f"средняя оценка {_num(n.get('recent_mean'), lang)} против "
                  f"{_num(n.get('baseline_mean'), lang)} ранее" if ru else
                  f"mean score {_num(n.get('recent_mean'), lang)} vs "
                  f"{_num(n.get('baseline_mean'), lang)} before")
    elif rule == "watchlist":
        subject = f"«{alert.get('key') or ''}»"
    text = f"{head}: {subject}" if subject else head
    return f"{text} — {detail}" if detail else text


def _stories(value: Any, lang: str) -> str:
    try:
        count = int(float(value))
    except (TypeError, ValueError):
        return ""
    if lang == "ru":
        return plural(count, ("{n} сюжет", "{n} сюжета", "{n} сюжетов"))
    return f"{count} stor{'y' if count == 1 else 'ies'}"


class Labels:
    """The label functions of one UI language, as templates call them (``L.theme(id)``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def theme(self, key: Any) -> str:
        """A theme's name."""
        return _pick(THEMES, key, self.lang)

    def themes(self) -> list[tuple[str, str]]:
        """Every theme id with its name, in name order."""
        return sorted(((k, self.theme(k)) for k in THEMES), key=lambda kv: kv[1])

    def event(self, key: Any) -> str:
        """A PLOVER event type's name."""
        return _pick(EVENTS, key, self.lang)

    def rule(self, key: Any) -> str:
        """An alert rule's name."""
        return _pick(RULES, key, self.lang)

    def dimension(self, key: Any) -> str:
        """What an alert's key is (country, region...)."""
        return _pick(DIMENSIONS, key, self.lang)

    def status(self, key: Any) -> str:
        """An alert status."""
        return _pick(STATUSES, key, self.lang)

    def role(self, key: Any) -> str:
        """An account role."""
        return _pick(ROLES, key, self.lang)

    def kind(self, key: Any) -> str:
        """A kind of finding or correction action."""
        return _pick(KINDS, key, self.lang)

    def number(self, key: Any) -> str:
        """The name of one of an alert's numbers."""
        return _pick(NUMBERS, key, self.lang)

    def risk(self, level: Any) -> str:
        """A risk level 0-4 in words."""
        try:
            pair = RISK[max(0, min(4, int(level)))]
        except (TypeError, ValueError):
            return ""
        return pair[1] if self.lang == "ru" else pair[0]

    def place(self, code: Any) -> str:
        """A country or admin-1 unit's name."""
        return place(str(code) if code else None, self.lang)

    def where(self, dimension: Any, key: Any) -> str:
        """What an alert is about, in words."""
        return where(str(dimension or ""), str(key or ""), self.lang)

    def alert(self, alert: Mapping[str, Any]) -> str:
        """One sentence saying what an alert found."""
        return alert_sentence(alert, self.lang)
