"""Imports every model so `Base.metadata` is complete (Alembic, tests)."""

from app.access.models import AccessLink
from app.audit.models import AuditEvent
from app.db import Base
from app.directory.models import Body, BodyMembership, Council, Mandate, Term, User
from app.documents.models import (
    Document,
    DocumentAudience,
    DocumentNote,
    DocumentRead,
    DocumentVersion,
    PaperDocument,
    WatermarkedCopy,
)
from app.floor.models import (
    Attendance,
    BallotReceipt,
    NamedBallot,
    PaperResult,
    SealedBallot,
    SecretTally,
    SpeakerRequest,
    Vote,
    VoteSubject,
)
from app.jobs.models import Job
from app.meetings.models import AgendaItem, Meeting, MeetingGuest
from app.notify.models import Notification, WebhookCursor
from app.opinions.models import (
    OpinionAnswer,
    OpinionComment,
    OpinionDocument,
    OpinionForm,
    OpinionQuestion,
    OpinionRecipient,
    SealedOpinion,
)
from app.oversight.models import (
    AgencyLink,
    FollowUp,
    FollowUpReport,
    SupervisedAgency,
    Supervision,
    SupervisionMember,
    SupervisionSession,
)
from app.petitions.models import Agency, Petition, PetitionAttachment
from app.search.models import DocumentSearch
from app.security.models import AuthSession
from app.signing.models import (
    DocumentSignature,
    NumberSequence,
    SigningCredential,
    SigningRequest,
    TrustAnchor,
)

__all__ = [
    "AccessLink",
    "Agency",
    "AgencyLink",
    "AgendaItem",
    "Attendance",
    "AuditEvent",
    "AuthSession",
    "BallotReceipt",
    "Base",
    "Body",
    "BodyMembership",
    "Council",
    "Document",
    "DocumentAudience",
    "DocumentNote",
    "DocumentRead",
    "DocumentSearch",
    "DocumentSignature",
    "DocumentVersion",
    "FollowUp",
    "FollowUpReport",
    "Job",
    "Mandate",
    "Meeting",
    "MeetingGuest",
    "NamedBallot",
    "Notification",
    "NumberSequence",
    "OpinionAnswer",
    "OpinionComment",
    "OpinionDocument",
    "OpinionForm",
    "OpinionQuestion",
    "OpinionRecipient",
    "PaperDocument",
    "PaperResult",
    "Petition",
    "PetitionAttachment",
    "SealedBallot",
    "SealedOpinion",
    "SecretTally",
    "SigningCredential",
    "SigningRequest",
    "SpeakerRequest",
    "SupervisedAgency",
    "Supervision",
    "SupervisionMember",
    "SupervisionSession",
    "Term",
    "TrustAnchor",
    "User",
    "Vote",
    "VoteSubject",
    "WatermarkedCopy",
    "WebhookCursor",
]
