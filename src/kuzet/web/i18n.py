"""The dashboard's words in English and Russian."""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("en", "ru")

_RU: dict[str, str] = {
    "Overview": "Обзор", "Search": "Поиск", "Alerts": "Сигналы", "Log in": "Войти",
    "Log out": "Выйти", "Username": "Имя пользователя", "Password": "Пароль",
    "Map": "Карта", "Activity in the last days": "Активность за последние дни",
    "Trends by theme": "Динамика по темам", "Trends by country": "Динамика по странам",
    "Alert feed": "Лента сигналов", "No alerts": "Сигналов нет", "Articles": "Статьи",
    "Country": "Страна", "Region": "Регион", "Theme": "Тема", "Language": "Язык",
    "Source": "Источник", "Event type": "Тип события", "Published": "Опубликовано",
    "Places": "Места", "Actors": "Акторы", "Themes": "Темы", "Events": "События",
    "Countries": "Страны", "Analysis": "Анализ", "Other reports of this story":
    "Другие сообщения об этом событии", "Original": "Оригинал", "Corrections": "Исправления",
    "Mark wrong": "Неверно", "Add missing": "Добавить", "Kind": "Вид", "Value": "Значение",
    "Save": "Сохранить", "Acknowledge": "Принять", "Close": "Закрыть", "Status": "Статус",
    "Numbers": "Показатели", "Evidence": "Доказательства", "Query": "Запрос",
    "From": "С", "To": "По", "Find": "Найти", "No results": "Ничего не найдено",
    "Regions": "Регионы", "Killed": "Погибшие", "Next": "Далее", "Previous": "Назад",
    "Wrong login": "Неверное имя или пароль", "Too many attempts, try later":
    "Слишком много попыток, попробуйте позже", "Rule": "Правило", "Score": "Оценка",
    "Day": "День", "wrong": "неверно", "added": "добавлено", "Watchlists": "Списки наблюдения",
    "Error": "Ошибка", "Risk": "Риск", "Activity": "Активность", "risk": "риск",
    "last days": "последние дни:", "Back": "Назад", "articles": "статей",
    "History": "История", "note": "примечание", "max": "макс.", "negated": "отрицание",
    "Order": "Порядок", "Newest first": "Сначала новые",
    "Best match first": "Сначала наиболее подходящие",
}
# Phrases with a number: the three Russian plural forms (1 день, 2 дня, 5 дней).
_RU_PLURAL: dict[str, tuple[str, str, str]] = {
    "Map: last {n} days": ("Карта: последний {n} день", "Карта: последние {n} дня",
                           "Карта: последние {n} дней"),
    "{n} articles": ("{n} статья", "{n} статьи", "{n} статей"),
    "{n} stories": ("{n} сюжет", "{n} сюжета", "{n} сюжетов"),
}
_EN_PLURAL: dict[str, str] = {"Map: last {n} days": "Map: last day", "{n} articles": "{n} article",
                              "{n} stories": "{n} story"}


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian form of ``forms`` (one, few, many) for ``n``, with ``{n}`` filled in."""
    tens, units = abs(n) % 100, abs(n) % 10
    form = forms[2] if 11 <= tens <= 14 else forms[0] if units == 1 else \
        forms[1] if 2 <= units <= 4 else forms[2]
    return form.replace("{n}", str(n))


def translator(lang: str) -> Callable[..., str]:
    """A function giving the words of ``lang`` (English is the key itself).

    ``t("Map: last {n} days", n=30)`` fills in ``{n}`` with the plural form it needs.
    """
    ru = lang == "ru"

    def t(text: str, n: int | None = None) -> str:
        if n is None:
            return _RU.get(text, text) if ru else text
        if ru and text in _RU_PLURAL:
            return plural(n, _RU_PLURAL[text])
        if not ru and n == 1 and text in _EN_PLURAL:
            return _EN_PLURAL[text].replace("{n}", "1")
        return (_RU.get(text, text) if ru else text).replace("{n}", str(n))

    return t


def pick(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> str:
    """The UI language: ``?lang=``, then the cookie, then Accept-Language, then English."""
    for lang in (query_lang, cookie_lang):
        if lang in LANGS:
            return str(lang)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"
