"""Linking by pattern, not wording: each test shows one mechanism on text of its own."""

from __future__ import annotations

from collections.abc import Callable

from tradeextract.model import Document
from tradeextract.recognise.products import plural


def test_from_names_a_source_not_a_comparison_period(extract: Callable[..., Document]) -> None:
    doc = extract("Kenya earned $790 million from cut flower exports in 2023.")
    (claim,) = doc.claims
    assert (claim.period.start, claim.period.end) == ("2023-01-01", "2023-12-31")


def test_a_period_the_previous_figure_took_is_not_the_next_ones(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "February 15, 2024\n\nIndonesia's trade surplus narrowed to $2.02 billion in January "
        "from $3.29 billion in December, missing the $2.45 billion forecast in a poll."
    )
    periods = {c.value.amount: c.period.start for c in doc.claims if c.value}
    assert periods[3.29e9] == "2023-12-01"
    assert periods[2.45e9] == "2024-01-01"


def test_an_epithet_place_is_not_the_reporter(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Indonesia's exports fell in January. Exports from Southeast Asia's largest economy "
        "fell 8.06% to $20.52 billion."
    )
    assert {c.reporter for c in doc.claims} == {"ID"}


def test_products_outside_the_head_list(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Chile's cherry exports rose 12% to $2.2 billion in 2023. Thailand shipped "
        "8.7 million tonnes of white rice in 2023."
    )
    assert [c.product for c in doc.claims] == ["cherries", "white rice"]


def test_words_that_are_not_nouns_are_not_products(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Brazil's exports posted double-digit growth in 2023, rising 15%. Firms rushed to "
        "move production abroad as exports rose 3% in May."
    )
    assert all(c.product is None for c in doc.claims)


def test_a_fiscal_year_follows_the_reporters_calendar(extract: Callable[..., Document]) -> None:
    doc = extract("Bangladesh's exports stood at $40.8 billion in FY24.")
    (claim,) = doc.claims
    assert (claim.period.start, claim.period.end) == ("2023-07-01", "2024-06-30")


TABLES = """Malaysia's exports in 2023

## Exports by product

| Product | 2023 exports (RM bn) | Change y/y |
|---|---|---|
| Petroleum products | 117.8 | -15.4% |

Top markets:

Partner          Exports (RM bn)      Change m/m
China                 193.4              -5.8%
United States         160.3              +8.6%
"""


def test_table_rows_are_claims_read_through_their_headers(
    extract: Callable[..., Document],
) -> None:
    rows = [
        (
            c.product,
            c.partner,
            c.flow,
            c.value.amount,
            c.value.unit,
            c.change.amount,
            c.change.basis,
        )
        for c in extract(TABLES).claims
    ]
    assert rows == [
        ("petroleum products", None, "export", 117.8e9, "MYR", -15.4, "yoy"),
        (None, "CN", "export", 193.4e9, "MYR", -5.8, "mom"),
        (None, "US", "export", 160.3e9, "MYR", 8.6, "mom"),
    ]


def test_table_evidence_runs_from_label_to_last_figure(extract: Callable[..., Document]) -> None:
    claim = extract(TABLES).claims[0]
    assert claim.evidence.text == "Petroleum products | 117.8 | -15.4%"
    assert TABLES[claim.evidence.start : claim.evidence.end] == claim.evidence.text


def test_a_place_naming_a_currency_is_not_a_subject(extract: Callable[..., Document]) -> None:
    doc = extract(
        "BANGLADESH BANK\n\nExport receipts stood at USD 40.8 billion in FY24. The taka moved "
        "to Tk. 112.9 per US dollar. Shipments to the United States fell 11.7 percent."
    )
    assert [c.reporter for c in doc.claims] == ["BD", "BD"]
    assert [c.partner for c in doc.claims] == [None, "US"]


def test_part_of_a_fiscal_year_and_ranges_over_new_year(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Published: 2024-03-10\n\nPakistan's exports rose 2.1% to $11.03 billion in the first "
        "eight months of fiscal year 2023-24. Knitwear exports grew 8.4% during July-February."
    )
    assert {(c.period.start, c.period.end) for c in doc.claims} == {("2023-07-01", "2024-02-29")}


