FROM python:3.11-slim
WORKDIR /srv/kyhop
COPY pyproject.toml README.md alembic.ini ./
COPY app app
COPY migrations migrations
COPY web web
# DejaVu for Vietnamese in generated PDFs, LibreOffice for office uploads, OCRmyPDF with
# Tesseract's Vietnamese model for scans (the worker)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
      libreoffice-writer-nogui libreoffice-calc-nogui ocrmypdf tesseract-ocr-vie \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir . && useradd --system kyhop && mkdir -p data && chown kyhop data
USER kyhop
EXPOSE 8000
CMD ["kyhop", "serve", "--host", "0.0.0.0", "--port", "8000"]
