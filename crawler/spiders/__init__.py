"""The one spider x4watch runs: ``crawler.spiders.lao.LaoSpider``."""