def test_year_to_date_runs_to_the_month_stated_or_the_articles_month(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Published: 2024-06-03\n\nArgentina's wheat exports so far this year, through May, "
        "reached 7.3 million tonnes. Corn shipments year-to-date stood at 10.9 million tonnes."
    )
    assert [(c.period.start, c.period.end) for c in doc.claims] == [
        ("2024-01-01", "2024-05-31"),
        ("2024-01-01", "2024-05-31"),
    ]


def test_a_shared_currency_form_is_the_reporters_currency(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Canada's merchandise exports fell 1.6% to $63.5 billion in August, while exports to "
        "the United States rose to $48.1 billion. Gold traded at $2,500 per ounce."
    )
    assert [c.value.unit for c in doc.claims if c.value] == ["CAD", "CAD", "USD"]


def test_a_saved_pipeline_reads_tables_too(nlp, tmp_path) -> None:  # noqa: ANN001
    import spacy

    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert [c.model_dump() for c in loaded(TABLES)._.claims] == [
        c.model_dump() for c in nlp(TABLES)._.claims
    ]


def test_rolling_quarters_and_wire_header_dates(extract: Callable[..., Document]) -> None:
    doc = extract(
        "14-APR-1987 08:31:05\n\nOTTAWA, April 14 - Canada's exports rose 3.2 pct in February.\n\n"
        "UK exports to Nigeria were 4.2 billion stg in the four quarters to the end of Q4 2023."
    )
    assert doc.doc_date == "1987-04-14"
    assert [(c.period.start, c.period.end) for c in doc.claims] == [
        ("1987-02-01", "1987-02-28"),
        ("2023-01-01", "2023-12-31"),
    ]


def test_imports_into_a_place_are_that_places(extract: Callable[..., Document]) -> None:
    (claim,) = extract(
        "Imports into Germany from Poland rose 5% to EUR 20.1 billion in 2024."
    ).claims
    assert (claim.reporter, claim.partner) == ("DE", "PL")


def test_a_growth_rate_compared_with_another_is_a_change_too(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Nigeria's real GDP grew by 2.74% in 2023, slightly below the 3.10% recorded in 2022."
    )
    assert [(c.change.amount, c.period.start[:4]) for c in doc.claims] == [
        (2.74, "2023"),
        (3.1, "2022"),
    ]
    assert all(c.value is None for c in doc.claims)


PAGE = (
    "<!DOCTYPE html><html><head><title>Copper</title></head><body><nav><a href='/'>Home</a> | "
    "<a href='/news'>News</a></nav><article><h1>Chile copper exports rise</h1><p>Chile's copper "
    "exports rose 12% to $46.6 billion in 2023, the central bank said on Tuesday in its annual "
    "report on the external sector.</p></article><footer>(c) 2024 News Ltd</footer></body></html>"
)


def test_an_html_page_is_read_through_its_main_text(nlp) -> None:  # noqa: ANN001
    import tradeextract

    doc = tradeextract.extract(PAGE, nlp=nlp)
    (claim,) = doc.claims
    assert doc.source["text_extracted"] is True
    assert doc.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    assert claim.value.amount == 46.6e9 and "Home" not in claim.evidence.text
    assert tradeextract.extract(PAGE, nlp=nlp, content_type="text").model_extra == {}


def test_a_quarter_or_half_of_a_fiscal_year(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Bangladesh's current account showed a surplus of $1.27 billion in Q2 FY25 against a "
        "deficit of $1.10 billion in Q2 FY24. India's exports rose to $213 billion in the "
        "first half of fiscal year 2023-24."
    )
    periods = [(c.period.start, c.period.end) for c in doc.claims]
    assert periods == [
        ("2024-10-01", "2024-12-31"),
        ("2023-10-01", "2023-12-31"),
        ("2023-04-01", "2023-09-30"),
    ]


def test_a_comparison_right_after_the_figure_sets_its_basis(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Thailand's exports in the fourth quarter of 2024 rose 10.2% year-on-year and 4.1% "
        "above the July-September quarter."
    )
    assert [c.change.basis for c in doc.claims] == ["yoy", "qoq"]
    assert {c.period.start for c in doc.claims} == {"2024-10-01"}


def test_a_stretch_without_a_word_states_no_claim(extract: Callable[..., Document]) -> None:
    doc = extract("Exports rose 5% in 2024.\n\n" + "5% " * 2000)
    assert [c.change.amount for c in doc.claims] == [5.0]


