"""Progress over time: committed versions from git, a results store, per-team timelines."""
