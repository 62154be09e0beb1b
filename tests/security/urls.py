"""Every URL pattern of the project, found by walking the root resolver, with its parameters filled from a World."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as reverse() takes it
    pattern: str  # the whole pattern, for messages
    params: tuple[str, ...]  # the parameter names in the pattern


def all_routes() -> list[Route]:
    """Every named URL pattern under ROOT_URLCONF. An unnamed pattern is reported as "<unnamed> pattern"."""
    routes: list[Route] = []

    def walk(patterns, namespace: str, prefix: str, params: tuple[str, ...]) -> None:
        for entry in patterns:
            pattern = prefix + str(entry.pattern)
            found = params + tuple(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry.url_patterns, inner, pattern, found)
            elif isinstance(entry, URLPattern):
                name = entry.name or f"<unnamed> {pattern}"
                routes.append(Route(f"{namespace}:{name}" if namespace else name, pattern, found))

    walk(get_resolver().url_patterns, "", "", ())
    return routes


def url_for(route: Route, values: dict) -> str:
    return reverse(route.name, kwargs={param: values[param] for param in route.params})
