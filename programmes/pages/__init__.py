"""The programme pages, one module per family: the list, a new programme and joining
(entry), a programme's page (detail), the coordinator's forms on it, the report.

Thin adapters. Each POST parses one form, calls one service and redirects back
(post/redirect/get); a broken rule about a field comes back next to it, on the
page rendered again with the form as sent. Access is the services':
`programme_visible` answers 404 to anyone outside the programme,
`programme_coordinated` 403 to its members.
"""
