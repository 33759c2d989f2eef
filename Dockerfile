# syntax=docker/dockerfile:1
# The image holds exactly what the tests' production run installs: the wheel built by
# scripts/build-wheel.sh, installed by scripts/install-wheel.sh from the runtime lock.

# 1. pdf.js, from the npm lock
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY web/package.json web/package-lock.json web/
COPY scripts/build-web.sh scripts/
RUN bash scripts/build-web.sh

# 2. the wheel, and a virtualenv with the runtime lock and the wheel alone
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY requirements requirements
RUN python -m venv /opt/build \
    && /opt/build/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements/build.txt
COPY pyproject.toml README.md MANIFEST.in alembic.ini ./
COPY scripts scripts
COPY web/package.json web/package-lock.json web/
COPY app app
COPY --from=web /src/app/web/static/pdfjs app/web/static/pdfjs
RUN PYTHON=/opt/build/bin/python bash scripts/build-wheel.sh /dist \
    && PYTHON=python3 bash scripts/install-wheel.sh /opt/kyhop /dist/kyhop-*.whl

# 3. the runtime: Debian's fonts, LibreOffice and OCR, the virtualenv, no compiler, not root
FROM python:3.11-slim-bookworm
COPY scripts/system-deps.sh /tmp/system-deps.sh
RUN bash /tmp/system-deps.sh runtime && rm -rf /var/lib/apt/lists/* /tmp/system-deps.sh \
    && useradd --system --create-home --home-dir /srv/kyhop kyhop \
    && mkdir -p /srv/kyhop/data && chown kyhop /srv/kyhop/data
COPY --from=build /opt/kyhop /opt/kyhop
ENV PATH=/opt/kyhop/bin:$PATH \
    KYHOP_DATA_DIR=/srv/kyhop/data \
    PYTHONUNBUFFERED=1
WORKDIR /srv/kyhop
USER kyhop
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["kyhop", "serve", "--host", "0.0.0.0", "--port", "8000"]
