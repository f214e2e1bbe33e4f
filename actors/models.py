"""Models of the actors app."""
