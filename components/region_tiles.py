"""The tile map of the 35 labour-market regions: where each tile sits (region_tiles.csv) and its colour.

The layout is hand-made: each region gets a (row, col) roughly where it lies on the map of the
Netherlands (Groningen top right, Zeeland bottom left, Zuid-Limburg at the bottom), and a short name
that fits a tile. "landelijk" is not on the map: pages show it as a tile of its own.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TILES_CSV = Path(__file__).resolve().parent / "region_tiles.csv"

# Sequential blues (ColorBrewer), light to dark; the text colour in each keeps at least 4.5:1 contrast.
BINS = 4
FILL = {0: "#ffffff", 1: "#deebf7", 2: "#9ecae1", 3: "#2171b5", 4: "#08306b"}
INK = {0: "#495057", 1: "#212529", 2: "#212529", 3: "#ffffff", 4: "#ffffff"}


@dataclass(frozen=True)
class Tile:
    code: str
    row: int
    col: int
    short_nl: str
    short_en: str

    def short(self, lang: str) -> str:
        return self.short_en if lang == "en" else self.short_nl


def _soft(name: str) -> str:
    """'Steden|driehoek' → 'Steden\u00addriehoek': a soft hyphen, where a narrow tile may break the name."""
    return name.replace("|", "\u00ad")


@lru_cache(maxsize=1)
def tiles() -> tuple[Tile, ...]:
    """Every tile, in reading order (row by row, left to right) so tabbing follows the map."""
    with open(TILES_CSV, newline="", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    rows = [Tile(r["code"], int(r["row"]), int(r["col"]), _soft(r["short_nl"]), _soft(r["short_en"]))
            for r in csv.DictReader(lines)]
    return tuple(sorted(rows, key=lambda x: (x.row, x.col)))


def grid_size() -> tuple[int, int]:
    return max(x.row for x in tiles()) + 1, max(x.col for x in tiles()) + 1


def bin_width(max_count: int) -> int:
    """How many initiatives one colour step spans, so that at most BINS steps cover 1..max_count."""
    return max(1, math.ceil(max_count / BINS))


def bin_of(count: int, width: int) -> int:
    """0 for no initiatives (a gap), else the step 1..BINS."""
    return 0 if count <= 0 else min(BINS, math.ceil(count / width))


def shade(count: int, max_count: int) -> int:
    """The colour (0..BINS) of a tile. The steps in use are spread over the whole palette, so that with
    little data (say 0 or 1 everywhere) a tile with an initiative is dark, not a faint tint."""
    width = bin_width(max_count)
    top = bin_of(max(max_count, 1), width)
    b = bin_of(count, width)
    return 0 if b == 0 else math.ceil(b * BINS / top)


def legend_steps(max_count: int) -> list[tuple[int, int, int]]:
    """(colour, lowest count, highest count) for each step in use, starting with the gap (0, 0, 0)."""
    steps = [(0, 0, 0)]
    if max_count <= 0:
        return steps
    width = bin_width(max_count)
    top = bin_of(max_count, width)
    for b in range(1, top + 1):
        steps.append((math.ceil(b * BINS / top), (b - 1) * width + 1, max_count if b == top else b * width))
    return steps
