import pytest

from accounts_bridge import get_core
from accounts_bridge.adapters.http import HttpCore
from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import Unauthorized
from tests.accounts_bridge.conftest import SIRET


def test_the_embedded_default_is_the_in_process_sandbox(settings):
    settings.GUICHET_CORE_ADAPTER = "inprocess"

    assert isinstance(get_core(), InProcessCore)


def test_the_http_adapter_is_chosen_by_setting(settings):
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "https://core.example/api/v1"
    settings.GUICHET_CORE_TOKEN = "t"
    settings.GUICHET_CORE_TIMEOUT = 3.0

    core = get_core()

    assert isinstance(core, HttpCore)
    assert (core.base_url, core.timeout) == ("https://core.example/api/v1", 3.0)


@pytest.mark.live_core
def test_the_sandbox_api_refuses_a_wrong_credential(live_server, transactional_db):
    core = HttpCore(base_url=f"{live_server.url}/sandbox/api/v1", token="wrong", timeout=5)

    with pytest.raises(Unauthorized):
        core.find_establishment(SIRET)


def test_the_sandbox_api_refuses_a_request_without_credential(client, db):
    response = client.get(f"/sandbox/api/v1/establishments/{SIRET}")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_the_http_adapter_and_its_connection_pool_are_shared(settings):
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "https://core.example/api/v1"
    settings.GUICHET_CORE_TOKEN = "t"

    assert get_core() is get_core()
