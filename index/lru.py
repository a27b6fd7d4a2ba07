"""Caches bounded by the bytes they hold, not by how many entries they have.

Why: at 100,000 documents one bitset or score table is 12 KB to 400 KB while a parsed query is a
few hundred bytes, so a cache of "4096 entries" could hold 4 MB or 1.6 GB. Sizes are estimates
(numpy arrays and big ints exactly, containers shallowly), which is what bounds memory.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

import numpy as np


def sizeof(value: Any, depth: int = 2) -> int:
    """Approximate bytes held by `value`: arrays and ints exactly, containers `depth` levels deep
    (their other items at a flat rate: this runs on every cache insert, so it must stay cheap)."""
    if isinstance(value, np.ndarray):
        return 112 + value.nbytes
    if isinstance(value, int):
        return 32 + (value.bit_length() >> 3)
    cost = getattr(value, "cost", None)
    if isinstance(cost, int):
        return cost
    if isinstance(value, (str, bytes)):
        return 56 + len(value)
    if isinstance(value, (tuple, list)):
        if depth and len(value) <= 16:
            return 64 + sum(sizeof(v, depth - 1) for v in value)
        return 64 + 64 * len(value)
    if isinstance(value, dict):
        if depth and len(value) <= 8:
            return 232 + sum(100 + sizeof(v, depth - 1) for v in value.values())
        return 232 + 100 * len(value)
    return 256


def _key_size(key: Any) -> int:
    """Keys are small but for the bitsets some carry (facet counts are keyed by the matches)."""
    if isinstance(key, tuple):
        return 64 + sum(32 + (k.bit_length() >> 3) if type(k) is int else 64 for k in key)
    return 64


class LRU:
    """Least recently used values, at most `budget` bytes of them (keys counted too)."""

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.items)

    def get(self, key, default=None):
        hit = self.items.get(key)
        if hit is None:
            return default
        self.items.move_to_end(key)
        return hit[0]

    def put(self, key, value) -> None:
        old = self.items.pop(key, None)
        if old is not None:
            self.used -= old[1]
        cost = sizeof(value) + _key_size(key)
        self.items[key] = (value, cost)
        self.used += cost
        while self.used > self.budget and len(self.items) > 1:
            _, (_old, old_cost) = self.items.popitem(last=False)
            self.used -= old_cost

    def memo(self, key, compute: Callable[[], Any]):
        """The value for `key`, computed (and kept) when missing."""
        hit = self.items.get(key)
        if hit is not None:
            self.items.move_to_end(key)
            return hit[0]
        value = compute()
        self.put(key, value)
        return value

    def clear(self) -> None:
        self.items.clear()
        self.used = 0


class Memo(LRU):
    """An LRU whose `get` computes what is missing: `memo.get(key, lambda: ...)`."""

    def get(self, key, compute: Callable[[], Any]):  # type: ignore[override]
        return self.memo(key, compute)
