"""The refusals of supervision and follow-up."""

from __future__ import annotations

from app.errors import Conflict, InvalidInput, NotFound


class EndsBeforeStart(InvalidInput):
    code = "ends_before_start"
    message_key = "oversight.ends_before_start"


class FollowUpDone(Conflict):
    code = "follow_up_done"
    message_key = "oversight.follow_up_done"


class NotOfTheCouncil(InvalidInput):
    """A team member who is not one of the council's people."""

    code = "not_of_the_council"
    message_key = "oversight.not_of_the_council"


class AgencyLinkInvalid(NotFound):
    """Unknown or revoked: one answer for both, so a guesser learns nothing."""

    code = "agency_link_invalid"
    message_key = "agencies.link_invalid"
