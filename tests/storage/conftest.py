from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.s3server import S3Server, S3ServerError, start_seaweed


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    # A missing or broken weed must fail the run, never skip it.
    try:
        server = start_seaweed(Path(tmp_path_factory.mktemp("seaweed")))
    except S3ServerError as exc:
        pytest.fail(f"could not start SeaweedFS: {exc}", pytrace=False)
    yield server
    server.kill()
