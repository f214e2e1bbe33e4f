"""Ketenwerk's project package: settings, URLs, Celery, geography and shared building blocks."""

from network.celery import app as celery_app

__all__ = ("celery_app",)
