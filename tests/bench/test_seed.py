"""The bench seed's pieces: valid identifiers, PDFs the upload gate accepts, valid paths."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bench.seeding.documents import pdf_of_size, tiny_pdf
from bench.seeding.people import luhn_complete
from bench.seeding.requests import path_to
from common.identifiers import validate_siren, validate_siret
from documents.checks import check_upload
from documents.pdf import check_pdf
from lifecycle.machine import TRANSITIONS


def test_it_completes_sirens_and_sirets_that_pass_the_desks_own_check() -> None:
    siren = luhn_complete("10000037")
    validate_siren(siren)
    validate_siret(luhn_complete(siren + "0001"))
    with pytest.raises(ValidationError):
        validate_siren(siren[:8] + str((int(siren[8]) + 1) % 10))


def test_it_writes_pdfs_that_the_upload_gate_accepts() -> None:
    assert check_pdf(tiny_pdf(7)) == 1
    assert tiny_pdf(7) != tiny_pdf(8)


def test_it_writes_a_one_megabyte_pdf_that_the_whole_upload_gate_accepts() -> None:
    content = pdf_of_size(1024 * 1024)
    assert abs(len(content) - 1024 * 1024) < 64
    checked = check_upload(SimpleUploadedFile("minutes.pdf", content, "application/pdf"))
    assert checked.mime == "application/pdf"
    assert checked.size == len(content)


@pytest.mark.parametrize(
    "state",
    [
        "submitted",
        "in_progress",
        "awaiting_requester",
        "updated",
        "executing",
        "resolved",
        "closed",
    ],
)
@pytest.mark.parametrize("type_key", ["question", "liquidator_access"])
def test_it_walks_only_edges_of_the_state_machine(state: str, type_key: str) -> None:
    if type_key == "question" and state == "executing":
        pytest.skip("a question has no core action")
    for seed in range(20):
        path = path_to(state, type_key, random.Random(seed))
        assert path[0] == ("file", "", "submitted")
        assert path[-1][2] == state
        for name, source, target in path[1:]:
            assert (source, target) in TRANSITIONS[name].edges, (name, source, target)
