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
        if path == APP / "security" / "actor.py":
            continue  # `is_admin`: the one comparison the caller's type answers itself
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


# --- the direction of imports: edges → services → policy → models ----------------------------

_EDGES = ("app.api", "app.web", "app.main", "app.entry", "app.cli")
# Leaves anything may import: types, errors, settings, the session plumbing, the catalog, the
# caller's identity (`Actor`, which is not the policy).
_LEAVES = frozenset(
    {
        "app.db",
        "app.errors",
        "app.config",
        "app.security.actor",
        "app.i18n",
        "app.i18n.catalog",
        "app.i18n.text",
    }
)


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _app_imports(tree: ast.Module, known: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in known}


def _layer(module: str) -> int:
    if module.startswith(_EDGES):
        return 3
    if module == "app.security.policy":
        return 1
    if module in _LEAVES or module.rsplit(".", 1)[-1] in ("models", "errors", "schemas"):
        return 0
    return 2  # a service


def _graph() -> dict[str, set[str]]:
    trees = {_module_name(path): tree for path, tree in _modules().items()}
    return {name: _app_imports(tree, set(trees)) - {name} for name, tree in trees.items()}


def test_imports_run_one_way() -> None:
    """Web and API call services; services call the policy and models; the policy reads
    models; models, schemas and errors import nothing above them. Nothing imports a route."""
    offenders = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module) or (_layer(module) < 3 and _layer(target) == 3)
    ]
    assert offenders == []


def test_the_actor_is_a_leaf_and_no_one_takes_it_from_the_policy() -> None:
    assert _graph()["app.security.actor"] <= {"app.directory.models"}
    offenders = [
        f"{path.relative_to(APP)}:{node.lineno}"
        for path, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "app.security.policy"
        and any(alias.name == "Actor" for alias in node.names)
    ]
    assert offenders == []


def test_no_import_cycle_between_modules() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = (*path[path.index(module) :], module)
            raise AssertionError(" → ".join(cycle))
        if module in done:
            return
        for target in graph[module]:
            visit(target, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_routes_and_pages_share_helpers_never_each_other() -> None:
    """A page never imports a JSON route function, nor a route a page: both call services.
    What they share is `app.api.deps` (dependencies), `app.api.files` (taking and serving
    files) and, among pages, `app.web.render`."""
    shared = {"app.api.deps", "app.api.files"}
    offenders = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if module.startswith(("app.api.", "app.web."))
        for target in targets
        if (target.startswith("app.api.") and target not in shared and module not in shared)
        or (module.startswith("app.api.") and target.startswith("app.web."))
    ]
    assert offenders == []


def _package(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 2 else module


def test_no_package_raises_another_packages_errors() -> None:
    """A refusal belongs to the code that decides it: the policy's and authentication's live in
    `app/security/errors.py`. Catching another package's error is fine; raising it is not."""
    offenders = []
    for path, tree in _modules().items():
        module = _module_name(path)
        foreign = {
            alias.asname or alias.name: node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.endswith(".errors")
            and node.module != "app.errors"
            and _package(node.module) != _package(module)
            for alias in node.names
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = ast.unparse(node.exc.func)
                if name in foreign:
                    offenders.append(f"{module}:{node.lineno} raises {foreign[name]}.{name}")
    assert offenders == []


def test_the_pdf_kit_imports_nothing_above_it() -> None:
    """Five packages draw, stamp and read PDFs with `app.pdf`: it depends on no domain."""
    graph = _graph()
    for module in ("app.pdf", "app.pdf.sandbox"):
        assert graph[module] <= {"app.pdf", "app.i18n", "app.i18n.text"}, module
