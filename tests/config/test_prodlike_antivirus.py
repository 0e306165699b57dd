"""make prodlike runs the upload gate with a real clamd, as the tests do, and production's
deploy check (run by the script before anything starts) requires one (guichet.E010)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from documents import UploadRefused
from documents.antivirus import scan_bytes
from tests.config.conftest import ROOT
from tests.documents.conftest import EICAR, _ping

SCRIPT = ROOT / "scripts" / "prodlike.sh"


def procfile_command(name: str) -> str:
    for line in (ROOT / "Procfile.prodlike").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {name} process in Procfile.prodlike")


def test_the_production_shaped_run_has_a_clamd_process_named_to_the_desk():
    script = SCRIPT.read_text()

    assert procfile_command("antivirus") == "exec $GUICHET_CLAMD_BIN -c $GUICHET_CLAMD_CONF"
    assert "export GUICHET_CLAMD_ADDRESS=unix://$PWD/$STATE/clamd/clamd.sock" in script
    assert script.index("manage.py check --deploy") < script.index("honcho -f Procfile.prodlike")


def test_its_clamd_configuration_starts_a_clamd_that_refuses_eicar(settings):
    clamd = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")
    if clamd is None:
        pytest.skip("clamd is not installed (apt-get install clamav-daemon)")
    home = Path(tempfile.mkdtemp(prefix="pl", dir="/tmp"))  # a unix socket's path is short
    (home / "no-signatures").mkdir()
    function = subprocess.run(
        ["sed", "-n", "/^clamd_config() {/,/^}/p", str(SCRIPT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    subprocess.run(
        ["bash", "-c", f"set -euo pipefail\n{function}\nclamd_config"],
        cwd=home,
        env={
            "PATH": "/usr/bin:/bin",
            "STATE": "state",
            "GUICHET_CLAMD_CONF": str(home / "clamd.conf"),
            "GUICHET_CLAMAV_DB": str(home / "no-signatures"),
        },
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen([clamd, "-c", str(home / "clamd.conf")], stdout=subprocess.DEVNULL)
    socket_path = str(home / "state" / "clamd" / "clamd.sock")
    try:
        deadline = time.monotonic() + 60
        while not _ping(socket_path):
            assert process.poll() is None, "clamd stopped"
            assert time.monotonic() < deadline, "clamd did not answer within a minute"
            time.sleep(0.2)
        settings.GUICHET_CLAMD_ADDRESS = f"unix://{socket_path}"

        scan_bytes(b"%PDF-1.4\n% a clean file\n")
        with pytest.raises(UploadRefused) as refused:
            scan_bytes(EICAR)
        assert refused.value.code == "infected"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(home, ignore_errors=True)
