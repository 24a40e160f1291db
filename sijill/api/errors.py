"""Every error the API returns is JSON with a message a caller can act on.

Registered on the NinjaAPI in `api.py`; services raise, this module answers.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from sijill.errors import EditConflict, NotFound, PermissionDenied

logger = logging.getLogger(__name__)


def _field_name(loc) -> str:
    # ninja locates errors as ("body", "payload", "acts", 0, "violation_type"); the caller
    # knows the field as "acts.0.violation_type" (query parameters: just their name).
    parts = [str(p) for p in loc[1:] if p not in ("payload", "filters", "paging")]
    return ".".join(parts) or str(loc[0])


def register(api) -> None:
    """Attach the handlers that turn each kind of failure into a JSON response."""

    def answer(request, body: dict, status: int):
        return api.create_response(request, body, status=status)

    @api.exception_handler(DjangoValidationError)
    def invalid_values(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
        else:
            errors = {"__all__": exc.messages}
        fields = ", ".join(errors)
        return answer(request, {"detail": f"Invalid values for: {fields}. Nothing was saved.", "errors": errors}, 400)

    @api.exception_handler(SchemaValidationError)
    def invalid_request(request, exc: SchemaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(error.get("loc", ("body",))), []).append(error.get("msg", "invalid"))
        fields = ", ".join(errors)
        return answer(request, {"detail": f"The request does not match the schema at: {fields}.", "errors": errors}, 422)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            cause = exc.__cause__
            reason = "it is not UTF-8 text" if isinstance(cause, UnicodeDecodeError) else str(cause or "")
            message = f"The request body is not valid JSON ({reason}). Send UTF-8 encoded JSON."
        return answer(request, {"detail": message}, exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return answer(request, {"detail": f"The request body is larger than {limit} bytes."}, 413)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return answer(request, {"detail": "Authentication required: send 'Authorization: Bearer <token>'."}, 401)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return answer(request, {"detail": str(exc)}, 403)

    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return answer(request, {"detail": str(exc)}, 404)

    @api.exception_handler(Http404)
    def no_route(request, exc):
        return answer(request, {"detail": "Not found."}, 404)

    @api.exception_handler(EditConflict)
    def conflict(request, exc: EditConflict):
        body = {"detail": str(exc), "yours": exc.yours, "theirs": exc.theirs, "their_version": exc.their_version}
        # Snapshots may hold dates and other values; make them plain JSON.
        return answer(request, json.loads(json.dumps(body, default=str)), 409)

    @api.exception_handler(OverflowError)
    def overflow(request, exc: OverflowError):
        # An id or number beyond what the database holds (SQLite raises OverflowError).
        return answer(request, {"detail": "A number in the request is out of range."}, 400)

    @api.exception_handler(DataError)
    def out_of_range(request, exc: DataError):
        # PostgreSQL: "value out of range for type bigint" and the like.
        return answer(request, {"detail": "A value in the request is out of range for the database."}, 400)

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        logger.exception("API error on %s %s", request.method, request.path)
        return answer(request, {"detail": "Internal error; it has been logged."}, 500)
