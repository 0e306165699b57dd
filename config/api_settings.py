"""Django REST Framework and drf-spectacular: the API's fixed settings (no environment here;
the throttle rates, which operators tune, stay in ``config.settings``)."""

from __future__ import annotations

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "helpdesk.api.authentication.TokenAuthentication",  # first: anonymous is a 401
        "helpdesk.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's three parsers, JSON with a nesting limit (common.json_depth).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "helpdesk.api.schema.GuichetAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "helpdesk.api.exceptions.exception_handler",
    # Only the views that name a throttle_scope are throttled (helpdesk.api.throttles).
    "DEFAULT_THROTTLE_CLASSES": [
        "helpdesk.api.throttles.UserThrottle",
        "helpdesk.api.throttles.ClientThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guichet API",
    "DESCRIPTION": "Le guichet des demandes de comptes réglementées.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its pages are public (they name endpoints, no data): no credential is
    # read there, so even a revoked token still gets the documentation.
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"RequestStateEnum": "lifecycle.machine.State"},
}
