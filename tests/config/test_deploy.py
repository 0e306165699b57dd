"""``manage.py check --deploy`` with the production profile: clean, and our own checks live."""

from __future__ import annotations

from tests.config.conftest import PRODUCTION_ENV, base_env, run


def test_the_production_profile_passes_the_deploy_check_with_no_warning(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**base_env(tmp_path), **PRODUCTION_ENV},
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_the_projects_deploy_checks_catch_an_http_reset_link_base(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "SANDBOX_CORE_ENABLED": "true",
        "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION": "true",
        "SANDBOX_CORE_API_TOKEN": "Zq8x-3vN_pL0kR7sT2wY9bM4cF6hJ1dG5aE",
        "SANDBOX_RESET_BASE_URL": "http://guichet.example.fr",
    }

    result = run(["manage.py", "check", "--deploy"], {**base_env(tmp_path), **env})

    assert result.returncode == 1
    assert "guichet.E002" in result.stderr


def test_the_deploy_check_refuses_a_sandbox_without_a_generated_token(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "SANDBOX_CORE_ENABLED": "true",
        "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION": "true",
        "SANDBOX_RESET_BASE_URL": "https://guichet.example.fr",
    }

    result = run(["manage.py", "check", "--deploy"], {**base_env(tmp_path), **env})

    assert result.returncode == 1
    assert "guichet.E011" in result.stderr


def test_the_embedded_default_is_not_fit_for_deployment(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], base_env(tmp_path))

    assert result.returncode == 1
    assert "security.W018" in result.stderr  # DEBUG on
    assert "guichet.E001" in result.stderr  # base URL not https
