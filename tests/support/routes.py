"""The app's route table as the tests walk it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute


def _api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers nested
            yield from _api_routes(route.original_router.routes)


def app_routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) for every route of the app, HTML pages included."""
    found = [
        (method, route.path, route)
        for route in _api_routes(app.routes)
        for method in sorted(route.methods)
    ]
    assert len(found) > 40  # the walk must really reach the routes
    return found