def test_a_figure_compared_with_takes_the_period_the_change_runs_from(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Peru's fishmeal exports rose 12 pct to 1.79 billion dlrs in 2023 from 1.60 billion. "
        "Chile's copper output in May was revised to 450,000 tonnes from 440,000 tonnes."
    )
    years = {c.value.amount: c.period.start for c in doc.claims if c.value}
    assert years[1.79e9] == "2023-01-01"
    assert years[1.60e9] == "2022-01-01"  # the year the 12 pct rise runs from
    assert years[440_000] == years[450_000]  # a revision is of the same month


def test_last_year_in_the_lead_does_not_move_the_articles_year(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Argentina posted a record trade surplus of $16.4bn last year.\n\n"
        "Imports plunged 56% to $8.99bn last year, the statistics institute said.",
        doc_date="2003-01-22",
    )
    assert [c.period.start for c in doc.claims] == ["2002-01-01", "2002-01-01"]


def test_a_deck_under_the_headline_leaves_the_lead_open(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Milk powder for smartphones\n\n"
        "Dairy and fruit flow north, phones and sneakers flow south, and the two sides "
        "cannot agree on the numbers they publish\n\n"
        "Two-way trade with Vietnam reached NZ$2.9 billion in 2024, close to the NZ$3 billion "
        "target set for 2026.\n\n"
        "New Zealand's exports to Vietnam rose 14 per cent to NZ$1.36 billion.",
        doc_date="2025-04-06",
    )
    years = {c.value.amount: c.period.start[:4] for c in doc.claims}
    assert years == {2.9e9: "2024", 3e9: "2026", 1.36e9: "2024"}


def test_from_before_a_partner_is_no_comparison(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Vietnam's customs data differ. Hanoi recorded imports from New Zealand of "
        "US$752 million in 2024, up 9.6 per cent.",
        doc_date="2025-04-06",
    )
    (claim,) = doc.claims
    assert claim.period.start == "2024-01-01"
    assert claim.decisions["period"].how == "stated"


PAGE_ON_ONE_LINE = (
    "Skip to main content  Home News Business Markets  Thai exports surge in May on "
    "electronics, rice  Published: 21 Jun 2024 at 14:05  BANGKOK — Thailand's exports rose "
    "11.1% year-on-year in May to US$26.21 billion.  Imports climbed 1.7% to $24.58 billion."
)


def test_gaps_of_a_page_on_one_line_are_its_line_breaks(
    extract: Callable[..., Document],
) -> None:
    one_line = extract(PAGE_ON_ONE_LINE, doc_date="2024-06-21")
    on_lines = extract(PAGE_ON_ONE_LINE.replace("  ", "\n\n"), doc_date="2024-06-21")
    assert [c.product for c in one_line.claims] == [None, None]
    assert [c.model_dump(exclude={"spans", "evidence"}) for c in one_line.claims] == [
        c.model_dump(exclude={"spans", "evidence"}) for c in on_lines.claims
    ]


def test_a_lost_line_break_before_a_sentence_opener(extract: Callable[..., Document]) -> None:
    text = (
        "Exports rose 4% in 2024. Medical device exports slump in the third quarter According "
        "to customs data, they fell 3% to $5 billion."
    )
    on_lines = text.replace("quarter According", "quarter\nAccording")
    assert [c.product for c in extract(text).claims] == [
        c.product for c in extract(on_lines).claims
    ]
    assert extract(text).claims[-1].product == "medical devices"


def test_a_name_before_a_product_and_a_verb_after_a_plural(
    extract: Callable[..., Document],
) -> None:
    (avocados,) = extract("Colombia shipped 174,600 tonnes of Hass avocado in 2024.").claims
    (goods,) = extract("Figures show exports down 17.4 per cent to NOK 119.9 billion.").claims
    assert (avocados.product, goods.product) == ("avocados", None)


def test_the_economy_named_after_a_year_and_a_place_named_as_a_destination(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "In 2024 Colombia shipped 174,600 tonnes of Hass avocado¹, up 19.8%. Europe remained "
        "the main destination, absorbing 61.2% of export volumes, and the fruit was re-exported "
        "to Germany, France and the Nordic countries."
    )
    assert [(c.reporter, c.partner, c.product) for c in doc.claims] == [
        ("CO", None, "avocados"),
        ("CO", "EUROPE", "avocados"),
    ]


