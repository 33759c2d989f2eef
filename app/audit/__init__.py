"""Append-only, hash-chained audit log of logins, changes and document access."""
