"""written opinion forms: questions, recipients, named and sealed answers, comments

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opinion_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("decides", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("comments_shared", sa.Boolean(), nullable=False),
        sa.Column("deadline", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "sent",
                "reported",
                name="opinion_form_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("total_delegates", sa.Integer(), nullable=True),
        sa.Column("sent_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("report_document_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_opinion_forms_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_opinion_forms_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_opinion_forms_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_document_id"],
            ["documents.id"],
            name=op.f("fk_opinion_forms_report_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_forms")),
    )
    with op.batch_alter_table("opinion_forms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opinion_forms_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "opinion_answers",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column(
            "choice",
            sa.Enum(
                "approve",
                "against",
                "other",
                name="opinion_choice",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answered_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_opinion_answers_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_opinion_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "user_id", "question", name=op.f("pk_opinion_answers")),
    )
    op.create_table(
        "opinion_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("article", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_opinion_comments_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_opinion_comments_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_opinion_comments_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_comments")),
    )
    with op.batch_alter_table("opinion_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opinion_comments_form_id"), ["form_id"], unique=False)

    op.create_table(
        "opinion_documents",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_opinion_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_opinion_documents_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "document_id", name=op.f("pk_opinion_documents")),
    )
    op.create_table(
        "opinion_questions",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "choice",
                "text",
                name="opinion_question_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_opinion_questions_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "number", name=op.f("pk_opinion_questions")),
    )
    op.create_table(
        "opinion_recipients",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_opinion_recipients_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_opinion_recipients_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "user_id", name=op.f("pk_opinion_recipients")),
    )
    with op.batch_alter_table("opinion_recipients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opinion_recipients_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "sealed_opinions",
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["opinion_forms.id"],
            name=op.f("fk_sealed_opinions_form_id_opinion_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("form_id", "tag", name=op.f("pk_sealed_opinions")),
    )


def downgrade() -> None:
    op.drop_table("sealed_opinions")
    with op.batch_alter_table("opinion_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opinion_recipients_user_id"))

    op.drop_table("opinion_recipients")
    op.drop_table("opinion_questions")
    op.drop_table("opinion_documents")
    with op.batch_alter_table("opinion_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opinion_comments_form_id"))

    op.drop_table("opinion_comments")
    op.drop_table("opinion_answers")
    with op.batch_alter_table("opinion_forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opinion_forms_council_id"))

    op.drop_table("opinion_forms")
