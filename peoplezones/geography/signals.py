"""What geography tells other apps, so it need not know who depends on it."""

from django.dispatch import Signal

# Sent with `zone` whenever a Zone's LSOAs have been worked out again (its boundary changed, or
# new LSOA boundaries were loaded): figures placed by LSOA alone (outcomes) follow them.
zone_areas_linked = Signal()
# Sent once new or changed statistical area boundaries are stored (Zones work out their areas again).
areas_imported = Signal()
