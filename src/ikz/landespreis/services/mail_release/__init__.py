"""``@mail-release`` on a competition: the outcome mails waiting per kind
(GET), the recipients and a sample of one kind (GET ``?kind=``), their
release with a confirmation (POST). The rules are those of
``@@mail-release``: :mod:`ikz.landespreis.office.release`."""
