"""Content-Security-Policy on every response (django-csp)."""

from __future__ import annotations

from csp.constants import NONE, SELF

# Scripts, styles and images from the desk only, never inline (templates load static/js files),
# no plugins, no framing, no <base>.
# A response that sets its own policy keeps it (downloads: ``sandbox``, SECURITY U11).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}
