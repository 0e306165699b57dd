"""The admin site: Django's, with its sign-in behind the desk's throttle (users.throttle).

``config.admin.AdminConfig`` makes it the default site, so ``admin.site`` and
``@admin.register`` everywhere use it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from users import throttle
from users.forms import AdminLoginForm


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response: HttpResponse = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "throttled", False):
            return throttle.answer_blocked(response)
        return response
