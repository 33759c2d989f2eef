"""One real server (embedded SQLite) and one headless Chromium for all browser tests."""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.support.server import ServerError, run_server

CHROMIUM = Path(os.environ.get("KYHOP_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# the device sizes of the roles' journeys
PHONE = {"width": 360, "height": 740}  # delegates, guests, citizens
LAPTOP = {"width": 1366, "height": 768}  # the office, the chair, the hall's projector
TABLET = {"width": 800, "height": 1280}  # the office and the chair on a tablet
ADMIN_USER = "quantri"
ADMIN_PASSWORD = "Quan-tri-2026-thu"


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-screenshots"


@pytest.fixture(scope="session", autouse=True)
def fresh_screenshots() -> None:
    """Only this run's screenshots: those of an earlier run go first."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)


@pytest.fixture(autouse=True)
def keep_screenshots(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """Every screenshot a journey takes is kept under test-screenshots/, one folder a test,
    for a person to look at after the run (pytest's own temporary folders rotate away)."""
    yield
    shots = sorted(tmp_path.glob("*.png"))
    if shots:
        folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        for shot in shots:
            shutil.copyfile(shot, folder / shot.name)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The base URL and the server's log file (tests read it to see range requests)."""
    env = {"KYHOP_ADMIN_USER": ADMIN_USER, "KYHOP_ADMIN_PASSWORD": ADMIN_PASSWORD}
    workdir = tmp_path_factory.mktemp("kyhop-serve")
    try:
        with run_server(workdir, env) as url:
            yield url, workdir
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def base_url(server: tuple[str, Path]) -> str:
    return server[0]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(the browser tests never skip)",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def api_call(
    base: str,
    method: str,
    path: str,
    token: str | None = None,
    *,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    files: list[tuple[str, str, bytes]] | None = None,
) -> Any:
    """A JSON, form or multipart call with urllib (no browser): how the tests seed data."""
    headers: dict[str, str] = {"Authorization": f"Bearer {token}"} if token else {}
    data: bytes | None = None
    if json_body is not None:
        data, headers["content-type"] = json.dumps(json_body).encode(), "application/json"
    elif form is not None and files is None:
        data = "&".join(f"{k}={urllib.request.quote(v)}" for k, v in form.items()).encode()
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif files is not None:
        boundary = "kyhopboundary"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in (form or {}).items()
        ]
        parts += [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
            for name, filename, content in files
        ]
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["content-type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request) as response:
        body = response.read()
    return json.loads(body) if body else None


def token(base: str, username: str, password: str) -> str:
    return str(
        api_call(
            base, "POST", "/api/auth/token", form={"username": username, "password": password}
        )["access_token"]
    )


def council_with_clerk(
    base: str, name: str, total_delegates: int, clerk: str, password: str
) -> tuple[int, str, str]:
    """A council seeded through the API by the bootstrap admin, with a clerk who can log in:
    (council id, admin token, clerk token)."""
    admin = token(base, ADMIN_USER, ADMIN_PASSWORD)
    council = api_call(
        base,
        "POST",
        "/api/councils",
        admin,
        json_body={"name": name, "level": "commune", "total_delegates": total_delegates},
    )["id"]
    api_call(
        base,
        "POST",
        "/api/users",
        admin,
        json_body={
            "username": clerk,
            "password": password,
            "full_name": "Văn Phòng",
            "council_id": council,
            "role": "clerk",
            "clearance": "restricted",
        },
    )
    return int(council), admin, token(base, clerk, password)


def new_user(
    base: str,
    admin: str,
    council: int,
    username: str,
    full_name: str,
    role: str,
    **extra: str,
) -> int:
    """A person of the council, added by the administrator through the API (`extra`: a
    password, a clearance)."""
    body = {"username": username, "full_name": full_name, "council_id": council, "role": role}
    return int(api_call(base, "POST", "/api/users", admin, json_body={**body, **extra})["id"])


def new_meeting(
    base: str, clerk: str, council: int, title: str, starts_at: str = "2026-12-20T08:00:00+07:00"
) -> int:
    """A regular session of the council, created by its office through the API."""
    return int(
        api_call(
            base,
            "POST",
            "/api/meetings",
            clerk,
            json_body={
                "council_id": council,
                "kind": "regular_session",
                "title": title,
                "starts_at": starts_at,
            },
        )["id"]
    )


def open_session(base: str, clerk: str, meeting: int) -> None:
    """Convene the meeting and open it: the floor takes check-ins and votes."""
    for status in ("convened", "in_progress"):
        api_call(
            base, "POST", f"/api/meetings/{meeting}/status", clerk, json_body={"status": status}
        )


def named_vote(base: str, clerk: str, meeting: int, question: str) -> int:
    """A named vote by majority, ready to open."""
    return int(
        api_call(
            base,
            "POST",
            f"/api/meetings/{meeting}/votes",
            clerk,
            json_body={"question": question, "ballot": "named", "threshold": "majority"},
        )["id"]
    )


AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"


def watch(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of the page, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations (the context must bypass the CSP: axe
    goes in as an inline script)."""
    page.add_script_tag(content=AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits(page: Page, width: int) -> None:
    """No horizontal overflow at the device's width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# What a Vietnamese page must never show: English words of the interface or of our own code,
# codes (snake_case, HASH_FAILURE, Role.delegate) and values that reached it unformatted.
# Words Vietnamese also spells in plain ASCII ("to", "no", "can", "ban") are not listed.
ENGLISH = frozenset(
    [
        "the",
        "and",
        "or",
        "of",
        "for",
        "with",
        "from",
        "none",
        "null",
        "undefined",
        "true",
        "false",
        "nan",
        "pending",
        "draft",
        "open",
        "opened",
        "closed",
        "close",
        "named",
        "secret",
        "public",
        "internal",
        "restricted",
        "confidential",
        "delegate",
        "delegates",
        "clerk",
        "chair",
        "guest",
        "meeting",
        "meetings",
        "document",
        "documents",
        "vote",
        "votes",
        "ballot",
        "ballots",
        "error",
        "errors",
        "status",
        "approve",
        "against",
        "abstain",
        "convened",
        "scheduled",
        "progress",
        "signed",
        "sealed",
        "numbered",
        "published",
        "loading",
        "search",
        "save",
        "cancel",
        "submit",
        "login",
        "logout",
        "password",
        "username",
        "yes",
        "passed",
        "failed",
        "present",
        "absent",
        "offline",
        "online",
    ]
)
RAW = frozenset({"[]", "{}", "None", "True", "False"})
_NOT_WORDS = re.compile(
    r"https?://\S+|(?<!\S)/\S+|\S+@\S+|\S+\.(?:pdf|docx|xlsx|odt|ods|csv|svg|png)\b"
)
_CODE = re.compile(r"^(?:[A-Za-z]+_[A-Za-z_]+|[A-Z][a-z]+\.[a-z_]+)$")


# The page's words as a person (or a screen reader) gets them: shown text and the labels,
# hints and alternatives of its elements; what it shows as code (a CSV header) is left out.
_WORDS_OF_PAGE = """() => {
  const asCode = "code, pre, kbd, samp, script, style, noscript";
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest(asCode) && parent.getClientRects().length) {
      parts.push(walker.currentNode.textContent);
    }
  }
  const labelled = "[aria-label], [title], [placeholder], img[alt]";
  for (const el of document.body.querySelectorAll(labelled)) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join(" ");
}"""


def untranslated(page: Page) -> list[str]:
    """English words, codes and raw values in the page's words (Vietnamese mode), each with
    the words around it."""
    text = " ".join(_NOT_WORDS.sub(" ", page.evaluate(_WORDS_OF_PAGE)).split())
    found = {}
    for match in re.finditer(r"[^\s]+", text):
        token = match.group()
        words = [w.strip(".") for w in re.findall(r"[\w.]+", token)]
        if token in RAW or any(
            _CODE.match(w) or (w.isascii() and w.lower() in ENGLISH) for w in words
        ):
            found[token] = text[max(0, match.start() - 40) : match.end() + 40]
    return [f"{token!r} in «{context}»" for token, context in sorted(found.items())]


def faults(page: Page, width: int) -> list[str]:
    """What no page of a role's journey may show at the device's `width`: horizontal
    overflow, a serious or critical axe violation, an English word, a code or a raw value."""
    found = []
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        found.append(f"{scroll} px wide at {width}")
    found += serious_violations(page)
    found += [f"untranslated {word}" for word in untranslated(page)]
    return found
