"""Accounts: login throttling, password reset without telling who exists,
no listing of principals for anonymous visitors."""
