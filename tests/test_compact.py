"""Templates held compactly between languages give back the very file they were."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from metsi18n import po
from metsi18n.catalogs import compact

FULL = po.Message(
    msgid="%d tablet",
    msgstr="",
    msgid_plural="%d tablets",
    msgstr_plural=("%d tableta", "%d tablety", "%d tablet"),
    msgctxt="dose",
    translator_comments=("checked by a pharmacist",),
    extracted_comments=("Glossary: tablet",),
    references=("source/dose.md:12",),
    flags=("fuzzy", "c-format"),
    previous_msgctxt="old dose",
    previous_msgid="%d pill",
    previous_msgid_plural="%d pills",
    obsolete=True,
    lineno=41,
)
TEMPLATE = po.POFile(
    headers=(("Project-Id-Version", "health 1.0"), ("Content-Type", "text/plain; charset=UTF-8")),
    header_comments=("Health articles.",),
    header_flags=("fuzzy",),
    messages=(po.Message("Rest.", "Odpočívejte.", references=("source/a.md:3",)), FULL),
    raw_header="Project-Id-Version: health 1.0\nContent-Type: text/plain; charset=UTF-8",
)


def test_a_packed_template_unpacks_equal_to_itself_in_every_field() -> None:
    assert compact.unpack(compact.pack(TEMPLATE)) == TEMPLATE


@pytest.mark.parametrize("name", [f.name for f in fields(po.Message)])
def test_every_message_field_survives_the_packing(name: str) -> None:
    # Each field of FULL differs from the default: dropping any one would fail here.
    default = po.Message(FULL.msgid)
    message = TEMPLATE.messages[0] if name == "msgstr" else FULL
    assert name == "msgid" or getattr(message, name) != getattr(default, name)
    unpacked = compact.unpack(compact.pack(TEMPLATE)).messages[TEMPLATE.messages.index(message)]
    assert getattr(unpacked, name) == getattr(message, name)


def test_a_template_read_from_po_text_round_trips_through_the_shelf() -> None:
    many = tuple(
        po.Message(f"Rest for {n} days.", references=(f"source/a.md:{n}",), flags=("fuzzy",))
        for n in range(1, 201)
    )
    text = po.dumps(replace(TEMPLATE, messages=many, raw_header=None))
    parsed = po.loads(text.encode("utf-8"), "dose.pot")
    assert compact.unpack(compact.pack(parsed)) == parsed
    shelf = compact.Shelf()
    try:
        places = [shelf.put(parsed), shelf.put(TEMPLATE)]
        for _ in range(2):  # taken back as often as needed, each equal to what was put
            assert shelf.get(places[1]) == TEMPLATE
            assert shelf.get(places[0]) == parsed
    finally:
        shelf.close()


def test_bytes_that_were_not_packed_are_refused() -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 (marshal: not our format)
        compact.unpack(b"not a packed template")
