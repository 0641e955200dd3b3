"""The running bot: chat adapters (Slack, Teams, console), scheduler, delivery and wiring."""
