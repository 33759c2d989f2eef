"""The refusals of written opinion collection."""

from __future__ import annotations

from app.errors import Conflict, InvalidInput


class NotARecipient(InvalidInput):
    """Someone named as asked who is not a delegate in office of the council."""

    code = "not_a_recipient"
    message_key = "opinions.not_a_recipient"


class DocumentsApart(InvalidInput):
    code = "documents_apart"
    message_key = "opinions.documents_apart"


class DeadlinePassed(Conflict):
    code = "opinion_deadline_passed"
    message_key = "opinions.deadline_passed"


class StillOpen(Conflict):
    code = "opinion_still_open"
    message_key = "opinions.still_open"


class WrongFormStatus(Conflict):
    code = "wrong_opinion_status"
    message_key = "opinions.wrong_status"


class BadAnswers(InvalidInput):
    code = "bad_answers"
    message_key = "opinions.bad_answers"


class AnswersUnreadable(Conflict):
    code = "opinions_unreadable"
    message_key = "opinions.unreadable"
