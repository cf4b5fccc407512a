"""The PDF writer: a valid document whose cross-reference table points at its objects, Dutch characters in
WinAnsi, pages added as text grows, and the same bytes for the same input."""

from __future__ import annotations

import re

from opvangnet.identification.pdf import LINES_PER_PAGE, render_pdf


def objects_at_their_offsets(document: bytes) -> bool:
    found = re.search(rb"startxref\n(\d+)", document)
    assert found is not None
    xref = int(found.group(1))
    table = document[xref:].split(b"\n")
    count = int(table[1].split()[1])
    offsets = [int(line.split()[0]) for line in table[3 : 2 + count]]
    return all(re.match(rb"%d 0 obj" % number, document[offset:]) for number, offset in enumerate(offsets, 1))


def test_a_letter_is_a_valid_pdf_with_its_text() -> None:
    document = render_pdf(
        "Oordeel van de commissie", ["Uitkomst: slachtofferschap aannemelijk", "", "Motivering"]
    )
    assert document.startswith(b"%PDF-1.4")
    assert document.rstrip().endswith(b"%%EOF")
    assert b"(Oordeel van de commissie) Tj" in document
    assert b"slachtofferschap aannemelijk" in document
    assert objects_at_their_offsets(document)


def test_dutch_characters_are_written_in_winansi_and_brackets_are_escaped() -> None:
    document = render_pdf("Beëindigd", ["café (zie bijlage) \\ coördinatie", "€ 10"])
    assert "Beëindigd".encode("cp1252") in document
    assert "café \\(zie bijlage\\) \\\\ coördinatie".encode("cp1252") in document
    assert b"\x80 10" in document  # the euro sign in WinAnsi


def test_long_text_runs_onto_more_pages_and_the_output_is_deterministic() -> None:
    paragraphs = [f"Regel {number}" for number in range(LINES_PER_PAGE * 2)]
    document = render_pdf("Lang", paragraphs)
    assert b"/Count 3" in document
    assert b"(3 / 3) Tj" in document
    assert objects_at_their_offsets(document)
    assert render_pdf("Lang", paragraphs) == document


def test_a_character_outside_winansi_becomes_a_question_mark() -> None:
    assert b"(Ti?) Tj" in render_pdf("x", ["Ti\u12a0"])
