"""The floor's refusals: attendance, the hall code, speakers, votes and ballots."""

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


class VoteNotOpen(Conflict):
    code = "vote_not_open"
    message_key = "voting.not_open"


class AlreadyVoted(Conflict):
    code = "already_voted"
    message_key = "voting.already_voted"


class WrongVoteStatus(Conflict):
    code = "wrong_vote_status"
    message_key = "voting.wrong_status"


class AnotherVoteOpen(Conflict):
    code = "another_vote_open"
    message_key = "voting.another_open"


class BadBallot(InvalidInput):
    code = "bad_ballot"
    message_key = "voting.bad_ballot"


class BadPaperResult(InvalidInput):
    code = "bad_paper_result"
    message_key = "voting.bad_paper_result"


class BallotsUnreadable(Conflict):
    """The sealed ballots do not open with this deployment's secret: KYHOP_SECRET_KEY changed
    while the vote was open. The vote stays open; with the former secret restored it closes."""

    code = "ballots_unreadable"
    message_key = "voting.ballots_unreadable"


class TooManyApproved(InvalidInput):
    code = "too_many_approved"
    message_key = "voting.too_many_approved"


class NoCandidates(Conflict):
    code = "no_candidates"
    message_key = "voting.no_candidates"


class NotACandidate(InvalidInput):
    """A nominee who is not a delegate of the council, or a candidate the election lacks."""

    code = "not_a_candidate"
    message_key = "voting.not_a_candidate"
