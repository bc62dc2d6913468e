"""The published grids of each scheme, as data with their provenance (source, effective date,
last verified). Each module holds one scheme's table and the function that reads it."""
