"""The technician's check of the documents: stored as history, the last tick wins."""

from __future__ import annotations

import pytest

from lifecycle import registry
from lifecycle.errors import Forbidden, InvalidInput, TransitionRefused
from lifecycle.models import DocumentCheck
from lifecycle.selectors_checklist import request_checklist
from lifecycle.services.checklist import request_checklist_save
from tests.lifecycle.conftest import move
from tests.lifecycle.fake_types import CoreActionType

pytestmark = pytest.mark.django_db


class CheckedType(CoreActionType):
    key = "test_checked"
    label = "Type de test avec pièces"
    document_checklist = [
        ("names_liquidator", "Les minutes nomment le liquidateur"),
        ("dated", "Le jugement est daté"),
    ]


@pytest.fixture(autouse=True)
def checked_type():
    registry.register(CheckedType)
    yield
    registry.unregister(CheckedType.key)


def test_ticking_writes_one_history_row_per_change_and_the_last_one_wins(
    alice, tess, theo, file_request, clock
):
    request = file_request(alice, type_key="test_checked")

    first = request_checklist_save(request=request, actor=tess, checked=["names_liquidator"])
    clock.advance(minutes=5)
    second = request_checklist_save(request=request, actor=theo, checked=["dated"])
    unchanged = request_checklist_save(request=request, actor=theo, checked=["dated"])

    assert [(r.code, r.checked) for r in first] == [("names_liquidator", True)]
    assert sorted((r.code, r.checked) for r in second) == [
        ("dated", True),
        ("names_liquidator", False),
    ]
    assert unchanged == []
    assert DocumentCheck.objects.filter(request=request).count() == 3
    items = {item.code: item for item in request_checklist(request=request)}
    assert (items["dated"].checked, items["dated"].by) == (True, theo)
    assert (items["names_liquidator"].checked, items["names_liquidator"].by) == (False, theo)


def test_only_staff_tick_known_items_of_an_open_request(alice, tess, file_request):
    request = file_request(alice, type_key="test_checked")
    plain = file_request(alice)

    with pytest.raises(Forbidden):
        request_checklist_save(request=request, actor=alice, checked=["dated"])
    with pytest.raises(InvalidInput):
        request_checklist_save(request=request, actor=tess, checked=["made_up"])
    with pytest.raises(InvalidInput):
        request_checklist_save(request=plain, actor=tess, checked=[])
    done = move(file_request(alice), "take", "resolve", tech=tess)
    done.type_key = "test_checked"
    done.save(update_fields=["type_key"])
    with pytest.raises(TransitionRefused):
        request_checklist_save(request=done, actor=tess, checked=["dated"])
    assert not DocumentCheck.objects.exists()


def test_the_request_page_shows_the_checklist_and_saves_it(client, alice, tess, file_request):
    from django.urls import reverse

    request = file_request(alice, type_key="test_checked")
    client.force_login(tess)
    url = reverse("helpdesk:backoffice_detail", args=[request.number])

    page = client.get(url).content.decode()
    saved = client.post(
        reverse("helpdesk:backoffice_checklist", args=[request.number]),
        {"checked": ["dated"]},
        follow=True,
    ).content.decode()
    bad = client.post(
        reverse("helpdesk:backoffice_checklist", args=[request.number]),
        {"checked": ["nope"]},
        follow=True,
    ).content.decode()

    assert "Vérification des pièces" in page
    assert "Le jugement est daté" in page
    assert "Vérification des pièces enregistrée." in saved
    assert 'value="dated" checked' in saved
    assert "vérifié par Tess Technicienne" in saved
    assert "Ce point de vérification n&#x27;existe pas." in bad
    assert (
        "Vérification des pièces"
        not in client.get(
            reverse("helpdesk:backoffice_detail", args=[file_request(alice).number])
        ).content.decode()
    )
