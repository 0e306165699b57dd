from users import roles


def test_employers_are_employer_side_requesters(alice):
    assert roles.is_employer_side_requester(alice)


def test_liquidators_and_staff_are_not(liam, tess, sam):
    assert not roles.is_employer_side_requester(liam)
    assert not roles.is_employer_side_requester(tess)
    assert not roles.is_employer_side_requester(sam)


def test_anonymous_visitors_are_not():
    from django.contrib.auth.models import AnonymousUser

    assert not roles.is_employer_side_requester(AnonymousUser())
