"""PDF documents (invitation, plan, consent form) rendered from HTML templates with WeasyPrint."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render `template_name` with `context` to PDF bytes. Templates carry their own print stylesheet."""
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A download that browsers and proxies must not cache: the document holds personal data."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
