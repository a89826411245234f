"""Slack channel: HTTP mode at `POST /slack/events`, or Socket Mode, over the one pipeline.

`assistant.slack.http.mount_slack(app, settings)` adds the route when Slack is configured;
`assistant.slack.factory.build_slack_app(settings, collab)` builds the bolt App.
"""
