"""The checker's behaviour on real translations: opt-in consistency, other senses, dropped
passages and the exact Markdown checks (numbers, links, inline code)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translate.check import Checker, Finding
from translate.document.markdown import parse
from translate.glossary import TermMatcher, load_glossary

DATA = Path(__file__).parent / "data" / "check"
GLOSSARY = DATA / "glossary.yaml"


def make_checker(*paths: Path, consistency: bool = False) -> Checker:
    return Checker(TermMatcher(load_glossary(list(paths or [GLOSSARY]))), consistency=consistency)


@pytest.fixture(scope="module")
def shipped() -> Checker:
    """A checker with the glossary shipped with translate (loaded once for the module)."""
    return make_checker(Path(__file__).parents[1] / "glossary")


def run(checker: Checker, vi: str, en: str | None = None) -> list[Finding]:
    return checker.check("post.vi.md", parse(vi), parse(en) if en is not None else None)


def rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.term) for f in findings]


def glossary_file(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text("source_language: en\ntarget_language: vi\nentries:\n" + entries, "utf-8")
    return path


# inconsistent-rendering: opt-in


def test_two_accepted_renderings_are_no_warning_by_default() -> None:
    vi = "Độ trễ thấp.\n\nLatency cao.\n"
    assert run(make_checker(), vi) == []
    assert rules(run(make_checker(consistency=True), vi)) == [("inconsistent-rendering", "latency")]


def test_a_term_marked_consistent_is_checked_by_default(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: latency\n    target: độ trễ\n    alternatives: [latency]\n"
        "    consistent: true\n"
        "  - term: query\n    target: truy vấn\n    alternatives: [query]\n",
    )
    vi = "Độ trễ thấp, truy vấn nhanh.\n\nLatency cao, query chậm.\n"
    assert rules(run(make_checker(path), vi)) == [("inconsistent-rendering", "latency")]


def test_an_abbreviation_in_the_plural_is_not_another_rendering() -> None:
    en = "Large language models are big.\n\nSome LLMs are small.\n"
    vi = "Các mô hình ngôn ngữ lớn rất lớn.\n\nMột số LLMs thì nhỏ.\n"
    assert run(make_checker(consistency=True), vi, en) == []


def test_a_term_inside_a_compound_kept_in_english_is_not_another_rendering() -> None:
    en = "Run the query.\n\nOpen the query editor.\n"
    vi = "Chạy truy vấn.\n\nMở query editor.\n"
    assert run(make_checker(consistency=True), vi, en) == []


@pytest.mark.parametrize("fast", [True, False])
def test_consistency_option_on_the_command_line(tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "a.vi.md"
    path.write_text("Độ trễ thấp.\n\nLatency cao.\n", encoding="utf-8")
    entry = "from translate.cli import main; main()"
    if not fast:  # the typer command (a --flag=value form is left to typer)
        entry = "import sys; sys.argv[1:1] = []; from translate.cli import main; main()"
    base = [sys.executable, "-c", entry, "check", str(path), "--glossary", str(GLOSSARY)]
    if not fast:
        base += ["--format=text"]
    quiet = subprocess.run(base, capture_output=True, text=True)
    loud = subprocess.run([*base, "--consistency"], capture_output=True, text=True)
    assert quiet.returncode == 0 and "inconsistent-rendering" not in quiet.stdout
    assert loud.returncode == 0 and "inconsistent-rendering" in loud.stdout


# dropped passages and the exact Markdown checks


def test_a_paragraph_left_out_is_a_dropped_passage_quoting_the_english() -> None:
    en = (
        "## Clean up\n\nDelete the stack from the console to stop the charges.\n\n"
        "Then empty the S3 bucket that holds the sample files, because the stack keeps it.\n\n"
        "Finally, remove the IAM role if nothing else uses it.\n"
    )
    vi = (
        "## Dọn dẹp\n\nXóa stack khỏi console để dừng phát sinh chi phí.\n\n"
        "Cuối cùng, xóa vai trò IAM nếu không còn gì khác dùng nó.\n"
    )
    [finding] = [f for f in run(make_checker(), vi, en) if f.rule == "dropped-passage"]
    assert finding.line == 3 and finding.severity == "warning"
    assert "Then empty the S3 bucket" in finding.message


def test_a_paragraph_the_translator_merged_into_the_previous_one_is_not_dropped() -> None:
    en = (
        "Contact the Example Corp team for help with your first rollout of the tool.\n\n"
        "(Loosely: get the most out of Example Corp in your own teams.)\n"
    )
    vi = (
        "Hãy liên hệ với đội ngũ Example Corp để được hỗ trợ trong lần triển khai đầu tiên "
        "(tạm dịch: tận dụng tối đa Example Corp trong chính các nhóm của bạn).\n"
    )
    assert [f for f in run(make_checker(), vi, en) if f.rule == "dropped-passage"] == []


def test_a_short_list_item_left_out_is_a_dropped_passage() -> None:
    en = (
        "To follow along, you need these tools on your laptop:\n\n"
        "- An AWS account where you can create roles.\n"
        "- The Terraform CLI version 1.9 or later.\n"
        "- A copy of the sample repository cloned from GitHub.\n"
    )
    vi = (
        "Để làm theo, bạn cần các công cụ sau trên máy tính:\n\n"
        "- Một tài khoản AWS có quyền tạo role.\n"
        "- Một bản sao của repository mẫu được clone về từ GitHub.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-passage" and "Terraform CLI version 1.9" in finding.message
    vi_whole = vi.replace("role.\n", "role.\n- Terraform CLI phiên bản 1.9 trở lên.\n")
    assert run(make_checker(), vi_whole, en) == []


def test_a_first_list_item_left_out_is_reported_where_the_list_starts() -> None:
    en = (
        "To follow along, you need these tools on your laptop:\n\n"
        "- The Terraform CLI version 1.9 or later.\n"
        "- An AWS account where you can create roles.\n"
        "- A copy of the sample repository cloned from GitHub.\n"
    )
    vi = (
        "Để làm theo, bạn cần các công cụ sau trên máy tính:\n\n"
        "- Một tài khoản AWS có quyền tạo role.\n"
        "- Một bản sao của repository mẫu được clone về từ GitHub.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-passage" and "Terraform CLI version 1.9" in finding.message
    assert finding.line == 3  # the list's first item, not the sentence leading into the list


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (  # the neighbours name AWS too, which is no sign they hold the item
            "- Một tài khoản AWS có quyền tạo role.\n",
            "- Bản sao repository mẫu từ GitHub.\n",
        ),
        (  # the next item's translation runs long, as Vietnamese does, but holds only itself
            "- Một tài khoản có quyền tạo role.\n",
            "- Một bản sao của repository mẫu được clone về máy tính của bạn từ GitHub, kèm theo "
            "toàn bộ các submodule của nó.\n",
        ),
    ],
)
def test_a_list_item_left_out_is_not_taken_in_by_its_neighbours(first: str, last: str) -> None:
    en = (
        "To follow along, you need these tools on your laptop:\n\n"
        "- An AWS account where you can create roles.\n"
        "- The AWS CLI at version 2.15 or any later release installed locally.\n"
        "- A copy of the sample repository cloned from GitHub with its submodules.\n"
    )
    vi = "Để làm theo, bạn cần các công cụ sau trên máy tính:\n\n" + first + last
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-passage" and "version 2.15" in finding.message


def test_a_clause_after_but_left_out_is_a_dropped_clause_and_its_terms_are_not_missing() -> None:
    en = (
        "A nightly job can copy new files to the archive after each run, but it reads every "
        "file again and adds a few minutes of latency to the reports. We use events instead.\n"
    )
    vi = (
        "Một job chạy hằng đêm có thể sao chép tệp mới vào kho lưu trữ sau mỗi lần chạy. "
        "Chúng tôi dùng sự kiện thay thế.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-clause" and "but it reads every file" in finding.message
    whole = vi.replace(
        "lần chạy.", "lần chạy, nhưng nó đọc lại mọi tệp và làm báo cáo có độ trễ thêm vài phút."
    )
    assert run(make_checker(), whole, en) == []


def test_a_sentence_after_a_percentage_can_be_found_dropped() -> None:
    en = (
        "Scaling keeps the average CPU of the fleet near 60%. The service adds a task within a "
        "minute of a spike. It removes a task only after ten quiet minutes, to avoid flapping.\n"
    )
    vi = (
        "Việc co giãn giữ CPU trung bình của cả đội máy ở mức gần 60%. Dịch vụ chỉ bớt task "
        "sau mười phút yên ắng để tránh dao động.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-passage" and "adds a task within a minute" in finding.message


def test_a_condensed_paragraph_is_a_dropped_passage() -> None:
    en = (
        "The first version polled the queue every second. That kept a worker busy all day and "
        "cost money around the clock. We switched to long polling with a longer wait. Idle "
        "costs fell to almost nothing, and messages still arrive quickly.\n"
    )
    vi = "Phiên bản đầu tiên thăm dò hàng đợi mỗi giây.\n"
    [finding] = run(make_checker(), vi, en)
    assert finding.rule == "dropped-passage" and "That kept a worker busy" in finding.message


@pytest.mark.parametrize(
    ("en", "vi", "left_out"),
    [
        (
            "The agent reads the queue. Each message stays there for four days, so the agent "
            "must keep pace. It then sleeps.\n",
            "Agent đọc hàng đợi. Sau đó nó nghỉ.\n",
            "Each message stays there for four days, so the agent must keep pace.",
        ),
        (
            "The script copies the logs to `archive/` every night. It keeps 14 copies and "
            "deletes older ones. A report goes to the team each morning.\n",
            "Script sao chép log vào `archive/` mỗi đêm. Mỗi sáng, nhóm nhận được một báo cáo.\n",
            "It keeps 14 copies and deletes older ones.",
        ),
        (  # two sentences gone, one between the two kept (the English words kept tell which)
            "The first build ran every test on each commit. That took forty minutes and blocked "
            "the whole team. We added a build cache keyed on the lockfile. Builds now finish in "
            "a few minutes, and nobody waits.\n",
            "Bản build đầu tiên chạy mọi test ở mỗi commit. Chúng tôi đã thêm build cache theo "
            "lockfile.\n",
            "That took forty minutes and blocked the whole team. Builds now finish in a few "
            "minutes, and nobody waits.",
        ),
    ],
)
def test_a_dropped_passage_quotes_the_sentence_with_no_counterpart(
    en: str, vi: str, left_out: str
) -> None:
    [finding] = [f for f in run(make_checker(), vi, en) if f.rule == "dropped-passage"]
    assert finding.term == left_out and f"'{left_out[:100]}" in finding.message


def test_a_dropped_sentence_is_measured_against_how_long_the_translation_usually_runs() -> None:
    en = (
        "Our team runs a small web shop on a single server, and traffic grows every month.\n\n"
        "Backups are taken every night and copied to a separate account for safety.\n\n"
        "The shop keeps its orders in a relational database. A worker process sends the "
        "confirmation emails. Another worker builds the daily sales report. Old reports are "
        "removed after a week, so storage stays cheap.\n"
    )
    vi = (
        "Nhóm chúng tôi vận hành một cửa hàng trực tuyến nhỏ trên một máy chủ duy nhất, và lưu "
        "lượng truy cập tăng lên mỗi tháng.\n\n"
        "Các bản sao lưu được tạo mỗi đêm và được sao chép sang một tài khoản riêng để đảm bảo "
        "an toàn.\n\n"
        "Cửa hàng lưu toàn bộ đơn hàng trong một cơ sở dữ liệu quan hệ. Một tiến trình worker "
        "chạy nền gửi các email xác nhận. Một worker khác tổng hợp báo cáo doanh số hằng ngày.\n"
    )
    [finding] = run(make_checker(), vi, en)  # 82% of the English, where the others run longer
    assert (finding.rule, finding.line) == ("dropped-passage", 5)
    assert finding.term == "Old reports are removed after a week, so storage stays cheap."


@pytest.mark.parametrize(
    ("en", "vi", "rule"),
    [
        (  # a number lost with its sentence
            "The worker reads the queue and handles each item in turn. Failed items are kept "
            "for 14 days in a separate queue.\n",
            "Worker đọc hàng đợi và lần lượt xử lý từng mục.\n",
            "dropped-passage",
        ),
        (  # inline code lost with its clause
            "The queue waits longer before each retry because the `BackoffFactor` value "
            "multiplies the delay every time.\n",
            "Hàng đợi chờ lâu hơn trước mỗi lần thử.\n",
            "dropped-clause",
        ),
        (  # a term kept in English lost with its sentence
            "The job writes each result to a bucket and then logs the run. Old results are "
            "removed from the bucket every week, so storage stays cheap.\n",
            "Tác vụ ghi từng kết quả vào một bucket rồi ghi log lần chạy.\n",
            "dropped-passage",
        ),
    ],
)
def test_what_a_dropped_sentence_takes_with_it_is_reported_once(
    en: str, vi: str, rule: str
) -> None:
    assert [f.rule for f in run(make_checker(), vi, en)] == [rule]


def test_a_cut_clause_is_a_dropped_clause() -> None:
    en = "Turn on deletion protection unless the table only holds test data you can rebuild.\n"
    vi = "Bật bảo vệ chống xóa cho bảng.\n"
    assert rules(run(make_checker(), vi, en)) == [("dropped-clause", en.strip())]


def test_a_while_clause_rendered_with_con_is_not_cut() -> None:
    en = (
        "Two product teams share the same AWS account and the same network in one Region.\n\n"
        "The payments team keeps its API on two dedicated servers, while the search team runs "
        "everything on serverless functions.\n"
    )
    vi = (
        "Hai nhóm sản phẩm dùng chung một tài khoản AWS và cùng một hệ thống mạng trong một "
        "Region.\n\n"
        "Nhóm thanh toán đặt API trên hai máy chủ riêng, còn nhóm tìm kiếm chạy mọi thứ bằng "
        "hàm serverless.\n"
    )
    assert run(make_checker(), vi, en) == []


def test_passage_findings_quote_inline_code_as_the_source_writes_it() -> None:
    en = (
        "The queue waits longer before each retry because the `BackoffFactor` value "
        "multiplies the delay every time.\n\n"
        "The worker reads the queue and handles each item in turn. Failed items go to "
        "`dead_letters` after three tries.\n"
    )
    vi = (
        "Hàng đợi chờ lâu hơn trước mỗi lần thử.\n\n"
        "Worker đọc hàng đợi và lần lượt xử lý từng mục.\n"
    )
    findings = [f for f in run(make_checker(), vi, en) if f.rule.startswith("dropped-")]
    assert [f.rule for f in findings] == ["dropped-clause", "dropped-passage"]
    for finding, code in zip(findings, ["`BackoffFactor`", "`dead_letters`"], strict=True):
        assert code in finding.message and code in finding.term
        assert "\ufffc" not in finding.message + finding.term


def test_a_full_translation_has_no_passage_findings() -> None:
    en = "Turn on deletion protection unless the table only holds test data you can rebuild.\n"
    vi = (
        "Bật bảo vệ chống xóa cho bảng, trừ khi bảng chỉ chứa dữ liệu thử nghiệm mà bạn có thể "
        "tạo lại.\n"
    )
    assert run(make_checker(), vi, en) == []


@pytest.mark.parametrize(
    ("en", "vi", "term"),
    [
        ("Give it 1,024 MB of memory.\n", "Cấp cho nó 2.048 MB bộ nhớ.\n", "1,024"),
        ("Uptime is 99.9% a month.\n", "Thời gian hoạt động là 99,99% mỗi tháng.\n", "99.9"),
        ("Logs stay for 30 days.\n", "Log được giữ trong 3 ngày.\n", "30"),
    ],
)
def test_a_changed_number_is_a_number_mismatch(en: str, vi: str, term: str) -> None:
    assert rules(run(make_checker(), vi, en)) == [("number-mismatch", term)]


@pytest.mark.parametrize(
    ("en", "vi"),
    [
        ("Give it 1,024.5 MB.\n", "Cấp cho nó 1.024,5 MB.\n"),
        ("Posted on 13 May 2025.\n", "Đăng ngày 13/05/2025.\n"),
        ("A 50 m patch.\n", "Một vùng 50m.\n"),
        ("Use an ml.g5.2xlarge instance in us-east-1.\n", "Dùng instance ml.g5.2xlarge.\n"),
    ],
)
def test_the_same_number_written_the_vietnamese_way_is_no_mismatch(en: str, vi: str) -> None:
    assert [f for f in run(make_checker(), vi, en) if f.rule == "number-mismatch"] == []


def test_a_dropped_or_changed_link_target_is_a_link_mismatch() -> None:
    en = "Read the [guide](https://example.com/guide) and the [quotas](https://example.com/q).\n"
    vi = "Đọc hướng dẫn và [hạn mức](https://example.com/other).\n"
    assert rules(run(make_checker(), vi, en)) == [
        ("link-mismatch", "https://example.com/guide"),
        ("link-mismatch", "https://example.com/q"),
    ]


def test_a_changed_or_dropped_code_span_is_a_code_mismatch() -> None:
    en = "Run `make build` and set `max_tokens` to a small value.\n"
    vi = "Chạy `make all` và đặt số token tối đa ở mức nhỏ.\n"
    assert rules(run(make_checker(), vi, en)) == [
        ("code-mismatch", "`make build`"),
        ("code-mismatch", "`max_tokens`"),
    ]


def test_a_resource_name_given_in_prose_and_translated_is_a_code_mismatch() -> None:
    checker = make_checker()
    en = "Create a table named orders in the database called sales\\_db.\n"
    vi = "Tạo một bảng tên là đơn hàng trong cơ sở dữ liệu sales\\_db.\n"
    [finding] = run(checker, vi, en)
    assert (finding.rule, finding.term, finding.line) == ("code-mismatch", "orders", 1)
    kept = "Tạo một bảng tên `orders` trong cơ sở dữ liệu sales\\_db.\n"
    assert run(checker, kept, en) == []
    en_verbs = "The function called by the rule reads the role named after the team.\n"
    vi_verbs = "Hàm được quy tắc gọi sẽ đọc vai trò đặt theo tên nhóm.\n"
    assert run(checker, vi_verbs, en_verbs) == []


def test_links_and_code_kept_as_they_are_are_clean() -> None:
    en = "Run `make build` as the [guide](https://example.com/guide) says.\n"
    vi = "Chạy `make build` như [hướng dẫn](https://example.com/guide) nói.\n"
    assert run(make_checker(), vi, en) == []


# other senses of a term


def test_a_term_in_one_of_its_other_senses_is_not_missing(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: instance\n    keep: true\n    other_senses: [for instance]\n"
        "  - term: stack\n    keep: true\n    other_senses: [technology stack]\n",
    )
    en = "Some jobs need memory. For instance, a cache. Our technology stack is small.\n"
    vi = "Một số tác vụ cần bộ nhớ. Ví dụ, một bộ nhớ đệm. Ngăn xếp công nghệ của chúng tôi nhỏ.\n"
    assert run(make_checker(path), vi, en) == []
    en_terms = "Start an instance for the stack.\n"
    vi_terms = "Khởi chạy một máy chủ cho ngăn xếp.\n"
    assert rules(run(make_checker(path), vi_terms, en_terms)) == [
        ("missing-term", "instance"),
        ("missing-term", "stack"),
    ]


def test_the_shipped_glossary_knows_other_senses() -> None:
    shipped = Path(__file__).parents[1] / "glossary"
    checker = make_checker(shipped)
    en = "For instance, the technology stack of a support team is small.\n"
    vi = "Ví dụ, ngăn xếp công nghệ của một đội hỗ trợ thì nhỏ.\n"
    assert run(checker, vi, en) == []


def test_a_forbidden_text_in_context_is_reported_only_where_the_english_has_the_term(
    tmp_path: Path,
) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: ledger\n    target: sổ cái\n    forbidden:\n"
        "      - text: cuốn sách\n        why: a ledger is no book\n        in_context: true\n",
    )
    checker = make_checker(path)
    en = "Write each payment to the ledger.\n\nRead a book on the weekend.\n"
    vi = "Ghi mỗi khoản thanh toán vào cuốn sách.\n\nĐọc một cuốn sách vào cuối tuần.\n"
    [finding] = run(checker, vi, en)
    assert (finding.rule, finding.line, finding.term) == ("forbidden-rendering", 1, "ledger")
    assert run(checker, vi) == []  # without the English, the ordinary word cannot be told apart


def test_the_shipped_glossary_forbids_wrong_senses_of_data_and_security_terms(
    shipped: Checker,
) -> None:
    en = (
        "Choose an IAM principal for the table.\n\n"
        "The function must be idempotent.\n\n"
        "The service vends credentials to the engine.\n\n"
        "Agent assist suggests answers during calls.\n\n"
        "Query the files where they are in storage.\n"
    )
    vi = (
        "Chọn một hiệu trưởng IAM cho bàn.\n\n"
        "Hàm phải có tính bất biến.\n\n"
        "Dịch vụ bán thông tin xác thực cho công cụ.\n\n"
        "Hỗ trợ tác nhân gợi ý câu trả lời trong cuộc gọi.\n\n"
        "Truy vấn các tệp ngay trong bộ nhớ.\n"
    )
    assert rules(run(shipped, vi, en)) == [
        ("forbidden-rendering", "IAM principal"),
        ("forbidden-rendering", "table"),
        ("forbidden-rendering", "idempotency"),
        ("forbidden-rendering", "credential vending"),
        ("forbidden-rendering", "agent assist"),
        ("forbidden-rendering", "storage"),
    ]
    # the same words in their ordinary senses, or inside an accepted rendering (local storage)
    en = (
        "The school principal sat at a desk; the rule never changes.\n\nCopy it to local storage.\n"
    )
    vi = "Hiệu trưởng ngồi ở bàn; quy tắc là bất biến.\n\nChép nó vào bộ nhớ cục bộ.\n"
    assert run(shipped, vi, en) == []


def test_a_name_with_its_middle_translated_is_name_altered(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: Amazon EMR on EKS\n    variants: [EMR on EKS]\n    keep: true\n"
        "    case: exact\n"
        "  - term: Signature Version 4\n    variants: [SigV4]\n    keep: true\n    case: exact\n",
    )
    checker = make_checker(path)
    en = "Sign each request with Signature Version 4 (SigV4).\n\nThen run EMR on EKS.\n"
    vi = "Ký mỗi yêu cầu bằng Signature Phiên bản 4 (SigV4).\n\nSau đó chạy EMR trên EKS.\n"
    found = run(checker, vi, en)
    assert [(f.rule, f.term, f.line, f.found) for f in found] == [
        ("name-altered", "Signature Version 4", 1, "Signature Phiên bản 4"),
        ("name-altered", "Amazon EMR on EKS", 3, "EMR trên EKS"),
    ]
    # the name kept in full, and its words apart in a sentence of their own
    en = "Amazon EMR on EKS lets EMR jobs run on EKS clusters.\n"
    vi = "Amazon EMR on EKS cho phép các tác vụ EMR chạy trên các cụm EKS.\n"
    assert run(checker, vi, en) == []


def test_an_english_gloss_after_a_forbidden_text_does_not_excuse_it(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: ledger\n    target: sổ cái\n    alternatives: [ledger]\n    forbidden:\n"
        "      - text: cuốn sách\n        why: a ledger is no book\n        in_context: true\n",
    )
    checker = make_checker(path)
    en = "Write each payment to the ledger.\n"
    vi = "Ghi mỗi khoản thanh toán vào cuốn sách (ledger).\n"
    assert rules(run(checker, vi, en)) == [("forbidden-rendering", "ledger")]
    assert run(checker, "Ghi mỗi khoản thanh toán vào sổ cái (ledger).\n", en) == []


def test_the_shipped_glossary_knows_people_titles_model_promotion_and_sql_drop(
    shipped: Checker,
) -> None:
    en = (
        "Review these security best practices.\n\n"
        "The new menu shortens transfers to contact center agents.\n\n"
        "The pipeline starts retraining every week.\n\n"
        "The pipeline handles model version promotion.\n\n"
        "**Lan** is a Solutions Architect at AWS.\n\n"
        "Drop the table when you finish.\n"
    )
    vi = (
        "Xem lại các thực tiễn bảo mật này.\n\n"
        "Menu mới rút ngắn thời gian chuyển tiếp tác nhân.\n\n"
        "Pipeline bắt đầu đào tạo lại mỗi tuần.\n\n"
        "Pipeline đảm nhiệm việc quảng bá phiên bản mô hình (model promotion).\n\n"
        "**Lan** là Giám đốc giải pháp tại AWS.\n\n"
        "Thả bảng khi bạn hoàn tất.\n"
    )
    assert rules(run(shipped, vi, en)) == [
        ("forbidden-rendering", "best practice"),
        ("forbidden-rendering", "contact center agent"),
        ("forbidden-rendering", "retraining"),
        ("forbidden-rendering", "model promotion"),
        ("forbidden-rendering", "Solutions Architect"),
        ("forbidden-rendering", "drop table"),
    ]
    # the same words in their own senses, or with the term rendered beside them
    en = (
        "These architectural best practices hold in practice.\n\n"
        "The orchestrator agent calls another agent.\n\n"
        "The budget covers retraining staff.\n\n"
        "The shop runs a promotion every week.\n\n"
        "**Lan** is a Solutions Architect at AWS. She was a director at a bank.\n\n"
        "Drag and drop the file here.\n"
    )
    vi = (
        "Các thực tiễn kiến trúc tốt nhất này đúng trong thực tiễn.\n\n"
        "Tác nhân điều phối gọi một tác nhân khác.\n\n"
        "Ngân sách bao gồm việc đào tạo lại nhân viên.\n\n"
        "Cửa hàng chạy chương trình quảng bá mỗi tuần.\n\n"
        "**Lan** là Kiến trúc sư Giải pháp tại AWS. Cô từng là giám đốc tại một ngân hàng.\n\n"
        "Kéo và thả tệp vào đây.\n"
    )
    assert run(shipped, vi, en) == []


def test_a_name_inside_a_forbidden_rendering_is_not_also_missing(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: Amazon S3\n    variants: [S3]\n    keep: true\n    case: exact\n"
        "  - term: bucket\n    keep: true\n    forbidden:\n"
        "      - text: thùng S3\n        why: a barrel\n",
    )
    en = "Create an S3 bucket for the logs.\n"
    vi = "Tạo một thùng S3 cho log.\n"
    assert rules(run(make_checker(path), vi, en)) == [("forbidden-rendering", "bucket")]


def test_a_name_translated_in_title_case_is_name_altered(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: Amazon S3\n    variants: [S3]\n    keep: true\n    case: exact\n"
        "    forbidden:\n      - text: dịch vụ lưu trữ đơn giản\n        why: translated\n"
        "      - text: AWS S3\n        why: wrong vendor\n",
    )
    checker = make_checker(path)
    en = "Backups go to Amazon S3 every night.\n"
    vi = "Bản sao lưu được ghi vào Dịch Vụ Lưu Trữ Đơn Giản mỗi đêm.\n"
    found = run(checker, vi, en)
    assert [(f.rule, f.term, f.found) for f in found] == [
        ("name-altered", "Amazon S3", "Dịch Vụ Lưu Trữ Đơn Giản")
    ]
    # a banned English spelling is a spelling: only as written
    assert run(checker, "Chạy lệnh aws s3 ls để xem Amazon S3.\n") == []


def test_a_term_kept_in_english_in_another_form_is_not_missing(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: cache\n    keep: true\n"
        "  - term: stream\n    target: stream\n    alternatives: [luồng]\n",
    )
    checker = make_checker(path)
    en = "# From streams to the cache\n"
    assert run(checker, "# Từ dữ liệu streaming đến lớp caching\n", en) == []
    assert rules(run(checker, "# Từ dữ liệu đến bộ nhớ đệm\n", en)) == [
        ("missing-term", "stream"),
        ("missing-term", "cache"),
    ]


def test_a_name_translated_before_its_short_form_is_name_altered(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: Amazon MQ\n    variants: [Amazon Managed Queue Service, MQ]\n"
        "    keep: true\n    case: exact\n",
    )
    checker = make_checker(path)
    en = "Amazon Managed Queue Service (Amazon MQ) runs the brokers of many teams.\n"
    vi = "Dịch vụ Hàng đợi Được quản lý của Amazon (Amazon MQ) chạy broker cho nhiều nhóm.\n"
    found = run(checker, vi, en)
    assert [(f.rule, f.term, f.found) for f in found] == [
        ("name-altered", "Amazon MQ", "Dịch vụ Hàng đợi Được quản lý của Amazon")
    ]
    # the name kept in full, or left out for its short form alone
    kept = "Amazon Managed Queue Service (Amazon MQ) chạy broker cho nhiều nhóm.\n"
    assert run(checker, kept, en) == []
    assert run(checker, "Amazon MQ chạy broker cho nhiều nhóm.\n", en) == []


def test_a_name_translated_before_an_acronym_the_glossary_lacks_is_name_altered(
    tmp_path: Path,
) -> None:
    path = glossary_file(tmp_path, "  - term: Amazon MQ\n    keep: true\n    case: exact\n")
    checker = make_checker(path)
    en = "The team runs its brokers on Amazon MQ (AMQ) in two Regions.\n"
    vi = "Nhóm chạy broker trên Hàng đợi Tin nhắn của Amazon (AMQ) ở hai Region.\n"
    found = run(checker, vi, en)
    assert [(f.rule, f.term, f.found) for f in found] == [
        ("name-altered", "Amazon MQ", "Hàng đợi Tin nhắn của Amazon")
    ]
    kept = "Nhóm chạy broker trên Amazon MQ (AMQ) ở hai Region.\n"
    assert run(checker, kept, en) == []
    # words in parentheses that are no short form of the name: the name is only missing
    en = "The team runs its brokers on Amazon MQ (ARM64) in two Regions.\n"
    vi = "Nhóm chạy broker trên bộ xử lý của máy chủ (ARM64) ở hai Region.\n"
    assert rules(run(checker, vi, en)) == [("missing-term", "Amazon MQ")]


def test_a_name_translated_after_another_vendor_name_the_glossary_lacks_is_name_altered(
    tmp_path: Path,
) -> None:
    path = glossary_file(tmp_path, "  - term: Amazon MQ\n    keep: true\n    case: exact\n")
    en = "We read events from Amazon Kinesis Data Streams and publish them to Amazon MQ.\n"
    vi = "Chúng tôi đọc sự kiện từ Amazon Kinesis Data Streams và đẩy lên Amazon Hàng đợi.\n"
    found = run(make_checker(path), vi, en)
    assert [(f.rule, f.term, f.found) for f in found] == [
        ("name-altered", "Amazon MQ", "Amazon Hàng đợi")
    ]


def test_a_name_translated_with_its_vendor_last_is_name_altered(tmp_path: Path) -> None:
    path = glossary_file(tmp_path, "  - term: AWS Cost Explorer\n    keep: true\n    case: exact\n")
    checker = make_checker(path)
    en = "Review the results in AWS Cost Explorer each month with your teams.\n"
    vi = "Hằng tháng, hãy xem lại kết quả trong Trình khám phá chi phí của AWS cùng các nhóm.\n"
    found = run(checker, vi, en)
    assert [(f.rule, f.found) for f in found] == [
        ("name-altered", "Trình khám phá chi phí của AWS")
    ]
    # the name left out, with the vendor in an ordinary phrase, is still a missing name
    vi = "Hằng tháng, hãy xem lại kết quả trong tài khoản AWS cùng các nhóm.\n"
    assert rules(run(checker, vi, en)) == [("missing-term", "AWS Cost Explorer")]


def test_the_shipped_glossary_forbids_version_and_bandwidth_for_instance_and_throughput(
    shipped: Checker,
) -> None:
    en = "Start two instances in the subnet.\n\nThe throughput doubled after the change.\n"
    vi = "Khởi động hai phiên bản trong subnet.\n\nBăng thông tăng gấp đôi sau thay đổi.\n"
    assert rules(run(shipped, vi, en)) == [
        ("forbidden-rendering", "instance"),
        ("forbidden-rendering", "throughput"),
    ]
    # the same words for a version and for bandwidth, beside the terms rendered
    en = "Install version 2 on each instance.\n\nCompare bandwidth with throughput.\n"
    vi = "Cài phiên bản 2 trên mỗi instance.\n\nSo sánh băng thông với thông lượng.\n"
    assert run(shipped, vi, en) == []


def test_the_shipped_glossary_forbids_people_training_words_for_model_training(
    shipped: Checker,
) -> None:
    en = "Your training script saves a checkpoint every hour.\n"
    vi = "Script đào tạo của bạn lưu checkpoint mỗi giờ.\n"
    assert rules(run(shipped, vi, en)) == [("forbidden-rendering", "training")]
    # training people is đào tạo
    en = "Different teams need different training before the launch.\n"
    vi = "Mỗi nhóm cần được đào tạo khác nhau trước khi ra mắt.\n"
    assert run(shipped, vi, en) == []


# meaning kept, no finding


def test_a_damaged_name_copied_from_the_english_is_not_the_translators_mistake() -> None:
    en = "Serve the site through AWS Bedrock and Amazon Bedrock.\n"
    vi = "Phục vụ trang web qua AWS Bedrock và Amazon Bedrock.\n"
    assert run(make_checker(), vi, en) == []
    assert rules(run(make_checker(), vi)) == [("name-altered", "Amazon Bedrock")]


def test_a_link_to_the_vietnamese_edition_of_the_same_page_is_no_mismatch() -> None:
    en = "See [the service page](https://aws.amazon.com/cloudwatch/).\n"
    vi = "Xem [trang dịch vụ](https://aws.amazon.com/vi/cloudwatch/).\n"
    assert run(make_checker(), vi, en) == []


def test_a_last_paragraph_split_in_three_is_compared_with_all_three() -> None:
    en = (
        "# Summary\n\nThe [approach](https://example.com/a) scales to many Athena tables and keeps "
        "errors low for every team. It also adapts to new schemas without code changes of any "
        "kind. Try it today and read the guide to set it up in your own account.\n"
    )
    vi = (
        "# Tóm tắt\n\n[Cách tiếp cận](https://example.com/a) này mở rộng cho nhiều bảng Athena "
        "và giữ lỗi ở mức thấp cho mọi nhóm.\n\nNó cũng thích ứng với các lược đồ mới mà không cần "
        "thay đổi mã nào.\n\nHãy thử ngay hôm nay và đọc hướng dẫn để thiết lập nó trong tài "
        "khoản của chính bạn.\n"
    )
    assert run(make_checker(), vi, en) == []


# dropped-term: a term translators nearly always render


def test_a_term_always_rendered_that_is_missing_is_a_dropped_term_warning(tmp_path: Path) -> None:
    entries = (
        "  - term: latency\n    target: độ trễ\n    alternatives: [latency]\n"
        "    always_rendered: true\n"
        "  - term: query\n    target: truy vấn\n    alternatives: [query]\n"
    )
    checker = make_checker(glossary_file(tmp_path, entries))
    en = "The cache cut the query latency from 120 ms to 45 ms.\n"
    vi = "Bộ nhớ đệm đã giảm thời gian của lệnh từ 120 ms xuống 45 ms.\n"
    [finding] = run(checker, vi, en)
    assert (finding.rule, finding.term, finding.severity) == ("dropped-term", "latency", "warning")
    assert run(checker, vi.replace("thời gian", "độ trễ"), en) == []


def test_the_shipped_glossary_reports_a_dropped_latency(shipped: Checker) -> None:
    en = "Moving the cache closer cut the p99 latency from 120 ms to 45 ms.\n"
    vi = "Đưa bộ nhớ đệm đến gần hơn đã giảm thời gian p99 từ 120 ms xuống 45 ms.\n"
    assert rules(run(shipped, vi, en)) == [("dropped-term", "latency")]


# a team's glossary (TBX, CSV)

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>team</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>Amazon SageMaker</term>
        <termNote type="termType">properNoun</termNote></termSec>
        <termSec><term>SageMaker</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>Amazon DynamoDB</term></termSec>
        <termSec><term>DynamoDB</term></termSec></langSec>
      <langSec xml:lang="vi"><termSec><term>Amazon DynamoDB</term></termSec>
        <termSec><term>DynamoDB</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSec xml:lang="en"><termSec><term>instance</term></termSec></langSec>
      <langSec xml:lang="vi">
        <termSec><term>instance</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>phiên bản</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_a_tbx_proper_noun_or_name_rendered_as_itself_is_a_case_sensitive_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.tbx"
    path.write_text(TBX, encoding="utf-8")
    checker = make_checker(path)
    found = rules(run(checker, "Dùng Sagemaker với Dynamo DB.\n"))
    assert found == [("name-altered", "Amazon SageMaker"), ("name-altered", "Amazon DynamoDB")]


def test_a_tbx_term_preferred_in_english_keeps_its_admitted_translations(tmp_path: Path) -> None:
    path = tmp_path / "team.tbx"
    concept = (
        '<conceptEntry id="c9"><langSec xml:lang="en"><termSec><term>Zone</term></termSec>'
        '</langSec><langSec xml:lang="vi"><termSec><term>Zone</term><termNote type='
        '"administrativeStatus">preferredTerm-admn-sts</termNote></termSec><termSec><term>'
        'miền</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'
        "</termSec></langSec></conceptEntry>\n  </body>"
    )
    path.write_text(TBX.replace("</body>", concept), encoding="utf-8")
    checker = make_checker(path)
    entry = checker.matcher.glossary.get("Zone")
    assert entry is not None and (entry.keep, entry.renderings) == (False, ("Zone", "miền"))
    en = "Copy the table to two Zones.\n\nZones are isolated.\n"
    assert run(checker, "Sao chép bảng sang hai miền.\n\nMiền được tách biệt.\n", en) == []
    assert rules(run(checker, "Sao chép bảng sang hai nơi.\n\nMiền được tách biệt.\n", en)) == [
        ("missing-term", "Zone")
    ]


def test_a_tbx_deprecated_word_in_another_sense_is_not_reported(tmp_path: Path) -> None:
    path = tmp_path / "team.tbx"
    path.write_text(TBX, encoding="utf-8")
    checker = make_checker(path)
    en = "Upgrade to the new version. For instance, start one instance.\n"
    vi = "Nâng cấp lên phiên bản mới. Ví dụ, khởi chạy một instance.\n"
    assert run(checker, vi, en) == []
    en_bad = "Start one instance.\n"
    vi_bad = "Khởi chạy một phiên bản.\n"
    assert rules(run(checker, vi_bad, en_bad)) == [("forbidden-rendering", "instance")]


def test_a_csv_row_kept_as_itself_with_a_capital_is_a_case_sensitive_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.csv"
    path.write_text("en,vi\nAmazon SageMaker,Amazon SageMaker\nSageMaker,SageMaker\n", "utf-8")
    found = run(make_checker(path), "Dùng sagemaker để huấn luyện.\n", "Use SageMaker here.\n")
    assert rules(found) == [("missing-term", "SageMaker")]


def test_a_csv_glossary_takes_the_shipped_bans_of_its_terms(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("en,vi\ninstance,instance\nthroughput,thông lượng\n", "utf-8")
    en = "Start one instance and measure its throughput.\n"
    vi = "Khởi chạy một phiên bản và đo băng thông của nó.\n"
    assert rules(run(make_checker(path), vi, en)) == [
        ("forbidden-rendering", "instance"),
        ("forbidden-rendering", "throughput"),
    ]
    path.write_text("en,vi\ninstance,phiên bản\n", "utf-8")  # the team's own choice
    assert run(make_checker(path), vi.replace("băng thông", "thông lượng"), en) == []


def test_a_paragraph_whose_only_number_changed_is_still_aligned_and_checked() -> None:
    en = (
        "# Costs\n\nWe track 3 numbers per team.\n\n- Cost per order\n- Idle hours\n"
        "- Untagged spend\n\nA new feature raised the cost by 15% in one week.\n\n"
        "See the report in Amazon S3 every Monday.\n"
    )
    vi = (
        "# Chi phí\n\nChúng tôi theo dõi 3 con số cho mỗi nhóm.\n\n- Chi phí mỗi đơn hàng\n"
        "- Chi phí chưa gắn thẻ\n\nMột tính năng mới làm chi phí tăng 10% chỉ trong một tuần.\n\n"
        "Xem báo cáo trong Amazon S3 vào mỗi thứ Hai.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert (finding.rule, finding.term, finding.line) == ("number-mismatch", "15", 8)


def test_a_table_row_left_out_is_a_dropped_passage() -> None:
    head = "| Metric | Target |\n|---|---|\n"
    en = (
        head + "| Cost per order | down 5% |\n| Idle hours | under 200 |\n| Untagged spend | 4% |\n"
    )
    vi = head + "| Chi phí mỗi đơn | giảm 5% |\n| Chi phí chưa gắn thẻ | 4% |\n"
    [finding] = run(make_checker(), vi, en)
    assert (finding.rule, finding.line) == ("dropped-passage", 3)
    assert "Idle hours | under 200" in finding.message
    whole = (
        head
        + "| Chi phí mỗi đơn | giảm 5% |\n| Giờ rảnh | dưới 200 |\n| Chi phí chưa gắn thẻ | 4% |\n"
    )
    assert run(make_checker(), whole, en) == []


def test_flash_storage_as_bo_nho_flash_is_no_banned_memory(shipped: Checker) -> None:
    en = "The device checks that 20% of its flash storage is free.\n"
    assert run(shipped, "Thiết bị kiểm tra rằng bộ nhớ flash còn trống 20%.\n", en) == []
    assert rules(run(shipped, "Thiết bị kiểm tra rằng bộ nhớ còn trống 20%.\n", en)) == [
        ("forbidden-rendering", "storage")
    ]


def test_a_misspelled_variant_of_a_vendor_name_is_name_altered(shipped: Checker) -> None:
    en = "Savings Plans coverage rose to 74%.\n"
    [finding] = run(shipped, "Độ phủ Saving Plans tăng lên 74%.\n", en)
    assert (finding.rule, finding.term, finding.found) == (
        "name-altered",
        "AWS Savings Plans",
        "Saving Plans",
    )


def test_two_terms_written_as_a_ratio_are_both_read(shipped: Checker) -> None:
    en = "- Liquidity ratio (Current assets/Current liabilities)\n"
    vi = "- Tỷ lệ thanh khoản (Tài sản hiện tại/Nợ phải trả hiện tại)\n"
    assert rules(run(shipped, vi, en)) == [
        ("forbidden-rendering", "current assets"),
        ("forbidden-rendering", "current liabilities"),
    ]


def test_a_misspelled_name_of_two_words_is_name_altered(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("en,vi\nSavings Plans,Savings Plans\n", "utf-8")
    en = "Coverage by Savings Plans rose to 74%.\n"
    [finding] = run(make_checker(path), "Độ phủ của Saving Plans tăng lên 74%.\n", en)
    assert (finding.rule, finding.found) == ("name-altered", "Saving Plans")
    [finding] = run(make_checker(path), "Độ phủ của gói tiết kiệm tăng lên 74%.\n", en)
    assert finding.rule == "missing-term"


def test_a_miscased_tbx_name_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "team.tbx"
    path.write_text(TBX, encoding="utf-8")
    en = "We use Amazon SageMaker to train a classifier.\n"
    vi = "Chúng tôi dùng Amazon Sagemaker để huấn luyện một bộ phân loại.\n"
    [finding] = run(make_checker(path), vi, en)
    assert (finding.rule, finding.found) == ("name-altered", "Amazon Sagemaker")


def test_a_dropped_latency_is_reported_with_a_team_glossary_too(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("en,vi\nlatency,độ trễ\n", "utf-8")
    en = "The cache cut the latency from 120 ms to 45 ms.\n"
    vi = "Bộ nhớ đệm đã giảm thời gian từ 120 ms xuống 45 ms.\n"
    assert rules(run(make_checker(path), vi, en)) == [("dropped-term", "latency")]


def test_a_term_the_team_translates_is_missing_when_left_in_english(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("en,vi\nworkload,khối lượng công việc\nsnapshot,bản chụp nhanh\n", "utf-8")
    team = make_checker(path)
    en = "Restore the workload from a snapshot.\n"
    [finding] = run(team, "Khôi phục workload từ một bản chụp nhanh.\n", en)
    assert (finding.rule, finding.term) == ("missing-term", "workload")
    assert "left in English" in finding.message
    first = "Workload được khôi phục từ một bản chụp nhanh.\n"
    assert rules(run(team, first, en)) == [("missing-term", "workload")]
    glossed = "Khôi phục khối lượng công việc (workload) từ một bản chụp nhanh.\n"
    assert run(team, glossed, en) == []
    label = "Chọn **Restore workload** để khôi phục từ một bản chụp nhanh.\n"
    assert run(team, label, "Choose **Restore workload** to restore from a snapshot.\n") == []
    whole = "Xem Restore the workload from a snapshot trong hướng dẫn.\n"  # a title kept
    assert run(team, whole, "See Restore the workload from a snapshot in the guide.\n") == []
    path.write_text("en,vi\npartition,phân vùng\n", "utf-8")  # "partition key" kept whole
    assert (
        run(make_checker(path), "Mỗi mục có một partition key.\n", "It has a partition key.\n")
        == []
    )


AGENTS = (
    "  - term: agent\n    target: agent\n    alternatives: [tác nhân]\n"
    "  - term: contact center agent\n    target: nhân viên tổng đài\n    forbidden:\n"
    "      - text: tác nhân\n        why: a person\n        in_context: true\n"
)


def test_an_agent_in_a_meant_by_phrase_of_the_glossary_is_that_entry(tmp_path: Path) -> None:
    meant_by = (
        "    meant_by:\n      agent: [transfers the call to an agent, agents and supervisors]\n"
    )
    checker = make_checker(glossary_file(tmp_path, AGENTS + meant_by))
    en = "The bot transfers the call to an agent.\n\nThe agent calls a tool.\n"
    vi = "Bot chuyển cuộc gọi cho một tác nhân.\n\nTác nhân gọi một công cụ.\n"
    [finding] = run(checker, vi, en)
    assert (finding.rule, finding.term, finding.line) == (
        "forbidden-rendering",
        "contact center agent",
        1,
    )
    vi_person = "Bot chuyển cuộc gọi cho một nhân viên tổng đài.\n\nTác nhân gọi một công cụ.\n"
    assert run(checker, vi_person, en) == []
    # the phrases are the glossary's: without them the agent is the agent entry's
    (tmp_path / "plain").mkdir()
    assert run(make_checker(glossary_file(tmp_path / "plain", AGENTS)), vi, en) == []


DROP_TABLE = (
    "  - term: drop table\n    target: xóa bảng\n"
    "    other_senses: [drag and drop <name> table]\n"
    "    implied_by: [drop <name> table, drop <name> tables]\n"
    "    forbidden:\n      - text: thả\n        why: to let go\n        in_context: true\n"
)


def test_a_table_named_in_an_implied_by_phrase_is_that_entry(tmp_path: Path) -> None:
    checker = make_checker(glossary_file(tmp_path, DROP_TABLE))
    en = (
        "Drop the staging table when the load ends.\n\n"
        "Drag and drop the orders table into the report.\n\n"
        "Drop your two Iceberg tables.\n"
    )
    vi = (
        "Thả bảng staging khi quá trình tải kết thúc.\n\n"
        "Kéo và thả bảng orders vào báo cáo.\n\n"
        "Thả hai bảng Iceberg của bạn.\n"
    )
    found = run(checker, vi, en)
    assert [(f.rule, f.term, f.line) for f in found] == [
        ("forbidden-rendering", "drop table", 1),
        ("forbidden-rendering", "drop table", 5),
    ]
    en_fall = "Prices drop as the table shows.\n"
    vi_fall = "Giá giảm như bảng cho thấy, thả nổi.\n"
    assert run(checker, vi_fall, en_fall) == []


def test_a_principal_job_title_rendered_as_senior_is_reported(shipped: Checker) -> None:
    en = "**Lan** is a Principal Partner Solutions Engineer at AWS.\n"
    vi = "**Lan** là Kỹ sư Giải pháp Đối tác Cấp cao tại AWS.\n"
    assert rules(run(shipped, vi, en)) == [("forbidden-rendering", "Principal")]
    assert run(shipped, "**Lan** là Kỹ sư Giải pháp Đối tác Chính tại AWS.\n", en) == []
    en_iam = "For Principals, choose the role. Grant the principal access.\n"
    vi_iam = "Tại Principals, chọn vai trò. Cấp quyền truy cập cho chủ thể.\n"
    assert run(shipped, vi_iam, en_iam) == []


def test_drag_and_drop_and_retraining_people_are_other_senses_for_a_team_glossary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.tbx"
    path.write_text(TBX_SENSES, encoding="utf-8")
    checker = make_checker(path)
    en = "Drag and drop the file. The budget covers retraining staff.\n"
    vi = "Kéo và thả tệp. Ngân sách bao gồm việc đào tạo lại nhân viên.\n"
    assert run(checker, vi, en) == []
    en_bad = "Drop the table. The pipeline starts retraining.\n"
    vi_bad = "Thả bảng. Pipeline bắt đầu đào tạo lại.\n"
    assert rules(run(checker, vi_bad, en_bad)) == [
        ("forbidden-rendering", "drop"),
        ("forbidden-rendering", "retraining"),
    ]


def test_a_team_glossary_term_takes_the_other_senses_of_the_shipped_entry(
    tmp_path: Path,
) -> None:
    path = tmp_path / "team.tbx"
    path.write_text(TBX_SENSES, encoding="utf-8")
    checker = make_checker(path)
    en = "The team ran two training sessions for new developers.\n"
    vi = "Nhóm đã tổ chức hai buổi đào tạo cho các developer mới.\n"
    assert run(checker, vi, en) == []
    en_bad = "The model training job ran for two hours.\n"
    vi_bad = "Job đào tạo mô hình chạy trong hai giờ.\n"
    assert rules(run(checker, vi_bad, en_bad)) == [("forbidden-rendering", "training")]


TBX_SENSES = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>team</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>drop</term></termSec></langSec>
      <langSec xml:lang="vi">
        <termSec><term>xóa</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>thả</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>retraining</term></termSec></langSec>
      <langSec xml:lang="vi">
        <termSec><term>huấn luyện lại</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>đào tạo lại</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSec xml:lang="en"><termSec><term>training</term></termSec></langSec>
      <langSec xml:lang="vi">
        <termSec><term>huấn luyện</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>đào tạo</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


# proper names of the post


def test_a_partner_name_translated_in_one_block_is_name_altered() -> None:
    en = (
        "# Query tables from Quillbase\n\nYou can connect your lake to Quillbase in minutes.\n\n"
        "Then create a table in Quillbase and query it.\n"
    )
    vi = (
        "# Truy vấn bảng từ Quillbase\n\nBạn có thể kết nối hồ với Quillbase trong vài phút.\n\n"
        "Sau đó tạo một bảng trong Bút Lông và truy vấn nó.\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert (finding.rule, finding.line, finding.term) == ("name-altered", 5, "Quillbase")
    # a capitalised word the English also writes in lowercase, or a month, is translated
    en = "The Active node and the active replica sync in May, and in May again.\n\n" * 2
    vi = "Nút Active và bản sao đang hoạt động đồng bộ vào tháng Năm.\n\n" * 2
    assert run(make_checker(), vi, en + "The Active node and the standby node stop in May.\n") == []


# code blocks


def test_a_code_block_turned_into_a_list_is_a_code_mismatch() -> None:
    en = (
        "The prompt says:\n\n```\nRetry policy:\n  - Run the job with the /jobs endpoint\n"
        "  - On failure, read the error and retry once\n```\n"
    )
    vi = (
        "Câu lệnh như sau:\n\n**Retry policy:**\n\n- Run the job with the /jobs endpoint\n"
        "- On failure, read the error and retry once\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert (finding.rule, finding.line, finding.term) == ("code-mismatch", 5, "Retry policy:")
    # lines the English also has as prose are not the block's own
    en = "Run make build.\n\nRun make test.\n\n```\nRun make build.\nRun make test.\n```\n"
    vi = "Run make build.\n\nRun make test.\n\n```\nRun make build.\nRun make test.\n```\n"
    assert run(make_checker(), vi, en) == []


def test_a_line_of_code_changed_in_a_code_block_is_a_code_mismatch() -> None:
    en = (
        "Create the record:\n\n```yaml\nName: !Ref DomainName  # the zone\nTags:\n"
        "  - Key: Environment\n```\n"
    )
    vi = (
        "Tạo bản ghi:\n\n```yaml\nName: \\!Ref DomainName  # vùng DNS\nTags:\n"
        "  - Key: Environment\n```\n"
    )
    [finding] = run(make_checker(), vi, en)
    assert (finding.rule, finding.line, finding.term) == (
        "code-mismatch",
        4,
        "Name: !Ref DomainName",
    )

    # a translated comment, or an escape the source needed and the translation dropped, is fine
    en = "Run:\n\n```sh\n# build the image\nmake image \\]\n```\n"
    vi = "Chạy:\n\n```sh\n# dựng image\nmake image ]\n```\n"
    assert run(make_checker(), vi, en) == []


def test_a_check_without_a_source_imports_none_of_the_source_rules(tmp_path: Path) -> None:
    path = tmp_path / "lone.vi.md"
    path.write_text("Dùng Sagemaker.\n", encoding="utf-8")
    probe = (
        "import sys\n"
        f"sys.argv = ['translate', 'check', {str(path)!r}, '-g', {str(GLOSSARY)!r}]\n"
        "from translate.cli import main\n"
        "main()"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe], capture_output=True, text=True
    )
    imported = {line.rpartition("|")[2].strip() for line in result.stderr.splitlines()}
    assert "name-altered" in result.stdout
    assert not imported & {"difflib", "translate.check.passages", "translate.check.code"}


@pytest.mark.parametrize(
    ("en", "vi"),
    [
        ("Give the VPC the block 10.0.0.0/16 now.\n", "Gán cho VPC khối 10.0.0.0/16 ngay.\n"),
        ("It took 15 minutes.\n", "Mất mười lăm phút.\n"),
        ("It took 21 minutes.\n", "Mất hai mươi mốt phút.\n"),
    ],
)
def test_an_address_or_a_number_written_in_words_is_no_number_mismatch(en: str, vi: str) -> None:
    assert run(make_checker(), vi, en) == []


@pytest.mark.parametrize(
    ("en", "vi"),
    [
        (  # a repeated mention the translation says "it" for
            "Create a bucket. Block access on the bucket and encrypt the bucket.\n",
            "Tạo một bucket. Chặn truy cập và mã hóa nó.\n",
        ),
        (  # a missing space after a full stop
            "Upload the file to the bucket. Next, run the job.\n",
            "Tải tệp lên bucket.Tiếp theo, chạy job.\n",
        ),
        (  # another sense
            "Values are grouped into buckets of 10 ms. Create two instances of the client.\n",
            "Các giá trị được gom vào từng khoảng 10 ms. Tạo hai đối tượng của client.\n",
        ),
    ],
)
def test_meaning_kept_is_no_missing_term(en: str, vi: str) -> None:
    assert run(make_checker(), vi, en) == []


def test_a_term_kept_in_english_is_not_dropped(tmp_path: Path) -> None:
    path = glossary_file(tmp_path, "  - term: data lake\n    target: hồ dữ liệu\n")
    en = "The figure shows the data lake layout for the steps.\n"
    vi = "Hình cho thấy bố cục data lake cho các bước.\n"
    [finding] = run(make_checker(path), vi, en)  # left in English, which this glossary refuses
    assert (finding.rule, finding.term) == ("missing-term", "data lake")
    titled = "Hình cho thấy bố cục Data Lake Zones cho các bước.\n"
    assert run(make_checker(path), titled, en.replace("data lake", "Data Lake Zones")) == []


def test_a_closing_fence_longer_than_the_opening_one_closes_the_block() -> None:
    code = "```sh\nmake image\nmake test\nmake tag\nmake sign\n"
    en = f"Run:\n\n{code}```\n\nThen:\n\n```sh\nmake push\n```\n"
    vi = f"Chạy:\n\n{code}````\n\nSau đó:\n\n```sh\nmake push\n```\n"
    assert run(make_checker(), vi, en) == []


@pytest.mark.parametrize(
    ("en", "vi", "rule"),
    [
        (  # "because ..." gone, no "vì"
            "We picked the serverless database for the reports because its load is spiky.\n",
            "Chúng tôi chọn cơ sở dữ liệu serverless cho các báo cáo.\n",
            "dropped-clause",
        ),
        (  # ", which ..." gone in the first of two sentences
            "We moved the nightly jobs to cheaper machines, which cut the bill by half. "
            "The jobs retry on failure.\n",
            "Chúng tôi chuyển các job hằng đêm sang máy rẻ hơn. Các job tự chạy lại khi lỗi.\n",
            "dropped-clause",
        ),
        (  # the last of three sentences gone
            "The bot answers questions about orders. It can look up an order by its number. "
            "It never changes an order; for that, it hands the call to a person.\n",
            "Bot này trả lời các câu hỏi về đơn hàng của họ. Nó có thể tra cứu "
            "một đơn hàng theo mã số.\n",
            "dropped-passage",
        ),
    ],
)
def test_a_cut_clause_or_sentence_in_a_translation_of_usual_length(
    en: str, vi: str, rule: str
) -> None:
    assert [f.rule for f in run(make_checker(), vi, en)] == [rule]


def test_the_shipped_glossary_accepts_established_renderings() -> None:
    shipped = load_glossary([Path(__file__).parents[1] / "glossary"])
    checker = Checker(TermMatcher(shipped), all_terms=True)
    en = "Each workload stores a vector per document.\n"
    vi = "Mỗi tải công việc lưu một vectơ cho mỗi tài liệu.\n"
    assert run(checker, vi, en) == []


# glossary suggest --translations


def test_glossary_suggest_proposes_the_rendering_translators_use(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    glossary = glossary_file(tmp_path, "  - term: latency\n    target: độ trễ\n")
    en = (
        "# Notes\n\nThe latency of the API is low.\n\nWe measured latency every hour.\n\n"
        "The team met on Monday.\n\nThe report was short.\n\nThe office is in Hanoi.\n"
    )
    vi = (
        "# Ghi chú\n\nThời gian phản hồi của API thấp.\n\nChúng tôi đo thời gian phản hồi mỗi "
        "giờ.\n\nNhóm họp vào thứ Hai.\n\nBáo cáo ngắn gọn.\n\nVăn phòng ở Hà Nội.\n"
    )
    (tmp_path / "post.md").write_text(en, encoding="utf-8")
    (tmp_path / "post.vi.md").write_text(vi, encoding="utf-8")
    command = ["glossary", "suggest", "--translations", str(tmp_path / "post.vi.md")]
    result = CliRunner().invoke(app, [*command, "-g", str(glossary)])
    assert result.exit_code == 0, result.output
    assert "latency -> thời gian phản hồi" in result.stdout


def test_a_dropped_term_kept_in_english_by_preference_is_a_warning(tmp_path: Path) -> None:
    path = glossary_file(
        tmp_path,
        "  - term: guardrail\n    target: guardrail\n    alternatives: [cơ chế bảo vệ]\n"
        "  - term: data lake\n    target: hồ dữ liệu\n",
    )
    en = "We added a guardrail for personal data.\n"
    vi = "Chúng tôi cũng thêm một hàng rào cho dữ liệu cá nhân.\n"
    [finding] = run(make_checker(path), vi, en)
    assert (finding.rule, finding.severity) == ("dropped-term", "warning")
    en = "Secure the data lake; see Data lake basics in the guide.\n"
    vi = "Bảo mật hồ dữ liệu; xem Data lake basics trong hướng dẫn.\n"
    assert run(make_checker(path), vi, en) == []


def test_a_miscased_word_inside_a_longer_damaged_name_is_reported_as_that_name(
    shipped: Checker,
) -> None:
    en = "Store the vectors in Amazon OpenSearch Serverless.\n"
    vi = "Lưu các vector vào Amazon Opensearch Serverless.\n"
    [finding] = run(shipped, vi, en)
    assert (finding.term, finding.found) == (
        "Amazon OpenSearch Serverless",
        "Amazon Opensearch Serverless",
    )


def test_another_concept_for_a_data_warehouse_is_a_dropped_term(shipped: Checker) -> None:
    en = "Analysts query the data warehouse every morning.\n"
    vi = "Các chuyên viên phân tích truy vấn hồ dữ liệu mỗi sáng.\n"
    assert rules(run(shipped, vi, en)) == [("dropped-term", "data warehouse")]


def test_a_name_altered_after_its_vendor_is_reported_when_the_vendor_is_a_kept_name(
    tmp_path: Path,
) -> None:
    path = glossary_file(
        tmp_path,
        "  - {term: AWS, keep: true, case: exact}\n"
        "  - {term: AWS Step Functions, keep: true, case: exact, variants: [Step Functions]}\n",
    )
    en = "# Orders\n\nAWS Step Functions retries the payment state three times.\n"
    vi = "# Đơn hàng\n\nAWS Step Function thử lại trạng thái thanh toán ba lần.\n"
    found = run(make_checker(path), vi, en)
    assert rules(found) == [("name-altered", "AWS Step Functions")]
    assert (
        found[0].message
        == "'AWS Step Function thử' should stay 'AWS Step Functions' (do not translate)"
    )
