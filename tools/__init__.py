"""Instructor and CI tooling: authoring, building releases, grading. Not shipped to students' imports."""
