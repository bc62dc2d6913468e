"""The small seed dataset of the test kit's ``seeded`` fixture (a package so wheels ship it)."""
