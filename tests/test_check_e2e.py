"""End to end: articles written to contain each kind of inconsistency (tests/check_fixtures),
and the seeds, extracted and then checked (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tradeextract
from conftest import REPO
from tradeextract.checks import CheckReport, Finding, check_documents
from tradeextract.cli import main

CHECK_FIXTURES = REPO / "tests" / "check_fixtures"


def extracted(nlp, paths: list[Path]) -> list[tradeextract.Document]:
    items = [(p.read_text(encoding="utf-8"), p.stem, None) for p in paths]
    return list(tradeextract.extract_many(items, nlp=nlp))


@pytest.fixture(scope="module")
def fixture_report(nlp) -> CheckReport:
    return check_documents(extracted(nlp, sorted(CHECK_FIXTURES.glob("*.txt"))))


def finding(report: CheckReport, check: str, doc_id: str, status: str) -> list[Finding]:
    return [
        f
        for f in report.findings
        if f.check == check and doc_id in f.doc_ids and f.status == status
    ]


@pytest.mark.parametrize(
    ("check", "doc_id", "evidence"),
    [
        ("sum", "totals_vietnam", ["Exports stood at $190.0 billion", "imports reached $172.0"]),
        ("balance", "totals_vietnam", ["first half recorded a trade surplus of $11.6 billion"]),
        ("partner_share", "shares_chile", ["35.0% of total exports", "Exports to China"]),
        ("shares_total", "shares_peru", ["2023, China took 55%", "Japan 25%"]),
        ("change", "changes_brazil", ["2022, Brazil's soybean exports were $46.6 billion"]),
        ("change", "changes_brazil", ["February 2024, Brazil's soybean exports were $19.0"]),
        ("cagr", "cagr_robots", ["surgical robot market size was valued at $5.0 billion"]),
        ("conversion", "conversion_china", ["2023, China's exports reached 23.77 trillion yuan"]),
        ("contradiction", "contradiction_india_a", ["India's pharmaceutical exports in 2023 rose"]),
    ],
)
def test_each_planted_inconsistency_is_found(
    fixture_report: CheckReport, check: str, doc_id: str, evidence: list[str]
) -> None:
    found = finding(fixture_report, check, doc_id, "inconsistent")
    assert found, [f.detail for f in fixture_report.findings if doc_id in f.doc_ids]
    texts = [ref.evidence.text for f in found for ref in f.claims]
    for start in evidence:
        assert any(start in text for text in texts), (start, texts)


def test_a_contradiction_across_documents(fixture_report: CheckReport) -> None:
    across = [f for f in fixture_report.findings if f.scope == "corpus"]
    assert len(across) == 1 and across[0].status == "inconsistent"
    assert set(across[0].doc_ids) == {"contradiction_india_a", "contradiction_india_b"}
    assert "$25.3 billion" in [ref.figure for ref in across[0].claims]


def test_every_planted_article_has_an_inconsistency(fixture_report: CheckReport) -> None:
    flagged = {doc for f in fixture_report.inconsistent for doc in f.doc_ids}
    assert flagged == {p.stem for p in CHECK_FIXTURES.glob("*.txt")}


def test_the_seeds_flag_the_import_figure_and_confirm_the_sum_and_surplus(
    nlp, seeds_dir: Path
) -> None:
    report = check_documents(extracted(nlp, sorted(seeds_dir.glob("*.txt"))))
    seed = "004_e19eb18e234072f5"
    rates = [
        f
        for f in finding(report, "contradiction", seed, "inconsistent")
        if "16.99 billion" in " ".join(ref.evidence.text for ref in f.claims)
    ]
    assert len(rates) == 1
    assert sorted(ref.figure for ref in rates[0].claims) == ["3.9% yoy", "5.7% yoy"]
    assert {ref.evidence.text[:40] for ref in rates[0].claims} == {
        "import value reached $16.99 billion, dow",
        "first half of 2025, China's medical devi",
    }
    (total,) = finding(report, "sum", seed, "consistent")
    assert [ref.figure for ref in total.claims] == [
        "$24.10 billion",
        "$16.99 billion",
        "$41.09 billion",
    ]
    (surplus,) = finding(report, "balance", seed, "consistent")
    assert (
        surplus.claims[-1].evidence.text == "first half achieved a trade surplus of $7.11 billion"
    )
    assert finding(report, "partner_share", seed, "consistent")  # US: 5.167 / 24.10 = 21.44%


def test_the_command_on_a_folder_of_articles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CHECK_FIXTURES)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("8 documents, 20 claims")
    assert "INCONSISTENT conversion    conversion_china" in out
