"""`tradeextract check` on hand-made claim sets: every check, consistent and inconsistent, and
what rounding, ranges, hedges, scopes and comparison figures change (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tradeextract
from tradeextract.checks import CheckReport, Finding
from tradeextract.checks.figures import Interval, agrees, rounding, stated
from tradeextract.cli import main
from tradeextract.model import Claim, Document, Period, Value
from tradeextract.normalise.usd import rate_window

H1 = {"start": "2025-01-01", "end": "2025-06-30"}


def claim(text: str, **fields: Any) -> dict[str, Any]:
    """A claim whose evidence is `text`; a `value`/`change` given as (amount, unit[, basis])
    takes its span text from the first number in `text` unless `written` says otherwise."""
    data: dict[str, Any] = {
        "evidence": {"start": 0, "end": len(text), "text": text},
        "reporter": "CN",
        "period": H1,
        "measure": "value",
    }
    for name in ("value", "change"):
        if name in fields:
            amount, unit, *basis = fields.pop(name)
            number = {"amount": amount, "unit": unit}
            if basis:
                number["basis"] = basis[0]
            data[name] = number
    data.update(fields)
    return data


def document(*claims: dict[str, Any], doc_id: str = "d") -> dict[str, Any]:
    return {"doc_id": doc_id, "doc_date": None, "claims": list(claims)}


def findings(report: CheckReport, check: str) -> list[Finding]:
    return [f for f in report.findings if f.check == check]


def only(report: CheckReport, check: str) -> Finding:
    found = findings(report, check)
    assert len(found) == 1, [f.detail for f in report.findings]
    return found[0]


# --- figures ---------------------------------------------------------------------------------


def test_stated_figures_are_intervals() -> None:
    assert rounding(24.10e9, "$24.10 billion") == pytest.approx(0.005e9)
    assert rounding(6.0, "6-6.5%") == pytest.approx(0.05)
    assert rounding(24.1e9, None) == pytest.approx(0.05e9)  # no text: its significant digits
    gt = stated(Value(amount=10.0, unit="percent", text="10%"), "gt")
    assert gt.lo == pytest.approx(9.5) and gt.hi == float("inf")
    deficit = stated(Value(amount=-5e9, unit="USD", text="$5 billion"), "gt")
    assert deficit.lo == float("-inf") and deficit.hi == pytest.approx(-4.5e9)
    assert stated(Value(amount=3.0, unit="percent", text="3%"), "lt").lo == 0.0
    ranged = stated(Value(amount=2e9, upper=3e9, unit="USD", text="$2-3 billion"))
    assert (ranged.lo, ranged.hi) == (pytest.approx(1.5e9), pytest.approx(3.5e9))


def test_intervals_agree_within_the_tolerance() -> None:
    assert agrees(Interval.exact(100.0), Interval.exact(100.9), 0.01)
    assert not agrees(Interval.exact(100.0), Interval.exact(101.5), 0.01)
    assert agrees(Interval(90.0, 99.0), Interval.exact(101.0), 0.03)
    assert (Interval(1, 2) - Interval(0.5, 1)).lo == 0.0
    assert (Interval(1, 2) / Interval(-1, 1)).hi == float("inf")


# --- sum and balance -------------------------------------------------------------------------


def billions(written: str) -> float:
    return float(written.removeprefix("$").removesuffix(" billion")) * 1e9


def seed_like(imports: str = "$16.99 billion", surplus: str = "$7.11 billion") -> dict:
    return document(
        claim("trade reached $41.09 billion", flow="trade", value=(41.09e9, "USD")),
        claim("Export value stood at $24.10 billion", flow="export", value=(24.10e9, "USD")),
        claim(
            f"import value reached {imports}",
            flow="import",
            value=(billions(imports), "USD"),
        ),
        claim(
            f"a trade surplus of {surplus}",
            flow="balance",
            value=(billions(surplus), "USD"),
        ),
    )


def test_exports_and_imports_add_up_to_total_trade_and_the_balance() -> None:
    report = tradeextract.check(seed_like())
    total, balance = only(report, "sum"), only(report, "balance")
    assert total.status == balance.status == "consistent"
    assert [ref.role for ref in total.claims] == ["exports", "imports", "total"]
    assert total.claims[2].evidence.text == "trade reached $41.09 billion"
    assert total.expected == pytest.approx(41.09e9)


def test_a_sum_and_a_balance_that_do_not_add_up() -> None:
    report = tradeextract.check(seed_like(imports="$15.99 billion", surplus="$8.11 billion"))
    assert only(report, "sum").status == "inconsistent"  # 24.10 + 15.99 = 40.09, not 41.09
    assert only(report, "sum").difference == pytest.approx(40.09 / 41.09 - 1)
    assert only(report, "balance").status == "consistent"  # 24.10 - 15.99 = 8.11
    report = tradeextract.check(seed_like(surplus="$8.00 billion"))
    assert only(report, "balance").status == "inconsistent"


def test_a_deficit_is_a_negative_balance() -> None:
    doc = document(
        claim("exports of $257.6 billion", flow="export", value=(257.6e9, "USD")),
        claim("imports of $335.9 billion", flow="import", value=(335.9e9, "USD")),
        claim("a deficit of $78.3 billion", flow="balance", value=(-78.3e9, "USD")),
    )
    assert only(tradeextract.check(doc), "balance").status == "consistent"


def test_figures_of_other_frames_scopes_or_currencies_are_not_added() -> None:
    doc = document(
        claim("exports of $257.6 billion", flow="export", value=(257.6e9, "USD")),
        claim("Exports of goods were $170.7 billion", flow="export", value=(170.7e9, "USD")),
        claim("imports of $335.9 billion", flow="import", value=(335.9e9, "USD")),
        claim("imports of 2.1 trillion yuan", flow="import", value=(2.1e12, "CNY")),
        claim(
            "Japan's deficit of $78.3 billion",
            flow="balance",
            value=(-78.3e9, "USD"),
            reporter="JP",
        ),
    )
    assert findings(tradeextract.check(doc), "balance") == []


# --- shares ----------------------------------------------------------------------------------


def partner_doc(share: float) -> dict:
    return document(
        claim("exports reached $24.10 billion", flow="export", value=(24.10e9, "USD")),
        claim("$5.167 billion", flow="export", partner="US", value=(5.167e9, "USD")),
        claim(
            f"{share}% of total exports",
            flow="export",
            partner="US",
            measure="share",
            value=(share, "percent"),
        ),
    )


def test_a_partners_share_is_its_value_over_the_total() -> None:
    assert only(tradeextract.check(partner_doc(21.44)), "partner_share").status == "consistent"
    wrong = only(tradeextract.check(partner_doc(25.0)), "partner_share")
    assert wrong.status == "inconsistent" and wrong.expected == pytest.approx(21.44, abs=0.01)
    assert [r.role for r in wrong.claims] == ["share", "part", "total"]


def test_a_provinces_share_is_of_its_countrys_total() -> None:
    doc = document(
        claim("China's exports were 11.46 trillion yuan", flow="export", value=(11.46e12, "CNY")),
        claim(
            "Guangdong's exports were 2.9 trillion yuan",
            flow="export",
            reporter="CN-GD",
            value=(2.9e12, "CNY"),
        ),
        claim(
            "Guangdong's share was 40%",
            flow="export",
            reporter="CN-GD",
            measure="share",
            value=(40.0, "percent"),
        ),
    )
    assert only(tradeextract.check(doc), "partner_share").status == "inconsistent"


def shares(*members: tuple[Any, float, str | None]) -> dict:
    return document(
        *[
            claim(
                f"{partner} took {value}%",
                flow="export",
                partner=partner,
                measure="share",
                value=(value, "percent"),
                approx=approx,
            )
            for partner, value, approx in members
        ]
    )


def test_shares_of_one_total_cannot_exceed_100_percent() -> None:
    over = only(
        tradeextract.check(shares(("CN", 55, None), ("US", 30, None), ("JP", 25, None))),
        "shares_total",
    )
    assert over.status == "inconsistent" and over.expected == pytest.approx(
        108.5
    )  # 110 less rounding
    under = shares(("CN", 55, None), ("US", 30, None), ("JP", 10, "lt"))
    assert only(tradeextract.check(under), "shares_total").status == "consistent"
    hedged = shares(("CN", 55, "gt"), ("US", 50, "gt"))  # more than 55% and more than 50%
    assert only(tradeextract.check(hedged), "shares_total").status == "inconsistent"


def test_regions_and_overlapping_groups_are_not_summed() -> None:
    doc = shares(("EU", 60, None), ("US", 30, None), (["US", "JP"], 45, None), ("DE", 20, None))
    found = only(tradeextract.check(doc), "shares_total")
    assert [r.figure for r in found.claims] == ["30%", "20%"]  # EU a region, US+JP overlaps US


# --- changes against the earlier period ------------------------------------------------------


def yearly(change: tuple, earlier: float = 46.6e9, later: float = 53.2e9) -> dict:
    return document(
        claim(
            "exports reached $53.2 billion",
            flow="export",
            value=(later, "USD"),
            change=change,
            period={"start": "2023-01-01", "end": "2023-12-31"},
        ),
        claim(
            "exports were $46.6 billion",
            flow="export",
            value=(earlier, "USD"),
            period={"start": "2022-01-01", "end": "2022-12-31"},
        ),
    )


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ((14.2, "percent", "yoy"), "consistent"),
        ((25.0, "percent", "yoy"), "inconsistent"),
        ((6.6e9, "USD", "yoy"), "consistent"),
        ((9.6e9, "USD", "yoy"), "inconsistent"),
        ((1.14, "fold", "yoy"), "consistent"),
    ],
)
def test_a_value_and_its_change_against_the_years_earlier_figure(
    change: tuple, status: str
) -> None:
    assert only(tradeextract.check(yearly(change)), "change").status == status


def test_a_change_stated_without_its_value_uses_the_periods_value() -> None:
    doc = yearly((14.2, "percent", "yoy"))
    doc["claims"].append(
        claim(
            "exports grew 30%",
            flow="export",
            change=(30.0, "percent", "yoy"),
            period={"start": "2023-01-01", "end": "2023-12-31"},
        )
    )
    statuses = sorted(f.status for f in findings(tradeextract.check(doc), "change"))
    assert statuses == ["consistent", "inconsistent"]


def test_month_on_month_and_percentage_points() -> None:
    doc = document(
        claim(
            "a share of 21.4%",
            flow="export",
            partner="US",
            measure="share",
            value=(21.4, "percent"),
            change=(-2.3, "pp", "mom"),
            period={"start": "2024-03-01", "end": "2024-03-31"},
        ),
        claim(
            "23.7% in February",
            flow="export",
            partner="US",
            measure="share",
            value=(23.7, "percent"),
            period={"start": "2024-02-01", "end": "2024-02-29"},
        ),
    )
    assert only(tradeextract.check(doc), "change").status == "consistent"
    doc["claims"][0]["change"]["amount"] = -4.0
    assert only(tradeextract.check(doc), "change").status == "inconsistent"


def test_a_widening_deficit_is_a_signed_difference() -> None:
    """Settled decisions: the deficit grew from 75.2 to 78.3 billion: change -3.1e9."""
    doc = document(
        claim(
            "deficit was $78.3 billion, up $3.1 billion",
            flow="balance",
            value=(-78.3e9, "USD"),
            change=(-3.1e9, "USD", "mom"),
            period={"start": "2024-03-01", "end": "2024-03-31"},
        ),
        claim(
            "$75.2 billion in February",
            flow="balance",
            value=(-75.2e9, "USD"),
            period={"start": "2024-02-01", "end": "2024-02-29"},
        ),
    )
    assert only(tradeextract.check(doc), "change").status == "consistent"


# --- CAGR ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "status"), [(17.0, "consistent"), (8.0, "inconsistent")])
def test_a_cagr_against_its_start_and_end(rate: float, status: str) -> None:
    doc = document(
        claim(
            "valued at $5.0 billion in 2023",
            flow="output",
            value=(5.0e9, "USD"),
            period={"start": "2023-01-01", "end": "2023-12-31"},
            product="surgical robots",
        ),
        claim(
            f"$15.0 billion in 2030, a CAGR of {rate}%",
            flow="output",
            value=(15.0e9, "USD"),
            change=(rate, "percent", "cagr"),
            product="surgical robots",
            period={"start": "2030-01-01", "end": "2030-12-31"},
        ),
    )
    found = only(tradeextract.check(doc), "cagr")
    assert found.status == status
    assert [r.role for r in found.claims] == ["start", "end", "cagr"]


# --- bracketed conversions -------------------------------------------------------------------


def converted(usd: float) -> dict:
    text = f"23.77 trillion yuan (about ${usd} trillion)"
    data = claim(
        text,
        flow="export",
        value=(23.77e12, "CNY"),
        period={"start": "2023-01-01", "end": "2023-12-31"},
    )
    data["alt_values"] = [{"amount": usd * 1e12, "unit": "USD"}]
    return document(data)


def test_a_bracketed_conversion_against_the_periods_rates() -> None:
    window = rate_window("CNY", Period(start="2023-01-01", end="2023-12-31"))
    right = round(23.77 * window.rate, 2)
    assert only(tradeextract.check(converted(right)), "conversion").status == "consistent"
    assert only(tradeextract.check(converted(2.0)), "conversion").status == "inconsistent"


def test_a_conversion_without_rates_is_unchecked_with_the_reason() -> None:
    doc = converted(2.0)
    doc["claims"][0]["value"]["unit"] = "DEM"
    found = only(tradeextract.check(doc), "conversion")
    assert found.status == "unchecked" and "no reference rate for DEM" in found.detail


# --- contradictions --------------------------------------------------------------------------


def two_rates(first: float = -3.9, second: float = -5.7) -> dict:
    return document(
        claim(
            "import value reached $16.99 billion, down 3.9%",
            flow="import",
            value=(16.99e9, "USD"),
            change=(first, "percent", "yoy"),
        ),
        claim(
            "imports totaling $16.99 billion, down 5.7%",
            flow="import",
            value=(16.99e9, "USD"),
            change=(second, "percent", "yoy"),
        ),
    )


def test_one_figure_with_two_growth_rates_is_a_contradiction() -> None:
    report = tradeextract.check(two_rates())
    contradictions = {f.detail.split(":")[0]: f for f in findings(report, "contradiction")}
    assert contradictions["2 claims state the same value"].status == "consistent"
    change = contradictions["2 claims state the change differently"]
    assert change.status == "inconsistent" and change.scope == "document"
    assert [r.figure for r in change.claims] == ["-3.9% yoy", "-5.7% yoy"]
    assert all(
        f.status == "consistent"
        for f in findings(tradeextract.check(two_rates(-3.9, -3.9)), "contradiction")
    )


def test_contradictions_across_documents_say_which_source_said_what() -> None:
    a = document(
        claim("exports were $27.9 billion", flow="export", value=(27.9e9, "USD")), doc_id="a"
    )
    b = document(
        claim("exports were $25.3 billion", flow="export", value=(25.3e9, "USD")), doc_id="b"
    )
    found = only(tradeextract.check([a, b]), "contradiction")
    assert found.status == "inconsistent" and found.scope == "corpus"
    assert [(r.doc_id, r.figure) for r in found.claims] == [
        ("a", "USD 27.9 bn"),
        ("b", "USD 25.3 bn"),
    ]
    assert [r.evidence.text for r in found.claims] == [
        "exports were $27.9 billion",
        "exports were $25.3 billion",
    ]


def test_what_tells_figures_apart_is_not_a_contradiction() -> None:
    """Goods only vs all, a comparison figure, counts of different things, and growth rates in
    different currencies: none of these contradict the dollar figure."""
    in_yen = 27.9e9 / rate_window("JPY", Period(**H1)).rate
    doc = document(
        claim(
            "exports were $27.9 billion, up 3%",
            flow="export",
            value=(27.9e9, "USD"),
            change=(3.0, "percent", "yoy"),
        ),
        claim("exports of goods were $20.1 billion", flow="export", value=(20.1e9, "USD")),
        claim("surplus compared with $25.3 billion", flow="export", value=(25.3e9, "USD")),
        claim(
            "exports rose 9% to 4 trillion yen",
            flow="export",
            value=(in_yen, "JPY"),
            change=(9.0, "percent", "yoy"),
        ),
        claim("900 enterprises", measure="count", value=(900.0, "count")),
        claim("20,000 patents", measure="count", value=(20000.0, "count")),
    )
    found = only(tradeextract.check(doc), "contradiction")
    assert found.status == "consistent" and found.detail.startswith("2 claims state the same value")
    assert [r.evidence.text[:12] for r in found.claims] == ["exports were", "exports rose"]


def test_a_year_earlier_with_no_year_is_not_the_current_year() -> None:
    doc = document(
        claim(
            "surplus of 5.42 billion dlrs",
            flow="balance",
            value=(5.42e9, "USD"),
            period={"start": "XXXX-02-01", "end": "XXXX-02-28"},
        ),
        claim(
            "6.14 billion dlrs a year earlier",
            flow="balance",
            value=(6.14e9, "USD"),
            period={"start": "XXXX-02-01", "end": "XXXX-02-28"},
            decisions={"period": {"how": "stated", "rules": ["period.year_earlier"]}},
        ),
    )
    assert findings(tradeextract.check(doc), "contradiction") == []


# --- the command -----------------------------------------------------------------------------


def write_jsonl(path: Path, *documents: dict) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return path


def test_command_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", seed_like())
    assert main(["check", str(good)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("1 documents, 4 claims, 2 checks: 0 inconsistent, 0 unchecked")
    assert "CONSISTENT   sum" in table and '"Export value stood at $24.10 billion"' in table

    bad = write_jsonl(tmp_path / "bad.jsonl", two_rates())
    assert main(["check", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["tolerance"] == 0.01
    assert {f["status"] for f in report["findings"]} == {"consistent", "inconsistent"}
    assert main(["check", str(bad), "--tolerance", "0.5"]) == 0  # 3.9 vs 5.7 within 50%


def test_command_names_bad_input_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps(two_rates()) + "\n{not json\n", encoding="utf-8")
    assert main(["check", str(mixed), str(tmp_path / "missing.jsonl")]) == 2
    captured = capsys.readouterr()
    assert f"{mixed}:2: not a claims document" in captured.err
    assert "missing.jsonl: no such file or folder" in captured.err
    assert "1 inconsistent" in captured.out  # the good line was checked
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(mixed), "--tolerance", "-1"])
    assert exit_info.value.code == 2


def test_gold_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "d.claims.json").write_text(json.dumps(two_rates()), encoding="utf-8")
    assert main(["check", str(folder), "--gold"]) == 1
    assert main(["check", str(folder)]) == 2  # no articles to extract there
    assert "no articles (*.txt) in this folder" in capsys.readouterr().err


def test_documents_and_their_dicts_alike() -> None:
    as_model = Document.model_validate(two_rates())
    assert isinstance(as_model.claims[0], Claim)
    a, b = tradeextract.check(as_model), tradeextract.check(two_rates())
    assert a.model_dump() == b.model_dump()


def test_check_reads_a_path_too(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "claims.jsonl", two_rates())
    assert len(tradeextract.check(str(path)).inconsistent) == 1
    assert len(tradeextract.check(path).inconsistent) == 1
    with pytest.raises(ValueError, match="nothing.jsonl: no such file or folder"):
        tradeextract.check(tmp_path / "nothing.jsonl")
