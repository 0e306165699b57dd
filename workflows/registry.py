"""The registry of request types.

A request type is one module in ``workflows/types/`` declaring a ``RequestType`` subclass and
registering it with ``@register``. Adding a type touches no other type.
"""

from __future__ import annotations

from typing import Any, ClassVar

_REGISTRY: dict[str, type[RequestType]] = {}


class RequestType:
    """What every request type declares. Subclasses fill the class attributes."""

    key: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        """Whether this user may file a request of this type."""
        return True


def register(cls: type[RequestType]) -> type[RequestType]:
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"request type {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls
    return cls


def all_types() -> list[type[RequestType]]:
    return list(_REGISTRY.values())


def get_type(key: str) -> type[RequestType]:
    return _REGISTRY[key]


def available_to(user: Any) -> list[type[RequestType]]:
    return [t for t in _REGISTRY.values() if t.is_available_to(user)]
