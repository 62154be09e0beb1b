"""The NinjaAPI instance: authentication, problem details, and the routers."""

from ninja import NinjaAPI

from samordna.api.rest import cases, plans, problems
from samordna.api.rest.auth import StaffSession, TokenAuth

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERROR_STATUSES = {
    "400": "Felaktig begäran",
    "401": "Inloggning krävs",
    "403": "Ingen behörighet",
    "404": "Finns inte eller får inte visas",
    "405": "Metoden stöds inte",
    "422": "Ogiltiga uppgifter; `errors` namnger fälten",
}
WRITE_STATUSES = {"412": "Utkastet har ändrats sedan ETag lästes", "428": "If-Match krävs"}


class SamordnaApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation documents its problem-details answers (RFC 9457), so clients and the contract
        tests know every status the API can give."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                statuses = {
                    **ERROR_STATUSES,
                    **(WRITE_STATUSES if method in ("post", "put", "patch", "delete") else {}),
                }
                for status, description in statuses.items():
                    operation["responses"].setdefault(status, {"description": description, "content": problem})
        return schema


api = SamordnaApi(
    title="Samordna API",
    version="1",
    description=(
        "Samordnad individuell plan (SIP): the same services and access rules as the web pages. Authenticate with "
        "a unit's API token (`Authorization: Bearer ...`) or the browser session. Errors are problem details "
        "(RFC 9457) in Swedish or English after `Accept-Language`."
    ),
    auth=[TokenAuth(), StaffSession()],
    urls_namespace="rest",
)
problems.install(api)
api.add_router("", cases.router)
api.add_router("", plans.router)
