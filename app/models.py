"""Imports every model so `Base.metadata` is complete (Alembic, tests)."""

from app.audit.models import AuditEvent
from app.db import Base
from app.directory.models import Body, BodyMembership, Council, User
from app.security.models import AuthSession

__all__ = ["AuditEvent", "AuthSession", "Base", "Body", "BodyMembership", "Council", "User"]
