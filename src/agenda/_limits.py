"""The planner's hard limits by name, and the rules of `agenda check` that each one is.

A module of its own so that the command line lists them (``agenda plan --relax``) without
importing the planner.
"""

__all__ = ["LIMITS"]

#: Each limit the planner applies, and the rules of `agenda check` that it is.
LIMITS: dict[str, tuple[str, ...]] = {
    "audience-hours": ("AG401",),
    "speaker-hours": ("AG402",),
    "availability": ("AG303",),
    "holidays": ("AG701",),
    "weekends": ("AG702",),
    "dst": ("AG502", "AG503", "AG504"),
}
