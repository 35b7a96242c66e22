"""Unified social credit codes (统一社会信用代码, GB 32100-2015), checked character by
character so that a mistyped code never joins a firm to the wrong records.

The 18 characters are: the registering authority (1), the entity category (1), the
administrative division of registration (6 digits), the organisation code (9, GB 11714,
with its own check digit) and a check character over the first 17. Letters I, O, Z, S
and V are never used, so that they are not confused with digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonemetrics.errors import ZonemetricsError

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

#: the code's 31 characters in the order of their values (GB 32100-2015)
CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: weight of position i (from 0) in the check character: 3^i mod 31
CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
#: weights of the organisation code's eight body characters (GB 11714-1997)
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
LENGTH = 18


class InvalidCreditCode(ZonemetricsError):
    """A unified social credit code that fails the standard; the message says where."""


@dataclass(frozen=True)
class CreditCode:
    code: str

    @property
    def registering_authority(self) -> str:
        return self.code[0]

    @property
    def entity_category(self) -> str:
        return self.code[1]

    @property
    def division(self) -> str:
        """The 6-digit administrative division code of the place of registration."""
        return self.code[2:8]

    @property
    def organisation_code(self) -> str:
        return self.code[8:17]


def check_character(first_17: str) -> str:
    """The 18th character: the value that makes the weighted sum a multiple of 31."""
    total = sum(CODE_CHARACTERS.index(c) * w for c, w in zip(first_17, CODE_WEIGHTS, strict=True))
    return CODE_CHARACTERS[(31 - total % 31) % 31]


def organisation_check(body: str) -> str:
    """The organisation code's 9th character (GB 11714): digits count as themselves,
    letters A-Z as 10-35; 11 minus the weighted sum mod 11, with 10 written X and 11 as 0."""
    total = sum(_organisation_value(c) * w for c, w in zip(body, ORGANISATION_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def _organisation_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def normalise(text: str) -> str:
    """Upper case, without the spaces and hyphens people type into codes."""
    return "".join(c for c in text.strip().upper() if c not in " -")


def parse_credit_code(text: str) -> CreditCode:
    """The code if it passes every check of the standard; InvalidCreditCode naming the
    position and the reason otherwise."""
    code = normalise(text)
    if len(code) != LENGTH:
        raise InvalidCreditCode(
            f"'{text}' has {len(code)} characters; a unified social credit code has {LENGTH}"
        )
    for position, char in enumerate(code, start=1):
        if char not in CODE_CHARACTERS:
            raise InvalidCreditCode(
                f"'{text}': character {position} '{char}' is not allowed (digits and capital "
                "letters other than I, O, Z, S, V)"
            )
    if not code[2:8].isdigit():
        raise InvalidCreditCode(
            f"'{text}': characters 3-8 ('{code[2:8]}') must be the 6-digit division code"
        )
    expected_org = organisation_check(code[8:16])
    if code[16] != expected_org:
        raise InvalidCreditCode(
            f"'{text}': the organisation code {code[8:17]} fails its check digit "
            f"(character 17 should be '{expected_org}' for {code[8:16]})"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidCreditCode(
            f"'{text}': the check character (18th) is '{code[17]}' but the first 17 "
            f"characters give '{expected}'"
        )
    return CreditCode(code)


def is_valid_credit_code(text: str) -> bool:
    try:
        parse_credit_code(text)
    except InvalidCreditCode:
        return False
    return True


def invalid_codes(codes: Sequence[str | None] | pa.Array | pa.ChunkedArray) -> np.ndarray:
    """True where a code fails the standard, for a whole column at once.

    The same checks as `parse_credit_code`, done with Arrow string kernels and an
    (n x 18) byte matrix with lookup tables, so a million codes are checked in a fraction
    of a second; the messages for the few bad ones then come from `parse_credit_code`.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    text = codes if isinstance(codes, pa.Array) else pa.array(codes, type=pa.string())
    text = text.cast(pa.string()).fill_null("")
    for separator in (" ", "-"):
        text = pc.replace_substring(text, separator, "")
    text = pc.utf8_upper(pc.utf8_trim_whitespace(text))
    bad = np.asarray(pc.not_equal(pc.utf8_length(text), LENGTH).to_numpy(zero_copy_only=False))
    ascii_only = np.asarray(pc.string_is_ascii(text).to_numpy(zero_copy_only=False))
    bad |= ~ascii_only
    fixed = pc.if_else(ascii_only, text, pa.scalar("?" * LENGTH))
    fixed = pc.utf8_rpad(pc.utf8_slice_codeunits(fixed, 0, LENGTH), LENGTH, "?")
    fixed = pa.concat_arrays([fixed]) if isinstance(fixed, pa.Array) else fixed.combine_chunks()
    offsets = np.frombuffer(fixed.buffers()[1], dtype=np.int32)[fixed.offset :]
    data = np.frombuffer(fixed.buffers()[2], dtype=np.uint8)
    matrix = data[offsets[0] : offsets[0] + LENGTH * len(fixed)].reshape(-1, LENGTH)
    code_value = np.full(256, -1, dtype=np.int16)
    for value, char in enumerate(CODE_CHARACTERS):
        code_value[ord(char)] = value
    org_value = np.zeros(256, dtype=np.int16)
    for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        org_value[ord(char)] = _organisation_value(char)
    values = code_value[matrix]
    bad |= (values < 0).any(axis=1)
    bad |= ~((matrix[:, 2:8] >= ord("0")) & (matrix[:, 2:8] <= ord("9"))).all(axis=1)
    org_sum = org_value[matrix[:, 8:16]].astype(np.float32) @ np.array(
        ORGANISATION_WEIGHTS, dtype=np.float32
    )
    org_sum = org_sum.astype(np.int32)
    org_digit = 11 - org_sum % 11
    expected_org = np.where(
        org_digit == 10, ord("X"), np.where(org_digit == 11, ord("0"), ord("0") + org_digit)
    )
    bad |= matrix[:, 16] != expected_org
    # float32 dot products are exact here (sums stay below 2^24) and run as BLAS
    check_sum = np.maximum(values[:, :17], 0).astype(np.float32) @ np.array(
        CODE_WEIGHTS, dtype=np.float32
    )
    check_sum = check_sum.astype(np.int32)
    alphabet = np.frombuffer(CODE_CHARACTERS.encode(), dtype=np.uint8)
    bad |= matrix[:, 17] != alphabet[(31 - check_sum % 31) % 31]
    return bad
