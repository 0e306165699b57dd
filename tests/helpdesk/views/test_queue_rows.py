"""The queue table's rows, built in Python: every value escaped, the labels in French."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/espace/guichet/"


def test_a_subject_and_a_company_with_markup_or_braces_are_shown_as_text(
    client, alice, tess, file_request
):
    file_request(
        alice,
        subject='<script>alert("x")</script> {number} {L:pick}',
        data={"company_name": 'Dupont & "Fils" <b>'},
    )
    client.force_login(tess)

    body = client.get(URL).content.decode().split("<tbody>")[1].split("</tbody>")[0]

    assert "<script>" not in body
    assert "<b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; {number} {L:pick}" in body
    assert "Dupont &amp; &quot;Fils&quot; &lt;b&gt;" in body


def test_each_row_carries_french_labels_a_link_and_a_take_button(client, alice, tess, file_request):
    request = file_request(alice, subject="Radiation")
    client.force_login(tess)

    body = client.get(URL).content.decode().split("<tbody>")[1]

    detail = reverse("helpdesk:backoffice_detail", args=[request.number])
    assert f'<a href="{detail}">{request.number}</a>' in body
    assert 'data-label="Objet et type"' in body
    assert 'data-label="Modifiée le"' in body
    assert f'aria-label="Prendre {request.number}"' in body
    assert f"Sélectionner {request.number}" in body
    assert f'value="{request.number}:{request.version}"' in body
