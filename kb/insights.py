"""Counts across published initiatives: where they are, which success factors and failures recur, and
whether those differ between initiatives with a better and a worse outcome.

Data only (no Dash). Everything counts *published* initiatives, and counts initiatives, not factor lines:
an initiative that names two success factors of the same category counts once for that category.

"Landelijk" (national) is not one of the 35 labour-market regions. A national initiative is counted under
its own code "landelijk" — never spread over every region — and it does not add to the number of regions
a factor occurs in (`factor_frequencies`). `region_profile` of a region reports how many national
initiatives exist beside it, so a page can show them apart.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any, Iterable, Literal

from sqlalchemy import and_, case, distinct, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import select

from kb import vocab as vocab_mod
from kb.db import get_engine, session_scope
from kb.models import Factor, Initiative, InitiativeTerm

NATIONAL = "landelijk"
Kind = Literal["success", "failure"]


def _engine(engine: Engine | None) -> Engine:
    return engine or get_engine()


def _published():
    return select(Initiative.id).where(Initiative.status == "published")


def _check_kind(kind: str) -> None:
    if kind not in ("success", "failure"):
        raise ValueError(f"kind must be 'success' or 'failure', not {kind!r}")


def _with_any_term(stmt, kind: str, values: Iterable[str] | None):
    """Keep initiatives that carry at least one of `values` for this term kind (OR within a filter)."""
    values = [v for v in (values or []) if v]
    if not values:
        return stmt
    having = select(InitiativeTerm.initiative_id).where(InitiativeTerm.kind == kind, InitiativeTerm.value.in_(values))
    return stmt.where(Initiative.id.in_(having))


def region_counts(theme: list[str] | None = None, target_group: list[str] | None = None, *,
                  engine: Engine | None = None) -> dict[str, int]:
    """Published initiatives per region code, for every region in the vocabulary (0 where there are none).

    Filters: any of the given themes AND any of the given target groups. "landelijk" is its own key.
    """
    engine = _engine(engine)
    ids = _with_any_term(_with_any_term(_published(), "theme", theme), "target_group", target_group)
    with session_scope(engine) as s:
        rows = s.exec(
            select(InitiativeTerm.value, func.count(distinct(InitiativeTerm.initiative_id)))
            .where(InitiativeTerm.kind == "region", InitiativeTerm.initiative_id.in_(ids))
            .group_by(InitiativeTerm.value)
        ).all()
    counts = {code: 0 for code in vocab_mod.load(engine).codes("region")}
    counts.update({code: int(n) for code, n in rows})
    return counts


def _top(counter: Counter, top: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def region_profile(region_code: str, *, top: int = 5, engine: Engine | None = None) -> dict[str, Any]:
    """One region at a glance: its published initiatives and what they share.

    `target_groups` and `themes` count initiatives per code; `top_success_factors` / `top_failures` are
    (category code, or the factor's own text when it has no category, number of initiatives), most
    frequent first. `national_count` is the number of national initiatives, shown beside a region
    rather than counted into it (0 for "landelijk" itself).
    """
    engine = _engine(engine)
    in_region = select(InitiativeTerm.initiative_id).where(InitiativeTerm.kind == "region",
                                                           InitiativeTerm.value == region_code)
    with session_scope(engine) as s:
        ids = select(Initiative.id).where(Initiative.status == "published", Initiative.id.in_(in_region))
        rows = s.exec(select(Initiative.id, Initiative.slug, Initiative.title, Initiative.summary)
                      .where(Initiative.id.in_(ids)).order_by(Initiative.title, Initiative.slug)).all()
        terms: dict[str, Counter] = {"target_group": Counter(), "theme": Counter()}
        factors: dict[str, Counter] = {"success": Counter(), "failure": Counter()}
        if rows:
            for kind, value, n in s.exec(
                select(InitiativeTerm.kind, InitiativeTerm.value, func.count(distinct(InitiativeTerm.initiative_id)))
                .where(InitiativeTerm.initiative_id.in_(ids), InitiativeTerm.kind.in_(["target_group", "theme"]))
                .group_by(InitiativeTerm.kind, InitiativeTerm.value)
            ):
                terms[kind][value] = int(n)
            seen: set[tuple[int, str, str]] = set()
            for initiative_id, kind, category, text in s.exec(
                select(Factor.initiative_id, Factor.kind, Factor.category, Factor.text).where(Factor.initiative_id.in_(ids))
            ):
                key = category or text  # one count per initiative, however often it names the category
                if (initiative_id, kind, key) not in seen:
                    seen.add((initiative_id, kind, key))
                    factors[kind][key] += 1
        national = 0
        if region_code != NATIONAL:
            national_ids = select(InitiativeTerm.initiative_id).where(InitiativeTerm.kind == "region",
                                                                      InitiativeTerm.value == NATIONAL)
            national = int(s.exec(select(func.count()).select_from(Initiative)
                                  .where(Initiative.status == "published", Initiative.id.in_(national_ids))).one())
    return {
        "region": region_code,
        "initiatives": [{"slug": slug, "title": title, "summary": summary} for _, slug, title, summary in rows],
        "target_groups": dict(_top(terms["target_group"], len(terms["target_group"]))),
        "themes": dict(_top(terms["theme"], len(terms["theme"]))),
        "top_success_factors": _top(factors["success"], top),
        "top_failures": _top(factors["failure"], top),
        "national_count": national,
    }


def factor_frequencies(kind: Kind, *, engine: Engine | None = None) -> list[tuple[str, int, int]]:
    """(category, number of initiatives, number of regions) for every factor category in use, most frequent first.

    Factors without a category are left out (free text cannot be counted together). Regions are the 35
    labour-market regions: a national initiative adds to the initiatives, not to the regions.
    """
    _check_kind(kind)
    region = InitiativeTerm
    stmt = (
        select(Factor.category, func.count(distinct(Factor.initiative_id)), func.count(distinct(region.value)))
        .select_from(Factor)
        .join(region, (region.initiative_id == Factor.initiative_id) & (region.kind == "region")
              & (region.value != NATIONAL), isouter=True)
        .where(Factor.kind == kind, Factor.category.is_not(None), Factor.initiative_id.in_(_published()))
        .group_by(Factor.category)
    )
    with session_scope(_engine(engine)) as s:
        rows = [(c, int(n_init), int(n_reg)) for c, n_init, n_reg in s.exec(stmt).all()]
    return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))


def _with_outcome(*columns):
    return select(*(columns or (Initiative.id,))).where(
        Initiative.status == "published", Initiative.placed.is_not(None),
        Initiative.participants.is_not(None), Initiative.participants > 0)


def outcome_shares(*, engine: Engine | None = None) -> dict[int, float]:
    """initiative id → placed / participants, for published initiatives that report both (participants > 0)."""
    with session_scope(_engine(engine)) as s:
        rows = s.exec(_with_outcome(Initiative.id, Initiative.placed, Initiative.participants)).all()
    return {i: min(1.0, placed / n) for i, placed, n in rows}


def factor_split_by_outcome(kind: Kind, *, engine: Engine | None = None) -> dict[str, Any]:
    """Factor categories among initiatives with an outcome share above vs. at-or-below the median share.

    Returns {"median": float | None, "n_above": int, "n_below": int, "n_without_outcome": int,
    "categories": {category: (initiatives above, initiatives at or below)}}, categories ordered by their
    total, most frequent first. Only initiatives that report participants and placed take part.
    """
    _check_kind(kind)
    engine = _engine(engine)
    shares = outcome_shares(engine=engine)
    with session_scope(engine) as s:
        n_published = int(s.exec(select(func.count()).select_from(Initiative)
                                 .where(Initiative.status == "published")).one())
        pairs = s.exec(select(Factor.initiative_id, Factor.category).distinct()
                       .where(Factor.kind == kind, Factor.category.is_not(None),
                              Factor.initiative_id.in_(_with_outcome()))).all()
    result: dict[str, Any] = {"median": None, "n_above": 0, "n_below": 0,
                              "n_without_outcome": n_published - len(shares), "categories": {}}
    if not shares:
        return result
    median = statistics.median(shares.values())
    above = {i for i, share in shares.items() if share > median}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for initiative_id, category in pairs:
        counts[category][0 if initiative_id in above else 1] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))
    result.update(median=median, n_above=len(above), n_below=len(shares) - len(above),
                  categories={c: (a, b) for c, (a, b) in ordered})
    return result


def published_titles(*, engine: Engine | None = None) -> list[tuple[str, str]]:
    """(slug, title) of every published initiative, by title: enough for a picker, without loading whole records."""
    with session_scope(_engine(engine)) as s:
        rows = s.exec(select(Initiative.slug, Initiative.title).where(Initiative.status == "published")).all()
    return sorted(((slug, title) for slug, title in rows), key=lambda r: (r[1].casefold(), r[0]))


def overlapping(slug: str, *, limit: int = 3, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Published initiatives that share most with this one: a shared target group counts 2, a shared theme 1.

    [{"slug", "title", "score"}], best first (ties by title), only those that share something; [] for an
    unknown slug or one without target groups and themes.
    """
    with session_scope(_engine(engine)) as s:
        terms = s.exec(select(InitiativeTerm.kind, InitiativeTerm.value)
                       .join(Initiative, Initiative.id == InitiativeTerm.initiative_id)
                       .where(Initiative.slug == slug, InitiativeTerm.kind.in_(["target_group", "theme"]))).all()
        if not terms:
            return []
        shared = or_(*(and_(InitiativeTerm.kind == kind, InitiativeTerm.value == value) for kind, value in terms))
        weight = case((InitiativeTerm.kind == "target_group", 2), else_=1)
        rows = s.exec(
            select(Initiative.slug, Initiative.title, func.sum(weight))
            .join(InitiativeTerm, InitiativeTerm.initiative_id == Initiative.id)
            .where(Initiative.status == "published", Initiative.slug != slug, shared)
            .group_by(Initiative.id, Initiative.slug, Initiative.title)
        ).all()
    ranked = sorted(rows, key=lambda r: (-int(r[2]), r[1].casefold(), r[0]))[:limit]
    return [{"slug": other, "title": title, "score": int(score)} for other, title, score in ranked]