def test_a_closed_compound_of_a_known_head_is_a_product(
    extract: Callable[..., Document],
) -> None:
    texts = (
        "Peru's fishmeal exports jumped 38% in 2024.",
        "Chile exported 330,000 tons of shellfish in 2024.",
        "Agricultural exports rose 5%.",
    )
    assert [extract(t).claims[0].product for t in texts] == [
        "fishmeal",
        "shellfish",
        "agricultural products",  # a sector, not a compound
    ]


def test_a_bracket_of_two_conversions_and_a_year_that_dates_an_event(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Argentina posted a trade surplus of $16.4bn (£10.2bn; 15.4bn euros) last year.\n\n"
        "Beef exports recovered to $340m as markets that closed during the 2001 outbreak "
        "reopened.",
        doc_date="2003-01-22",
    )
    surplus, beef = doc.claims
    assert [a.amount for a in surplus.alt_values] == [10.2e9, 15.4e9]
    assert (surplus.period.start, beef.period.start) == ("2002-01-01", "2002-01-01")


def test_from_the_record_is_a_comparison(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Saskatchewan shipped $47.6 billion of goods abroad in 2023, down 6.8 per cent from the "
        "record $51.1 billion set the year before."
    )
    assert [c.period.start for c in doc.claims] == ["2023-01-01", "2022-01-01"]


def test_epithets_name_a_country_but_a_possessive_export_is_the_reporters(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "New Zealand's imports from Vietnam reached NZ$1.54 billion in 2024.\n\n"
        "Telephones were Vietnam's largest export line to New Zealand at US$228 million. "
        "The Southeast Asian economy also sold footwear worth US$97 million."
    )
    assert [(c.reporter, c.partner) for c in doc.claims] == [
        ("NZ", "VN"),
        ("VN", "NZ"),
        ("VN", None),  # the epithet is not the region: the reporter before it holds
    ]


def test_a_product_in_a_relative_clause_is_an_aside(extract: Callable[..., Document]) -> None:
    texts = (
        "Peru's exports to Vietnam, where shrimp farmers have been expanding, rose 27%.",
        "Kenya's horticulture exports, which include fruits and vegetables, rose 10.5%.",
        "Kenya's flower exports, which rose 8.7%, reached Sh112.6 billion.",
    )
    assert [extract(t).claims[0].product for t in texts] == [None, "horticulture", "flowers"]


def test_a_balance_is_not_carried_to_the_next_sentence(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Morocco's trade deficit widened by 7.3% to 305.1 billion dirhams in 2024. Phosphates "
        "and derivatives, long the country's top earner, brought in 87.4 billion dirhams."
    )
    assert [(c.flow, c.value.amount) for c in doc.claims] == [
        ("balance", -305.1e9),
        (None, 87.4e9),
    ]


NORWAY_TABLE = """Norway's exports fell in October 2024.

Table 1. Exports of goods by country of destination, October 2024. NOK million

                    October 2024    Change from October 2023, per cent
United Kingdom            24 612          -21.4
Germany                   21 385          -24.9
"""


def test_an_aligned_table_with_a_blank_corner_and_its_caption_units(
    extract: Callable[..., Document],
) -> None:
    claims = extract(NORWAY_TABLE).claims
    rows = [(c.partner, c.value.amount, c.value.unit, c.change.amount) for c in claims[-2:]]
    assert rows == [("GB", 24_612e6, "NOK", -21.4), ("DE", 21_385e6, "NOK", -24.9)]


def test_sector_words_a_sentences_first_word_and_a_verbs_object_as_products(
    extract: Callable[..., Document],
) -> None:
    texts = (
        "South Africa's farm exports rose 5% to $13.7 billion.",
        "Watch exports to China fell 3%.",
        "Kenya exported flowers worth $790 million in 2023.",
        "Goods worth EUR 134.8 billion were shipped abroad in 2023.",
    )
    products = [extract(t).claims[0].product for t in texts]
    assert products == ["farm products", "watches", "flowers", None]


def test_the_country_is_the_economy_last_said_to_trade(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Ethiopia shipped 298,500 tonnes of coffee in the year to June.\n\n"
        "Across the border, Uganda's shipments held near record territory. The country "
        "exported 612,000 bags in July.\n\n"
        "Overall, Chile's imports fell 12.9% to $79.4 billion in 2023, giving the country a "
        "trade surplus of $15.8 billion."
    )
    assert [c.reporter for c in doc.claims] == ["ET", "UG", "CL", "CL"]


