"""What a message attachment may be: PDF, PNG or JPEG, recognised by the file's first bytes, with a name that
matches, and no larger than MESSAGE_ATTACHMENT_MAX_BYTES. The type the browser sends is never trusted."""

import pathlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from samordna.messaging.models import AttachmentType

# First bytes of each accepted type, and the file name endings that may go with it.
SIGNATURES = {
    AttachmentType.PDF: (b"%PDF-", {".pdf"}),
    AttachmentType.PNG: (b"\x89PNG\r\n\x1a\n", {".png"}),
    AttachmentType.JPEG: (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
}
HEAD_BYTES = 8
MAX_ATTACHMENTS = 5

ATTACHMENT_TOO_LARGE = _("%(name)s är för stor: en bilaga får vara högst %(max)s.")
ATTACHMENT_WRONG_TYPE = _("%(name)s är inte en PDF, PNG eller JPEG. Bara sådana filer kan bifogas.")
ATTACHMENT_NAME_MISMATCH = _("%(name)s är en %(kind)s-fil men namnet säger något annat. Byt namn och försök igen.")
TOO_MANY_ATTACHMENTS = _("Högst %(count)s bilagor per meddelande.")


def detected_type(head: bytes) -> str | None:
    for content_type, (signature, _suffixes) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def attachment_content_type(upload) -> str:
    """The checked content type of an uploaded file; ValidationError when it is too large, not a PDF, PNG or
    JPEG by its first bytes, or named as another type than it is (a disguised file)."""
    name = pathlib.Path(upload.name or "").name
    if upload.size > settings.MESSAGE_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            ATTACHMENT_TOO_LARGE,
            code="attachment_too_large",
            params={"name": name, "max": filesizeformat(settings.MESSAGE_ATTACHMENT_MAX_BYTES)},
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    content_type = detected_type(head)
    if content_type is None:
        raise ValidationError(ATTACHMENT_WRONG_TYPE, code="attachment_wrong_type", params={"name": name})
    if pathlib.Path(name).suffix.lower() not in SIGNATURES[content_type][1]:
        raise ValidationError(
            ATTACHMENT_NAME_MISMATCH,
            code="attachment_name_mismatch",
            params={"name": name, "kind": AttachmentType(content_type).label},
        )
    return content_type
