"""The limits themselves: read from the environment, refused when mistyped, and the JSON depth
check agrees with the depth worked out directly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomap import limits
from ecomap.formats.safe_input import _depth_over, load_json
from ecomap.model import MapInvalid

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:'),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(alphabet='[]{}"\\ab'), inner, max_size=3),
    max_leaves=30,
)


def depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@given(json_values, st.integers(0, 8))
def test_the_depth_check_agrees_with_the_depth(value, limit):
    assert _depth_over(json.loads(json.dumps(value)), limit) == (depth(value) > limit)


def test_limits_come_from_the_environment(monkeypatch):
    assert limits.current().alters == 500
    monkeypatch.setenv("ECOMAP_LIMIT_ALTERS", "800")
    monkeypatch.setenv("ECOMAP_LIMIT_JSON_DEPTH", "3")
    assert (limits.current().alters, limits.current().json_depth) == (800, 3)
    with pytest.raises(MapInvalid, match="ECOMAP_LIMIT_JSON_DEPTH"):
        load_json(b'{"a": [[{"b": 1}]]}', "deep.json")
    assert load_json(b'{"a": [[1]]}', "ok.json") == {"a": [[1]]}


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1.5"])
def test_a_mistyped_limit_is_refused_not_ignored(monkeypatch, value):
    monkeypatch.setenv("ECOMAP_LIMIT_FILE_BYTES", value)
    with pytest.raises(ValueError, match="ECOMAP_LIMIT_FILE_BYTES"):
        limits.current()


def test_the_text_limit_has_a_floor(monkeypatch):
    monkeypatch.setenv("ECOMAP_LIMIT_TEXT_CHARS", "50")
    with pytest.raises(ValueError, match="at least 200"):
        limits.current()
