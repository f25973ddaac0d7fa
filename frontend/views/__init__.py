"""Server-rendered pages, one module per area of work."""
