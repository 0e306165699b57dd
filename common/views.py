from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.health import run_probes


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Public: says which dependency is down, never why in detail."""
    probes = run_probes()
    healthy = all(p.ok for p in probes)
    body = {
        "status": "ok" if healthy else "degraded",
        "checks": {p.name: {"ok": p.ok, "detail": p.detail} for p in probes},
    }
    return JsonResponse(body, status=200 if healthy else 503)
