"""Where a model's identifying fields are, read from the `IDENTIFYING` type marker: the fields
themselves and the sub-records (lists or single models) that hold some. The identity package
seals and opens what this finds; the evidence hash leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from hrdscore.model.identifying import Identifying

__all__ = ["Shape", "shape", "without_identifying"]


def _marker(annotation: Any) -> Identifying | None:
    if get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Identifying):
                return meta
    return next((m for arg in get_args(annotation) if (m := _marker(arg)) is not None), None)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


@dataclass(frozen=True)
class Shape:
    """The identifying fields of a model and the fields that hold sub-records having some."""

    fields: tuple[str, ...]
    nested: tuple[tuple[str, Shape], ...]
    # Fields a database never under a key may hold as written (`Identifying.needs_key`).
    keyless: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.fields and not self.nested


@cache
def shape(model: type[BaseModel]) -> Shape:
    fields: list[str] = []
    nested: list[tuple[str, Shape]] = []
    keyless: list[str] = []
    for name, info in model.model_fields.items():
        marker = _marker(info.annotation) or next(
            (m for m in info.metadata if isinstance(m, Identifying)), None)
        if marker is not None:
            fields.append(name)
            if not marker.needs_key:
                keyless.append(name)
            continue
        for sub in _models_in(info.annotation):
            if sub is not model and not shape(sub).empty:
                nested.append((name, shape(sub)))
    return Shape(tuple(fields), tuple(nested), tuple(keyless))


def without_identifying(node: Mapping[str, Any], sh: Shape) -> Mapping[str, Any]:
    """The stored record without its identifying fields, at any depth: `node` itself when it
    holds none (most records: no copy), else a copy."""
    out: dict[str, Any] | None = None
    for name in sh.fields:
        if name in node:
            out = out if out is not None else dict(node)
            del out[name]
    for name, sub in sh.nested:
        value = node.get(name)
        if isinstance(value, list):
            kept = [without_identifying(v, sub) if isinstance(v, Mapping) else v for v in value]
            if any(a is not b for a, b in zip(kept, value, strict=True)):
                out = out if out is not None else dict(node)
                out[name] = kept
        elif isinstance(value, Mapping):
            inner = without_identifying(value, sub)
            if inner is not value:
                out = out if out is not None else dict(node)
                out[name] = inner
    return node if out is None else out
