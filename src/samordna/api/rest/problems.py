"""Errors as problem details (RFC 9457, `application/problem+json`), in Swedish or English after the
request's language. Validation errors name the field. Services raise Django's ValidationError,
PermissionDenied and Http404; the API only translates them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:samordna:problem:"


def problem(
    request: HttpRequest, status: int, code: str, title: str, detail: str = "", errors=None, headers=None
) -> JsonResponse:
    body = {"type": f"{TYPE_BASE}{code}", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if field == "__all__" else field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


def _schema_errors(error: SchemaValidationError) -> list[dict]:
    errors = []
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(location), "message": item.get("msg", "")})
    return errors


def install(api: NinjaAPI) -> None:
    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request, exc):
        return problem(request, 422, "validation", _("Uppgifterna är inte giltiga."), errors=_schema_errors(exc))

    @api.exception_handler(ValidationError)
    def service_invalid(request, exc):
        return problem(request, 422, "validation", _("Uppgifterna är inte giltiga."), errors=_field_errors(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(request, 404, "not-found", _("Finns inte."))

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return problem(request, 403, "forbidden", _("Du har inte behörighet till detta."), detail=str(exc) or "")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return problem(request, 401, "unauthenticated", _("Inloggning krävs."), headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(request, exc.status_code, f"http-{exc.status_code}", str(exc))