def test_a_markdown_table_flattened_onto_one_line(extract: Callable[..., Document]) -> None:
    table = (
        "Malaysia's exports by product in 2023\n\n| Product | Exports (RM bn) | Change |\n"
        "|---|---|---|\n| Petroleum products | 117.8 | -15.4% |\n| Palm oil | 60.1 | -17.0% |\n"
    )
    rows = [(c.product, c.value.amount, c.change.amount) for c in extract(table).claims]
    flat = [
        (c.product, c.value.amount, c.change.amount)
        for c in extract(table.replace("\n", " ")).claims
    ]
    assert flat == rows == [("petroleum products", 117.8e9, -15.4), ("palm oil", 60.1e9, -17.0)]


def test_a_list_of_figures_is_not_a_list_of_headlines(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Pakistan's fiscal year runs from July to June.\n\n## The big picture\n\n"
        "- **Exports:** $32.11 billion, up 4.7% on FY24\n"
        "- **Imports:** $58.38 billion, a 6.9% rise\n\n"
        "Jordan's exports reached JD659 million in March."
    )
    assert [(c.value.amount, c.value.unit) for c in doc.claims] == [
        (32.11e9, "USD"),
        (58.38e9, "USD"),
        (659e6, "JOD"),
    ]


def test_an_article_about_one_province_and_a_dateline_with_a_bar(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Tasmanian exports hit a record\n\nHobart | Friday 8 August 2025\n\n"
        "Tasmania's goods exports reached $5.13 billion in 2024-25, the Australian Bureau of "
        "Statistics said. Shipments of cherries rose 12 per cent to $98 million."
    )
    assert doc.doc_date == "2025-08-08"
    assert [c.reporter for c in doc.claims] == ["AU-TAS", "AU-TAS"]


def test_a_product_after_the_number_in_a_clause_of_cause_is_not_its_subject(
    extract: Callable[..., Document],
) -> None:
    doc = extract("Cambodia's first-half exports up 11.6% as garment and bicycle orders pick up")
    assert [c.product for c in doc.claims] == [None]


def test_full_and_whole_qualify_a_period_not_a_product(extract: Callable[..., Document]) -> None:
    doc = extract("Uganda's exports of coffee for the full coffee year should reach 2.6 mln bags.")
    assert [c.product for c in doc.claims] == ["coffee"]


PDF_TABLE = """Table 3.1: Leading non-traditional exports (USD million)
Category 2022/23 2023/24 Change (%)
Gold 2,981.4 3,412.7 14.5
Manufactured goods 1,104.6 1,187.2 7.5
Source: Bank of Tanzania.
"""


def test_a_pdf_table_whose_columns_are_one_space_apart(extract: Callable[..., Document]) -> None:
    claims = extract("Tanzania's exports grew in 2023/24.\n\n" + PDF_TABLE).claims
    rows = [(c.product, c.value.amount, c.change and c.change.amount) for c in claims]
    assert rows == [
        ("gold", 2_981.4e6, None),
        ("gold", 3_412.7e6, 14.5),
        ("manufactured goods", 1_104.6e6, None),
        ("manufactured goods", 1_187.2e6, 7.5),
    ]
    assert claims[1].period.start == "2023-07-01"
    headerless = extract(PDF_TABLE.replace("Category 2022/23 2023/24 Change (%)\n", "")).claims
    assert all(c.value is None or c.value.unit != "count" for c in headerless)


def test_an_undated_article_compared_with_the_same_quarter_of_a_year_reports_the_next(
    extract: Callable[..., Document],
) -> None:
    text = (
        "OSLO, Nov 10 - Norway's trade surplus shrank to 40.1 billion crowns in the third "
        "quarter, from 52.3 billion crowns in the same quarter of 2024. Exports fell 3% to "
        "310 billion crowns."
    )
    periods = [(c.period.start, c.period.end) for c in extract(text).claims]
    assert periods == [
        ("2025-07-01", "2025-09-30"),
        ("2024-07-01", "2024-09-30"),
        ("2025-07-01", "2025-09-30"),
    ]


def test_a_partners_share_takes_the_frames_flow(extract: Callable[..., Document]) -> None:
    text = (
        "Zambia's copper exports rose 5% to $8 billion in 2023. Switzerland was the top buyer "
        "with 40.1 percent. China followed with 18.2 percent. Mining accounted for 70.4 percent."
    )
    rows = [(c.flow, c.partner) for c in extract(text).claims]
    assert rows == [("export", None), ("export", "CH"), ("export", "CN"), (None, None)]


