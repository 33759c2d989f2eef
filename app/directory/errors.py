from __future__ import annotations

from app.errors import Conflict, InvalidInput


class UsernameTaken(Conflict):
    code = "username_taken"
    message_key = "directory.username_taken"


class CouncilNameTaken(Conflict):
    code = "council_name_taken"
    message_key = "directory.council_name_taken"


class BodyNameTaken(Conflict):
    code = "body_name_taken"
    message_key = "directory.body_name_taken"


class MemberOfOtherCouncil(InvalidInput):
    code = "member_of_other_council"
    message_key = "directory.member_of_other_council"


class CouncilRequired(InvalidInput):
    code = "council_required"
    message_key = "directory.council_required"


class ImportInvalid(InvalidInput):
    code = "import_invalid"
    message_key = "directory.import_invalid"


class ImportUnreadable(InvalidInput):
    code = "import_unreadable"
    message_key = "directory.import_unreadable"


class TermExists(Conflict):
    code = "term_exists"
    message_key = "directory.term_exists"


class TermDates(InvalidInput):
    code = "term_dates"
    message_key = "directory.term_dates"


class TermNotFound(InvalidInput):
    code = "term_not_found"
    message_key = "directory.term_not_found"


class NoTerm(Conflict):
    code = "no_term"
    message_key = "directory.no_term"


class MandateDates(InvalidInput):
    code = "mandate_dates"
    message_key = "directory.mandate_dates"


class NotADelegate(InvalidInput):
    code = "not_a_delegate"
    message_key = "directory.not_a_delegate"


class MandateEnded(Conflict):
    code = "mandate_ended"
    message_key = "directory.mandate_ended"
