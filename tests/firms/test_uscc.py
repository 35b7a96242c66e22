"""Unified social credit codes: valid codes pass, every single-character corruption fails
with a message that says where."""

from __future__ import annotations

import random

import pytest

from zonemetrics.firms.uscc import (
    CODE_CHARACTERS,
    InvalidCreditCode,
    check_character,
    is_valid_credit_code,
    organisation_check,
    parse_credit_code,
)

# A published code: the worked example of python-stdnum's stdnum.cn.uscc documentation
# (a Beijing-registered enterprise, organisation code 60003734-1).
PUBLISHED = "91110000600037341L"

# Characters a corruption may put in a position: every code character, the five letters
# the standard leaves out, and typing slips.
CORRUPTIONS = CODE_CHARACTERS + "IOZSV" + "*#_."


def _constructed(rng: random.Random) -> str:
    """A valid code built by the standard's two check rules (independently of the code
    under test: the organisation digit by GB 11714's arithmetic written out here, the
    18th character by python-stdnum)."""
    from stdnum.cn.uscc import calc_check_digit

    authority = rng.choice("159Y")
    category = rng.choice("123")
    division = rng.choice(["430104", "430181", "110105", "320506"])
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    rest = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org_digit = {10: "X", 11: "0"}.get(rest, str(rest))
    first_17 = authority + category + division + body + org_digit
    return first_17 + calc_check_digit(first_17)


VALID = [PUBLISHED] + [_constructed(random.Random(seed)) for seed in range(8)]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass_and_split_into_their_parts(code):
    parsed = parse_credit_code(code)
    assert parsed.code == code
    assert parsed.division == code[2:8]
    assert parsed.organisation_code == code[8:17]
    assert organisation_check(code[8:16]) == code[16]
    assert check_character(code[:17]) == code[17]


def test_spaces_hyphens_and_lower_case_are_how_people_type_codes():
    spaced = f"{PUBLISHED[:8]} {PUBLISHED[8:16]}-{PUBLISHED[16:]}".lower()
    assert parse_credit_code(spaced).code == PUBLISHED


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_corruption_is_rejected(code):
    for position in range(len(code)):
        for char in CORRUPTIONS:
            if char == code[position]:
                continue
            corrupted = code[:position] + char + code[position + 1 :]
            with pytest.raises(InvalidCreditCode) as error:
                parse_credit_code(corrupted)
            message = str(error.value)
            assert corrupted in message
            assert any(
                word in message
                for word in ("character", "organisation code", "check character", "division")
            ), message


def test_wrong_lengths_say_how_long_a_code_is():
    with pytest.raises(InvalidCreditCode, match=r"17 characters; .* has 18"):
        parse_credit_code(PUBLISHED[:-1])
    assert not is_valid_credit_code(PUBLISHED + "0")


def test_a_letter_the_standard_leaves_out_is_named():
    with pytest.raises(InvalidCreditCode, match="character 18 'O' is not allowed"):
        parse_credit_code(PUBLISHED[:-1] + "O")


def test_the_column_check_agrees_with_the_code_by_code_check():
    from zonemetrics.firms.uscc import invalid_codes

    codes = [PUBLISHED, None, "", " 9111 0000-600037341l ", "长" + PUBLISHED[1:]]
    codes += [PUBLISHED[:i] + c + PUBLISHED[i + 1 :] for i in range(18) for c in "0AIX"]
    expected = [not is_valid_credit_code(code or "") for code in codes]
    assert invalid_codes(codes).tolist() == expected
