"""The public information pages (what a People Zone is, how to set one up...), edited by staff."""
