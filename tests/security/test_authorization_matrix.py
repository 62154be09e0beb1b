"""Every URL of the project, asked by every role: the status must be the one in tests/security/matrix.py.

A URL name missing from the matrix fails the suite, so a new page cannot ship without someone deciding who
may open it. The roles and the world they act in are described in matrix.py and world.py.
"""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.security.matrix import EXPECTED, LOGIN, PARAMS, PK_BY_NAMESPACE, ROLES
from tests.security.urls import all_routes, url_for
from tests.security.world import expire_consent, withdraw_consent

DENIED = {403, 404, LOGIN}


def project_routes():
    return [route for route in all_routes() if not route.name.startswith("admin:")]


def observed(response) -> int | str:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(resolve_url(settings.LOGIN_URL)) else 302
    return response.status_code


def world_values(world, route) -> dict:
    namespace = route.name.split(":")[0]
    return {
        param: getattr(world, PK_BY_NAMESPACE[namespace] if param == "pk" else PARAMS[param]).pk
        for param in route.params
    }


def prepared_world(world, role):
    if role == "actor_after_withdrawal":
        withdraw_consent(world)
    elif role == "actor_after_expiry":
        expire_consent(world)
    return world


def test_every_url_name_of_the_project_is_in_the_matrix():
    """A new URL fails here until it gets a line in tests/security/matrix.py."""
    names = {route.name for route in project_routes()}
    assert sorted(names - set(EXPECTED)) == [], "add these URL names to tests/security/matrix.py"
    assert sorted(set(EXPECTED) - names) == [], "these matrix entries name no URL any more"


def test_every_url_pattern_is_named():
    """The matrix finds URLs by name; an unnamed pattern would slip past it (the admin site has its own rule)."""
    unnamed = [route.pattern for route in project_routes() if route.name.split(":")[-1].startswith("<unnamed>")]
    assert unnamed == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_for_every_url(client, world, role):
    """GET every URL as `role`; a role that is refused must be refused the same way for a POST."""
    world = prepared_world(world, role)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    mismatches = []
    for route in project_routes():
        if route.name not in EXPECTED:
            continue  # reported by test_every_url_name_of_the_project_is_in_the_matrix
        row = EXPECTED[route.name]
        expected = row.status(role)
        url = url_for(route, world_values(world, route)) + row.query.format(person=world.person.pk)
        got = observed(client.get(url))
        if got != expected:
            mismatches.append(f"GET {route.name} {url}: expected {expected}, got {got}")
        if expected in DENIED:
            got = observed(client.post(url))
            if got != expected:
                mismatches.append(f"POST {route.name} {url}: expected {expected}, got {got}")
    assert mismatches == []


ADMIN_SAMPLE_VALUES = {"object_id": "1", "id": "1", "pk": "1", "content_type_id": "1", "url": "x/"}


def admin_url(route) -> str:
    values = dict(ADMIN_SAMPLE_VALUES)
    if "<unnamed>" in route.name:  # the admin's catch-all redirects, e.g. admin/auth/group/<path:object_id>/
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)].strip("/"), route.pattern)
    if "app_label" in route.params:
        values["app_label"] = re.search(r"\(\?P<app_label>([a-z_]+)", route.pattern).group(1)
    return reverse(route.name, kwargs={param: values[param] for param in route.params})


ADMIN_OPEN = {"admin:login", "admin:logout", "admin:jsi18n"}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "local_admin"])
def test_the_admin_site_sends_everyone_without_is_staff_to_its_login(client, world, role):
    """The rule for every URL under admin/: without is_staff, each one redirects to the admin login page."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    admin_login = reverse("admin:login")
    wrong = []
    for route in all_routes():
        if not route.name.startswith("admin:") or route.name in ADMIN_OPEN:
            continue
        url = admin_url(route)
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(admin_login):
            wrong.append(f"{route.name} {url}: {response.status_code}")
    assert wrong == []
