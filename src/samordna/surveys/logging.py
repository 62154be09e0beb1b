"""Keep SIP-kollen's requests out of the logs: a request line or an error record for an answering page would
carry the code (in the link) and the time, which is enough to tie an answer to a meeting.

Attached in settings.LOGGING to the loggers Django writes requests to and to the console handler."""

import logging

SURVEY_PATH_PREFIX = "/sip-kollen/"


class DropSurveyRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        if isinstance(path, str) and path.startswith(SURVEY_PATH_PREFIX):
            return False
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        return SURVEY_PATH_PREFIX not in message
