"""mkdocs hook: thin glue between mkdocs-material and changjing's page generator.

All the work lives in :mod:`changjing.site` so the site does not depend on
mkdocs hooks (the generator also runs on its own: ``changjing build --standalone``).
"""
from mkdocs.plugins import event_priority

from changjing.site import mkdocs_glue


@event_priority(100)  # before the privacy plugin reads site_url (set here from lists/settings.yaml)
def on_config(config):
    return mkdocs_glue.on_config(config)


def on_pre_build(config):
    mkdocs_glue.on_pre_build(config)


def on_post_build(config):
    mkdocs_glue.on_post_build(config)


def on_files(files, config):
    return mkdocs_glue.on_files(files, config)


def on_page_content(html, page, config, files):
    return mkdocs_glue.on_page_content(html, page)


def on_page_markdown(markdown, page, config, files):
    return mkdocs_glue.on_page_markdown(markdown, page, config)

