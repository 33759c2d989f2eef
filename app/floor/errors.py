"""The floor's refusals: attendance, the hall code, speakers."""

from __future__ import annotations

from app.errors import Conflict, InvalidInput


class FloorClosed(Conflict):
    code = "floor_closed"
    message_key = "voting.floor_closed"


class BadVote(InvalidInput):
    code = "bad_vote"
    message_key = "voting.bad_vote"


class BadHallCode(InvalidInput):
    code = "bad_hall_code"
    message_key = "voting.bad_hall_code"
