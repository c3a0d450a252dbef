"""Amazon Translate's language codes (the service's "Supported languages" table), and the
other spellings of them that team files use (``en-US``, ``EN``, ``vi_VN``, ``Vietnamese``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

AMAZON_TRANSLATE_LANGUAGES: frozenset[str] = frozenset(
    """
    af sq am ar hy az bn bs bg ca zh zh-TW hr cs da fa-AF nl en et fa tl fi fr fr-CA ka de el gu
    ht ha he hi hu is id ga it ja kn kk ko lv lt mk ms ml mt mr mn no ps pl pt pt-PT pa ro ru sr
    si sk sl so es es-MX sw sv ta te th tr uk ur uz vi cy
    """.split()  # noqa: SIM905
)
_BY_FOLDED = {code.casefold(): code for code in AMAZON_TRANSLATE_LANGUAGES}
_NAMES = dict(
    pair.split("=")
    for pair in """
    afrikaans=af albanian=sq amharic=am arabic=ar armenian=hy azerbaijani=az bengali=bn
    bosnian=bs bulgarian=bg catalan=ca chinese=zh croatian=hr czech=cs danish=da dari=fa-AF
    dutch=nl english=en estonian=et farsi=fa persian=fa tagalog=tl filipino=tl finnish=fi
    french=fr georgian=ka german=de greek=el gujarati=gu haitian=ht hausa=ha hebrew=he hindi=hi
    hungarian=hu icelandic=is indonesian=id irish=ga italian=it japanese=ja kannada=kn
    kazakh=kk korean=ko latvian=lv lithuanian=lt macedonian=mk malay=ms malayalam=ml maltese=mt
    marathi=mr mongolian=mn norwegian=no pashto=ps polish=pl portuguese=pt punjabi=pa
    romanian=ro russian=ru serbian=sr sinhala=si slovak=sk slovenian=sl somali=so spanish=es
    swahili=sw swedish=sv tamil=ta telugu=te thai=th turkish=tr ukrainian=uk urdu=ur uzbek=uz
    vietnamese=vi welsh=cy
    """.split()  # noqa: SIM905
)
# A language tag: a code, then a region (``US``, ``419``).
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{2}|[0-9]{3}))?")
# The pair ``translate`` works in by default: read from a file holding more languages.
DEFAULT_PAIR = ("en", "vi")


def is_language_code(code: object) -> bool:
    """Whether ``code`` is a language code Amazon Translate accepts (case-sensitive)."""
    return isinstance(code, str) and code in AMAZON_TRANSLATE_LANGUAGES


def amazon_translate_code(code: str) -> str | None:
    """``code`` in the service's spelling, compared without case (``VI`` -> ``vi``, ``zh-tw``
    -> ``zh-TW``); None when Amazon Translate has no such language."""
    return _BY_FOLDED.get(code.strip().casefold())


def tag_code(tag: str) -> str | None:
    """The Amazon Translate code of a language tag such as a file is named for, compared without
    case: a code (``en``, ``VI``, ``zh-TW``) or a code and a region the service does
    not tell apart (``en-US``, ``en_GB``, ``pt-BR`` -> ``en``, ``en``, ``pt``); None for anything
    else (``go``, ``english``, ``en-post``)."""
    match = _TAG.fullmatch(tag.strip())
    if match is None:
        return None
    return amazon_translate_code(match.group().replace("_", "-")) or amazon_translate_code(
        match.group(1)
    )


def language_code(spelling: str) -> str:
    """The Amazon Translate code a file's ``spelling`` stands for, ignoring case and a region
    the service does not tell apart (``en-US``, ``EN``, ``vi_VN``, ``Vietnamese`` -> ``en``,
    ``vi``; ``zh-tw`` -> ``zh-TW``); the spelling itself when it names none."""
    text = spelling.strip().replace("_", "-")
    folded = text.casefold()
    primary = folded.split("-", 1)[0]
    code = _BY_FOLDED.get(folded) or _BY_FOLDED.get(primary) or _NAMES.get(folded)
    return code or text


def pick_pair(languages: Sequence[str], source: str = "") -> tuple[str, str] | None:
    """The ``(source, target)`` pair to read from a file holding ``languages`` (codes): the
    given ``source``, else English when present, else the first; the target is Vietnamese when
    present, else the only other language. None when no pair, or several targets, are left."""
    if not source:
        source = DEFAULT_PAIR[0] if DEFAULT_PAIR[0] in languages else next(iter(languages), "")
    others = [code for code in dict.fromkeys(languages) if code != source]
    if DEFAULT_PAIR[1] in others:
        return source, DEFAULT_PAIR[1]
    return (source, others[0]) if source and len(others) == 1 else None
