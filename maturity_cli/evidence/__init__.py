"""Evidence from a repository's files: a safe walk, detections, proposals and claims."""
