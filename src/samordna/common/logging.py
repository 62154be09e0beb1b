"""Keep personnummer out of the server log.

Samordna never puts an identity number in a URL, but a user may type one into the address bar, and Django logs
the path of every 404 ("Not Found: /personer/191212121212/"). This filter masks anything that looks like a
personnummer or samordningsnummer before the record reaches a handler."""

import logging
import re

IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
MASK = "[personnummer]"


def redact_identity_numbers(text: str) -> str:
    return IDENTITY_NUMBER.sub(MASK, text)


class RedactIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_identity_numbers(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
