"""The outbound webhook: the commune's document-management system is told, in order and
signed, when a document is issued, published or withdrawn; a refusal is retried from the same
event, none is skipped or sent twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.directory.models import Role
from app.documents.models import Classification
from app.notify import webhook
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m

SECRET = "bi-mat-webhook-2026"


class Receiver:
    """The other system: keeps what it accepts, checks each signature, can refuse."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, object]]] = []
        self.bad_signatures = 0
        self.refuse = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(expected, self.headers.get("x-kyhop-signature", "")):
                    outer.bad_signatures += 1
                if outer.refuse:
                    self.send_response(503)
                else:
                    outer.received.append((self.headers["x-kyhop-event"], json.loads(body)))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """quiet"""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/kyhop"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_documents_issued_published_and_withdrawn_reach_the_other_system_in_order(
    client: TestClient,
    db: Session,
    store: ObjectStore,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    receiver = Receiver()
    settings = Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        webhook_url=receiver.url,
        webhook_secret=SECRET,
    )
    council = f.council(db, name="HĐND xã Liên Thông")
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    document = m.document(
        db,
        store,
        meeting=m.meeting(db, council=council),
        classification=Classification.public,
        content=b"%PDF-1.4",
        title="Thông báo kết luận",
    )
    document.number, document.verify_code = "4/TB-HĐND", "ma-xac-thuc-lien-thong-4"
    db.flush()
    assert webhook.forward(session_factory, settings) == 0  # turned on: from now on
    # sealed by the office (set up as the signing service records it), then published and
    # withdrawn through the API
    audit.record(
        db,
        action="document.sealed",
        meta=RequestMeta(ip="127.0.0.1", user_agent="test"),
        council_id=council.id,
        object_type="document",
        object_id=document.id,
    )
    db.flush()
    assert client.post(f"/api/documents/{document.id}/publish", headers=clerk).status_code == 200
    assert client.post(f"/api/documents/{document.id}/unpublish", headers=clerk).status_code == 200

    receiver.refuse = True
    assert webhook.forward(session_factory, settings) == 0  # refused: the cursor stays
    receiver.refuse = False
    assert webhook.forward(session_factory, settings) == 3
    assert webhook.forward(session_factory, settings) == 0  # nothing twice
    assert receiver.bad_signatures == 0
    assert [event for event, _ in receiver.received] == [
        "document.issued",
        "document.published",
        "document.withdrawn",
    ]
    payload = receiver.received[0][1]
    assert payload["council"] == {"id": council.id, "name": "HĐND xã Liên Thông"}
    described = payload["document"]
    assert isinstance(described, dict)
    assert (described["number"], described["title"]) == ("4/TB-HĐND", "Thông báo kết luận")
    assert described["verification_url"] == "http://testserver/verify/ma-xac-thuc-lien-thong-4"
    ids = [p["id"] for _, p in receiver.received]
    assert ids == sorted(ids)
    receiver.server.shutdown()
