"""`make loadtest`: 60 s of locust against gunicorn on PostgreSQL, and the writes counted.

Nothing here is imported by the running platform; see loadtest/run.py.
"""
