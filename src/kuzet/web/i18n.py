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
}


def translator(lang: str) -> Callable[[str], str]:
    """A function giving the words of ``lang`` (English is the key itself)."""
    table = _RU if lang == "ru" else {}
    return lambda text: table.get(text, text)


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
