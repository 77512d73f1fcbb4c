"""Property-based run of the OpenAPI document (schemathesis): no request gives a 5xx."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

if importlib.util.find_spec("schemathesis") is None:
    pytest.skip("needs schemathesis (pip install schemathesis)", allow_module_level=True)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's test client warns about httpx2 on import
    import schemathesis

from kuzet.web import auth
from kuzet.web.app import create_app
from tests.test_web_api import build

HEADERS: dict[str, str] = {}
SEEN: list[int] = []


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = build(Path(tmp_path_factory.mktemp("schema")) / "schema.db")
    HEADERS["Authorization"] = "Bearer " + auth.create_token(store.engine, "admin", "schema")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(store))


def _operations() -> list[str]:
    """Every operation of the schema, named METHOD path (for parametrised test ids)."""
    from kuzet.web.api import router

    out = []
    for route in router.routes:
        for method in sorted(getattr(route, "methods", ()) or ()):
            out.append(f"{method} {route.path}")  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize("operation", _operations())
@pytest.mark.filterwarnings("ignore")
def test_no_server_errors(api_schema: Any, operation: str) -> None:
    method, path = operation.split(" ", 1)
    op = api_schema[path][method].ok() if hasattr(api_schema[path][method], "ok") \
        else api_schema[path][method]

    @given(case=op.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)
    def run(case: Any) -> None:
        response = case.call(headers=HEADERS)
        SEEN.append(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])

    SEEN.clear()
    run()
    assert SEEN and 401 not in SEEN, SEEN[:20]  # cases ran, and as a logged-in admin
