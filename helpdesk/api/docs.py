"""The API's documentation pages, served with the desk's own files and nothing from outside.

Swagger UI and Redoc come from the sidecar package's static files. The Content-Security-Policy
keeps every resource on the desk's origin (Redoc's footer links an image on a CDN: it is
blocked, not fetched); the page's own inline start-up script is allowed.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class _SelfContained:
    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Content-Security-Policy"] = CSP
        return response


class SwaggerDocs(_SelfContained, SpectacularSwaggerView):
    pass


class RedocDocs(_SelfContained, SpectacularRedocView):
    template_name = "api/redoc.html"
