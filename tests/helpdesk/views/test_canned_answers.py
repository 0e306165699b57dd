"""The canned answers in the reply box of the staff request page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.models import CannedAnswer
from users.models import User

pytestmark = pytest.mark.django_db


def detail(client, request, **params) -> str:
    response = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reply_box_offers_the_answers_and_a_static_script_no_inline_one(
    client, alice, tess, file_request
):
    request = file_request(alice)
    answer = CannedAnswer.objects.create(title="Accusé", body="Bonjour {demandeur}.")
    client.force_login(tess)

    page = detail(client, request)

    assert f'<option value="{answer.pk}" data-text="Bonjour Alice Durand.">Accusé</option>' in page
    assert "js/canned_answers.js" in page
    assert "<script>" not in page
    assert 'name="body" rows="3" required></textarea>' in page


def test_without_javascript_inserer_fills_the_reply_box_escaped(client, alice, tess, file_request):
    User.objects.filter(pk=alice.pk).update(first_name="<b>Alice</b>")
    request = file_request(alice)
    answer = CannedAnswer.objects.create(title="Accusé", body="Bonjour {demandeur}.")
    client.force_login(tess)

    page = detail(client, request, reponse=str(answer.pk))
    unknown = detail(client, request, reponse="999999")
    garbage = detail(client, request, reponse="'; DROP")

    assert "required>Bonjour &lt;b&gt;Alice&lt;/b&gt; Durand.</textarea>" in page
    assert "<b>Alice</b>" not in page
    assert "required></textarea>" in unknown
    assert "required></textarea>" in garbage


def test_no_answer_no_select(client, alice, tess, file_request):
    request = file_request(alice)
    CannedAnswer.objects.create(title="Ailleurs", type_key="test_core", body="x")
    client.force_login(tess)

    assert "reponse-type" not in detail(client, request)
