"""Live screens: what changed is published after commit and fanned out to every worker's
subscribers (Server-Sent Events), through Redis when several workers run."""

from app.live.hub import LiveHub

__all__ = ["LiveHub"]
