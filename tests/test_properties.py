"""Property-based tests: no input to the importer, the validator or the API parameters escapes as an
unhandled exception — bad input always ends in our own clear error."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from api.params import BadParameter, parse
from kb import content, vocab
from kb.validation import ValidationFailed, validate

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=60),
                    st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)
FIELDS = ["title", "slug", "summary", "description", "status", "regions", "municipalities", "organisations",
          "target_groups", "themes", "tags", "approach", "success_factors", "failures", "period_start",
          "period_end", "participants", "placed", "placed_within_months", "cost_eur", "evidence_level",
          "evidence_rated_on", "sources", "contact_url", "contact_organisation"]


@pytest.fixture
def vocabs(sqlite_engine):
    return vocab.load(sqlite_engine)


@PROPS
@given(raw=st.dictionaries(st.sampled_from(FIELDS), values, max_size=12))
def test_validation_accepts_or_explains(vocabs, raw):
    try:
        data = validate(raw, vocabs)
    except ValidationFailed as exc:
        messages = exc.messages()
        assert messages and all(isinstance(m, str) and m for m in messages.values())
        assert exc.messages("en")
    else:
        assert 5 <= len(data.title) <= 200 and len(data.summary) <= 500 and data.regions


@PROPS
@given(text=st.text(max_size=400))
def test_front_matter_parser_never_crashes(text):
    try:
        meta, body = content.parse(text)
    except content.FrontMatterError as exc:
        assert str(exc)
    else:
        assert isinstance(meta, dict) and isinstance(body, str)


@PROPS
@given(meta=st.dictionaries(st.sampled_from(FIELDS + ["onbekend"]), values, max_size=10), body=st.text(max_size=200))
def test_importer_reports_every_bad_file_with_a_field(sqlite_engine, tmp_path_factory, meta, body):
    directory = tmp_path_factory.mktemp("c")
    try:
        dumped = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    (directory / "x.md").write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    report = content.import_dir(directory, engine=sqlite_engine)
    assert len(report.created) + len(report.updated) + len(report.unchanged) + (1 if report.errors else 0) == 1
    for name, fld, reason in report.errors:
        assert name == "x.md" and fld and reason


@PROPS
@given(pairs=st.lists(st.tuples(st.sampled_from(["q", "region", "target_group", "theme", "evidence", "organisation",
                                                 "year", "page", "per_page", "sort", "x"]),
                                st.text(max_size=30)), max_size=8))
def test_api_parameters_parse_or_name_the_bad_one(vocabs, pairs):
    args = MultiDict(pairs)
    try:
        p = parse(args, vocabs)
    except BadParameter as exc:
        assert exc.name in {k for k, _ in pairs} and str(exc)
    else:
        assert 1 <= p.per_page <= 100 and p.page >= 1
    lenient = parse(args, vocabs, lenient=True)  # the pages never refuse a URL
    assert 1 <= lenient.per_page <= 100
