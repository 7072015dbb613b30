"""The errors the knowledge base raises, each with a French message built from its context.

A user who mistypes an article, a date or a Turtle file should read what went wrong and how to
fix it, never a traceback: the CLI turns these into one-line messages, the page shows them as is.

Examples:
    >>> print(UnknownNotation("CP 226-15", ["CP 226-13", "CP 226-14"]))
    CP 226-15 : article inconnu. Vouliez-vous dire : CP 226-13, CP 226-14 ?
    >>> print(TurtleSyntaxError("data/x.ttl", 12, "expected '.'"))
    data/x.ttl:12: syntaxe Turtle invalide : expected '.'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path


class SecretGraphError(Exception):
    """Base of the errors a user can cause and fix (bad data, bad notation, bad date)."""


class TurtleSyntaxError(SecretGraphError):
    """A data file is not valid Turtle; says which file and which line (1-based)."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: syntaxe Turtle invalide : {self.message}"


class RefusedFileError(SecretGraphError):
    """An extra file is refused before it is even parsed (too large, not UTF-8); says why."""

    def __init__(self, file: str | Path, reason: str) -> None:
        self.file = str(file)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file} : {self.reason}"


@dataclass(frozen=True)
class ShaclViolation:
    """One problem found in the merged graph: by a SHACL shape or by a timeline check.

    ``focus`` is the short id of the node (``sgr:article/CP_226-14``), ``path`` the property
    concerned (a CURIE, or ``None`` for a rule on the whole node), ``rule`` the shape or check
    that failed with its constraint (``DecisionShape sh:minCount``), ``file`` the data file that
    describes the node when it is known, and ``severity`` ``"error"`` or ``"warning"``.
    """

    focus: str
    path: str | None
    rule: str
    message: str
    file: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """The CLI line: ``FILE: NODE: RULE: message``."""
        rule = f"{self.rule} ({self.path})" if self.path else self.rule
        prefix = "" if self.severity == "error" else "avertissement : "
        return f"{self.file or '?'}: {self.focus}: {rule}: {prefix}{self.message}"


class ValidationError(SecretGraphError):
    """The knowledge base breaks its shapes or its timelines; carries every violation."""

    def __init__(self, violations: Sequence[ShaclViolation]) -> None:
        self.violations = tuple(violations)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.violations)
        head = f"La base de connaissances n'est pas valide ({count} problème{'s' * (count > 1)})"
        return "\n".join([head + " :", *(str(v) for v in self.violations)])


class UnknownNotation(SecretGraphError, LookupError):  # noqa: N818 - the name the callers use
    """No article is cited as ``notation``; suggests the closest notations."""

    def __init__(self, notation: str, close_matches: Sequence[str] = ()) -> None:
        self.notation = notation
        self.close_matches = tuple(close_matches)
        super().__init__(str(self))

    def __str__(self) -> str:
        message = f"{self.notation} : article inconnu."
        if self.close_matches:
            message += f" Vouliez-vous dire : {', '.join(self.close_matches)} ?"
        else:
            message += " Citez-le comme un juriste : « CP 226-13 », « C. civ. 375 »."
        return message


class ImpossibleDate(SecretGraphError, ValueError):  # noqa: N818 - the name the callers use
    """A date the tool cannot answer for (before the Code pénal of 1994, or in the future)."""

    def __init__(self, value: date | str, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, date) else self.value
        return f"Date impossible ({shown}) : {self.reason}"


class UnknownTerm(SecretGraphError, LookupError):  # noqa: N818 - the name the callers use
    """A situation names an id outside its concept scheme; lists the valid ids (close first)."""

    def __init__(
        self, field: str, value: str, valid: Sequence[str], close_matches: Sequence[str] = ()
    ) -> None:
        self.field = field
        self.value = value
        self.valid = tuple(valid)
        self.close_matches = tuple(close_matches)
        super().__init__(str(self))

    def __str__(self) -> str:
        message = f"{self.field} : « {self.value} » est inconnu."
        if self.close_matches:
            message += f" Vouliez-vous dire : {', '.join(self.close_matches)} ?"
        return message + f" Valeurs possibles : {', '.join(self.valid) or '(aucune)'}."
