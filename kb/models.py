"""Database tables (SQLModel). Input and output shapes live in `kb.schemas`.

An initiative keeps its scalar fields in one row; its ordered lists live in child tables so
that regions, themes or success factors can be counted and compared with plain SQL.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC; SQLModel's UTCDateTime stores it portably and returns it aware."""
    return datetime.now(timezone.utc)


class Initiative(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str = Field(max_length=200)
    summary: str = Field(max_length=500)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    approach: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    preconditions: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    context: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    period_start: Optional[str] = Field(default=None, max_length=10)
    period_end: Optional[str] = Field(default=None, max_length=10)
    participants: Optional[int] = None
    placed: Optional[int] = None
    placed_within_months: Optional[int] = None
    outcome_note: str = Field(default="", max_length=1000)
    cost_eur: Optional[int] = None
    cost_note: str = Field(default="", max_length=1000)
    evidence_level: Optional[str] = Field(default=None, max_length=40)
    evidence_rated_on: Optional[date] = None
    contact_organisation: str = Field(default="", max_length=200)
    contact_url: str = Field(default="", max_length=500)
    status: str = Field(default="draft", max_length=20, index=True)
    status_reason: str = Field(default="", max_length=2000)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    revision: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class InitiativeTerm(SQLModel, table=True):
    """One entry of a list field: a region, municipality, organisation, target group, theme or tag."""

    __tablename__ = "initiative_term"
    __table_args__ = (Index("ix_initiative_term_kind_value", "kind", "value"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    value: str = Field(max_length=200)
    position: int = 0


class Factor(SQLModel, table=True):
    """A success factor (kind 'success') or a failure / lesson (kind 'failure'), in order."""

    __table_args__ = (Index("ix_factor_kind_category", "kind", "category"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)
    position: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    category: Optional[str] = Field(default=None, max_length=60)


class Source(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True, ondelete="CASCADE")
    position: int = 0
    title: str = Field(max_length=300)
    url: str = Field(default="", max_length=1000)


class Revision(SQLModel, table=True):
    """A full snapshot of an initiative after each change: who, when, what."""

    __table_args__ = (UniqueConstraint("initiative_id", "revision"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True, ondelete="CASCADE")
    revision: int
    author: str = Field(max_length=200)
    message: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    snapshot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    organisation: str = Field(default="", max_length=200)
    role: str = Field(default="contributor", max_length=20)
    password_hash: str = Field(default="", max_length=255)
    active: bool = True
    # set when an administrator gave the password (a new account, a reset): the person is asked to
    # choose their own before anything else
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime = Field(default_factory=utcnow)


class VocabularyTerm(SQLModel, table=True):
    """A controlled value (region, target group, …), loaded from kb/vocabularies/*.csv."""

    __tablename__ = "vocabulary_term"
    __table_args__ = (UniqueConstraint("vocabulary", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    vocabulary: str = Field(max_length=40, index=True)
    code: str = Field(max_length=80)
    label_nl: str = Field(max_length=200)
    label_en: str = Field(max_length=200)
    position: int = 0
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Draft(SQLModel, table=True):
    """Work in progress on the form, saved as the person types (it may still be incomplete or invalid).

    Keyed by user and initiative: one draft per person per existing initiative (a partial unique
    index), any number of drafts for new initiatives (initiative_id NULL). `state` is "open" while
    the person works on it, "proposed" when a contributor offers it to the editors as an addition.
    """

    __table_args__ = (
        Index("uq_draft_user_initiative", "user_id", "initiative_id", unique=True,
              sqlite_where=text("initiative_id IS NOT NULL"), postgresql_where=text("initiative_id IS NOT NULL")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    initiative_id: Optional[int] = Field(default=None, foreign_key="initiative.id", ondelete="CASCADE")
    base_revision: Optional[int] = None
    state: str = Field(default="open", max_length=20, index=True)
    title: str = Field(default="", max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Who changed what, append-only: writes of initiatives, workflow steps, accounts and logins.

    No foreign keys on purpose: the log outlives what it describes and is never rewritten.
    """

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(default="", max_length=254)
    actor_id: Optional[int] = None
    action: str = Field(max_length=40, index=True)
    target_type: str = Field(default="initiative", max_length=20)
    target: str = Field(default="", max_length=254, index=True)
    revision: Optional[int] = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
