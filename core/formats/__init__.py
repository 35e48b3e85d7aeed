"""One way to write dates and times per language (settings.FORMAT_MODULE_PATH).

Templates name these formats (`|date:"DATE_FORMAT"`, `|date:"MONTH_DAY_FORMAT"`)
instead of spelling one out, so every page writes a date the same way:
ru «5 декабря 2026, 09:00», en «5 December 2026, 09:00». A 24-hour clock in both.
What is not set here comes from Django's own module for the language.
"""
