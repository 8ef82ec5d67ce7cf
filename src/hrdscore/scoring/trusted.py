"""Building scorecard models from values scoring has already checked, without validating them
again.

Scoring builds about sixty models per actor (criteria, recommendations, allegations...) from
values that were validated when they were read (ids, dates, enums) or that it computed itself
(rounded floats, sentences); validating them again is a sixth of the time of scoring every
actor at 100,000 acts (each id of an evidence list is matched against the id pattern once
more). `model_construct` would skip that, but in pydantic 2.14 it is slower than validation
(it resolves aliases and defaults field by field). `trusted` sets the fields directly, so:

- every field is given, in the order the model declares them (a model's JSON follows the order
  of its fields as set), else TypeError;
- every value is already of its field's type: a float, not an int (a dump would print `1` where
  validation gives `1.0`), a list, not a tuple.

tests/test_scoring_trusted.py checks it against validation. Validation stays at the boundaries:
what is imported, stored or read from a file.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}
_set = object.__setattr__


def _fields(cls: type[BaseModel]) -> tuple[str, ...]:
    if (cls.__pydantic_post_init__ or cls.__pydantic_root_model__
            or cls.model_config.get("extra") == "allow" or cls.__private_attributes__
            or any(f.alias not in (None, n) or f.validation_alias not in (None, n)
                   for n, f in cls.__pydantic_fields__.items())):
        raise TypeError(f"{cls.__name__} is not a plain record: build it with validation")
    names = _FIELDS[cls] = tuple(cls.__pydantic_fields__)
    return names


def trusted(cls: type[M], /, **values: Any) -> M:
    """An instance of `cls` holding `values` as they are. Every field must be given, in
    declaration order."""
    names = _FIELDS.get(cls) or _fields(cls)
    if tuple(values) != names:
        raise TypeError(f"{cls.__name__}: give every field in order: {', '.join(names)} "
                        f"(got {', '.join(values)})")
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(names))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
