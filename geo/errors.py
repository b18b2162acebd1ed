"""Narrow errors that pages catch and show translated; each carries a message key and its values."""

from __future__ import annotations


class DvkError(ValueError):
    """Base of the errors a user can act on. `key` names the catalog message, `values` fill it."""

    key = "error.generic"

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.values = values


class LayerMissingError(DvkError):
    key = "error.layer_missing"


class ImportFileError(DvkError):
    """The file as a whole cannot be read: encoding, format, no header we know."""

    key = "error.import_file"


class EncodingChoiceError(ImportFileError):
    """The file is not UTF-8: the user chooses its encoding (never decoded as a guess)."""

    key = "error.encoding_choice"


class FileTooLargeError(ImportFileError):
    """More than the import reads (columns, unpacked parts): refused before parsing it."""

    key = "error.file_too_large"


class EmptyImportError(ImportFileError):
    key = "error.import_empty"


class ImportRejectedError(DvkError):
    key = "error.import_rejected"


class DuplicateImportError(DvkError):
    key = "error.duplicate_import"


class UndoError(DvkError):
    key = "error.undo"


class ExportError(DvkError):
    key = "error.export"


class PermissionDeniedError(DvkError):
    """The acting user lacks the role a write needs (checked in geo/, not only hidden in pages)."""

    key = "error.permission"


class SignInError(DvkError):
    """Unknown user, wrong password or disabled account: one message for all three."""

    key = "error.sign_in"


class ThrottledError(DvkError):
    key = "error.throttled"


class UserError(DvkError):
    key = "error.user"
