"""Numbers written in words ("two billion", "one and a half") read by quantulum3.

quantulum3 parses words well but takes seconds over a whole article, so it only ever sees the
short spans the quantity rules already found; the import and every answer are cached.
"""

from __future__ import annotations

import warnings
from functools import lru_cache


@lru_cache(maxsize=1024)
def spelled_amount(words: str) -> float | None:
    """The number a short phrase of number words means, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
        from quantulum3 import parser

        try:
            found = parser.parse(words)
        except Exception:  # quantulum3 raises assorted errors on odd input; a miss is fine here
            return None
    values = [q.value for q in found if q.value is not None]
    return float(values[0]) if values else None
