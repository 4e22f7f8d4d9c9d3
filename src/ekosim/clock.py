"""Simulation time: one unit of Mesa's clock is one day, and a simulated year has 365 days
(no leap days; ``Scenario.start_date`` only sets the first day's weekday)."""

DAYS_PER_YEAR = 365
