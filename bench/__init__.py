"""The benchmark: the Flanders-scale dataset, and `manage.py bench` that measures every key
page and endpoint on it (`make bench`). Nothing here is imported by the running platform."""
