"""Zones: the neighbourhoods, their stages, coordinators and public pages."""
