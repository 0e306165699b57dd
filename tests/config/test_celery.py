"""The request id follows a web request into the Celery tasks it causes (config/celery.py)."""

from __future__ import annotations

import io
import json
import logging
import threading
from types import SimpleNamespace

import pytest
from celery.contrib.testing.worker import start_worker
from pythonjsonlogger.json import JsonFormatter

from common.request_id import request_id_var
from config import celery as celery_config
from config.celery import app

TEST_QUEUE = "guichet-test-request-id"
seen: list[str] = []
ran = threading.Event()


@app.task(name="tests.config.record_request_id")
def record_request_id() -> None:
    seen.append(request_id_var.get())
    logging.getLogger("guichet.test").info("inside the task")
    ran.set()


def capture_json_log():
    """Point the JSON handler the settings configured at a buffer; return (read, undo)."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    return read, lambda: handler.setStream(previous)


@pytest.fixture
def json_log():
    read, undo = capture_json_log()
    yield read
    undo()


@pytest.fixture
def root_handlers_restored():
    """The test worker re-applies LOGGING (setup_logging signal): put the old handlers back."""
    root = logging.getLogger()
    saved = root.handlers[:]
    yield
    for handler in root.handlers:
        if handler not in saved:
            handler.close()
    root.handlers[:] = saved


# --- the signal handlers, one by one -------------------------------------------------------------


def test_publishing_attaches_the_current_request_id():
    headers: dict[str, str] = {}
    token = request_id_var.set("req-0123456789abcdef")
    try:
        celery_config.attach_request_id(headers=headers)
    finally:
        request_id_var.reset(token)

    assert headers["request_id"] == "req-0123456789abcdef"


def test_publishing_outside_a_request_makes_a_new_id():
    headers: dict[str, str] = {}

    celery_config.attach_request_id(headers=headers)

    assert len(headers["request_id"]) == 32


def test_publishing_keeps_an_id_already_in_the_headers():
    """A retried task keeps the id of the request that first caused it."""
    headers = {"request_id": "first-request-0123"}
    token = request_id_var.set("another-request-456")
    try:
        celery_config.attach_request_id(headers=headers)
    finally:
        request_id_var.reset(token)

    assert headers["request_id"] == "first-request-0123"


def test_a_task_adopts_the_request_id_it_carries():
    task = SimpleNamespace(request=SimpleNamespace(request_id="req-0123456789abcdef"))
    token = request_id_var.set("")
    try:
        celery_config.adopt_request_id(task_id="t1", task=task)
        adopted = request_id_var.get()
    finally:
        request_id_var.reset(token)
        celery_config._started.pop("t1", None)

    assert adopted == "req-0123456789abcdef"


def test_a_task_without_a_request_id_gets_its_own():
    task = SimpleNamespace(request=SimpleNamespace())
    token = request_id_var.set("left-over-from-before")
    try:
        celery_config.adopt_request_id(task_id="t2", task=task)
        adopted = request_id_var.get()
    finally:
        request_id_var.reset(token)
        celery_config._started.pop("t2", None)

    assert adopted != "left-over-from-before"
    assert len(adopted) == 32


def test_each_finished_task_writes_one_json_line(json_log):
    task = SimpleNamespace(name="helpdesk.do_something", request=SimpleNamespace(request_id="r"))
    token = request_id_var.set("")
    try:
        celery_config.adopt_request_id(task_id="t3", task=task)
        celery_config.log_task(task_id="t3", task=task, state="SUCCESS")
    finally:
        request_id_var.reset(token)

    (line,) = [line for line in json_log() if line["logger"] == "guichet.task"]
    assert line["message"] == "task"
    assert (line["task"], line["task_id"], line["state"]) == (
        "helpdesk.do_something",
        "t3",
        "SUCCESS",
    )
    assert line["request_id"] == "r"
    assert line["duration_ms"] >= 0
    assert "t3" not in celery_config._started


def finished(name: str, retval: object, state: str = "SUCCESS") -> list[dict]:
    """The guichet.task lines one finished task writes (at INFO, the level the log shows)."""
    read, undo = capture_json_log()
    task = SimpleNamespace(name=name, request=SimpleNamespace(request_id="r"))
    try:
        celery_config.adopt_request_id(task_id="t4", task=task)
        celery_config.log_task(task_id="t4", task=task, state=state, retval=retval)
    finally:
        undo()
    return [line for line in read() if line["logger"] == "guichet.task"]


@pytest.mark.parametrize("name", ["outbox.relay", "outbox.reconcile"])
def test_a_periodic_run_that_did_nothing_writes_no_line(name):
    assert finished(name, retval=0) == []


@pytest.mark.parametrize(
    ("name", "retval", "state"),
    [
        ("outbox.relay", 3, "SUCCESS"),
        ("outbox.relay", None, "FAILURE"),
        ("helpdesk.do_something", 0, "SUCCESS"),
    ],
)
def test_a_run_that_did_something_failed_or_is_not_periodic_writes_its_line(name, retval, state):
    assert [line["task"] for line in finished(name, retval=retval, state=state)] == [name]


# --- end to end: a real worker consuming from the Redis broker -----------------------------------


@pytest.mark.worker
def test_a_task_published_during_a_request_runs_under_that_request_id(root_handlers_restored):
    seen.clear()
    ran.clear()
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=[TEST_QUEUE], shutdown_timeout=10
    ):
        read_log, undo = capture_json_log()  # the handler the worker's logging set-up made
        token = request_id_var.set("web-request-0123456789")
        try:
            record_request_id.apply_async(queue=TEST_QUEUE)
        finally:
            request_id_var.reset(token)
        assert ran.wait(timeout=30), "the worker did not run the task"
    undo()

    assert seen == ["web-request-0123456789"]
    lines = read_log()
    inside = [line for line in lines if line["message"] == "inside the task"]
    assert [line["request_id"] for line in inside] == ["web-request-0123456789"]
    finished = [line for line in lines if line.get("task") == "tests.config.record_request_id"]
    assert [(line["state"], line["request_id"]) for line in finished] == [
        ("SUCCESS", "web-request-0123456789")
    ]
