"""Who is asking. A leaf module: the services, the audit log and the routes name the caller
with this type without importing the access policy that decides what the caller may do."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.directory.models import Clearance, Role


@dataclass(frozen=True)
class Actor:
    """Who is asking: taken from the authenticated session, never from the request body."""

    user_id: int
    username: str
    full_name: str
    role: Role
    clearance: Clearance
    council_id: int | None
    body_ids: frozenset[int] = field(default_factory=frozenset)
    session_id: int | None = None
    # Device sessions opened by an access link read, and act on the floor for their owner
    # (check in, vote, ask to speak); they never manage. A link bound to a meeting shows that
    # meeting only. A leaked link can never give more than its owner has.
    via_link: bool = False
    meeting_scope: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin
