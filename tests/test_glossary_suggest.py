"""suggest(): candidates the glossary lacks; and the glossary package stays cheap to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from translate.glossary import load_glossary
from translate.glossary.suggest import prose, suggest

DATA = Path(__file__).parent / "data" / "glossary"

POST = """---
title: Amazon FrontMatter Only
---
# Build with Amazon Kendra

Amazon Kendra indexes documents. Open Sagemaker Studio, then Sagemaker Studio again.
The vector store and the vector store feed AWS Step Functions; CloudWatch alarms fire.

```python
client = AmazonCodeOnly()
```

Read `Amazon InlineOnly` at [the docs](https://docs.aws.amazon.com/AmazonUrlOnly/).
Amazon SageMaker and buckets are already in the glossary.
"""


def test_candidates_by_frequency_with_near_duplicates() -> None:
    found = {s.term: s for s in suggest([POST, POST], load_glossary([DATA / "seed"]))}
    assert found["Amazon Kendra"].count == 4 and found["Amazon Kendra"].kind == "aws-name"
    assert found["AWS Step Functions"].count == 2
    assert found["CloudWatch"].kind == "product-word"
    assert found["vector store"].kind == "phrase" and found["vector store"].count == 4
    studio = found["Sagemaker Studio"]
    assert studio.similar_to == "Amazon SageMaker Studio" and studio.score == 100.0
    assert "Amazon SageMaker" not in found
    ignored = ("FrontMatter", "CodeOnly", "InlineOnly", "UrlOnly")
    assert not [term for term in found if any(word in term for word in ignored)]
    counts = [s.count for s in suggest([POST], load_glossary([DATA / "seed"]))]
    assert counts == sorted(counts, reverse=True)


def test_prose_keeps_link_text() -> None:
    assert "the docs" in prose("[the docs](https://example.com/x)")


def test_importing_the_glossary_package_stays_light() -> None:
    code = (
        "import sys, translate.glossary;"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('boto3', 'botocore', 'rapidfuzz', 'ruamel', 'typer', 'httpx')];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
