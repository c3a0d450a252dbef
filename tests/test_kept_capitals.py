"""A lowercase glossary term that opens a sentence, a title, a heading or a list item is sent
(and pseudo-translated) with its rendering capitalised, as the sentence needs, and the checker
accepts it; pseudo's marks stay outside a link that ends a sentence."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from translate.cli import app
from translate.document.markdown import parse
from translate.engines.amazon_translate import AmazonTranslateEngine
from translate.engines.base import EngineContext
from translate.glossary import Entry, Glossary

GLOSSARY = Glossary("en", "vi", (Entry("throughput", "thông lượng"), Entry("bucket", "bucket")))
POST = """---
title: "Throughput tips"
---

# Throughput

Throughput is limited. Check it. Throughput per bucket is high, for Throughput Mode too.

- Throughput per bucket.
"""


class EchoClient:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lock = threading.Lock()

    def translate_text(self, **params: Any) -> dict[str, Any]:
        with self.lock:
            self.texts.append(params["Text"])
        return {"TranslatedText": params["Text"]}


def test_amazon_translate_is_sent_the_rendering_capitalised_where_a_sentence_opens() -> None:
    client = EchoClient()
    context = EngineContext("en", "vi", GLOSSARY, "strict", 1)
    engine = AmazonTranslateEngine(context, lambda: client)
    segments = parse(POST).segments
    out = engine.translate(segments)
    sent = "".join(client.texts)
    assert sent.count("<i translate=no>Thông lượng</i>") == 5
    assert sent.count("<i translate=no>thông lượng</i>") == 1  # "for Throughput Mode"
    assert "<i translate=no>bucket</i>" in sent
    assert out[0].startswith("Thông lượng")
    assert engine.usage.billed_characters == len(sent)


def test_pseudo_capitalises_and_check_accepts_it(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "post.md").write_text(POST, encoding="utf-8")
    (in_tmp / "glossary").mkdir()
    (in_tmp / "glossary" / "terms.yaml").write_text(
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: throughput\n    target: thông lượng\n"
        "    forbidden:\n      - text: băng thông\n        why: bandwidth\n",
        encoding="utf-8",
    )
    argv = ["post", "post.md", "--engine", "pseudo", "--to", "vi", "--out", "out", "--no-memory"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    [written] = (in_tmp / "out").glob("*/_index.vi.md")
    text = written.read_text(encoding="utf-8")
    assert 'title: "«Thông lượng tìps»"' in text
    assert "# «Thông lượng»" in text and "- «Thông lượng pêr" in text
    assert "Chêck ìt. Thông lượng" in text and "fơr thông lượng" in text
    result = runner.invoke(app, ["check", str(written.parent)])
    assert result.exit_code == 0 and "No findings" in result.stdout, result.output


def test_bedrock_is_told_to_capitalise_a_rendering_that_opens_a_sentence() -> None:
    from translate.engines._prompt import stable_prompt

    prompt = " ".join(stable_prompt("en", "vi").split())
    assert "opens a sentence, a title, a heading or a list item starts with a capital" in prompt


def test_pseudo_closes_a_sentence_after_the_link_it_ends_with() -> None:
    from translate.engines.pseudo import pseudo

    assert pseudo('Open the <g id="1">console</g>.') == '«Ơpên thê <g id="1">cơnsơlê</g>.»'
    assert pseudo('Open the <g id="1">console</g>') == '«Ơpên thê <g id="1">cơnsơlê</g>»'
    assert pseudo('Use <g id="1">bold</g> words. ') == '«Ưsê <g id="1">bơld</g> wơrds.» '