def test_a_currency_the_text_names_in_words_is_what_its_dollar_signs_stand_for(
    extract: Callable[..., Document],
) -> None:
    declared = extract(
        "All figures are in New Zealand dollars. Goods exports rose 4.2 percent to $17.6 "
        "billion in the June 2024 quarter. Exports to China were $4.3 billion."
    )
    assert [c.value.unit for c in declared.claims] == ["NZD", "NZD"]
    both = extract(
        "The Canadian dollar fell against the US dollar. Exports to China were $4.3 billion "
        "in 2024, and exports to Japan $2.1 billion."
    )
    assert [c.value.unit for c in both.claims] == ["USD", "USD"]


def test_a_verb_in_the_past_tense_without_ed_ends_a_product_phrase(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "Exports of natural gas came to NOK 37.9 billion in May. Direct sales to Britain "
        "grew 9% to NOK 4.8 billion."
    )
    assert [c.product for c in doc.claims] == ["natural gas", "natural gas"]


def test_an_article_that_names_no_reporter_is_about_the_economy_of_its_currency(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "All figures are in New Zealand dollars. Goods exports rose 4.2 percent to $17.6 "
        "billion in the June 2024 quarter. Exports to China were $4.3 billion."
    )
    assert [(c.reporter, c.partner) for c in doc.claims] == [("NZ", None), ("NZ", "CN")]
    in_dollars = extract(
        "Goods exports rose 4.2 percent to $17.6 billion in the June 2024 quarter."
    )
    assert [c.reporter for c in in_dollars.claims] == [None]


TWO_LINE_HEADER = """New Zealand's goods exports rose in the June 2024 quarter.

Table 1: Main export commodities, June 2024 quarter

Commodity                               Jun 2024 qtr      % change from
                                         ($ million)       Jun 2023 qtr
-----------------------------------------------------------------------
Milk powder, butter, and cheese                4,812               11.6
Meat and edible offal                          2,203               -3.9
"""


def test_a_table_header_on_two_lines_names_its_columns_whole(
    extract: Callable[..., Document],
) -> None:
    rows = [
        (c.product, c.value.amount, c.value.unit, c.change.amount, c.period.start, c.period.end)
        for c in extract(TWO_LINE_HEADER).claims
        if c.value is not None
    ]
    assert rows == [
        ("milk powder, butter, and cheese", 4_812e6, "NZD", 11.6, "2024-04-01", "2024-06-30"),
        ("meat and edible offal", 2_203e6, "NZD", -3.9, "2024-04-01", "2024-06-30"),
    ]


def test_a_figure_compared_with_a_price_is_a_price(extract: Callable[..., Document]) -> None:
    doc = extract("Corn from Up-River ports averaged $196 a tonne in May, down from $241.")
    assert [(c.measure, c.value.amount) for c in doc.claims] == [("price", 196), ("price", 241)]


def test_sales_to_a_partner_are_exports_and_other_sales_output(
    extract: Callable[..., Document],
) -> None:
    abroad = extract("Sales of lentils to India more than doubled to $612 million in 2023.")
    at_home = extract("Car sales rose 5% to 2.1 million units in 2023.")
    assert [(c.flow, c.partner) for c in abroad.claims + at_home.claims] == [
        ("export", "IN"),
        ("output", None),
    ]


def test_two_heads_joined_by_and_are_both_plural(extract: Callable[..., Document]) -> None:
    texts = [
        "India's drug and pharmaceutical exports reached $25.4 billion in 2023.",
        "Oil and gas exports rose 5% to $2 billion in 2023.",
        "Electronic and electrical products exports rose 5% to $2 billion in 2023.",
    ]
    products = [c.product for text in texts for c in extract(text).claims]
    assert products == [
        "drugs and pharmaceuticals",
        "oil and gas",
        "electronic and electrical products",
    ]


def test_these_cars_are_the_cars_named_before(extract: Callable[..., Document]) -> None:
    doc = extract(
        "Trade in battery electric cars kept growing quickly in 2023. EU exports of these cars "
        "rose 35.1% to EUR 33.2 billion."
    )
    assert [c.product for c in doc.claims] == ["battery electric cars"]


