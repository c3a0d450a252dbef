"""The language a post is written in, when it is plain: read from its text, else its page.

The text decides first, because a page's shell can say one thing and its article another (the
Vietnamese AWS blog serves English articles under ``<html lang="vi">``). Words are counted
outside code, links' addresses and HTML tags:

- Vietnamese when at least 30% of the words carry a letter only Vietnamese spells (``ă``, ``ơ``,
  ``ư``, ``đ``, a tone mark under or over a vowel: ``ạ``, ``ả``, ``ế``, ...);
- English when at least 10% of the words are among its commonest function words;
- otherwise the language the page declares (``<html lang>``, ``og:locale``, ``content-language``),
  or None.
"""

from __future__ import annotations

import re

from translate.glossary.languages import language_code

__all__ = ["written_in"]

_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
)
_VIETNAMESE_ONLY = frozenset("ăđơưạặậẹệịọộợụựỵảẳẩẻểỉỏổởủửỷằầềồờừỳắấếốớứẵẫễỗỡữỹẽĩũ")
_ENGLISH_COMMON = """the of and to a in is that for it with as on are this be by you your can from
or an we at not will have which use"""
_ENGLISH_WORDS = frozenset(_ENGLISH_COMMON.split())
_SKIPPED = re.compile(
    r"```.*?```|~~~.*?~~~|`[^`\n]*`|\]\([^)]*\)|<[^>]*>|https?://\S+|^---\n.*?\n---\n",
    re.DOTALL | re.MULTILINE,
)
_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_SHARE = 0.3
_ENGLISH_SHARE = 0.1  # English posts: 19-30% of words; Vietnamese ones: under 2%
_MIN_WORDS = 20  # below this, the text is too short to tell


def written_in(markdown: str, declared: str | None = None) -> str | None:
    """The code of the language ``markdown`` is plainly written in, else of ``declared``."""
    words = [w.casefold() for w in _WORD.findall(_SKIPPED.sub(" ", markdown))]
    if len(words) >= _MIN_WORDS:
        vietnamese = [w for w in words if _VIETNAMESE_LETTERS.intersection(w)]
        if len(vietnamese) >= _VIETNAMESE_SHARE * len(words) and any(
            _VIETNAMESE_ONLY.intersection(w) for w in vietnamese
        ):
            return "vi"
        if sum(w in _ENGLISH_WORDS for w in words) >= _ENGLISH_SHARE * len(words):
            return "en"
    return language_code(declared) if declared else None
