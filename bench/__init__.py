"""`make bench`: each benchmark prints its figure beside a baseline measured in the same run."""
