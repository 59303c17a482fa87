"""People Zones: a platform for community-safety programmes built on Asset-Based Community Development."""
