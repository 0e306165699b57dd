"""The sandbox core in the admin: readable by the administrator, never editable, never shown to
the supervisor (it is the account core's data, not the desk's)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from sandbox_core import demo
from sandbox_core.models import SandboxActor, SandboxCompany
from users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser(email="root@example.com", password="x")


@pytest.fixture
def bakery():
    demo.load(stdout=io.StringIO())
    return SandboxCompany.objects.get(siren="732829320")


def test_the_administrator_reads_the_companies_and_their_actors(client, admin, bakery):
    client.force_login(admin)

    index = client.get(reverse("admin:index")).content.decode()
    listing = client.get(reverse("admin:sandbox_core_sandboxcompany_changelist"))
    detail = client.get(reverse("admin:sandbox_core_sandboxcompany_change", args=[bakery.pk]))

    assert "Cœur des comptes (bac à sable)" in index
    assert "Boulangerie Durand" in listing.content.decode()
    assert detail.status_code == 200
    assert "Lefèvre" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()


def test_the_administrator_reads_it_in_french(client, admin, bakery):
    client.force_login(admin)

    detail = client.get(reverse("admin:sandbox_core_sandboxcompany_change", args=[bakery.pk]))
    index = client.get(reverse("admin:index")).content.decode()

    page = detail.content.decode()
    for label in (
        "Type d&#x27;inscription",
        "Résiliée le",
        "Prénom",
        "Rôle",
        "Multi-établissements",
    ):
        assert label in page
    for english in ("Enrolment", "Cancelled", "First name", "Last name", "None"):
        assert english not in page
    assert "Liens de réinitialisation (bac à sable)" in index
    assert "Sandbox" not in index


def test_nobody_adds_edits_or_deletes_the_cores_data_from_the_admin(client, admin, bakery):
    client.force_login(admin)
    change = reverse("admin:sandbox_core_sandboxcompany_change", args=[bakery.pk])

    added = client.get(reverse("admin:sandbox_core_sandboxcompany_add"))
    edited = client.post(change, {"name": "Renommée", "siren": "732829320"})
    deleted = client.post(
        reverse("admin:sandbox_core_sandboxcompany_delete", args=[bakery.pk]), {"post": "yes"}
    )

    assert added.status_code == 403
    assert edited.status_code == 403
    assert deleted.status_code == 403
    bakery.refresh_from_db()
    assert bakery.name == "Boulangerie Durand"


def test_an_actors_page_shows_no_password_hash(client, admin, bakery):
    actor = SandboxActor.objects.filter(company=bakery).earliest("pk")
    actor.password = "pbkdf2_sha256$1$salt$hash-that-must-not-show"
    actor.save(update_fields=["password"])
    client.force_login(admin)

    page = client.get(reverse("admin:sandbox_core_sandboxactor_change", args=[actor.pk]))

    assert page.status_code == 200
    assert "hash-that-must-not-show" not in page.content.decode()


def test_the_supervisor_does_not_see_the_core_in_the_admin(client, sam, bakery):
    client.force_login(sam)

    assert "bac à sable" not in client.get(reverse("admin:index")).content.decode()
    listing = client.get(reverse("admin:sandbox_core_sandboxcompany_changelist"))
    assert listing.status_code == 403
