"""Offsets never drift: edits replay exactly and every span maps back to the original."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.model import Edit, OffsetMap
from extractor.repair.engine import compose, run

ALPHABET = "năm 2023 ,.tỷđồng%/-" + "0123456789"


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits, pos = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < pos:
            continue
        after = draw(st.text(alphabet=ALPHABET, max_size=4))
        if text[a:b] != after and not (a == b and edits and edits[-1].end == a):
            edits.append(Edit(a, b, text[a:b], after, "test"))
            pos = max(b, a + 1)
    return text, edits


@settings(max_examples=300, deadline=None)
@given(text_and_edits())
def test_offset_map_replays_and_maps_back(data):
    text, edits = data
    m = OffsetMap.from_edits(edits)
    out = m.apply(text)
    # every target span maps to a source span that contains whole edits only
    for start in range(len(out) + 1):
        for end in range(start, len(out) + 1):
            s, e = m.to_source(start, end)
            assert 0 <= s <= e <= len(text)
            for ed in m.edits:
                inside = s < ed.end and ed.start < e
                assert not inside or (s <= ed.start and ed.end <= e), (start, end, s, e, ed)


def test_offset_map_example_from_the_sample():
    raw = "năm 202 3 , hơn 80 t đồng"
    edits = [Edit(7, 8, " ", "", "digits.split"), Edit(9, 10, " ", "", "space.punct"),
             Edit(19, 20, "t", "tỷ", "scale.truncated")]
    m = OffsetMap.from_edits(edits)
    out = m.apply(raw)
    assert out == "năm 2023, hơn 80 tỷ đồng"
    i = out.index("2023")
    assert raw[slice(*m.to_source(i, i + 4))] == "202 3"
    i = out.index("80 tỷ đồng")
    assert raw[slice(*m.to_source(i, i + len("80 tỷ đồng")))] == "80 t đồng"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30), st.data())
def test_composed_rules_replay_on_the_original(raw, data):
    """Two rules in a row: the edits, in original offsets, still rebuild the final text."""
    def rule_a(text):
        return [(i, i + 1, "") for i, c in enumerate(text) if c == " " and i % 2 == 0]

    def rule_b(text):
        return [(i, i + 1, "tỷ") for i, c in enumerate(text) if c == "t"]

    text, m = run(raw, [("a", rule_a), ("b", rule_b)])
    assert m.apply(raw) == text
    starts = [e.start for e in m.edits]
    assert starts == sorted(starts)
    assert all(raw[e.start:e.end] == e.before for e in m.edits)
    assert all(a.end <= b.start for a, b in zip(m.edits, m.edits[1:]))


def test_compose_merges_an_edit_into_an_earlier_one():
    raw = "202 3"
    m1 = compose(raw, OffsetMap(), raw, [(3, 4, "")], "digits.split")
    text = m1.apply(raw)
    m2 = compose(raw, m1, text, [(0, 4, "2024")], "other")
    assert m2.apply(raw) == "2024"
    assert len(m2.edits) == 1 and m2.edits[0].before == "202 3" and m2.edits[0].rule == "digits.split+other"
