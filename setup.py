from setuptools import find_namespace_packages
from setuptools import setup


long_description = open("README.rst", encoding="utf-8").read()

setup(
    name="ikz.landespreis",
    version="1.0.0.dev0",
    description=(
        "Landespreis für innovative interkommunale Zusammenarbeit: "
        "competition portal for Plone 6.2"
    ),
    long_description=long_description,
    long_description_content_type="text/x-rst",
    keywords="Plone competition prize jury award municipalities",
    author="ikz.landespreis developers",
    classifiers=[
        "Development Status :: 4 - Beta",
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.11",
    ],
    license="GPL-2.0-only",
    package_dir={"": "src"},
    packages=find_namespace_packages("src", include=["ikz.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "setuptools",
        "Products.CMFPlone",
        "plone.api",
        "plone.app.dexterity",
        "plone.restapi",
        "plone.distribution",
        "plone.classicui",
        # anonymous public pages from a cache (RAM cache; Varnish with purge)
        "plone.app.caching",
        "plone.cachepurging",
        "collective.easyform",
        "collective.honeypot",
        "collective.z3cform.datagridfield",
        "pytz",
        "openpyxl",
        "weasyprint",
        # the jury dossier includes the uploaded PDFs
        "pypdf",
        "ZEO",
        # RelStorage on PostgreSQL (make start-relstorage); the binary
        # driver needs no compiler and no libpq headers
        "RelStorage",
        "psycopg2-binary",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.testing",
            "plone.app.contenttypes[test]",
            "zope.testrunner",
            "requests",
            "aiosmtpd",
            "docutils",
            "i18ndude",
            "playwright",
            "axe-playwright-python",
        ],
        # make lint / make format (the cookieplone add-on template's tools)
        "lint": [
            "ruff",
            "zpretty",
            "mypy",
            "pyroma",
            "towncrier",
        ],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
