"""Working time in plain French words: « 2 h 30 ouvrées restantes », « en retard de 1 jour ouvré ».

A working day is a day of the calendar's hours (570 minutes for 08:30–18:00): a time left of two
days reads « 2 jours ouvrés restants » whatever the clock says in hours.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DAY_MINUTES = 570  # the default calendar's working day, 08:30–18:00


def _parts(delta: timedelta, day_minutes: int) -> tuple[int, int, int]:
    minutes = max(0, round(delta.total_seconds() / 60))
    days, rest = divmod(minutes, day_minutes)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def working_amount(delta: timedelta, day_minutes: int = DAY_MINUTES) -> tuple[str, bool]:
    """The amount (« 1 jour ouvré », « 2 h 30 », « 45 min ») and whether it counts days."""
    days, hours, minutes = _parts(delta, day_minutes)
    if days:
        text = ngettext("%(n)d jour ouvré", "%(n)d jours ouvrés", days) % {"n": days}
        if hours or minutes:
            text += " " + (_("%(h)d h %(m)02d") if minutes else _("%(h)d h")) % {
                "h": hours,
                "m": minutes,
            }
        return text, True
    if hours:
        return (_("%(h)d h %(m)02d") if minutes else _("%(h)d h")) % {
            "h": hours,
            "m": minutes,
        }, False
    return _("%(m)d min") % {"m": minutes}, False


def time_left_words(delta: timedelta, day_minutes: int = DAY_MINUTES) -> str:
    """« 2 h 30 ouvrées restantes », « 3 jours ouvrés restants »; « en retard de … » once
    ``delta`` is negative."""
    if delta < timedelta(0):
        return time_over_words(-delta, day_minutes)
    amount, in_days = working_amount(delta, day_minutes)
    if in_days:
        plural = _parts(delta, day_minutes)[0] > 1
        return (_("%(amount)s restants") if plural else _("%(amount)s restant")) % {
            "amount": amount
        }
    return _("%(amount)s ouvrées restantes") % {"amount": amount}


def time_over_words(delta: timedelta, day_minutes: int = DAY_MINUTES) -> str:
    """« en retard de 1 jour ouvré », « en retard de 2 h 30 ouvrées »."""
    amount, in_days = working_amount(delta, day_minutes)
    if in_days:
        return _("en retard de %(amount)s") % {"amount": amount}
    return _("en retard de %(amount)s ouvrées") % {"amount": amount}


def time_over_short(delta: timedelta, day_minutes: int = DAY_MINUTES) -> str:
    """« de 1 jour ouvré », « de 2 h 30 ouvrées »: after a « En retard » badge, in a list."""
    amount, in_days = working_amount(delta, day_minutes)
    if in_days:
        return _("de %(amount)s") % {"amount": amount}
    return _("de %(amount)s ouvrées") % {"amount": amount}
