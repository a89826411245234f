"""`python -m assistant.slack`: run the Slack bot in Socket Mode."""

from assistant.slack.socket_mode import main

main()
