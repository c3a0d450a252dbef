"""Amazon Translate's language codes (the service's "Supported languages" table)."""

from __future__ import annotations

AMAZON_TRANSLATE_LANGUAGES: frozenset[str] = frozenset(
    """
    af sq am ar hy az bn bs bg ca zh zh-TW hr cs da fa-AF nl en et fa tl fi fr fr-CA ka de el gu
    ht ha he hi hu is id ga it ja kn kk ko lv lt mk ms ml mt mr mn no ps pl pt pt-PT pa ro ru sr
    si sk sl so es es-MX sw sv ta te th tr uk ur uz vi cy
    """.split()  # noqa: SIM905
)


def is_language_code(code: object) -> bool:
    """Whether ``code`` is a language code Amazon Translate accepts (case-sensitive)."""
    return isinstance(code, str) and code in AMAZON_TRANSLATE_LANGUAGES
