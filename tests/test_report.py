"""The HTML report without a browser: what goes into the page, inputs and exit codes.
(tests/test_report_browser.py opens it in Chromium.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from batch_helpers import read_jsonl
from tradeextract.cli import main
from tradeextract.report import build_report, write_report
from tradeextract.report.data import report_data
from tradeextract.store import open_store


def page_data(page: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S
    )
    assert found, "no embedded data"
    return json.loads(found.group(1))


def test_the_page_is_one_file_that_loads_nothing(tmp_path: Path, sample_claims: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(sample_claims), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in page  # the Content-Security-Policy forbids every fetch
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"url\(|@import", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}  # a namespace name, never fetched


def test_the_page_holds_every_document_claim_and_span(tmp_path: Path, sample_claims: Path) -> None:
    records = read_jsonl(sample_claims)
    out = tmp_path / "r.html"
    assert main(["report", str(sample_claims), "-o", str(out)]) == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == sorted(r["doc_id"] for r in records)
    by_id = {r["doc_id"]: r for r in records}
    for doc in data["documents"]:
        source = by_id[doc["id"]]
        assert len(doc["claims"]) == len(source["claims"])
        for claim, expected in zip(doc["claims"], source["claims"], strict=True):
            assert claim["evidence"] == expected["evidence"] and claim["value"] == expected["value"]
            for span in claim["spans"]:
                assert doc["text"][span["start"] : span["end"]] == span["text"]
    assert data["series"], "the sample has series over several periods"
    for series in data["series"]:
        assert len({(p["start"], p["end"]) for p in series["points"]}) == len(series["points"]) >= 2


def test_article_text_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    text = "</script><script>alert(1)</script> China's exports rose 5% to $3 billion in 2024. <!--"
    record = {
        "doc_id": "hostile",
        "claims": [
            {
                "evidence": {"start": 36, "end": 83, "text": text[36:83]},
                "flow": "export",
                "value": {"amount": 3e9, "unit": "USD"},
            }
        ],
        "text": text,
    }
    with open_store(tmp_path / "s.duckdb") as store:
        store.load([record])
        page = build_report(store, title="<b>mine</b>")
        data = report_data(store, "t")
    assert page.count("</script>") == 2 and page.count("<script") == 2
    assert "<b>mine</b>" not in page and "&lt;b&gt;mine&lt;/b&gt;" in page
    assert page_data(page)["documents"][0]["text"] == text == data["documents"][0]["text"]


def test_report_from_a_store_and_from_articles(
    tmp_path: Path, sample_claims: Path, fixtures_dir: Path
) -> None:
    db = tmp_path / "c.duckdb"
    assert main(["store", str(sample_claims), "--db", str(db), "-q"]) == 0
    from_store = tmp_path / "store.html"
    assert main(["report", str(db), "-o", str(from_store)]) == 0
    article = fixtures_dir / "a01_us_census_monthly.txt"
    from_article = tmp_path / "article.html"
    assert main(["report", str(article), "-o", str(from_article)]) == 0
    stored = {d["id"]: d for d in page_data(from_store.read_text(encoding="utf-8"))["documents"]}
    (extracted,) = page_data(from_article.read_text(encoding="utf-8"))["documents"]
    assert extracted["text"] == article.read_text(encoding="utf-8")
    assert extracted["claims"] == stored[extracted["id"]]["claims"]


def test_report_usage_errors(
    tmp_path: Path, sample_claims: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["report", str(sample_claims), "-o", str(sample_claims)]) == 2
    assert "is an input" in capsys.readouterr().err
    assert sample_claims.read_text(encoding="utf-8").startswith("{")


def test_report_names_bad_lines_and_reports_the_rest(
    tmp_path: Path, sample_claims: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "some.jsonl"
    lines = sample_claims.read_text(encoding="utf-8").splitlines()
    bad.write_text(lines[0] + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    assert f"{bad}:2: not valid JSON" in capsys.readouterr().err
    assert len(page_data(out.read_text(encoding="utf-8"))["documents"]) == 1


def test_write_report_from_python(tmp_path: Path, sample_claims: Path) -> None:
    out = tmp_path / "r.html"
    assert write_report(str(sample_claims), out, title="Mine") == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["title"] == "Mine" and len(data["documents"]) == len(read_jsonl(sample_claims))
