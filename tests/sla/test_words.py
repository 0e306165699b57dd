"""Working time in words, as the staff and the requester read it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sla.words import time_left_words, time_over_short, time_over_words


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(hours=2, minutes=30), "2 h 30 ouvrées restantes"),
        (timedelta(hours=3), "3 h ouvrées restantes"),
        (timedelta(minutes=45), "45 min ouvrées restantes"),
        (timedelta(minutes=570), "1 jour ouvré restant"),
        (timedelta(minutes=570 * 2 + 180), "2 jours ouvrés 3 h restants"),
        (timedelta(minutes=-570), "en retard de 1 jour ouvré"),
        (timedelta(minutes=-90), "en retard de 1 h 30 ouvrées"),
        (timedelta(minutes=570 + 95), "1 jour ouvré 1 h 35 restant"),
        (timedelta(minutes=570 + 5), "1 jour ouvré 0 h 05 restant"),
    ],
)
def test_it_says_the_time_left_or_over_in_words(delta, words):
    assert time_left_words(delta) == words


def test_it_counts_days_of_the_calendar_hours_not_of_24_hours():
    assert time_over_words(timedelta(hours=24)) == "en retard de 2 jours ouvrés 5 h"


def test_a_list_cell_reads_on_from_its_status_word():
    assert time_over_short(timedelta(minutes=570)) == "de 1 jour ouvré"
    assert time_over_short(timedelta(minutes=150)) == "de 2 h 30 ouvrées"
