"""How sure geo is of a movement claim, the same way for every language's grammar."""

from __future__ import annotations

from collections.abc import Sequence

from geo.model import Endpoint

#: How much each status says the movement happened.
STATUS_WEIGHT = {"confirmed": 1.0, "reported": 0.75, "alleged": 0.55, "denied": 0.4}


def claim_confidence(
    strength: float, ends: Sequence[Endpoint], resolved: int, status: str
) -> float:
    """The claim's confidence: how surely its word denotes a movement (``strength``), the share
    of its ends placed (``resolved`` of ``ends``), its status, and whether any end is stated
    rather than inferred."""
    explicit = any(not end.inferred for end in ends)
    return (
        0.35 * strength
        + 0.25 * (resolved / len(ends) if ends else 0.0)
        + 0.2 * STATUS_WEIGHT.get(status, 0.6)
        + (0.2 if explicit else 0.05)
    )
