from __future__ import annotations

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import UploadRefused, check_upload, sanitize_display_name
from tests.documents import samples


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\minutes.pdf", "minutes.pdf"),
        ("minutes\r\nX-Injected: 1.pdf", "minutes X-Injected_ 1.pdf"),
        ("minutes\x00.pdf", "minutes .pdf"),
        ("facture\u202efdp.pdf", "facturefdp.pdf"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        (".htaccess.pdf", "htaccess.pdf"),
        ('a<b>c:"d"|e?f*.pdf', "a_b_c__d__e_f_.pdf"),
        ("  Procès-verbal   du  greffe .pdf ", "Procès-verbal du greffe .pdf"),
        ("Jugement.PDF", "Jugement.PDF"),
    ],
)
def test_it_sanitises_hostile_display_names(raw, clean):
    assert sanitize_display_name(raw) == clean


def test_a_long_name_is_cut_to_300_characters_keeping_its_extension():
    name = sanitize_display_name("a" * 1000 + ".pdf")
    assert len(name) == 300
    assert name.endswith(".pdf")


def test_the_rtl_override_trick_cannot_hide_an_executable():
    # Displays as "facture‮exe.pdf" → "facturefdp.exe" once the override is removed.
    with pytest.raises(UploadRefused) as caught:
        check_upload(SimpleUploadedFile("facture\u202efdp.exe", samples.valid_pdf()))
    assert caught.value.code == "extension"


def test_the_checked_upload_carries_the_sanitised_name():
    checked = check_upload(SimpleUploadedFile("../../x/\u202eminutes.pdf", samples.valid_pdf()))
    assert checked.display_name == "minutes.pdf"


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=600))
def test_any_name_comes_out_safe_to_show_and_to_put_in_a_header(raw):
    name = sanitize_display_name(raw)

    assert len(name) <= 300
    assert not set(name) & {"/", "\\", "\r", "\n", "\x00", '"', ";"}
    assert not any(unicodedata.category(char) in {"Cc", "Cf", "Cs"} for char in name)
    assert not name.startswith(".")
