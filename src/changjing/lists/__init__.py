"""Staff decisions in lists/: models, working-day calendar, derived status, rewards, rules, commands."""
