"""The people and the companies of the seeded desk (once): companies and establishments in the
sandbox core, technicians, supervisors, liquidators and employers; and ``load_world()``, their ids
for the requests' chunks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from bench.seeding.copy import copy_rows, raw_cursor
from bench.seeding.documents import seed_pdfs

PASSWORD = "Bench-mot-de-passe-42"
STAFF_ROLES = ("technician", "supervisor")


def luhn_complete(digits: str) -> str:
    """``digits`` followed by the Luhn check digit (SIREN: 8 → 9, SIRET: 13 → 14)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the check digit will shift every position by one
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return digits + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Sizes:
    requests: int

    @property
    def employers(self) -> int:
        return max(10, self.requests // 25)

    @property
    def liquidators(self) -> int:
        return max(3, self.requests // 5000)

    @property
    def technicians(self) -> int:
        return max(4, min(60, self.requests // 20000))

    @property
    def supervisors(self) -> int:
        return max(1, self.technicians // 10)

    @property
    def companies(self) -> int:
        return max(20, self.requests // 20)


def seed_people(sizes: Sizes, rng: random.Random, now: datetime) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from users import roles
    from users.models import User

    if User.objects.filter(email="bench.tech0@example.com").exists():
        return
    password = make_password(PASSWORD)  # one hash for everybody: hashing is not what we measure
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (roles.REQUESTER, roles.TECHNICIAN, roles.SUPERVISOR)
    }
    cursor = raw_cursor()
    sirens = [luhn_complete(f"{10_000_000 + n * 37:08d}") for n in range(sizes.companies)]
    copy_rows(
        cursor,
        "sandbox_company",
        ("siren", "name", "enrolment_type", "enrolment_status"),
        [(s, f"Entreprise Banc {n}", "mono", "enrolled") for n, s in enumerate(sirens)],
    )
    cursor.execute("SELECT id, siren FROM sandbox_company")
    company_ids = {siren: pk for pk, siren in cursor.fetchall()}
    copy_rows(
        cursor,
        "sandbox_establishment",
        ("company_id", "siret", "name", "enrolment_status"),
        [
            (company_ids[s], luhn_complete(s + "0001"), f"Siège {s}", "enrolled")
            for s in sirens
            if s in company_ids
        ],
    )
    people: list[tuple[str, str, str, str, bool, str]] = []
    for n in range(sizes.technicians):
        people.append((f"bench.tech{n}@example.com", "Technicien", f"Banc {n}", "", True, "tech"))
    for n in range(sizes.supervisors):
        people.append((f"bench.sup{n}@example.com", "Superviseur", f"Banc {n}", "", True, "sup"))
    for n in range(sizes.liquidators):
        people.append(
            (f"bench.liq{n}@example.com", "Liquidateur", f"Banc {n}", "liquidator", False, "req")
        )
    for n in range(sizes.employers):
        people.append(
            (f"bench.emp{n}@example.com", "Employeur", f"Banc {n}", "employer", False, "req")
        )
    copy_rows(
        cursor,
        "users_user",
        (
            "email",
            "first_name",
            "last_name",
            "profile",
            "siret",
            "password",
            "is_staff",
            "is_active",
            "is_superuser",
            "date_joined",
            "email_verified_at",
        ),
        [
            (email, first, last, profile, "", password, staff, True, False, now, now)
            for email, first, last, profile, staff, _kind in people
        ],
    )
    cursor.execute("SELECT id, email FROM users_user WHERE email LIKE 'bench.%%@example.com'")
    ids = {email: pk for pk, email in cursor.fetchall()}
    group_of = {"tech": roles.TECHNICIAN, "sup": roles.SUPERVISOR, "req": roles.REQUESTER}
    copy_rows(
        cursor,
        "users_user_groups",
        ("user_id", "group_id"),
        [(ids[p[0]], groups[group_of[p[5]]].pk) for p in people],
    )


@dataclass
class World:
    technicians: list[int]
    supervisors: list[int]
    employers: list[int]
    liquidators: list[int]
    sirens: list[str]
    pdfs: list[tuple[str, int, str]]  # stored name, size, sha256


def load_world() -> World:
    from users.models import User

    def ids(prefix: str) -> list[int]:
        return list(
            User.objects.filter(email__startswith=f"bench.{prefix}")
            .order_by("id")
            .values_list("id", flat=True)
        )

    cursor = raw_cursor()
    cursor.execute("SELECT siren FROM sandbox_company ORDER BY id")
    sirens = [row[0] for row in cursor.fetchall()]
    return World(ids("tech"), ids("sup"), ids("emp"), ids("liq"), sirens, seed_pdfs())
