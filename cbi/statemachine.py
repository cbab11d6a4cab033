"""What the projects' state machines share (pure Python, no Django import): the refusal of a
step that the transition table does not allow."""

from __future__ import annotations


class TransitionNotAllowed(Exception):
    def __init__(self, from_status: str, to_status: str, role: str | None = None, why: str = ""):
        text = f"{from_status} → {to_status} is not allowed"
        if role:
            text += f" for {role}"
        super().__init__(text + (f": {why}" if why else ""))
        self.from_status, self.to_status, self.role = from_status, to_status, role
