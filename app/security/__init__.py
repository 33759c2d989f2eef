"""Authentication, sessions, CSRF, rate limits, and the one access policy (`policy.py`)."""
