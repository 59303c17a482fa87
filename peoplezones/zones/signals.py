"""Signals other apps listen to, so Zones need not know who depends on them."""

from django.dispatch import Signal

# Sent with `zone` after its boundary is stored (assets re-find which Zones they sit in).
boundary_changed = Signal()
# Sent with `objective` once it is published (research tells residents who asked to hear).
objective_published = Signal()
# Sent with `zone` when it becomes active with a launch date (evaluation locks its measures).
zone_launched = Signal()
