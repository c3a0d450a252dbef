"""The term checker: rules, positions, counting, exclusions, suppression and alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.check import Checker, Finding, apply_fixes
from translate.document.markdown import parse
from translate.glossary import TermMatcher, load_glossary

DATA = Path(__file__).parent / "data" / "check"


@pytest.fixture(scope="module")
def checker() -> Checker:
    glossary = load_glossary([DATA / "glossary.yaml"])
    return Checker(TermMatcher(glossary), all_terms=True, consistency=True)


def run(checker: Checker, vi: str, en: str | None = None) -> list[Finding]:
    return checker.check("post.vi.md", parse(vi), parse(en) if en is not None else None)


def rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.term) for f in findings]


def test_missing_term_has_position_and_no_found(checker: Checker) -> None:
    en = "# Title\n\nReduce the latency of each call.\n"
    vi = "# Tiêu đề\n\nGiảm thời gian chờ của mỗi lệnh gọi.\n"
    [finding] = run(checker, vi, en)
    assert (finding.rule, finding.line, finding.column) == ("missing-term", 3, 1)
    assert finding.found is None and finding.expected == ("độ trễ", "latency")
    assert finding.severity == "error"


def test_missing_term_counts_occurrences(checker: Checker) -> None:
    en = "Copy the object from one bucket to another bucket.\n"
    vi = "Sao chép đối tượng từ một bucket sang một thùng khác.\n"
    [finding] = run(checker, vi, en)
    assert finding.rule == "missing-term" and "1 of 2" in finding.message


def test_rendered_as_often_as_the_source_is_clean(checker: Checker) -> None:
    en = "Copy the object from one bucket to another bucket.\n"
    vi = "Sao chép đối tượng từ bucket này sang bucket khác.\n"
    assert run(checker, vi, en) == []


def test_forbidden_rendering_with_position(checker: Checker) -> None:
    vi = "Khởi chạy một phiên bản EC2 mới.\n"
    [finding] = run(checker, vi)
    assert finding.rule == "forbidden-rendering" and finding.term == "instance"
    assert (finding.line, finding.column, finding.found) == (1, 15, "phiên bản EC2")
    assert finding.expected == ("instance",)


def test_same_word_in_its_legitimate_sense_is_not_forbidden(checker: Checker) -> None:
    en = "Upgrade to the new version.\n"
    vi = "Nâng cấp lên phiên bản mới.\n"
    assert run(checker, vi, en) == []
    assert run(checker, vi) == []


@pytest.mark.parametrize(
    ("vi", "found", "fix"),
    [
        ("Dùng Sagemaker để huấn luyện.\n", "Sagemaker", "SageMaker"),
        ("Chạy trên Parallel Cluster.\n", "Parallel Cluster", "ParallelCluster"),
        ("Gọi AWS Bedrock từ mã.\n", "AWS Bedrock", "Amazon Bedrock"),
        ("Viết một hàm Amazon Lambda.\n", "Amazon Lambda", "AWS Lambda"),
        ("Mở SageMkaer Studio.\n", "SageMkaer", "SageMaker"),
    ],
)
def test_name_damage(checker: Checker, vi: str, found: str, fix: str) -> None:
    [finding] = [f for f in run(checker, vi) if f.rule == "name-altered"]
    assert finding.found == found and finding.expected == (fix,)
    assert finding.column == vi.index(found) + 1


def test_name_translated_literally_in_bilingual_mode(checker: Checker) -> None:
    en = "Route calls with Amazon Connect.\n"
    vi = "Định tuyến cuộc gọi bằng Amazon Kết nối.\n"
    [finding] = run(checker, vi, en)
    assert finding.rule == "name-altered" and finding.found == "Amazon Kết nối"


def test_inconsistent_rendering_is_a_warning(checker: Checker) -> None:
    vi = "Độ trễ thấp.\n\nLatency cao.\n"
    [finding] = run(checker, vi)
    assert finding.rule == "inconsistent-rendering" and finding.severity == "warning"
    assert finding.line == 3 and finding.found == "Latency"


def test_plural_case_and_abbreviation_are_consistent(checker: Checker) -> None:
    vi = "Một query.\n\nHai Queries.\n\nMô hình ngôn ngữ lớn (LLM).\n\nMột LLM khác.\n"
    assert run(checker, vi) == []
    en = "A query.\n\nTwo queries.\n\nA large language model (LLM).\n\nAnother LLM.\n"
    assert run(checker, vi.replace("Queries", "queries"), en) == []


def test_english_plural_of_an_accepted_english_rendering_counts(checker: Checker) -> None:
    en = "Compare large language models (LLMs) and deploy them.\n"
    vi = "So sánh các mô hình ngôn ngữ lớn (LLMs) và deploy chúng.\n"
    assert run(checker, vi, en) == []


def test_gloss_in_parentheses_is_not_inconsistent(checker: Checker) -> None:
    vi = "Độ trễ (latency) thấp.\n\nĐộ trễ cao.\n"
    assert run(checker, vi) == []


def test_title_case_name_is_not_a_rendering(checker: Checker) -> None:
    en = "Query latency is low.\n\nFiled under: Query Latency Reports\n"
    vi = "Độ trễ truy vấn thấp.\n\nChuyên mục: Query Latency Reports\n"
    assert run(checker, vi, en) == []


def test_identifier_with_hyphen_is_not_a_term(checker: Checker) -> None:
    en = "Run the query.\n\nCall the athena-query tool.\n"
    vi = "Chạy truy vấn.\n\nGọi công cụ athena-query.\n"
    assert run(checker, vi, en) == []


def test_zero_width_space_inside_a_rendering(checker: Checker) -> None:
    en = "Latency matters.\n"
    vi = "Độ \u200b\u200btrễ quan trọng.\n".replace(" \u200b\u200b", "\u200b ")
    assert run(checker, vi, en) == []


def test_link_text_glued_to_a_word_still_counts(checker: Checker) -> None:
    en = "Read about [Amazon SageMaker](https://example.com) today.\n"
    vi = "Đọc về[Amazon SageMaker](https://example.com)hôm nay.\n"
    assert run(checker, vi, en) == []


def test_rendering_inside_a_longer_term(checker: Checker) -> None:
    en = "Every query adds latency.\n\nDeploy the version.\n"
    vi = "Mỗi truy vấn thêm độ trễ.\n\nTriển khai phiên bản.\n"
    assert run(checker, vi, en) == []


@pytest.mark.parametrize(
    "vi",
    [
        "```\nDùng Sagemaker và thùng S3\n```\n",
        "Chạy `Sagemaker --thùng S3` ngay.\n",
        "Xem https://example.com/Sagemaker/phiên-bản-EC2 nhé.\n",
        "Xem [tài liệu](https://example.com/Sagemaker) nhé.\n",
        "---\nSagemaker: 1\n---\n\nNội dung.\n",
    ],
)
def test_nothing_flagged_in_code_urls_links_front_matter_keys(checker: Checker, vi: str) -> None:
    assert run(checker, vi) == []


def test_ignore_term_comment(checker: Checker) -> None:
    vi = "<!-- translate:ignore Sagemaker -->\n\nDùng Sagemaker.\n"
    assert run(checker, vi) == []


def test_ignore_next_line_comment(checker: Checker) -> None:
    vi = "<!-- translate:ignore-next-line -->\nDùng Sagemaker.\n\nDùng Sagemaker lần nữa.\n"
    assert [f.line for f in run(checker, vi)] == [4]


def test_dropped_paragraph_does_not_shift_later_findings(checker: Checker) -> None:
    en = (DATA / "en.md").read_text(encoding="utf-8")
    vi = (DATA / "vi.md").read_text(encoding="utf-8")
    assert [(f.rule, f.line) for f in run(checker, vi, en)] == [
        ("missing-term", 7),
        ("dropped-passage", 9),  # the paragraph after line 9's is the one left out
    ]


def test_merged_paragraph_does_not_shift_later_findings(checker: Checker) -> None:
    en = (
        "# Title\n\nQuery data fast.\n\nKeep latency low.\n\n"
        "Store it in a bucket.\n\nUse AWS Lambda here.\n"
    )
    vi = (
        "# Tiêu đề\n\nTruy vấn dữ liệu nhanh và giữ độ trễ thấp.\n\n"
        "Lưu nó vào một thùng.\n\nDùng AWS Lambda ở đây.\n"
    )
    assert [(f.term, f.line) for f in run(checker, vi, en)] == [("bucket", 5)]


def test_split_paragraph_is_compared_with_both_halves(checker: Checker) -> None:
    en = "# Title\n\nQuery data fast. Keep latency low.\n\nUse AWS Lambda.\n"
    vi = "# Tiêu đề\n\nTruy vấn dữ liệu nhanh.\n\nGiữ độ trễ thấp.\n\nDùng AWS Lambda.\n"
    assert run(checker, vi, en) == []


def test_apply_fixes_changes_only_unambiguous_findings(checker: Checker) -> None:
    vi = "Dùng Sagemaker và AWS Bedrock.\n\nĐộ trễ thấp.\n\nLatency cao.\n"
    document = parse(vi)
    findings = checker.check("p", document)
    fixed, applied = apply_fixes(document.source, findings)
    assert fixed == "Dùng SageMaker và Amazon Bedrock.\n\nĐộ trễ thấp.\n\nLatency cao.\n"
    assert {f.found for f in applied} == {"Sagemaker", "AWS Bedrock"}


def test_all_caps_constant_is_not_a_misspelled_name(checker: Checker) -> None:
    assert run(checker, "Đặt biến SAGEMAKER_HOME và PARALLELCLUSTERS.\n") == []


def test_damaged_name_is_reported_once(checker: Checker) -> None:
    en = "Call Amazon Bedrock.\n"
    vi = "Gọi AWS Bedrock.\n"
    assert rules(run(checker, vi, en)) == [("name-altered", "Amazon Bedrock")]


def test_a_path_in_prose_is_not_a_rendering(checker: Checker) -> None:
    vi = "# Tiêu đề\n\nĐộ trễ thấp. Dữ liệu nằm ở /opt/latency/input trên máy.\n"
    assert [f for f in run(checker, vi) if f.rule == "inconsistent-rendering"] == []


def test_a_miscased_short_name_is_fixed_to_the_short_name(checker: Checker) -> None:
    [finding] = [f for f in run(checker, "Dùng Sagemaker.\n") if f.rule == "name-altered"]
    assert finding.fix == "SageMaker"
