from __future__ import annotations

from app.errors import Conflict, InvalidInput


class BodyRequired(InvalidInput):
    code = "body_required"
    message_key = "meetings.body_required"


class BodyNotAllowed(InvalidInput):
    code = "body_not_allowed"
    message_key = "meetings.body_not_allowed"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message_key = "meetings.invalid_transition"


class MeetingArchived(Conflict):
    code = "meeting_archived"
    message_key = "meetings.archived"


class GuestOfOtherCouncil(InvalidInput):
    code = "guest_of_other_council"
    message_key = "meetings.guest_of_other_council"


class SessionNumberTaken(Conflict):
    code = "session_number_taken"
    message_key = "meetings.session_number_taken"


class NumberForSessionsOnly(InvalidInput):
    code = "number_for_sessions_only"
    message_key = "meetings.number_for_sessions_only"


class NoStandingCommittee(Conflict):
    """A report made outside any meeting (an opinion collection's, the indicators') is
    filed in a meeting of the Standing Committee."""

    code = "no_standing_committee"
    message_key = "meetings.no_standing_committee"
