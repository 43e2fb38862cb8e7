"""The account and the neighbourhoods: for every signed-in role."""

import pytest


@pytest.mark.parametrize(
    ("username", "role", "neighbourhoods"),
    [
        ("noord", "neighbourhood_manager", ["WK999901", "WK999902"]),
        ("zuid", "neighbourhood_manager", ["WK999903", "WK999904"]),
        ("secretaris", "secretary", []),
        ("beheer", "admin", []),
    ],
)
def test_me(api_as, username, role, neighbourhoods):
    body = api_as(username).get("/api/v1/me").get_json()
    assert body["username"] == username
    assert body["role"] == role
    assert body["neighbourhoods"] == neighbourhoods


@pytest.mark.parametrize("username", ["noord", "secretaris", "beheer"])
def test_neighbourhoods(api_as, username):
    body = api_as(username).get("/api/v1/neighbourhoods?per_page=100").get_json()
    assert body["total"] == 19  # 5 wijken, 14 buurten
    assert body["page"] == 1
    assert body["per_page"] == 100
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["WK999902"]["name"] == "Noord"
    assert by_code["WK999902"]["wijk"] is None
    assert by_code["BU99990201"]["wijk"] == "WK999902"
    assert isinstance(by_code["BU99990201"]["id"], int)


def test_neighbourhoods_paginate(api_as):
    body = api_as("noord").get("/api/v1/neighbourhoods?per_page=5&page=4").get_json()
    assert body["total"] == 19
    assert len(body["items"]) == 4
