"""Meetings of a council: sessions and committee/group meetings, their agenda and invitees."""
