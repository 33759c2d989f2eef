"""There is no Docker engine here, so the image is held to what is tested: its stages run the
same scripts as the production test, and compose runs the proxy configuration the test runs."""

from __future__ import annotations

import re

import yaml

from tests.support.shipped import ROOT


def _runs(dockerfile: str) -> str:
    """Every RUN instruction, its continuation lines included."""
    return " ".join(re.findall(r"^RUN ((?:[^\n]*\\\n)*[^\n]*)", dockerfile, re.M))


def test_the_image_builds_and_installs_with_the_tested_scripts() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    runs = _runs(dockerfile)
    for script in ("build-web.sh", "build-wheel.sh", "install-wheel.sh", "system-deps.sh runtime"):
        assert f"scripts/{script}" in runs or f"/tmp/{script}" in runs, script
    assert "--require-hashes" in runs and "requirements/build.txt" in runs
    assert re.search(r"^USER kyhop$", dockerfile, re.M)  # not root at run time
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert len(stages) == 3 and stages[0].startswith("node:")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "web/node_modules", "app/web/static/pdfjs"} <= set(ignored)


def test_compose_runs_the_tested_proxy_and_trusts_only_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    proxy = services["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    address = proxy["networks"]["default"]["ipv4_address"]
    for name in ("app", "worker"):
        env = services[name]["environment"]
        assert env["KYHOP_TRUSTED_PROXIES"] == address
        assert env["KYHOP_ENVIRONMENT"] == "production"
    assert services["app"]["deploy"]["replicas"] == 2
