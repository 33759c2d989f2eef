from __future__ import annotations

import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.main import create_app
from app.storage import LocalObjectStore, S3ObjectStore, store_from_url
from tests.support.s3server import S3Server


def test_healthz_ok_on_local_storage(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["server-timing"].startswith("app;dur=")
    assert response.json()["status"] == "ok"


def test_healthz_on_s3_and_when_s3_refuses(
    settings: Settings, session_factory: sessionmaker[Session], s3_server: S3Server
) -> None:
    bucket = f"health-{uuid.uuid4().hex[:8]}"
    good = create_app(
        settings, sessionmaker_=session_factory, store=store_from_url(s3_server.url(bucket))
    )
    assert TestClient(good).get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "storage": "ok",
    }
    # Built directly: store_from_url would already refuse the key while ensuring the bucket.
    wrong_key = S3ObjectStore(s3_server.client(secret_key="khong-dung"), bucket)
    bad = create_app(settings, sessionmaker_=session_factory, store=wrong_key)
    response = TestClient(bad).get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"


def test_healthz_when_database_is_gone(settings: Settings, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/missing-dir/nope.sqlite3")
    app = create_app(
        settings,
        sessionmaker_=make_sessionmaker(engine),
        store=LocalObjectStore(tmp_path / "objects"),
    )
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
