"""The demo's users: one per role, and an administrator whose password is made on this machine."""

from __future__ import annotations

import io
import stat

import pytest

from users import demo
from users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def logins() -> dict[str, tuple[str, str]]:
    return {label: (email, password) for label, email, password in demo.load(stdout=io.StringIO())}


def test_the_administrator_is_a_superuser_whose_printed_password_signs_in(fast_password_hasher):
    email, password = logins()[demo.ADMINISTRATOR_LABEL]

    admin = User.objects.get(email=email)
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.check_password(password)
    assert len(password) >= 16


def test_the_password_is_kept_in_var_for_its_owner_only(fast_password_hasher, var_dir):
    _email, password = logins()[demo.ADMINISTRATOR_LABEL]

    path = var_dir / "demo-admin-password"
    assert path.read_text().strip() == password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_start_prints_the_same_password(fast_password_hasher):
    first = logins()[demo.ADMINISTRATOR_LABEL]

    assert logins()[demo.ADMINISTRATOR_LABEL] == first
    assert User.objects.filter(email=demo.ADMINISTRATOR_EMAIL).count() == 1


def test_each_installation_gets_its_own_password(fast_password_hasher, var_dir):
    _email, first = logins()[demo.ADMINISTRATOR_LABEL]
    User.objects.filter(email=demo.ADMINISTRATOR_EMAIL).delete()
    (var_dir / "demo-admin-password").unlink()

    _email, second = logins()[demo.ADMINISTRATOR_LABEL]

    assert second != first


def test_a_lost_password_file_gives_a_new_password_that_works(fast_password_hasher, var_dir):
    _email, first = logins()[demo.ADMINISTRATOR_LABEL]
    (var_dir / "demo-admin-password").unlink()

    _email, second = logins()[demo.ADMINISTRATOR_LABEL]

    admin = User.objects.get(email=demo.ADMINISTRATOR_EMAIL)
    assert second != first
    assert admin.check_password(second)
    assert not admin.check_password(first)


def test_only_the_supervisor_and_the_administrator_reach_the_admin_site(fast_password_hasher):
    logins()

    staff = set(User.objects.filter(is_staff=True).values_list("email", flat=True))

    assert staff == {"superviseur@demo.guichet.fr", demo.ADMINISTRATOR_EMAIL}
