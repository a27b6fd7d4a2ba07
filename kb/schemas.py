"""The shapes of an initiative outside the database: what is written (create/update) and read.

Like the FastAPI full-stack template: one base with the content fields, a create schema that
validation produces, and a read schema that adds what the store owns (id, revision, timestamps).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, Field

STATUSES = ("draft", "submitted", "published", "rejected", "archived")
LIST_TERMS = ("regions", "municipalities", "organisations", "target_groups", "themes", "tags")
TERM_KIND = {  # list field -> InitiativeTerm.kind
    "regions": "region",
    "municipalities": "municipality",
    "organisations": "organisation",
    "target_groups": "target_group",
    "themes": "theme",
    "tags": "tag",
}
TEXT_FIELDS = ("description", "approach", "preconditions", "context")


class FactorItem(BaseModel):
    text: str
    category: Optional[str] = None


class SourceItem(BaseModel):
    title: str
    url: str = ""


class InitiativeBase(BaseModel):
    title: str
    slug: str
    summary: str
    description: str = ""
    status: str = "draft"
    regions: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    target_groups: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    approach: str = ""
    success_factors: list[FactorItem] = Field(default_factory=list)
    failures: list[FactorItem] = Field(default_factory=list)
    preconditions: str = ""
    context: str = ""
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    participants: Optional[int] = None
    placed: Optional[int] = None
    placed_within_months: Optional[int] = None
    outcome_note: str = ""
    cost_eur: Optional[int] = None
    cost_note: str = ""
    evidence_level: Optional[str] = None
    evidence_rated_on: Optional[date] = None
    sources: list[SourceItem] = Field(default_factory=list)
    contact_organisation: str = ""
    contact_url: str = ""


class InitiativeCreate(InitiativeBase):
    """A validated initiative, ready to be stored (see kb.validation)."""


class InitiativeRead(InitiativeBase):
    id: int
    revision: int
    status_reason: str = ""
    owner_id: Optional[int] = None
    created_at: str
    updated_at: str


CONTENT_FIELDS = tuple(InitiativeBase.model_fields)
