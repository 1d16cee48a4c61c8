"""PDF kit: printable and fillable PDFs rendered with WeasyPrint from the edition data, post-processed with pikepdf."""
