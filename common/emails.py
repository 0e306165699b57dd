"""Every e-mail is a subject / text / HTML triple rendered by this one helper.

Templates live in ``templates/emails/``: ``<name>_subject.txt``, ``<name>.txt``, ``<name>.html``.
E-mails are sent in French whatever the active language of the caller (a Celery worker has none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_email(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    full_context = {"base_url": settings.GUICHET_BASE_URL, **context}
    with translation.override("fr"):
        subject = render_to_string(f"emails/{name}_subject.txt", full_context)
        text = render_to_string(f"emails/{name}.txt", full_context)
        html = render_to_string(f"emails/{name}.html", full_context)
    return " ".join(subject.split()), text, html


def send_email(
    name: str,
    *,
    to: Sequence[str],
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(subject, text, to=list(to), headers=dict(headers or {}))
    message.attach_alternative(html, "text/html")
    message.send()
