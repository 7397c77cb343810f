"""The sweep of every LAO website: a Scrapy project run from code (see ``crawler.sweep``).

The spider finds pages and documents; the pipeline hands each one to ``documents`` (bytes to text,
in isolated workers), ``detectors`` (text to findings) and ``store`` (in batches). Nothing here
parses a document or keeps a body: only hashes and HTTP validators outlive a response.
"""
