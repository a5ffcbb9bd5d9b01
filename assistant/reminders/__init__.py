"""Daily hydration and sleep reminders: schedules, their SQLite store, and the dispatcher."""
