"""Validation: Pydantic errors and loader problems become located issues, with message tables, cross-references and free-form lint."""
