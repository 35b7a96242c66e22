"""The JSON API, in process: what a client reads, and a property-based run of
schemathesis against the OpenAPI document with no server errors."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings


@pytest.fixture(scope="module")
def client(web_app) -> TestClient:
    return TestClient(web_app)


def test_zones_lists_the_19_new_areas_with_a_sourced_map_place(client):
    body = client.get("/api/zones", params={"limit": 50}).json()
    assert body["total"] == 19 and len(body["rows"]) == 19
    xiangjiang = next(z for z in body["rows"] if z["zone"] == "xiangjiang")
    assert xiangjiang["name_zh"] == "湖南湘江新区"
    assert xiangjiang["place"]["place_en"] == "Changsha" and xiangjiang["place"]["geonameid"]


def test_pagination_pages_through_the_sources_without_overlap(client):
    first = client.get("/api/sources", params={"limit": 5, "offset": 0}).json()
    second = client.get("/api/sources", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    ids = [s["source_id"] for s in first["rows"] + second["rows"]]
    assert len(set(ids)) == 10


def test_observations_filter_by_zone_and_indicator_and_carry_their_source(client):
    body = client.get(
        "/api/observations", params={"zone": "湘江新区", "indicator": "gdp", "year": 2023}
    ).json()
    assert body["total"] >= 1
    for row in body["rows"]:
        assert row["zone_id"] == "xiangjiang" and row["indicator"] == "gdp"
        assert row["source_id"] and row["tier"] and row["caliber"] and row["vintage"]


def test_table_and_ranking_agree_on_a_zones_value(client):
    table = client.get(
        "/api/tables/gdp", params={"zones": "xiangjiang,tianfu", "years": "2023"}
    ).json()
    ranking = client.get("/api/rankings/gdp", params={"year": 2023}).json()
    cell = table["rows"][0]["cells"]["2023"]
    ranked = next(r for r in ranking["rows"] if r["zone"] == "xiangjiang")
    assert cell["value"] == pytest.approx(ranked["value"])
    assert ranking["peer_set"] == "new_areas" and ranking["of"] == 19


def test_derived_values_come_with_receipts(client):
    body = client.get("/api/derived/gdp_growth_nominal", params={"zone": "xiangjiang"}).json()
    assert body["total"] >= 1
    assert all(row["receipt"] and row["receipt"][0]["source_id"] for row in body["rows"])


def test_an_unknown_zone_is_a_404_that_names_it(client):
    response = client.get("/api/zones/atlantis")
    assert response.status_code == 404
    assert "atlantis" in response.json()["detail"]


def test_check_returns_a_verdict_per_claim(client):
    response = client.post(
        "/api/check", json={"text": "2023年，湖南湘江新区地区生产总值4500亿元。"}
    )
    assert response.status_code == 200
    claims = response.json()["claims"]
    assert claims and all(c["verdict"] for c in claims)


def test_no_cross_origin_headers_are_sent(client):
    response = client.get("/api/zones", headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in response.headers


def test_the_api_answers_every_generated_request_without_a_server_error(web_app):
    """schemathesis generates requests from the OpenAPI document (hypothesis drives it,
    a few examples per operation); none may end in a 5xx."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    server_errors = []

    for operation in operations:

        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=operation.as_strategy())
        def answers(case):
            response = case.call()
            if response.status_code >= 500:
                server_errors.append((case.method, case.formatted_path, case.query))

        answers()
    assert not server_errors, server_errors
