"""Doc results through msgpack: `doc.to_bytes`, `DocBin(store_user_data=True)` and
`nlp.pipe(..., n_process=2)` all carry `doc._.quantities`, `doc._.periods` and `doc._.claims`.

spaCy writes a Doc's user data (where extension values live) with srsly's msgpack, which
knows plain data only. The encoder here writes our objects as tagged maps of their fields and
the decoder builds them back, so a Doc read from bytes holds the same objects it was written
with. Both are registered with srsly when this module is imported (`extensions` imports it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

import srsly
from pydantic import BaseModel

from tradeextract import model
from tradeextract.normalise.periods import PeriodMention

TYPE_TAG = "__tradeextract__"
# every model of tradeextract.model (a claim's parts, however many it grows), and periods
ENCODED_TYPES: dict[str, type] = {
    **{
        name: cls
        for name, cls in vars(model).items()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
    },
    PeriodMention.__name__: PeriodMention,
}


def _fields_of(obj: Any) -> dict[str, Any]:
    """Every field, extras and fields left out of JSON output included: the object as it is."""
    if isinstance(obj, BaseModel):
        return dict(obj)  # nested objects are encoded in their turn
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack encoder: one of our objects -> {TYPE_TAG: type name, "fields": {...}}."""
    name = type(obj).__name__
    if ENCODED_TYPES.get(name) is type(obj):
        return {TYPE_TAG: name, "fields": _fields_of(obj)}
    return chain(obj) if chain is not None else obj


def decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack decoder: a tagged map back into its object (inner maps come first)."""
    if isinstance(obj, dict) and TYPE_TAG in obj:
        cls = ENCODED_TYPES[obj[TYPE_TAG]]
        data = obj["fields"]
        if issubclass(cls, BaseModel):
            return cls.model_validate(data)
        assert is_dataclass(cls)
        return cls(**data)
    return chain(obj) if chain is not None else obj


_registered = False


def register_msgpack_types() -> None:
    """Idempotent: one encoder and one decoder under our name in srsly's registries."""
    global _registered
    if not _registered:
        srsly.msgpack_encoders.register("tradeextract", func=encode)
        srsly.msgpack_decoders.register("tradeextract", func=decode)
        _registered = True
