"""First-run set-up: the bootstrap admin named by KYHOP_ADMIN_USER / KYHOP_ADMIN_PASSWORD."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.audit.service import RequestMeta
from app.config import Settings
from app.db import transaction
from app.directory import service as directory
from app.directory.errors import UsernameTaken
from app.directory.models import Clearance, Role, User
from app.directory.schemas import UserCreate


def ensure_admin(factory: sessionmaker[Session], settings: Settings) -> User | None:
    """Create the bootstrap admin when it is configured and the directory is still empty."""
    if not (settings.admin_user and settings.admin_password):
        return None
    try:
        with transaction(factory) as db:
            if db.scalar(select(func.count(User.id))):
                return None
            (admin,) = directory.create_users(
                db,
                actor=None,
                rows=[admin_account(settings.admin_user, settings.admin_password)],
                meta=RequestMeta(ip="local", user_agent="bootstrap"),
                source="bootstrap",
            )
            return admin
    except (IntegrityError, UsernameTaken):
        # Replicas and their workers start together: another one created it a moment ago,
        # seen either by our own check (it committed after our count) or by the unique index.
        return None


def admin_account(username: str, password: str) -> UserCreate:
    return UserCreate(
        username=username,
        password=password,
        full_name="Quản trị hệ thống",
        role=Role.admin,
        clearance=Clearance.restricted,
        council_id=None,
    )
