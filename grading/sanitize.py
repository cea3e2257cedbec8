"""Sanitizing and checking a submission before grading, where nbgrader's own steps misbehave.

- ``DeduplicateIds``: nbgrader's keeps the *last* cell of a repeated grade id and leaves the others
  with empty nbgrader metadata, on which its ``OverwriteCells`` then fails (``KeyError: 'grade_id'``),
  so a student who copied a cell was "not graded" at all. This version keeps the *first* cell of each
  grade id (the one at the release's position) and turns later copies into ordinary cells.
- ``CheckCellMetadata``: nbgrader's checks, unchanged, except that its JSON schema is compiled once
  per process; nbgrader checks the schema itself and compiles it again for every cell, which was a
  sixth of the time a short notebook took to grade.
"""
import functools
import json
import traceback

import jsonschema
from nbgrader import utils
from nbgrader.nbgraderformat import ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata
from nbgrader.preprocessors import NbGraderPreprocessor


class DeduplicateIds(NbGraderPreprocessor):
    """Keep the first cell of each grade id; later copies lose their nbgrader metadata."""

    def preprocess(self, nb, resources):
        seen = set()
        for cell in nb.cells:
            if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
                continue
            grade_id = cell.metadata.nbgrader.get("grade_id")
            if grade_id is None or grade_id in seen:
                self.log.warning("Cell with id '%s' exists multiple times: the first one is graded", grade_id)
                del cell.metadata["nbgrader"]
            else:
                seen.add(grade_id)
        return nb, resources


@functools.lru_cache(maxsize=4)
def _compiled_schema(schema_text):
    schema = json.loads(schema_text)
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


class _CompiledSchemaChecks(BaseMetadataValidator):
    """The base of nbgrader's metadata validator, with the schema compiled once."""

    def validate_cell(self, cell):
        if "nbgrader" not in cell.metadata:
            return
        version = cell.metadata["nbgrader"].get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        if version > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {version} (expected {self.schema_version})",
                                    version, self.schema_version)
        error = jsonschema.exceptions.best_match(
            _compiled_schema(json.dumps(self.schema, sort_keys=True)).iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class _MetadataValidator(MetadataValidatorV3, _CompiledSchemaChecks):
    """nbgrader's validator (schema version 3): its own checks, then ``_CompiledSchemaChecks``'s, since
    Python's method order puts that class between nbgrader's validator and its base."""


class CheckCellMetadata(NbgraderCheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` with the schema compiled once (see the module's doc)."""

    def preprocess(self, nb, resources):
        try:
            _MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)
        return nb, resources
