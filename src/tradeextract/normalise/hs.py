"""Harmonized System codes for claims: the code the text states, or the HS 2022 headings a
curated table (data/hs_codes.json) maps the claim's product to.

The table maps only categories whose headings are well defined ('soybeans' 1201, 'solar
cells' 8541.42); a product must match one of an entry's names whole, so 'toy cars' is not
'cars'. A stated code keeps its digits (national tariff lines have 8 or 10) and is described
by the longest HS code it starts with that the table describes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tradeextract.model import HsCodes, HsHeading
from tradeextract.resources import read_json

HS_FILE = "hs_codes.json"
DASHES = re.compile(r"[\u2010-\u2015\u2212]")


@dataclass(frozen=True)
class HsEntry:
    id: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class HsTable:
    edition: str
    descriptions: dict[str, str]  # code (2, 4 or 6 digits) -> description
    by_name: dict[str, HsEntry]  # normalised product name -> entry

    def describe(self, code: str) -> HsHeading:
        """A code with the description of the longest described code it starts with."""
        for length in range(min(len(code), 6), 1, -1):
            description = self.descriptions.get(code[:length])
            if description is not None:
                shorter = code[:length] if length < len(code) else None
                return HsHeading(code=code, description=description, described_code=shorter)
        return HsHeading(code=code)


def normalise_name(product: str) -> str:
    """'X‑ray  Application Equipment' -> 'x-ray application equipment'."""
    return " ".join(DASHES.sub("-", product).lower().split())


@lru_cache(maxsize=4)
def load_hs_table(data_dir: Path | None = None) -> HsTable:
    spec = read_json(HS_FILE, data_dir)
    descriptions = dict(spec["headings"])
    by_name: dict[str, HsEntry] = {}
    for entry in spec["products"]:
        missing = [code for code in entry["codes"] if code not in descriptions]
        if missing:
            raise ValueError(f"{HS_FILE}: entry {entry['id']} maps to undescribed {missing}")
        mapped = HsEntry(entry["id"], tuple(entry["codes"]))
        for name in entry["names"]:
            key = normalise_name(name)
            if key in by_name:
                raise ValueError(f"{HS_FILE}: {name!r} is in {by_name[key].id} and {entry['id']}")
            by_name[key] = mapped
    return HsTable(spec["edition"], descriptions, by_name)


def hs_codes(
    hs_code: str | None, product: str | list[str] | None, table: HsTable | None = None
) -> HsCodes | None:
    """What the claim's product is in the HS: the stated code, else the mapped headings."""
    table = table or load_hs_table()
    if hs_code:
        return HsCodes(source="stated", headings=[table.describe(hs_code)])
    name = product[0] if isinstance(product, list) and product else product
    if not isinstance(name, str):
        return None
    entry = table.by_name.get(normalise_name(name))
    if entry is None:
        return None
    headings = [table.describe(code) for code in entry.codes]
    return HsCodes(source="mapped", headings=headings, edition=table.edition, entry=entry.id)
