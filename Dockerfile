# syntax=docker/dockerfile:1
# Ketenwerk's production image: gunicorn serving the Django app as a non-root user, with the
# static files collected and compressed at build time. docker-compose.yml runs the same image
# as web, worker, beat and the one-shot migrate service.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: dependencies, translations, static files ----------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

# gettext compiles the nl/fr/en catalogues; it is not needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
WORKDIR /app

# The dependencies in their own layer, so a code change does not reinstall them. Only the
# project metadata is here yet, so `pip install .` installs the dependencies; the code itself
# runs from /app, beside the templates, static files and catalogues it reads.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Settings refuse to start without a secret when DEBUG is off, and collectstatic needs the
# production storage (hashed, compressed files for whitenoise). The key is random, used for
# this command only and kept nowhere in the image.
RUN if find locale -name '*.po' 2>/dev/null | grep -q .; then \
        python manage.py compilemessages --ignore '.venv/*'; \
    fi \
    && DJANGO_DEBUG=false \
       DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       DJANGO_ALLOWED_HOSTS=build.invalid \
       python manage.py collectstatic --no-input

# --- runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=network.settings \
    DJANGO_DEBUG=false \
    DJANGO_MEDIA_ROOT=/app/media

RUN groupadd --system --gid 10001 ketenwerk \
    && useradd --system --uid 10001 --gid ketenwerk --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin ketenwerk

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app /app

# The code stays root-owned and read-only to the app; only uploads are writable (a volume in
# docker-compose.yml takes this directory's ownership when it is first created).
RUN mkdir -p /app/media && chown ketenwerk:ketenwerk /app/media

USER ketenwerk
EXPOSE 8000

CMD ["gunicorn", "--config", "gunicorn.conf.py", "network.wsgi"]
