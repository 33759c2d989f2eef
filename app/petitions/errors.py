from __future__ import annotations

from app.errors import Conflict, InvalidInput


class WrongPetitionStatus(Conflict):
    code = "wrong_petition_status"
    message_key = "petitions.wrong_status"


class BadAgency(InvalidInput):
    code = "bad_agency"
    message_key = "petitions.bad_agency"


class SpamSuspected(InvalidInput):
    code = "spam_suspected"
    message_key = "petitions.spam_suspected"


class BadDuplicate(InvalidInput):
    code = "bad_duplicate"
    message_key = "petitions.bad_duplicate"


class HandledWithItsGroup(Conflict):
    code = "handled_with_its_group"
    message_key = "petitions.handled_with_group"


class AttachmentRefused(InvalidInput):
    code = "attachment_refused"
    message_key = "petitions.attachment_refused"
