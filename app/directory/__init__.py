"""Councils, their bodies (standing committee, committees, delegate groups) and people."""
