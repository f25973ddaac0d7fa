"""Forms of the pages: they read and check what people type, then hand it to a service."""
