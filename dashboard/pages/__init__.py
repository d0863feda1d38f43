"""Pages: one module per URL (Dash pages); layouts plus thin callbacks."""
