"""Boilerplate lines and repeated paragraphs within one article.

News pages in the region carry the same furniture in every language: print and share
buttons, "read also" links, tag and comment headers, subscribe prompts. A line is
boilerplate when, folded and stripped of punctuation, it *is* one of those phrases (or a
run of social-network names, or starts with a "read also:" style prefix). Real sentences
are never removed because they merely contain such a word.

Extractors keep repeated paragraphs (a caption that repeats the title, a paragraph
pasted twice): :func:`clean_paragraphs` drops them, comparing folded text, and counts
how many went.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kuzet.text.normalize import fold

# Whole-line phrases, general to each language (not to any site).
PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "print", "print this", "print article", "print version", "printer friendly",
        "share", "share this", "share this article", "share on facebook", "share on twitter",
        "tweet", "email", "e-mail", "copy link", "link copied", "subscribe",
        "subscribe to our newsletter", "sign up", "read more", "read also", "see also",
        "related", "related articles", "related news", "related stories", "more news",
        "comments", "comment", "leave a comment", "add comment", "tags", "tag",
        "follow us", "follow us on", "advertisement", "advertising", "sponsored",
        "back to top", "next article", "previous article", "all news", "home",
        "font size", "listen", "listen to this article", "photo", "video", "gallery",
        "skip to main content", "skip to content", "main menu", "menu", "search",
    ),
    "ru": (
        "печать", "распечатать", "версия для печати", "напечатать", "поделиться",
        "поделиться в facebook", "отправить", "скопировать ссылку", "ссылка скопирована",
        "подписаться", "подписывайтесь", "подпишитесь", "подписаться на рассылку",
        "читайте также", "читать также", "читать далее", "подробнее", "смотрите также",
        "см также", "похожие новости", "похожие материалы", "новости по теме",
        "материалы по теме", "по теме", "комментарии", "комментировать",
        "оставить комментарий", "теги", "метки", "следите за нами", "мы в соцсетях",
        "реклама", "все новости", "к списку новостей", "назад", "наверх",
        "размер шрифта", "фото", "видео", "слушать",
    ),
    "kk": (
        "басып шығару", "басып шыгару", "бөлісу", "жазылу", "жазылыңыз", "толығырақ",
        "толық оқу", "сондай-ақ оқыңыз", "оқи отырыңыз", "тағы оқыңыз", "қатысты жаңалықтар",
        "ұқсас жаңалықтар", "тақырыпқа қатысты", "пікірлер", "пікір қалдыру", "тегтер",
        "бізді бақылаңыз", "жарнама", "барлық жаңалықтар", "фото", "видео",
        "basyp shygaru", "bölisu", "jazylu", "tolyğyraq", "pikirler", "jarnama",
    ),
    "ky": (
        "басып чыгаруу", "бөлүшүү", "жазылуу", "жазылыңыз", "кеңири", "толугураак",
        "дагы окуңуз", "ошондой эле окуңуз", "окшош жаңылыктар", "тектеш жаңылыктар",
        "комментарийлер", "пикирлер", "пикир калтыруу", "тегдер", "жарнама",
        "бардык жаңылыктар",
    ),
    "uz": (
        "chop etish", "chop etmoq", "ulashish", "bo'lishish", "ulashing", "obuna bo'lish",
        "obuna bo'ling", "batafsil", "ko'proq o'qing", "shuningdek o'qing", "yana o'qing",
        "o'xshash yangiliklar", "mavzuga oid", "izohlar", "izoh qoldirish", "teglar",
        "bizni kuzating", "reklama", "barcha yangiliklar", "foto", "video",
        "чоп этиш", "улашиш", "бўлишиш", "обуна бўлиш", "обуна бўлинг", "батафсил",
        "шунингдек ўқинг", "ўхшаш янгиликлар", "мавзуга оид", "изоҳлар", "теглар",
        "барча янгиликлар",
    ),
    "tg": (
        "чоп", "чоп кардан", "нусхаи чопӣ", "мубодила", "ба ишт гузоштан", "обуна шудан",
        "обуна шавед", "муфассал", "бештар хонед", "инчунин хонед", "хабарҳои марбут",
        "хабарҳои дигар", "мавзӯъҳои марбут", "шарҳҳо", "назарҳо", "тегҳо", "барчаспҳо",
        "моро пайгирӣ кунед", "реклама", "ҳамаи хабарҳо",
    ),
    "tk": (
        "çap et", "çap etmek", "paýlaş", "paýlaşmak", "abuna bol", "abuna boluň",
        "abuna bolmak", "giňişleýin", "dowamyny oka", "şeýle hem okaň", "meňzeş habarlar",
        "degişli habarlar", "teswirler", "teswir ýaz", "bellikler", "tegler",
        "bizi yzarlaň", "mahabat", "ähli habarlar",
    ),
    "fa": (
        "چاپ", "پرینت", "نسخه چاپی", "اشتراک گذاری", "اشتراک‌گذاری", "به اشتراک بگذارید",
        "هم‌رسانی", "عضویت", "عضویت در خبرنامه", "ادامه مطلب", "بیشتر بخوانید",
        "همچنین بخوانید", "مطالب مرتبط", "اخبار مرتبط", "خبرهای مرتبط",
        "نظرات", "دیدگاه‌ها", "دیدگاه ها", "ارسال نظر", "برچسب‌ها", "برچسب ها",
        "ما را دنبال کنید", "تبلیغات", "آگهی", "همه اخبار", "کپی لینک",
    ),
    "ps": (
        "چاپ", "شریکول", "شریک کړئ", "خپرول", "ګډون", "ګډون وکړئ", "نور ولولئ",
        "نور لوستل", "دا هم ولولئ", "اړوند خبرونه", "اړوند مطالب", "نظرونه", "تبصرې",
        "ټګونه", "موږ تعقیب کړئ", "اعلان", "ټول خبرونه",
    ),
    "ar": (
        "طباعة", "اطبع", "نسخة للطباعة", "مشاركة", "شارك", "شارك المقال", "انشر",
        "اشترك", "اشترك الآن", "اشترك في النشرة البريدية", "اقرأ أيضا", "اقرأ ايضا",
        "اقرأ المزيد", "المزيد", "اقرأ أيضاً", "أخبار ذات صلة", "اخبار ذات صلة",
        "مواضيع ذات صلة", "مقالات ذات صلة", "تعليقات", "التعليقات", "أضف تعليق",
        "الوسوم", "وسوم", "كلمات مفتاحية", "الكلمات المفتاحية", "تابعونا", "تابعنا",
        "إعلان", "اعلان", "حجم الخط", "نسخ الرابط", "تم نسخ الرابط", "كل الأخبار",
    ),
}

# "Read also: <headline>" lines: the prefix marks the whole line as a link to elsewhere.
PREFIXES: tuple[str, ...] = (
    "read also", "read more", "see also", "related", "читайте также", "читать также",
    "смотрите также", "см также", "по теме", "сондай-ақ оқыңыз", "оқи отырыңыз",
    "ошондой эле окуңуз", "shuningdek o'qing", "шунингдек ўқинг", "инчунин хонед",
    "şeýle hem okaň", "همچنین بخوانید", "بیشتر بخوانید", "دا هم ولولئ", "اقرأ أيضا",
    "اقرأ ايضا", "اقرأ أيضاً", "اقرأ المزيد",
)

SOCIAL: frozenset[str] = frozenset({
    "facebook", "twitter", "x", "whatsapp", "telegram", "vk", "vkontakte", "вконтакте",
    "ok", "одноклассники", "instagram", "youtube", "linkedin", "email", "e-mail", "pinterest",
    "reddit", "viber", "tiktok", "threads", "messenger", "skype", "copy", "link", "rss",
    "print", "share", "tweet", "телеграм", "фейсбук", "تلگرام", "فيسبوك", "تويتر", "واتساب",
})

_PUNCT = re.compile(r"[\W_]+")
_MAX_LINE = 120  # longer lines are prose, never furniture


def key(text: str) -> str:
    """Folded text without punctuation: what two paragraphs must share to be 'the same'."""
    return _PUNCT.sub(" ", fold(text)).strip()


@lru_cache(maxsize=1)
def _phrases() -> frozenset[str]:
    return frozenset(key(p) for group in PHRASES.values() for p in group)


@lru_cache(maxsize=1)
def _prefixes() -> tuple[str, ...]:
    return tuple(key(p) + " " for p in PREFIXES)


@lru_cache(maxsize=1)
def _social() -> frozenset[str]:
    return frozenset(key(s) for s in SOCIAL)


def is_boilerplate(line: str, k: str | None = None) -> bool:
    """True when a line is page furniture (print, share, subscribe, read also...)."""
    if len(line) > _MAX_LINE:
        return False
    if k is None:
        k = key(line)
    if not k:
        return bool(line.strip())  # a line of only icons or punctuation
    if k in _phrases():
        return True
    if ":" in line and k.startswith(_prefixes()):
        return True
    words = k.split()
    return len(words) >= 2 and all(w in _social() for w in words)


@dataclass(frozen=True)
class Cleaned:
    """Unique paragraphs plus what was removed."""

    paragraphs: tuple[str, ...]
    duplicates_removed: int
    boilerplate_removed: tuple[str, ...]


def clean_paragraphs(paragraphs: Iterable[str], title: str = "") -> Cleaned:
    """Drop boilerplate lines, repeated paragraphs and repeats of the title; count them."""
    seen: set[str] = set()
    title_key = key(title) if title else ""
    kept: list[str] = []
    boiler: list[str] = []
    dups = 0
    for raw in paragraphs:
        para = raw.strip()
        if not para:
            continue
        k = key(para)
        if is_boilerplate(para, k):
            boiler.append(para)
            continue
        if k in seen or (title_key and k == title_key):
            dups += 1
            continue
        seen.add(k)
        kept.append(para)
    return Cleaned(tuple(kept), dups, tuple(boiler))
