from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from users import roles
from users.models import User


def test_the_three_roles_exist_as_groups_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.REQUESTER,
        roles.TECHNICIAN,
        roles.SUPERVISOR,
    }


def test_addresses_are_stored_lower_case(db):
    user = User.objects.create_user(email="Nina.Lemaire@Example.COM", password="x")

    assert user.email == "nina.lemaire@example.com"


def test_the_database_refuses_a_mixed_case_address(db):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="Nina@example.com")])


def test_the_database_refuses_a_second_account_for_the_same_address(alice):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="alice@example.com")])


@pytest.mark.parametrize("siret", ["7328293200007", "7328293200007A", "732829320 0007"])
def test_the_database_refuses_a_siret_that_is_not_14_digits(db, siret):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="x@example.com", siret=siret)])


def test_an_account_is_found_by_its_address_in_any_case(alice):
    assert User.objects.get_by_natural_key(" ALICE@example.com ") == alice


def test_a_user_reads_as_his_full_name(alice):
    assert str(alice) == "Alice Durand"
    assert alice.email_verified
    assert not alice.is_liquidator


def test_roles_are_read_once_per_user(tess, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert roles.is_technician(tess)
        assert not roles.is_supervisor(tess)
        assert roles.is_staff_member(tess)
