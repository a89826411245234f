"""What an operator sees: JSON log lines with request ids, and Prometheus metrics (per worker,
merged across workers through PROMETHEUS_MULTIPROC_DIR)."""
