"""The mentorship pages, one module per family: the dashboard, the pair's page and its
forms, the closing evaluation, notifications, calendars.

Thin adapters: each POST parses one form, calls one service and redirects back
to the page with a message (post/redirect/get). A broken rule about a field is
shown next to it, on the page rendered again with the form as it was sent.
Every read and write goes through `services.mentorship_of`, so a person who is
not one of the pair gets a 404 from every page and every form.
"""
