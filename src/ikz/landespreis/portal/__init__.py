"""The public portal: start page, role landing, legal pages, winners,
consultation hours and the site's own face."""
