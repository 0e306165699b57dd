"""The status e-mails: French, plain text and HTML, with the link to the request."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from lifecycle.services import requests as services
from tests.lifecycle.conftest import move, send_status_emails

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.GUICHET_BASE_URL = "https://guichet.example"
    settings.GUICHET_REOPEN_WINDOW_DAYS = 15


def html_of(email) -> str:
    assert isinstance(email, EmailMultiAlternatives)
    content, mime = email.alternatives[0]
    assert mime == "text/html"
    return str(content)


def test_filing_sends_an_acknowledgement(alice, file_request):
    request = file_request(alice)

    send_status_emails(request)

    (email,) = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == f"Demande {request.number} : bien reçue"
    assert "Bonjour Alice Durand," in email.body
    assert "a bien été enregistrée" in email.body
    assert f"https://guichet.example/espace/demandes/{request.number}/" in email.body
    html = html_of(email)
    assert f'href="https://guichet.example/espace/demandes/{request.number}/"' in html
    assert email.extra_headers["X-Guichet-Request"] == request.number


def test_each_public_status_change_sends_one_email_in_french(alice, tess, file_request):
    request = move(
        file_request(alice),
        "take",
        "request_info",
        "answer",
        "take",
        "resolve",
        tech=tess,
        requester=alice,
    )

    send_status_emails(request)

    subjects = [m.subject for m in mail.outbox]
    n = request.number
    assert subjects == [
        f"Demande {n} : bien reçue",
        f"Demande {n} : En attente",
        f"Demande {n} : Mis à jour",
        f"Demande {n} : Non résolu",
        f"Demande {n} : Résolu (Refusée)",
    ]
    waiting = mail.outbox[1]
    assert "besoin d'informations ou de documents complémentaires" in waiting.body
    assert "Message du guichet :\nMerci de joindre le document." in waiting.body
    assert "Votre message :\nVoici le document." in mail.outbox[2].body
    resolved = mail.outbox[4]
    assert "Votre demande ne peut pas aboutir." in resolved.body
    assert "Statut : Résolu (Refusée)" in resolved.body
    assert "pendant 15 jours" in resolved.body
    assert "Demande refusée." in html_of(resolved)


@pytest.mark.parametrize(
    ("outcome", "label", "intro"),
    [
        ("refused", "Refusée", "Votre demande ne peut pas aboutir."),
        ("non_compliant", "Non conforme", "Votre demande n'est pas conforme"),
    ],
)
def test_the_resolution_email_follows_the_outcome(alice, tess, file_request, outcome, label, intro):
    request = move(file_request(alice), "take", tech=tess)
    request = services.request_resolve(
        request=request, actor=tess, outcome=outcome, message="Motif : pièce illisible."
    )
    mail.outbox.clear()

    send_status_emails(request)

    resolved = mail.outbox[-1]
    assert resolved.subject == f"Demande {request.number} : Résolu ({label})"
    assert intro in resolved.body
    assert "a été traitée" not in resolved.body


def test_the_first_take_sends_nothing_as_the_status_stays_unresolved(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    send_status_emails(request)

    assert len(mail.outbox) == 1  # the acknowledgement only


def test_a_reopened_and_a_closed_request_are_announced(alice, tess, file_request, clock):
    request = move(file_request(alice), "take", "resolve", "reopen", tech=tess, requester=alice)
    request = move(request, "take", "resolve", tech=tess)
    clock.advance(days=400)
    services.request_close_due()
    mail.outbox.clear()

    send_status_emails(request)

    bodies = {m.subject.split(" : ")[1]: m.body for m in mail.outbox}
    assert "rouverte" in bodies["Mis à jour"]
    assert "Votre demande est close" in bodies["Clos"]


def test_an_html_message_is_escaped_in_the_html_email(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)
    services.request_ask_info(request=request, actor=tess, message="<b>gras</b> & co")

    send_status_emails(request)

    html = html_of(mail.outbox[-1])
    assert "&lt;b&gt;gras&lt;/b&gt; &amp; co" in html
    assert "<b>gras</b> & co" in mail.outbox[-1].body