def test_who_makes_or_trades_a_product_is_not_the_product(
    extract: Callable[..., Document],
) -> None:
    doc = extract(
        "The world's second-largest coffee producer shipped 1.26 million tonnes in 2024. "
        "Imports of consumer goods dropped $3.2 billion."
    )
    assert [c.product for c in doc.claims] == ["coffee", "consumer goods"]


def test_a_period_in_the_possessive_before_a_figure_is_its_own(
    extract: Callable[..., Document],
) -> None:
    texts = [
        "Oil output fell to 1.66 million barrels per day in October 2024, 6.7% below "
        "September's 1.78 million bpd.",
        "Exports fell to $1.66 billion in 2024 from last year's $1.78 billion.",
    ]
    periods = [c.period.start for text in texts for c in extract(text).claims]
    assert periods == ["2024-10-01", "2024-09-01", "2024-01-01", "2023-01-01"]


def test_markdown_bold_does_not_part_a_figure_from_its_conversion(
    extract: Callable[..., Document],
) -> None:
    text = "Farm exports hit a record **R243.5 billion** (US$13.2 billion) in 2023, up 5.8%."
    (claim,) = extract(text).claims
    assert (claim.value.amount, claim.alt_values[0].amount, claim.change.amount) == (
        243.5e9,
        13.2e9,
        5.8,
    )
    assert text[claim.value.start : claim.value.end] == "R243.5 billion"


def test_what_a_figure_was_earned_from_does_not_part_it_from_its_change(
    extract: Callable[..., Document],
) -> None:
    earned = extract("Kenya earned Sh110.4 billion from cut flower exports in 2023, up 11.3%.")
    assert [(c.value.amount, c.change.amount) for c in earned.claims] == [(110.4e9, 11.3)]
    two = extract("Exports reached $5 billion in 2023 and imports rose 3%.")
    assert len(two.claims) == 2


def test_a_volume_in_sized_bags_and_its_conversion_are_one_claim(
    extract: Callable[..., Document],
) -> None:
    texts = [
        "Vietnam shipped 1.26 million tonnes (about 21 million 60-kg bags) in 2024.",
        "Uganda exported 1.24 mln 60-kilo bags of coffee (74,400 tonnes) in 1986.",
        "Wine exports to Armenia rose 23% to 4.6 million bottles in 2023.",
    ]
    rows = [
        (c.measure, c.value.amount, c.value.unit, [(a.amount, a.unit) for a in c.alt_values])
        for text in texts
        for c in extract(text).claims
    ]
    assert rows == [
        ("volume", 1.26e6, "tonnes", [(21e6, "bags")]),
        ("volume", 1.24e6, "bags", [(74_400, "tonnes")]),
        ("volume", 4.6e6, "bottles", []),
    ]


def test_a_place_a_product_comes_from_is_not_the_product(
    extract: Callable[..., Document],
) -> None:
    doc = extract("Chile's copper mine output edged down 1.1% to 5.25 million tonnes in 2023.")
    assert [c.product for c in doc.claims] == ["copper"]


def test_an_open_head_takes_a_nouns_plural_not_a_pronouns() -> None:
    assert [plural(w, frozenset()) for w in ("mine", "cherry", "mouse")] == [
        "mines",
        "cherries",
        "mice",
    ]


def test_the_year_so_far_runs_to_the_month_the_clause_names(
    extract: Callable[..., Document],
) -> None:
    texts = [
        "Year-to-date shipments of soymeal stood at 10.9 million tonnes at the end of May 2024.",
        "Exports so far this year reached $5 billion by the end of May.",
    ]
    periods = [(c.period.start, c.period.end) for t in texts for c in extract(t).claims]
    assert periods == [("2024-01-01", "2024-05-31"), ("XXXX-01-01", "XXXX-05-31")]


def test_money_per_span_of_time_is_a_value_not_a_price(
    extract: Callable[..., Document],
) -> None:
    texts = [
        "The government wants car exports to reach 200 billion dirhams a year by 2030.",
        "Coffee averaged $4,351 per tonne in 2024.",
    ]
    assert [c.measure for t in texts for c in extract(t).claims] == ["value", "price"]


def test_a_field_ending_in_ics_names_a_product_before_a_trade_word(
    extract: Callable[..., Document],
) -> None:
    doc = extract("Aeronautics exports rose 16.2% to 26.4 billion dirhams in 2024.")
    assert [c.product for c in doc.claims] == ["aeronautics"]
