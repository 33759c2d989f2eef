"""Conventions held by a machine: adapters are not bypassed, services never commit or speak
HTTP, and only the policy module compares roles or clearances."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in APP.rglob("*.py")}


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _inside(path: Path, package: str) -> bool:
    return path.is_relative_to(APP / package)


def test_sdks_only_inside_their_adapters() -> None:
    offenders = [
        f"{path.relative_to(APP)} imports {sdk}"
        for path, tree in _modules().items()
        for sdk, home in (("minio", "storage"), ("pyhanko", "signing"))
        if sdk in _imports(tree) and not _inside(path, home)
    ]
    assert offenders == []


def test_services_and_models_do_not_speak_http_or_commit() -> None:
    offenders = []
    for path, tree in _modules().items():
        if path.name not in ("service.py", "models.py", "importer.py"):
            continue
        if {"fastapi", "starlette"} & _imports(tree):
            offenders.append(f"{path.relative_to(APP)} imports fastapi")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "commit":
                offenders.append(f"{path.relative_to(APP)}:{node.lineno} commits")
    assert offenders == []


def test_only_the_policy_compares_roles_and_clearances() -> None:
    offenders = []
    for path, tree in _modules().items():
        if path == APP / "security" / "policy.py" or _inside(path, "directory"):
            continue  # the directory defines the enums and builds accounts
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                # the kind of a signature (chair's, seal) is not a user's role
                text = ast.unparse(node).replace("SignatureRole.", "").replace("step.role", "")
                if (
                    "Role." in text
                    or "Clearance." in text
                    or (".role" in text and "None" not in text)
                ):
                    offenders.append(f"{path.relative_to(APP)}:{node.lineno} {text}")
    assert offenders == []
