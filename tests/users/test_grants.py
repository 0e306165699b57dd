"""What each role may do in the admin (users.grants and the data migration that uses it)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from users import roles
from users.grants import READ, role_grant, role_revoke

pytestmark = pytest.mark.django_db


def test_a_supervisor_configures_the_themes_and_the_knowledge_base(client, sam):
    client.force_login(sam)

    index = client.get(reverse("admin:index"))

    assert index.status_code == 200
    page = index.content.decode()
    for section in ("Thèmes", "Articles", "Actualités", "Catégories", "Journal des recherches"):
        assert section in page
    assert "Utilisateurs" not in page
    assert "bac à sable" not in page
    for name in ("admin:lifecycle_theme_add", "admin:kb_article_add", "admin:kb_newsitem_add"):
        assert client.get(reverse(name)).status_code == 200


def test_a_supervisor_reads_the_searches_but_does_not_rewrite_them(client, sam):
    client.force_login(sam)

    assert client.get(reverse("admin:kb_searchlog_changelist")).status_code == 200
    assert not sam.has_perm("kb.change_searchlog")
    assert client.get(reverse("admin:users_user_changelist")).status_code == 403


def test_a_technician_configures_nothing_but_may_move_the_demo_clock(tess):
    assert not any(
        tess.has_perm(p) for p in ("lifecycle.change_theme", "kb.add_article", "kb.view_newsitem")
    )
    assert tess.has_perm("sandbox_core.move_clock")


def test_a_requester_has_no_staff_permission(alice):
    assert alice.get_all_permissions() == set()


def test_another_app_extends_a_role_with_one_call(db):
    supervisors = Group.objects.get(name=roles.SUPERVISOR)

    role_grant(apps, roles.SUPERVISOR, {"outbox.outboxeffect": READ})

    assert supervisors.permissions.filter(codename="view_outboxeffect").exists()
    role_revoke(apps, roles.SUPERVISOR, {"outbox.outboxeffect": READ})
    assert not supervisors.permissions.filter(codename="view_outboxeffect").exists()


def test_a_permission_that_does_not_exist_is_refused_not_skipped(db):
    with pytest.raises(LookupError, match="move_everything"):
        role_grant(apps, roles.SUPERVISOR, {"sandbox_core.sandboxclock": ("move_everything",)})


def test_the_admin_site_says_it_is_the_desks(client, sam):
    client.force_login(sam)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Administration du Guichet" in page
    assert "Django" not in page.split("<body")[1].split("</header>")[0]
