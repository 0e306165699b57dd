"""Whatever the bytes and the name, the gate answers with a pass or an UploadRefused."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import UploadRefused, check_upload
from tests.documents import samples

VALID_PDF = samples.pdf_with_text()
NAMES = st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.jpeg", "a", "a.exe"]) | st.text(max_size=50)


class NamedBytes(io.BytesIO):
    """Any name, even one Django's UploadedFile would refuse to build."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def outcome(data: bytes, name: str) -> str:
    try:
        check_upload(NamedBytes(data, name))
    except UploadRefused as error:
        return f"{error.code}: {error.message}"
    return "ok"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes_never_raise_anything_but_a_refusal(data, name):
    outcome(data, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=0, max_value=len(VALID_PDF) - 1),
    replacement=st.binary(min_size=1, max_size=16),
)
def test_a_damaged_pdf_never_raises_anything_but_a_refusal(position, replacement):
    damaged = VALID_PDF[:position] + replacement + VALID_PDF[position + len(replacement) :]
    outcome(damaged, "minutes.pdf")


@settings(max_examples=60, deadline=None)
@given(prefix=st.binary(min_size=1, max_size=1024).filter(lambda b: not b.startswith(b"%PDF-")))
def test_anything_before_the_pdf_header_is_refused(prefix):
    assert outcome(prefix + VALID_PDF, "minutes.pdf") != "ok"
