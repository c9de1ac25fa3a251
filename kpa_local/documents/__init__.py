"""Documents (quotes, invoices, statements, cards) rendered as PDF."""
