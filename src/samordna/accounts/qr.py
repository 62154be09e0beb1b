"""The enrolment QR code, drawn here as SVG and embedded as a data: URI, so nothing is fetched from
elsewhere and the Content-Security-Policy (img-src 'self' data:) holds."""

import base64
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_code_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def secret_for_display(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
