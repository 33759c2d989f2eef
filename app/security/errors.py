"""The refusals the access policy and the authentication give: they belong to the decision,
not to the package whose object was refused."""

from __future__ import annotations

from app.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated


class PinRequired(NotAuthenticated):
    code = "pin_required"
    message_key = "access.pin_required"


class NotPublishable(InvalidInput):
    code = "not_publishable"
    message_key = "documents.not_publishable"


class NotIssuedYet(Conflict):
    code = "not_issued_yet"
    message_key = "documents.not_issued_yet"


class NotCheckedIn(Forbidden):
    code = "not_checked_in"
    message_key = "voting.not_checked_in"


class OnlineNotCounted(Forbidden):
    code = "online_presence_not_counted"
    message_key = "voting.online_not_counted"


class NotAVoter(Forbidden):
    code = "not_a_voter"
    message_key = "voting.not_a_voter"


class NotAnIssuedResolution(Conflict):
    """Tasks follow a resolution the council has issued (numbered and signed)."""

    code = "not_an_issued_resolution"
    message_key = "oversight.not_an_issued_resolution"
