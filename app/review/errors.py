"""Refusals of the review assistant, each with its Vietnamese message in the catalog."""

from __future__ import annotations

from app.errors import Conflict


class ModelOff(Conflict):
    """No language model server is configured: the assistant works without one."""

    code = "model_off"
    message_key = "review.error.model_off"


class AboveCeiling(Conflict):
    """The document's class is above what its council lets reach the model server."""

    code = "above_model_ceiling"
    message_key = "review.error.above_ceiling"


class ModelUnavailable(Conflict):
    code = "model_unavailable"
    message_key = "review.error.model_unavailable"
    status = 503
