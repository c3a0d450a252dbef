"""The one error hierarchy. Messages are one line and say what to do next.

Only the command line turns these into exit codes: ``InputError`` (bad usage or bad input) is 2,
every other ``TranslateError`` (a failed translation, findings the user must act on) is 1.
"""

from __future__ import annotations


class TranslateError(Exception):
    """A failure the user can act on; ``str(error)`` is the one-line message."""

    exit_code = 1


class InputError(TranslateError):
    """Bad usage or bad input: nothing was written or overwritten."""

    exit_code = 2


class ConfigError(InputError):
    """A settings file or option is invalid."""


class GlossaryError(InputError):
    """A glossary file is malformed; the message names the file, line and entry."""


class MarkupError(TranslateError):
    """A translated segment lost or unbalanced its protected markup."""


class EngineError(TranslateError):
    """An engine failed to translate (credentials, service, quota, bad answers)."""


class GuardError(TranslateError):
    """The output's structure differs from the source's; nothing was written."""


class PartialArticleError(TranslateError):
    """A page's article came out partial (paragraphs or code lost); nothing was written."""


class FetchError(InputError):
    """A source could not be fetched or holds no article."""
