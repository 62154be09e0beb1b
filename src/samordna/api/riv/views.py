"""The SOAP 1.1 endpoint of GetCarePlans 2.0. Transport security is RIV-TA's mutual TLS, terminated by the
reverse proxy in front of Samordna: the proxy verifies the national platform's client certificate and passes
its subject in a header (and must strip that header from everything else). Samordna answers only consumers
whose certificate subject is configured, and answers 404 to everyone when none is."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samordna.api.riv.contract import WSDL, InvalidRequest, new_log_id, parse_request, response_envelope
from samordna.api.riv.producer import answer

CONTENT_TYPE = "text/xml; charset=utf-8"


def _consumer(request) -> str:
    """The trusted consumer's certificate subject, or 404: an unknown caller learns nothing, not even that
    the service exists."""
    trusted = settings.SAMORDNA_RIV_TRUSTED_CONSUMERS
    subject = request.META.get(settings.SAMORDNA_RIV_CLIENT_CERT_META, "").strip()
    if not trusted or subject not in trusted:
        raise Http404
    original = request.headers.get("x-rivta-original-serviceconsumer-hsaid", "").strip()
    return f"{subject} ({original})" if original else subject


@csrf_exempt
@require_http_methods(["GET", "POST"])
def get_care_plans(request):
    consumer = _consumer(request)
    if request.method == "GET":
        if "wsdl" not in {key.lower() for key in request.GET}:
            raise Http404
        return HttpResponse(WSDL.read_bytes(), content_type=CONTENT_TYPE)
    log_id = new_log_id()
    try:
        parsed = parse_request(request.body)
        with override("sv"):
            plans = answer(parsed, consumer=consumer, log_id=log_id)
    except InvalidRequest as error:
        return HttpResponse(response_envelope([], log_id=log_id, error=str(error)), content_type=CONTENT_TYPE)
    response = HttpResponse(response_envelope(plans, log_id=log_id), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
