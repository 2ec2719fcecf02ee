"""The testing pages (thin: selectors to read, services to write), one module per subject."""
