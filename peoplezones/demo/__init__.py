"""Fictional demonstration data for Leicester, Leicestershire and Rutland, built from a fixed seed."""
