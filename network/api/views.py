"""API of the geography: regions and municipalities."""


def register(router):
    """Add the network's viewsets to the shared router."""
