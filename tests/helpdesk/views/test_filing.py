"""The portal's filing page, driven by a test-only type with a form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kb.models import SearchLog
from lifecycle import registry
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.models import Request
from lifecycle.registry import RequestType
from tests.documents.files import pdf_bytes


class ContactForm(RequestTypeForm):
    siret = forms.CharField(label="SIRET")
    question = forms.CharField(label="Question", widget=forms.Textarea)
    piece = forms.FileField(label="Pièce", required=False)

    def clean_siret(self) -> str:
        if self.cleaned_data["siret"] == "00000000000000":
            raise forms.ValidationError("Ce SIRET est refusé par le test.")
        return self.cleaned_data["siret"]

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        return Filing(
            description=data["question"],
            siret=data["siret"],
            subject="Une question",
            data={"asked_by_form": True},
            files=[data["piece"]] if data["piece"] else [],
        )


class FormType(RequestType):
    key = "test_form"
    label = "Type de test avec formulaire"
    form_class = ContactForm


@pytest.fixture(autouse=True)
def form_type() -> Iterator[None]:
    registry.register(FormType)
    yield
    registry.unregister(FormType.key)


def url() -> str:
    return reverse("helpdesk:request_form", args=[FormType.key])


def post(client: Any, **fields: Any) -> Any:
    data = {"siret": "73282932000074", "question": "Comment faire ?", **fields}
    return client.post(url(), data)


def test_it_lists_only_types_that_have_a_form(client, alice):
    client.force_login(alice)

    page = client.get(reverse("helpdesk:request_new")).content.decode()

    assert "Type de test avec formulaire" in page
    assert "Question de test" not in page  # the lifecycle's test type has no form


def test_it_files_a_valid_form_and_shows_the_new_request(client, alice):
    client.force_login(alice)

    response = post(client)

    ticket = Request.objects.get(requester=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:request_detail", args=[ticket.number])
    assert (ticket.type_key, ticket.siret, ticket.subject) == (
        "test_form",
        "73282932000074",
        "Une question",
    )
    assert ticket.data == {"asked_by_form": True}


def test_it_confirms_the_filing_on_the_request_page_once(client, alice):
    client.force_login(alice)

    response = client.post(
        url(), {"siret": "73282932000074", "question": "Comment faire ?"}, follow=True
    )

    ticket = Request.objects.get(requester=alice)
    confirmation = f"Votre demande {ticket.number} a bien été enregistrée."
    assert response.redirect_chain == [
        (reverse("helpdesk:request_detail", args=[ticket.number]), 302)
    ]
    assert confirmation in response.content.decode().split('class="messages"', 1)[1]
    again = client.get(reverse("helpdesk:request_detail", args=[ticket.number]))
    assert confirmation not in again.content.decode()


def test_a_refused_filing_shows_no_confirmation(client, alice):
    client.force_login(alice)

    response = post(client, siret="00000000000000")

    assert "a bien été enregistrée" not in response.content.decode()


def test_it_marks_the_visitors_searches_as_followed(client, alice):
    client.get(reverse("search"), {"q": "administrateur"})
    client.force_login(alice)

    post(client)

    assert SearchLog.objects.filter(followed_by_request=True).count() == 1


def test_it_shows_field_errors_in_french_keeps_values_and_files_nothing(client, alice):
    client.force_login(alice)

    response = post(client, siret="00000000000000", question="Ma question gardée")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce SIRET est refusé par le test." in page
    assert "Ma question gardée" in page
    assert not Request.objects.exists()


def test_it_refuses_a_disguised_upload_with_the_rule_and_files_nothing(client, alice):
    client.force_login(alice)
    html = SimpleUploadedFile("minutes.pdf", b"<html><script>alert(1)</script></html>")

    response = client.post(url(), {"siret": "73282932000074", "question": "Voici", "piece": html})

    assert response.status_code == 400
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not Request.objects.exists()


def test_it_accepts_a_real_pdf_attachment(client, alice):
    client.force_login(alice)
    pdf = SimpleUploadedFile("minutes.pdf", pdf_bytes(), content_type="application/pdf")

    response = client.post(url(), {"siret": "73282932000074", "question": "Voici", "piece": pdf})

    assert response.status_code == 302
    assert Request.objects.get().attachments.count() == 1


def test_an_unknown_type_or_one_without_a_form_is_404(client, alice):
    client.force_login(alice)

    assert client.get(reverse("helpdesk:request_form", args=["nope"])).status_code == 404
    assert client.get(reverse("helpdesk:request_form", args=["test_plain"])).status_code == 404


def test_an_unverified_requester_is_asked_to_confirm_first(client, alice):
    alice.email_verified_at = None
    alice.save()
    client.force_login(alice)

    response = post(client)

    assert response.status_code == 403
    assert not Request.objects.exists()
