import pytest
from django.core.exceptions import ValidationError

from common.identifiers import clean_siren, clean_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048", "35600000009075"])
def test_it_accepts_published_valid_sirets(siret):
    assert clean_siret(siret) == siret


def test_it_returns_the_compact_form():
    assert clean_siret("732 829 320 00074") == "73282932000074"


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000079",
        "35600000000014",
        "10000000000008",
        "00000000000000",
        "7328293200007",
        "7328293200007A",
        "",
    ],
)
def test_it_refuses_invalid_sirets_with_a_french_message(siret):
    with pytest.raises(ValidationError) as excinfo:
        clean_siret(siret)
    assert excinfo.value.messages == ["Le SIRET doit comporter 14 chiffres et être valide."]


def test_it_accepts_a_valid_siren_and_refuses_zeros():
    assert clean_siren("732829320") == "732829320"
    with pytest.raises(ValidationError):
        clean_siren("000000000")
