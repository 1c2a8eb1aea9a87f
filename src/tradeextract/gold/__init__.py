"""Gold claim files: load them into validated objects, or report every problem in them.

A gold directory holds `X.txt` articles and `X.claims.json` annotations beside them
(spec: claims.md section 5). Annotation mistakes silently corrupt every score computed
against them, so validation checks what pydantic cannot: that offsets match the text, that
codes are real ISO codes, that vocabularies are the spec's. Problems name the file, the
claim index (0-based, as in `.claims[N]`) and the field, so an annotator can go straight
to the mistake.

    tradeextract validate tests/fixtures

The package by concern: `reading` reads gold and text files, `problems` says what is wrong
and where, `codes` knows the spec's currency, place and unit vocabularies, `offsets` checks
spans against the text, `checks` walks a gold file's JSON field by field, `loading` validates
and loads files and directories, and `cli` is the `tradeextract validate` command.
"""

from __future__ import annotations

from tradeextract.gold.cli import main
from tradeextract.gold.codes import change_unit_problem, is_currency_code, value_unit_problem
from tradeextract.gold.loading import load_gold_dir, validate_dir, validate_file
from tradeextract.gold.problems import GoldError, GoldProblem
from tradeextract.gold.reading import GOLD_SUFFIX, GoldDocument, read_document_text, read_gold_json

__all__ = [
    "GOLD_SUFFIX",
    "GoldDocument",
    "GoldError",
    "GoldProblem",
    "change_unit_problem",
    "is_currency_code",
    "load_gold_dir",
    "main",
    "read_document_text",
    "read_gold_json",
    "validate_dir",
    "validate_file",
    "value_unit_problem",
]
