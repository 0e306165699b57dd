"""The history keeps of a core result only ids, codes, dates and counts (no personal data)."""

from __future__ import annotations

from lifecycle.services.history import history_core_result


def test_it_keeps_a_links_id_expiry_and_status():
    result = {
        "link_id": "lnk_123",
        "issued_at": "2026-03-02T09:00:00+00:00",
        "expires_at": "2026-03-02T17:00:00+00:00",
        "status": "active",
    }

    assert history_core_result(result) == result


def test_it_drops_names_addresses_and_unknown_keys():
    result = {
        "siret": "73282932000074",
        "removed": {"last_name": "Lefèvre", "first_name": "Jean-François"},
        "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
        "transferred_rights": 2,
        "recipient_email": "liquidations@etude.example",
        "status": {"nested": "not a code"},
    }

    assert history_core_result(result) == {"siret": "73282932000074", "transferred_rights": 2}
    assert history_core_result(None) == {}
