"""Statistical geography (LSOAs and the like): the areas Zones are built from and compared by."""
