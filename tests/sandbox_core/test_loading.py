from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sandbox_core import demo
from sandbox_core.models import SandboxActor, SandboxCompany, SandboxEstablishment

CSV = """siret;company_name;establishment_name;enrolment_type;last_name;first_name;email;role
73282932000074;Boulangerie Durand;Siège;multi;Durand;Alice;alice@example.com;both
73282932000108;;Fournil;;Martin;Chloé;chloe@example.com;declarant
73282932000075;Mauvais;;;;;;
10000000900017;Autre SARL;;mono;Autre;Paul;paul@example.com;administrator
10000000900017;;;;Deux;Pierre;p2@example.com;administrator
10000000900017;;;;Trois;Jacques;p3@example.com;administrator
10000000900017;;;;Quatre;Jean;p4@example.com;administrator
"""


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_sandbox_csv", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_companies_establishments_and_actors_from_a_csv(db, tmp_path):
    path = tmp_path / "sandbox.csv"
    path.write_text(CSV, encoding="utf-8")

    out, err = run(path)

    assert "7 lignes lues : 2 entreprises, 3 établissements, 5 acteurs créés." in out
    assert "ligne 4 : Le SIRET doit comporter 14 chiffres et être valide." in err
    assert "ligne 8 : Une entreprise ne peut pas avoir plus de 3 administrateurs." in err
    assert "7/7" in err  # the progress bar
    assert SandboxEstablishment.objects.get(siret="73282932000108").company.siren == "732829320"
    assert SandboxActor.objects.filter(company__siren="100000009").count() == 3


def test_loading_the_same_csv_twice_changes_nothing(db, tmp_path):
    path = tmp_path / "sandbox.csv"
    path.write_text(CSV, encoding="utf-8")
    run(path)

    out, _err = run(path)

    assert "0 entreprises, 0 établissements, 0 acteurs créés." in out
    assert SandboxActor.objects.count() == 5


def test_it_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(tmp_path / "absent.csv")


def test_the_demo_data_holds_the_cast_companies_and_is_idempotent(db):
    assert demo.load(stdout=StringIO()) == []
    demo.load(stdout=StringIO())

    assert set(SandboxEstablishment.objects.values_list("siret", flat=True)) == {
        "73282932000074",
        "35600000000048",
        "35600000009075",
    }
    assert SandboxCompany.objects.count() == 2
    for company in SandboxCompany.objects.all():
        roles = set(company.actors.values_list("role", flat=True))
        assert roles & {"administrator", "both"}
        assert "declarant" in roles
