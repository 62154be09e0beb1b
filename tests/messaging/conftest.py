"""Message fixtures: a thread from the school to BUP in the consented case, and uploads of each kind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.messaging import services

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def thread(consented_case, convener, bup_unit):
    return services.thread_start(
        case=consented_case,
        by=convener,
        subject="Inför mötet",
        body="Kan BUP ta med senaste bedömningen?",
        units=[bup_unit],
        files=[upload("bedomning.pdf", PDF_BYTES)],
    )


@pytest.fixture
def attachment(thread):
    return thread.messages.get().attachments.get()
