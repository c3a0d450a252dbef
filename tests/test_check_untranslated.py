"""``untranslated-text``: a piece of the English sentence left in English in a translated block,
and never the English a translation keeps on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.check import Checker, Finding
from translate.cli import app
from translate.document.markdown import parse
from translate.glossary import TermMatcher, load_glossary

GLOSSARY = Path(__file__).parent / "data" / "check" / "glossary.yaml"
# A paragraph whose translation left a clause in English: every document below ends with it.
PLANTED_EN = "The job retries each failed step, and it sends an alert when the last attempt fails."
PLANTED_VI = "Tác vụ thử lại từng bước bị lỗi, and it sends an alert when the last attempt fails."
PLANTED = "and it sends an alert when the last attempt fails"


def check(vi: str, en: str, glossary: Path = GLOSSARY) -> list[Finding]:
    checker = Checker(TermMatcher(load_glossary([glossary])))
    return checker.check("post.vi.md", parse(vi), parse(en))


def untranslated(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.term) for f in findings if f.rule == "untranslated-text"]


@pytest.mark.parametrize(
    ("en", "vi", "fragment"),
    [
        (
            "Backups protect you from many risks—from a deleted table to a lost Region.",
            "Bản sao lưu bảo vệ bạn khỏi nhiều rủi ro—from a deleted table đến mất một Region.",
            "from a deleted table",
        ),
        (
            "Novo and AWS worked together to accelerate its development.",
            "Novo và AWS đã hợp tác để accelerate its development.",
            "accelerate its development",
        ),
        (
            "- Wait until the stack is ready, then copy its outputs.",
            "- Chờ until the stack is ready, sau đó sao chép các giá trị đầu ra.",
            "until the stack is ready",
        ),
        (
            "Pruning lets the engine reduce the number of files it reads.",
            "Pruning cho phép công cụ reduce the number of files mà nó đọc.",
            "reduce the number of files",
        ),
        (  # the clause after a name kept in English
            "Store the weights in Amazon SageMaker so that every team can load them.",
            "Lưu trọng số trong Amazon SageMaker so that every team can load them.",
            "so that every team can load them",
        ),
    ],
)
def test_an_english_fragment_left_in_a_translated_sentence_is_a_warning(
    en: str, vi: str, fragment: str
) -> None:
    findings = check(vi + "\n", en + "\n")
    assert untranslated(findings) == [(1, fragment)]
    assert findings[0].column == vi.index(fragment) + 1
    assert findings[0].severity == "warning"
    assert fragment in findings[0].message


@pytest.mark.parametrize(
    ("en", "vi"),
    [
        (  # names, with the function words they hold
            "Lan leads the Office of the CTO and uses AWS Identity and Access Management.",
            "Lan dẫn dắt Office of the CTO và dùng AWS Identity and Access Management.",
        ),
        (  # a bold UI label
            "Choose **Use the default settings**, then choose **Next**.",
            "Chọn **Use the default settings**, rồi chọn **Next**.",
        ),
        (  # link text that is a guide's title
            "Follow [Getting started with the AWS CLI](https://example.com/cli).",
            "Hãy làm theo [Getting started with the AWS CLI](https://example.com/cli).",
        ),
        (  # a quoted title
            'Read "Getting started with the AWS CLI" in the guide.',
            'Hãy đọc "Getting started with the AWS CLI" trong hướng dẫn.',
        ),
        (  # a quoted error message
            "If the call fails with 'the role is not authorized', check the trust policy.",
            "Nếu lệnh gọi lỗi với 'the role is not authorized', hãy kiểm tra trust policy.",
        ),
        (  # a guide's title, neither quoted nor linked
            "For details, see Getting started with the AWS CLI in the guide.",
            "Để biết chi tiết, xem Getting started with the AWS CLI trong hướng dẫn.",
        ),
        (  # two-word phrases kept in English
            "Encrypt the data at rest and in transit, and log in with single sign-on.",
            "Mã hóa dữ liệu at rest và in transit, rồi log in bằng single sign-on.",
        ),
        (  # an idiom kept in English
            "The connector works out of the box with most databases.",
            "Trình kết nối hoạt động out of the box với hầu hết cơ sở dữ liệu.",
        ),
        (  # a caption whose label alone was translated
            "Figure 2: Overview of the data flow from the devices to the dashboard",
            "Hình 2: Overview of the data flow from the devices to the dashboard",
        ),
        (  # an example after a colon
            "Ask the agent a question such as: Which of the tables hold the orders?",
            "Hãy hỏi agent một câu như: Which of the tables hold the orders?",
        ),
        (  # a term with its English in parentheses
            "The client waits longer after each failure (the exponential backoff).",
            "Ứng dụng chờ lâu hơn sau mỗi lần lỗi (the exponential backoff).",
        ),
        (  # terms kept in English, made of common words
            "The team built a proof of concept to remove the single point of failure.",
            "Nhóm xây dựng một proof of concept để loại bỏ single point of failure.",
        ),
        (  # code and identifiers
            "Set `max_attempts` to 5, and read the_total_count from the response.",
            "Đặt `max_attempts` thành 5, và đọc the_total_count từ phản hồi.",
        ),
        (  # a caption left wholly in English
            "Figure 3. The data flow from the sensors to the dashboard",
            "Figure 3. The data flow from the sensors to the dashboard",
        ),
        (  # an emphasised caption
            "*The data flow from the sensors to the dashboard*",
            "*The data flow from the sensors to the dashboard*",
        ),
        (  # a heading kept in English
            "## Getting started with the console",
            "## Getting started with the console",
        ),
        (  # a byline and its categories
            "by Lan Pham and Minh Tran on 12 MAR 2025 in Monitoring and observability",
            "bởi Lan Pham and Minh Tran vào 12 MAR 2025 in Monitoring and observability",
        ),
    ],
)
def test_english_a_translation_keeps_on_purpose_is_not_reported(en: str, vi: str) -> None:
    findings = check(f"{vi}\n\n{PLANTED_VI}", f"{en}\n\n{PLANTED_EN}")
    assert untranslated(findings) == [(3, PLANTED)]


def test_english_words_the_source_does_not_have_are_not_reported() -> None:
    en = "The queue keeps each message for a day.\n\n" + PLANTED_EN
    vi = "Hàng đợi giữ mỗi tin nhắn trong một ngày, that is the default.\n\n" + PLANTED_VI
    assert untranslated(check(vi, en)) == [(3, PLANTED)]


def test_a_glossary_term_kept_in_english_is_not_reported(tmp_path: Path) -> None:
    en = "Bill the tenants pay as you go for every report.\n"
    vi = "Tính phí khách thuê theo kiểu pay as you go cho mỗi báo cáo.\n"
    assert untranslated(check(vi, en)) == [(1, "pay as you go")]
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(
        "source_language: en\ntarget_language: vi\nentries:\n"
        "  - term: pay as you go\n    target: pay as you go\n",
        encoding="utf-8",
    )
    assert untranslated(check(vi, en, glossary)) == []


def test_translate_check_reports_it_as_a_warning_with_exit_0(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(PLANTED_EN, encoding="utf-8")
    (tmp_path / "post.vi.md").write_text(PLANTED_VI, encoding="utf-8")
    arguments = ["check", str(tmp_path / "post.vi.md"), "--glossary", str(GLOSSARY)]
    result = CliRunner().invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 0, result.output
    [finding] = json.loads(result.stdout)
    assert (finding["rule"], finding["severity"], finding["term"]) == (
        "untranslated-text",
        "warning",
        PLANTED,
    )
    assert (finding["line"], finding["column"]) == (1, PLANTED_VI.index(PLANTED) + 1)
