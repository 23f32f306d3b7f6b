"""Customer intake add-in."""
