"""The pure core: events, a recommendation as a fold of its events, workflows, dates.

Nothing here touches files, git, the clock or the terminal.
"""
