"""Models of the municipality app."""
